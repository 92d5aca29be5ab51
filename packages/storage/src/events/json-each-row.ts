/**
 * Event rows → one JSONEachRow Buffer, the payload of a single INSERT. No SQL is ever built from values.
 *
 * V8's native JSON.stringify does the work: it is several times faster than assembling JSON by hand in
 * JavaScript (measured: ~7 µs against ~45 µs per 87-column row). The only thing it cannot write is a
 * bigint, so the 64-bit id columns are swapped for decimal strings on a shallow copy first — which is
 * also how ClickHouse reads UInt64 exactly (a JSON number would round past 2^53).
 *
 * Other columns need nothing: Map(UInt16, String) is a plain object (JSON writes its numeric keys as
 * strings), arrays and nulls are JSON already, a non-finite number becomes null, and an undefined column
 * is left out so the engine fills its default.
 */
import { EVENT_COLUMNS, type EventRow } from '@sillage/core';

/** Columns whose ClickHouse type needs a bigint in JavaScript. */
export const BIGINT_COLUMNS: readonly (keyof EventRow)[] = EVENT_COLUMNS.filter(([, type]) => /^U?Int(64|128|256)$/.test(type)).map(
  ([name]) => name,
);

export function encodeEventRows(rows: readonly EventRow[]): Buffer {
  let out = '';
  for (const row of rows) {
    const plain: Record<string, unknown> = { ...row };
    for (const column of BIGINT_COLUMNS) {
      const value = plain[column];
      if (typeof value === 'bigint') plain[column] = value.toString();
    }
    out += `${JSON.stringify(plain)}\n`;
  }
  return Buffer.from(out, 'utf8');
}
