/**
 * Spool records packed for shipping: one byte array holding the payloads back to back, their lengths and
 * their seqs. Three typed arrays instead of one object and one Buffer per record: a shipper batch is tens
 * of thousands of records, and that many small objects would live long enough (across the file reads)
 * to be promoted and collected by a full GC; typed arrays are also what moves to a worker thread without
 * copying (transfer).
 */
export interface SpoolBatch {
  readonly seqs: Float64Array<ArrayBuffer>;
  readonly lengths: Uint32Array<ArrayBuffer>;
  readonly data: Uint8Array<ArrayBuffer>;
}

/** Collects records into a SpoolBatch, growing its arrays by doubling. */
export class SpoolBatchBuilder {
  #seqs = new Float64Array(256);
  #lengths = new Uint32Array(256);
  #data = new Uint8Array(64 * 1024);
  #count = 0;
  #bytes = 0;

  /** Copies `payload` in (the caller may reuse its memory afterwards). */
  add(seq: number, payload: Uint8Array): void {
    if (this.#count === this.#lengths.length) {
      this.#seqs = grow(this.#seqs, this.#count * 2, Float64Array);
      this.#lengths = grow(this.#lengths, this.#count * 2, Uint32Array);
    }
    const end = this.#bytes + payload.byteLength;
    if (end > this.#data.length) this.#data = grow(this.#data, Math.max(end, this.#data.length * 2), Uint8Array);
    this.#seqs[this.#count] = seq;
    this.#lengths[this.#count] = payload.byteLength;
    this.#data.set(payload, this.#bytes);
    this.#count++;
    this.#bytes = end;
  }

  /** The batch, in arrays of exactly its size (each owning its buffer, so they can be transferred). */
  build(): SpoolBatch {
    return {
      seqs: this.#seqs.slice(0, this.#count),
      lengths: this.#lengths.slice(0, this.#count),
      data: this.#data.slice(0, this.#bytes),
    };
  }
}

type TypedArray = Float64Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

function grow<T extends TypedArray>(array: T, size: number, Ctor: new (n: number) => T): T {
  const bigger = new Ctor(size);
  bigger.set(array as never);
  return bigger;
}

/** The records of a batch from index `from` up to `to` (or its end), each payload a view into the batch's one byte array. */
export function* batchRecords(batch: SpoolBatch, from = 0, to = batch.lengths.length): Generator<{ seq: number; payload: Uint8Array }> {
  const end = Math.min(to, batch.lengths.length);
  let at = 0;
  for (let i = 0; i < from; i++) at += batch.lengths[i]!;
  for (let i = from; i < end; i++) {
    const length = batch.lengths[i]!;
    yield { seq: batch.seqs[i]!, payload: batch.data.subarray(at, at + length) };
    at += length;
  }
}
