/** Pure pieces of the event store: the JSONEachRow encoder, the result parser, parameter adaptation. */
import { EVENT_COLUMNS, type EventRow, emptyEventRow } from '@sillage/core';
import { describe, expect, it } from 'vitest';
import { bindParams } from '../src/events/bind-params.js';
import { BIGINT_COLUMNS, encodeEventRows } from '../src/events/json-each-row.js';
import { parseJsonEachRow } from '../src/events/parse-rows.js';

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
    expect(JSON.parse(line)).toMatchObject(expected);
  });

  it('knows which columns are 64-bit', () => {
    expect(BIGINT_COLUMNS).toEqual(['seq', 'visit_id', 'visitor_id', 'config_id']);
  });
});

describe('encodeEventRows', () => {
  it('writes one JSON object per line, every column in table order', () => {
    const row = { ...emptyEventRow(), site_id: 7, seq: 2n ** 64n - 1n, dimensions: { 1: 'x' }, revenue: 9.5 };
    const lines = encodeEventRows([row, emptyEventRow()]).toString('utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(EVENT_COLUMNS.map(([name]) => name));
    expect(first).toMatchObject({ site_id: 7, seq: '18446744073709551615', dimensions: { 1: 'x' }, revenue: 9.5, tax: null });
  });

  it('leaves out columns a row does not have, so the engine fills their defaults', () => {
    const partial = { site_id: 1, seq: 5n, url: undefined } as unknown as Parameters<typeof encodeEventRows>[0][number];
    expect(encodeEventRows([partial]).toString('utf8')).toBe('{"site_id":1,"seq":"5"}\n');
  });

  it('encodes 10,000 full rows in well under a second', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ ...emptyEventRow(), seq: BigInt(i), url: `https://example.com/${i}` }));
    const started = performance.now();
    const buffer = encodeEventRows(rows);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(buffer.toString('utf8').split('\n')).toHaveLength(10_001);
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
