/** Parses a JSONEachRow result (one JSON object per line) into row objects. */
export function parseJsonEachRow<T>(bytes: Uint8Array): T[] {
  if (bytes.byteLength === 0) return [];
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').trimEnd();
  if (text === '') return [];
  // One JSON.parse over the whole result is faster than one per line; a raw newline never occurs inside
  // a JSON value, so newlines are exactly the row boundaries.
  return JSON.parse(`[${text.replaceAll('\n', ',')}]`) as T[];
}
