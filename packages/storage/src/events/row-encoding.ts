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
enum EngineDefault {
  Null,
  Zero,
  EmptyString,
  EmptyArray,
  EmptyMap,
}

function engineDefaultOf(type: string): EngineDefault {
  if (type.startsWith('Nullable(')) return EngineDefault.Null;
  if (type.startsWith('Array(')) return EngineDefault.EmptyArray;
  if (type.startsWith('Map(')) return EngineDefault.EmptyMap;
  if (type === 'String' || type === 'LowCardinality(String)') return EngineDefault.EmptyString;
  if (/^(U?Int\d+|Float\d+|DateTime(\(.*\))?)$/.test(type)) return EngineDefault.Zero;
  throw new Error(`row encoding: no engine default known for column type ${type}`);
}

const ENGINE_DEFAULTS: readonly EngineDefault[] = EVENT_COLUMNS.map(([, type]) => engineDefaultOf(type));

function isEmptyObject(v: object): boolean {
  for (const _key in v) return false;
  return true;
}

/**
 * Whether a value is what the engine stores for a column of each default kind when the column is left
 * out, as JavaScript source on the variable `v`: compiled into each row encoder, and into
 * IS_ENGINE_DEFAULT below, so both read the one rule.
 */
const ENGINE_DEFAULT_TEST: Readonly<Record<EngineDefault, (v: string) => string>> = {
  [EngineDefault.Null]: (v) => `${v} === null`,
  [EngineDefault.Zero]: (v) => `(${v} === 0 || ${v} === 0n)`,
  [EngineDefault.EmptyString]: (v) => `${v} === ''`,
  [EngineDefault.EmptyArray]: (v) => `(Array.isArray(${v}) && ${v}.length === 0)`,
  [EngineDefault.EmptyMap]: (v) => `(typeof ${v} === 'object' && ${v} !== null && isEmptyObject(${v}))`,
};

/** Per column of EVENT_COLUMNS: whether a value is what the engine stores when the column is left out. */
const IS_ENGINE_DEFAULT: readonly ((v: unknown) => boolean)[] = ENGINE_DEFAULTS.map(
  (kind) => new Function('isEmptyObject', `return (v) => ${ENGINE_DEFAULT_TEST[kind]('v')};`)(isEmptyObject) as (v: unknown) => boolean,
);

type RowLineEncoder = (row: EventRow) => string;

/**
 * A function that encodes one row's values for `columns` (indexes into EVENT_COLUMNS) as a JSON array,
 * stopping after the last value the engine would not fill in by itself.
 *
 * Generated, because this runs for every stored hit: reading each column as a fixed property (`r.url`)
 * lets V8 cache the row's shape once per column, where a loop over names (`r[name]`) pays a generic
 * lookup for each value; measured 1.9 against 3.4 µs per row. Only column names from EVENT_COLUMNS go
 * into the source, each checked to be a plain identifier; values never do.
 */
function compileLineEncoder(columns: readonly number[]): RowLineEncoder {
  const body: string[] = ['let end = 0;'];
  columns.forEach((i, j) => {
    const name = NAMES[i]!;
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`row encoding: unexpected column name ${name}`);
    const v = `v${j}`;
    body.push(`let ${v} = r.${name};`, `if (${v} === undefined) ${v} = rowDefaults[${i}];`);
    body.push(`if (!(${ENGINE_DEFAULT_TEST[ENGINE_DEFAULTS[i]!](v)})) end = ${j + 1};`);
    if (BIGINT_COLUMNS.includes(name as keyof EventRow)) body.push(`if (typeof ${v} === 'bigint') ${v} = ${v}.toString();`);
  });
  body.push(`const values = [${columns.map((_, j) => `v${j}`).join(', ')}];`, 'values.length = end;', 'return JSON.stringify(values);');
  const factory = new Function('rowDefaults', 'isEmptyObject', `return function encodeRowLine(r) {\n${body.join('\n')}\n};`);
  return factory(ROW_DEFAULTS, isEmptyObject) as RowLineEncoder;
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
  #encodeLine: RowLineEncoder | undefined;
  readonly #parts: Buffer[] = [];
  #rows = 0;

  get rows(): number {
    return this.#rows;
  }

  add(rows: readonly EventRow[]): void {
    if (rows.length === 0) return;
    if (this.#takeNewColumns(rows) || this.#encodeLine === undefined) this.#encodeLine = compileLineEncoder(this.#order);
    const encodeLine = this.#encodeLine;
    const lines: string[] = new Array(rows.length + 1);
    for (let n = 0; n < rows.length; n++) lines[n] = encodeLine(rows[n]!);
    lines[rows.length] = ''; // every line ends with a newline
    this.#parts.push(Buffer.from(lines.join('\n'), 'utf8'));
    this.#rows += rows.length;
  }

  finish(): EncodedEvents {
    const data = this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts);
    return { columns: this.#order.map((i) => NAMES[i]!), data, rows: this.#rows };
  }

  /**
   * Appends to the column list every column some row of `rows` holds a non-default value in; true when
   * it grew.
   */
  #takeNewColumns(rows: readonly EventRow[]): boolean {
    const before = this.#order.length;
    let unused = this.#unused;
    for (const row of rows) {
      if (unused.length === 0) break;
      const r = row as unknown as Record<string, unknown>;
      let stillUnused: number[] | undefined;
      for (let k = 0; k < unused.length; k++) {
        const i = unused[k]!;
        const v = r[NAMES[i]!];
        if (IS_ENGINE_DEFAULT[i]!(v === undefined ? ROW_DEFAULTS[i] : v)) {
          stillUnused?.push(i);
        } else {
          stillUnused ??= unused.slice(0, k);
          this.#order.push(i);
        }
      }
      if (stillUnused !== undefined) unused = stillUnused;
    }
    this.#unused = unused;
    return this.#order.length > before;
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
