/** Pure pieces of the event store: the row encoder (JSONCompactEachRow), the result parser, parameter adaptation. */
import { EVENT_COLUMNS, type EventRow, emptyEventRow } from '@sillage/core';
import { describe, expect, it } from 'vitest';
import { bindParams } from '../src/events/bind-params.js';
import { parseJsonEachRow } from '../src/events/parse-rows.js';
import { BIGINT_COLUMNS, encodeEventRows, encodeEventRowsSliced } from '../src/events/row-encoding.js';

/** A compact row back to named columns, for readable expectations. */
function decode(line: string): Record<string, unknown> {
  const values = JSON.parse(line) as unknown[];
  expect(values).toHaveLength(EVENT_COLUMNS.length);
  return Object.fromEntries(EVENT_COLUMNS.map(([name], i) => [name, values[i]]));
}

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
    const line = encodeEventRows([{ ...emptyEventRow(), ...values } as EventRow]).toString('utf8');
    expect(decode(line)).toMatchObject(expected);
  });

  it('knows which columns are 64-bit', () => {
    expect(BIGINT_COLUMNS).toEqual(['seq', 'visit_id', 'visitor_id', 'config_id']);
  });
});

describe('encodeEventRows', () => {
  it('writes one JSON array per line, every column in table order', () => {
    const row = { ...emptyEventRow(), site_id: 7, seq: 2n ** 64n - 1n, dimensions: { 1: 'x' }, revenue: 9.5 };
    const lines = encodeEventRows([row, emptyEventRow()]).toString('utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(decode(lines[0]!)).toMatchObject({ site_id: 7, seq: '18446744073709551615', dimensions: { 1: 'x' }, revenue: 9.5, tax: null });
    expect(decode(lines[1]!)).toEqual({ ...emptyEventRow(), seq: '0', visit_id: '0', visitor_id: '0', config_id: '0' });
  });

  it('gives a column a row does not have its empty value, as the engine would', () => {
    const partial = { site_id: 1, seq: 5n, url: undefined } as unknown as Parameters<typeof encodeEventRows>[0][number];
    const decoded = decode(encodeEventRows([partial]).toString('utf8'));
    expect(decoded).toMatchObject({ site_id: 1, seq: '5', url: '', visit_id: '0', revenue: null, product_category: [], dimensions: {} });
  });

  it('encodes many rows, one line each', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ ...emptyEventRow(), seq: BigInt(i), url: `https://example.com/${i}` }));
    const lines = encodeEventRows(rows).toString('utf8').split('\n');
    expect(lines).toHaveLength(10_001);
    expect(decode(lines[9_999]!)).toMatchObject({ seq: '9999', url: 'https://example.com/9999' });
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
    expect((await encodeEventRowsSliced(rows, 100)).equals(encodeEventRows(rows))).toBe(true);
    expect((await encodeEventRowsSliced([], 100)).length).toBe(0);
  });
});
