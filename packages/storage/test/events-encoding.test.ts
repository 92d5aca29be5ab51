/** Pure pieces of the event store: the row encoder (JSONCompactEachRow), the result parser, parameter adaptation. */
import { EVENT_COLUMNS, type EventRow, emptyEventRow } from '@sillage/core';
import { describe, expect, it } from 'vitest';
import { bindParams } from '../src/events/bind-params.js';
import { parseJsonEachRow } from '../src/events/parse-rows.js';
import { BIGINT_COLUMNS, type EncodedEvents, EventRowEncoder, encodeEventRows, encodeEventRowsSliced } from '../src/events/row-encoding.js';

/** What ClickHouse stores for a value left out: its type's default (64-bit integers as JSON strings). */
function engineDefault(type: string): unknown {
  if (type.startsWith('Nullable(')) return null;
  if (type.startsWith('Array(')) return [];
  if (type.startsWith('Map(')) return {};
  if (/^U?Int64$/.test(type)) return '0';
  if (/String\)?$/.test(type)) return '';
  return 0;
}

/** Encoded lines back to rows with every column, as the engine reads them: a value left out is its default. */
function decodeAll(encoded: EncodedEvents): Record<string, unknown>[] {
  const text = Buffer.from(encoded.data).toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.split('\n').slice(0, -1);
  expect(lines).toHaveLength(encoded.rows);
  return lines.map((line) => {
    const values = JSON.parse(line) as unknown[];
    expect(values.length).toBeLessThanOrEqual(encoded.columns.length);
    const row: Record<string, unknown> = Object.fromEntries(EVENT_COLUMNS.map(([name, type]) => [name, engineDefault(type)]));
    values.forEach((v, i) => {
      row[encoded.columns[i]!] = v;
    });
    return row;
  });
}

const decode = (encoded: EncodedEvents) => decodeAll(encoded)[0]!;

/** emptyEventRow() as the engine reads it back: 64-bit integers as strings. */
const emptyAsRead = () => ({ ...emptyEventRow(), seq: '0', visit_id: '0', visitor_id: '0', config_id: '0' });

describe('encodeEventRows: one value of each column type', () => {
  it.each([
    ['UInt64 near 2^64, as a decimal string', { seq: 18_446_744_073_709_551_615n }, { seq: '18446744073709551615' }],
    ['UInt64 past 2^53', { visitor_id: 9_007_199_254_740_993n }, { visitor_id: '9007199254740993' }],
    ['UInt32', { visit_total_time: 4_294_967_295 }, { visit_total_time: 4_294_967_295 }],
    ['Int32 negative', { goal_id: -1 }, { goal_id: -1 }],
    ['DateTime as epoch seconds', { ts: 1_735_689_600 }, { ts: 1_735_689_600 }],
    ['Nullable(Float64) null', { revenue: null }, { revenue: null }],
    ['Nullable(Float64) value', { revenue: 2.5 }, { revenue: 2.5 }],
    ['Float64 NaN becomes null', { revenue: Number.NaN }, { revenue: null }],
    ['String with escapes and unicode', { title: 'a"b\\c\n\u00e9 \ud83d\ude80' }, { title: 'a"b\\c\n\u00e9 \ud83d\ude80' }],
    ['Array(String)', { product_category: ['x', "y'"] }, { product_category: ['x', "y'"] }],
    ['Map(UInt16, String) with string keys', { dimensions: { 3: 'a', 65535: 'b' } }, { dimensions: { '3': 'a', '65535': 'b' } }],
  ] as const)('%s', (_label, values, expected) => {
    expect(decode(encodeEventRows([{ ...emptyEventRow(), ...values } as EventRow]))).toMatchObject(expected);
  });

  it('knows which columns are 64-bit', () => {
    expect(BIGINT_COLUMNS).toEqual(['seq', 'visit_id', 'visitor_id', 'config_id']);
  });
});

