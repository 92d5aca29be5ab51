/**
 * Spool records and encoded rows in the shapes that cross to and from the shipper's worker thread
 * without copying element by element: one byte array plus lengths, moved (transferred), not cloned.
 */

export interface PackedRecords {
  readonly seqs: Float64Array<ArrayBuffer>;
  readonly lengths: Uint32Array<ArrayBuffer>;
  readonly data: Uint8Array<ArrayBuffer>;
}

/** Record payloads back to back in one buffer the caller can transfer. */
export function packRecords(records: readonly { readonly seq: number; readonly payload: Uint8Array }[]): PackedRecords {
  const seqs = new Float64Array(records.length);
  const lengths = new Uint32Array(records.length);
  let total = 0;
  for (const r of records) total += r.payload.byteLength;
  const data = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    seqs[i] = r.seq;
    lengths[i] = r.payload.byteLength;
    data.set(r.payload, at);
    at += r.payload.byteLength;
  }
  return { seqs, lengths, data };
}

/** packRecords undone: the records, their payloads as views into the one buffer. */
export function unpackRecords(packed: PackedRecords): { seq: number; payload: Uint8Array }[] {
  const { seqs, lengths, data } = packed;
  const out: { seq: number; payload: Uint8Array }[] = new Array(lengths.length);
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    out[i] = { seq: seqs[i]!, payload: data.subarray(at, at + lengths[i]!) };
    at += lengths[i]!;
  }
  return out;
}

/**
 * Bytes that own their whole ArrayBuffer, so transferring it moves exactly them: a small Buffer is a
 * view into Node's shared pool, which must never be transferred, so such a view is copied first.
 */
export function packForTransfer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  if (bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength && buffer instanceof ArrayBuffer) {
    return new Uint8Array(buffer);
  }
  return new Uint8Array(bytes);
}
