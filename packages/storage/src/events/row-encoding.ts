/**
 * Event rows → the payload of a single INSERT, in JSONCompactEachRow: each row a JSON array of values.
 * No SQL is ever built from values.
 *
 * Positional arrays rather than objects because the engine's parsing dominates ingest: with 87 named keys
 * per row ClickHouse spends most of an insert matching names; arrays skip that and are a third of the bytes.
 * V8's JSON.stringify does the encoding (far faster than assembling JSON by hand); bigints, which it
 * cannot write, become decimal strings — also how ClickHouse reads UInt64 exactly.
 *
 * Only the columns the batch uses are sent, and each line stops after its last value that is not the
 * column's default (input_format_json_compact_allow_variable_number_of_columns): a page view leaves most
 * ecommerce, campaign, content and geo columns empty, and each value the engine need not parse is CPU
 * saved on the ingest path (bench/ingest). A value may be left out only when the engine would store the
 * very same thing for it: the type's own default (0, '', NULL, [], {}), never a default of ours like
 * visit_count = 1. A column a row lacks gets its emptyEventRow() value, and is left out on that rule too.
 */
import { EVENT_COLUMNS, type EventRow, emptyEventRow } from '@sillage/core';

/** Columns whose ClickHouse type needs a bigint in JavaScript. */
export const BIGINT_COLUMNS: readonly (keyof EventRow)[] = EVENT_COLUMNS.filter(([, type]) => /^U?Int(64|128|256)$/.test(type)).map(
  ([name]) => name,
);

/** The format name the encoded bytes are in, for INSERT … FORMAT. */
export const EVENT_INSERT_FORMAT = 'JSONCompactEachRow';

/** Settings every insert of encoded events needs: lines may stop early, the rest being defaults. */
export const EVENT_INSERT_SETTINGS = { input_format_json_compact_allow_variable_number_of_columns: 1 } as const;

/** Encoded rows ready for one INSERT: `columns` names the values of each line, in order. */
export interface EncodedEvents {
  readonly columns: readonly string[];
  readonly data: Uint8Array;
  readonly rows: number;
}

const NAMES = EVENT_COLUMNS.map(([name]) => name as string);
const ROW_DEFAULTS: readonly unknown[] = NAMES.map((name) => (emptyEventRow() as unknown as Record<string, unknown>)[name]);

/** What the engine stores for a value left out, by the kind of the column's type. */
type EngineDefault = 'null' | 'zero' | 'empty-string' | 'empty-array' | 'empty-map';

function engineDefaultOf(type: string): EngineDefault {
  if (type.startsWith('Nullable(')) return 'null';
  if (type.startsWith('Array(')) return 'empty-array';
  if (type.startsWith('Map(')) return 'empty-map';
  if (type === 'String' || type === 'LowCardinality(String)') return 'empty-string';
  if (/^(U?Int\d+|Float\d+|DateTime(\(.*\))?)$/.test(type)) return 'zero';
  throw new Error(`row encoding: no engine default known for column type ${type}`);
}

const ENGINE_DEFAULTS: readonly EngineDefault[] = EVENT_COLUMNS.map(([, type]) => engineDefaultOf(type));

/** Whether `v`, a value of column `i`, is what the engine stores when the column is left out. */
function isEngineDefault(v: unknown, i: number): boolean {
  switch (ENGINE_DEFAULTS[i]) {
    case 'null':
      return v === null;
    case 'zero':
      return v === 0 || v === 0n;
    case 'empty-string':
      return v === '';
    case 'empty-array':
      return Array.isArray(v) && v.length === 0;
    case 'empty-map':
      return typeof v === 'object' && v !== null && isEmptyObject(v);
    default:
      return false;
  }
}

function isEmptyObject(v: object): boolean {
  for (const _key in v) return false;
  return true;
}

/**
 * Encodes rows in slices (add() as often as needed) into one insert. The column list only grows: a column
 * first used by a later slice is appended, and earlier lines, shorter, leave it at its default.
 */
export class EventRowEncoder {
  /** Indexes into EVENT_COLUMNS, in the order the values are written. */
  readonly #order: number[] = [];
  /** Columns not in #order yet. */
  #unused: number[] = NAMES.map((_, i) => i);
  readonly #parts: Buffer[] = [];
  #rows = 0;

  get rows(): number {
    return this.#rows;
  }

  add(rows: readonly EventRow[]): void {
    if (rows.length === 0) return;
    this.#takeNewColumns(rows);
    const order = this.#order;
    const values: unknown[] = [];
    let out = '';
    for (const row of rows) {
      const r = row as unknown as Record<string, unknown>;
      values.length = 0;
      let end = 0;
      for (let j = 0; j < order.length; j++) {
        const i = order[j]!;
        let v = r[NAMES[i]!];
        if (v === undefined) v = ROW_DEFAULTS[i];
        if (!isEngineDefault(v, i)) end = j + 1;
        values.push(typeof v === 'bigint' ? v.toString() : v);
      }
      values.length = end;
      out += `${JSON.stringify(values)}\n`;
    }
    this.#parts.push(Buffer.from(out, 'utf8'));
    this.#rows += rows.length;
  }

  finish(): EncodedEvents {
    const data = this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts);
    return { columns: this.#order.map((i) => NAMES[i]!), data, rows: this.#rows };
  }

  /** Appends to the column list every column some row of `rows` holds a non-default value in. */
  #takeNewColumns(rows: readonly EventRow[]): void {
    let unused = this.#unused;
    for (const row of rows) {
      if (unused.length === 0) break;
      const r = row as unknown as Record<string, unknown>;
      let stillUnused: number[] | undefined;
      for (let k = 0; k < unused.length; k++) {
        const i = unused[k]!;
        const v = r[NAMES[i]!];
        if (isEngineDefault(v === undefined ? ROW_DEFAULTS[i] : v, i)) {
          stillUnused?.push(i);
        } else {
          stillUnused ??= unused.slice(0, k);
          this.#order.push(i);
        }
      }
      if (stillUnused !== undefined) unused = stillUnused;
    }
    this.#unused = unused;
  }
}

/** Rows → one insert's payload. */
export function encodeEventRows(rows: readonly EventRow[]): EncodedEvents {
  const encoder = new EventRowEncoder();
  encoder.add(rows);
  return encoder.finish();
}

/**
 * The same as encodeEventRows, built in slices that yield to the event loop: a 5,000-row batch takes
 * tens of milliseconds to encode, which would otherwise stall every HTTP request of the process.
 */
export async function encodeEventRowsSliced(rows: readonly EventRow[], sliceRows = 500): Promise<EncodedEvents> {
  const encoder = new EventRowEncoder();
  for (let i = 0; i < rows.length; i += sliceRows) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    encoder.add(rows.slice(i, i + sliceRows));
  }
  return encoder.finish();
}

/** insertEvents for any store, on top of its insertEncodedEvents: encode (yielding as it goes), then insert. */
export async function insertRowsEncoded(
  store: { insertEncodedEvents(events: EncodedEvents, token: string): Promise<void> },
  rows: readonly EventRow[],
  token: string,
): Promise<void> {
  if (rows.length === 0) return;
  await store.insertEncodedEvents(await encodeEventRowsSliced(rows), token);
}