describe('encodeEventRows', () => {
  it('writes one JSON array per line, the columns the batch uses in table order', () => {
    const row = { ...emptyEventRow(), site_id: 7, seq: 2n ** 64n - 1n, dimensions: { 1: 'x' }, revenue: 9.5 };
    const encoded = encodeEventRows([row, emptyEventRow()]);
    expect(encoded.columns).toEqual(['site_id', 'seq', 'visit_count', 'ref_type', 'revenue', 'dimensions']);
    expect(Buffer.from(encoded.data).toString('utf8')).toBe('[7,"18446744073709551615",1,1,9.5,{"1":"x"}]\n[0,"0",1,1]\n');
    const [first, second] = decodeAll(encoded);
    expect(first).toMatchObject({ site_id: 7, seq: '18446744073709551615', dimensions: { 1: 'x' }, revenue: 9.5, tax: null });
    expect(second).toEqual(emptyAsRead());
  });

  it('leaves out only what the engine would store anyway: our own defaults (visit_count 1) are written', () => {
    const encoded = encodeEventRows([{ ...emptyEventRow(), site_id: 1 }]);
    expect(encoded.columns).toContain('visit_count');
    expect(decode(encoded)).toEqual({ ...emptyAsRead(), site_id: 1 });
    // A value that only looks empty is not left out.
    const zeroish = encodeEventRows([{ ...emptyEventRow(), title: '0', product_category: [''], dimensions: { 2: '' } }]);
    expect(zeroish.columns).toEqual(expect.arrayContaining(['title', 'product_category', 'dimensions']));
    expect(decode(zeroish)).toMatchObject({ title: '0', product_category: [''], dimensions: { 2: '' } });
  });

  it('keeps, column by column, every value the engine would not fill in by itself (0 in a Nullable one too)', () => {
    const sample = (type: string): [unknown, unknown][] => {
      if (type.startsWith('Nullable('))
        return [
          [0, 0],
          [type.includes('Float') ? 1.5 : 7, type.includes('Float') ? 1.5 : 7],
        ];
      if (type.startsWith('Array('))
        return [
          [
            ['a', ''],
            ['a', ''],
          ],
        ];
      if (type.startsWith('Map(')) return [[{ 1: 'm' }, { 1: 'm' }]];
      if (/String\)?$/.test(type))
        return [
          ['x', 'x'],
          [' ', ' '],
        ];
      if (/^U?Int64$/.test(type)) return [[5n, '5']];
      if (type.startsWith('DateTime')) return [[1_700_000_000, 1_700_000_000]];
      return [[type.startsWith('Int') ? -2 : 3, type.startsWith('Int') ? -2 : 3]];
    };
    for (const [name, type] of EVENT_COLUMNS) {
      for (const [value, readBack] of sample(type)) {
        const decoded = decode(encodeEventRows([{ ...emptyEventRow(), [name]: value } as EventRow]));
        expect({ [name]: decoded[name] }).toEqual({ [name]: readBack });
      }
    }
  });

  it('gives a column a row does not have its empty value, as the engine would', () => {
    const partial = { site_id: 1, seq: 5n, url: undefined } as unknown as Parameters<typeof encodeEventRows>[0][number];
    const decoded = decode(encodeEventRows([partial]));
    expect(decoded).toMatchObject({ site_id: 1, seq: '5', url: '', visit_id: '0', revenue: null, product_category: [], dimensions: {} });
    expect(decoded).toEqual({ ...emptyAsRead(), site_id: 1, seq: '5' });
  });

  it('appends a column first used by a later slice; earlier, shorter lines leave it at its default', () => {
    const encoder = new EventRowEncoder();
    encoder.add([{ ...emptyEventRow(), site_id: 1, url: 'https://a.example/' }]);
    encoder.add([{ ...emptyEventRow(), site_id: 1, revenue: 12.5, country: 'fr' }]);
    encoder.add([]);
    const encoded = encoder.finish();
    expect(encoded.rows).toBe(2);
    expect(encoded.columns.slice(-2)).toEqual(['revenue', 'country']);
    const [first, second] = decodeAll(encoded);
    expect(first).toEqual({ ...emptyAsRead(), site_id: 1, url: 'https://a.example/' });
    expect(second).toEqual({ ...emptyAsRead(), site_id: 1, revenue: 12.5, country: 'fr' });
  });

  it('encodes many rows, one line each', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ ...emptyEventRow(), seq: BigInt(i), url: `https://example.com/${i}` }));
    const all = decodeAll(encodeEventRows(rows));
    expect(all).toHaveLength(10_000);
    expect(all[9_999]).toMatchObject({ seq: '9999', url: 'https://example.com/9999' });
  });
});

describe('parseJsonEachRow', () => {
  it.each([
    ['empty result', '', []],
    ['one row', '{"a":"1"}\n', [{ a: '1' }]],
    ['several rows', '{"a":1}\n{"a":2}\n{"a":3}\n', [{ a: 1 }, { a: 2 }, { a: 3 }]],
    ['escaped newline inside a value', '{"s":"x\\ny"}\n', [{ s: 'x\ny' }]],
  ] as const)('%s', (_label, text, rows) => {
    expect(parseJsonEachRow(Buffer.from(text))).toEqual(rows);
  });
});

describe('bindParams', () => {
  it('turns integer strings in integer arrays into bigints', () => {
    const bound = bindParams('SELECT 1 WHERE x IN {ids:Array(UInt64)}', { ids: ['18446744073709551615', '2'] });
    expect(bound).toEqual({ ids: [18_446_744_073_709_551_615n, 2n] });
  });

  it.each([
    ['string arrays', 'WHERE x IN {v:Array(String)}', { v: ['1', '2'] }],
    ['scalar integers given as strings', 'WHERE x = {v:UInt64}', { v: '1' }],
    ['number arrays', 'WHERE x IN {v:Array(UInt32)}', { v: [1, 2] }],
    ['parameters the SQL does not mention', 'SELECT 1', { v: ['1'] }],
  ] as const)('leaves %s alone', (_label, sql, params) => {
    expect(bindParams(sql, params)).toBe(params);
  });
});

describe('encodeEventRowsSliced', () => {
  it('gives the same bytes as encodeEventRows, in slices', async () => {
    const rows = Array.from({ length: 1_234 }, (_, i) => ({ ...emptyEventRow(), seq: BigInt(i), title: `t${i}` }));
    const sliced = await encodeEventRowsSliced(rows, 100);
    const whole = encodeEventRows(rows);
    expect(sliced.columns).toEqual(whole.columns);
    expect(Buffer.from(sliced.data).equals(Buffer.from(whole.data))).toBe(true);
    expect(await encodeEventRowsSliced([], 100)).toMatchObject({ rows: 0, columns: [] });
  });
});
