/**
 * Event rows → one JSONCompactEachRow Buffer, the payload of a single INSERT: each row is a JSON array of
 * the columns in table order (EVENT_COLUMNS, which a contract test holds equal to the table). No SQL is
 * ever built from values.
 *
 * Compact rows rather than objects because the engine's parsing dominates ingest: with 87 named keys per
 * row ClickHouse spends most of an insert matching names (measured: a 1k-row JSONEachRow insert ~35 ms);
 * positional arrays skip that and are a third of the bytes. V8's JSON.stringify still does the encoding
 * (far faster than assembling JSON by hand); bigints, which it cannot write, become decimal strings —
 * also how ClickHouse reads UInt64 exactly. A column a row lacks gets its empty value, as the engine
 * would fill it.
 */
import { EVENT_COLUMNS, type EventRow, emptyEventRow } from '@sillage/core';

/** Columns whose ClickHouse type needs a bigint in JavaScript. */
export const BIGINT_COLUMNS: readonly (keyof EventRow)[] = EVENT_COLUMNS.filter(([, type]) => /^U?Int(64|128|256)$/.test(type)).map(
  ([name]) => name,
);

const NAMES = EVENT_COLUMNS.map(([name]) => name);
const DEFAULTS: Record<string, unknown> = emptyEventRow() as unknown as Record<string, unknown>;

/** The format name the encoded bytes are in, for INSERT … FORMAT. */
export const EVENT_INSERT_FORMAT = 'JSONCompactEachRow';

export function encodeEventRows(rows: readonly EventRow[]): Buffer {
  let out = '';
  const values: unknown[] = new Array(NAMES.length);
  for (const row of rows) {
    const r = row as unknown as Record<string, unknown>;
    for (let i = 0; i < NAMES.length; i++) {
      const name = NAMES[i]!;
      let v = r[name];
      if (v === undefined) v = DEFAULTS[name];
      values[i] = typeof v === 'bigint' ? v.toString() : v;
    }
    out += `${JSON.stringify(values)}\n`;
  }
  return Buffer.from(out, 'utf8');
}

/**
 * The same bytes as encodeEventRows, built in slices that yield to the event loop: a 5,000-row batch takes
 * tens of milliseconds to encode, which would otherwise stall every HTTP request of the process.
 */
export async function encodeEventRowsSliced(rows: readonly EventRow[], sliceRows = 500): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let i = 0; i < rows.length; i += sliceRows) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    parts.push(encodeEventRows(rows.slice(i, i + sliceRows)));
  }
  return Buffer.concat(parts);
}

/** insertEvents for any store, on top of its insertEncodedEvents: encode (yielding as it goes), then insert. */
export async function insertRowsEncoded(
  store: { insertEncodedEvents(data: Uint8Array, token: string): Promise<void> },
  rows: readonly EventRow[],
  token: string,
): Promise<void> {
  if (rows.length === 0) return;
  await store.insertEncodedEvents(await encodeEventRowsSliced(rows), token);
}
