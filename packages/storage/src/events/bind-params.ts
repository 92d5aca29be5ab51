/**
 * Adapts query parameters to the placeholders' declared types before they reach an engine.
 *
 * 64-bit ids come back from the store as strings, so callers naturally pass them back as strings. For a
 * scalar `{id:UInt64}` both clients send the text as is and the engine parses it; but inside an array both
 * quote strings (`['1','2']`), which ClickHouse refuses to read as Array(UInt64). Integer strings in
 * arrays of integers are therefore turned into bigints, which both clients write bare.
 */
import type { QueryParams } from '../ports.js';

const PLACEHOLDER = /\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^}]+?)\s*\}/g;
const INTEGER_ARRAY = /^Array\((Nullable\()?(LowCardinality\()?U?Int(8|16|32|64|128|256)\b/;
const INTEGER_TEXT = /^-?\d+$/;

export function bindParams(sql: string, params: QueryParams): QueryParams {
  let adapted: Record<string, QueryParams[string]> | undefined;
  for (const [, name, type] of sql.matchAll(PLACEHOLDER)) {
    const value = params[name!];
    if (!Array.isArray(value) || !INTEGER_ARRAY.test(type!)) continue;
    if (!value.some((v) => typeof v === 'string')) continue;
    adapted ??= { ...params };
    adapted[name!] = value.map((v) => (typeof v === 'string' && INTEGER_TEXT.test(v) ? BigInt(v) : v)) as unknown as QueryParams[string];
  }
  return adapted ?? params;
}
