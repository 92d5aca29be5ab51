import { type FileHandle, mkdir, open, rm } from 'node:fs/promises';
import { dirname, resolve as resolvePath } from 'node:path';
import { isSillageError, SillageError } from '@sillage/core';
import { type SpoolBatch, SpoolBatchBuilder } from './batch.js';
import { encodeRecord, frameBytes, MAX_PAYLOAD_BYTES } from './frame.js';
import { isNotFound, syncDir, writeCommittedSeq } from './fsutil.js';
import { type SpoolLogger, stderrSpoolLogger } from './logger.js';
import { type ReadBudget, readSegmentRecords, type SpoolRecord, type TakeRecord } from './reader.js';
import { recoverSpool } from './recovery.js';
import { CHECKPOINT_EVERY_BYTES, type Checkpoint, newSegment, type Segment } from './segment.js';

export { batchRecords, type SpoolBatch, SpoolBatchBuilder } from './batch.js';
export type { SpoolLogger } from './logger.js';
export type { SpoolRecord } from './reader.js';

/**
 * The two calls that put bytes on disk. Tests replace them to inject failures into real files (a
 * closed descriptor, a failing fsync); production uses the defaults.
 */
export interface SpoolIo {
  write(handle: FileHandle, data: Buffer, position: number): Promise<void>;
  datasync(handle: FileHandle): Promise<void>;
}

export interface SpoolOptions {
  /** A segment is closed and a new one started once it would grow past this. Default 16 MiB. */
  segmentBytes?: number;
  /**
   * How long the first append after an idle period waits for company before it is written. Default 0:
   * batching then comes from appends that arrive while a write+fsync is in flight, which costs no latency.
   */
  maxBatchDelayMs?: number;
  /** Upper bound on the bytes of one write+fsync (at least one record is always taken). Default 4 MiB. */
  maxBatchBytes?: number;
  logger?: SpoolLogger;
  io?: Partial<SpoolIo>;
}

export interface SpoolStats {
  /** Segment files kept (the one being appended to included). */
  readonly segments: number;
  /** Durable bytes in those segments. */
  readonly bytes: number;
  readonly lastSeq: number;
  readonly committedSeq: number;
  /** Durable records not yet committed by the shipper. */
  readonly pending: number;
  /** Appends waiting for their write+fsync. */
  readonly queued: number;
  /** Write+fsync rounds that succeeded since open; appends / batches is the group-commit factor. */
  readonly batches: number;
  readonly appends: number;
  readonly failedBatches: number;
}

interface PendingAppend {
  readonly payload: Buffer | string;
  /** The payload's length in bytes (UTF-8 for a string). */
  readonly bytes: number;
  readonly resolve: (seq: number) => void;
  readonly reject: (err: unknown) => void;
}

const defaultIo: SpoolIo = {
  async write(handle, data, position) {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
      done += bytesWritten;
    }
  },
  datasync: (handle) => handle.datasync(),
};

/**
 * The durable ingest spool: every accepted hit is appended here before the HTTP answer, and the
 * shipper reads records in order, stores them in the event store, then commits its offset.
 *
 * Guarantee: once `append()` resolved, the record survives a crash (kill -9, and power loss as far
 * as fdatasync + directory fsync go), is read back exactly once per seq and in order.
 *
 * Group commit: appends that arrive while a write+fsync is in flight are gathered into the next
 * single write+fsync, so throughput grows with concurrency while each append still waits for its
 * own fsync.
 */
export class Spool {
  readonly dir: string;
  private readonly segmentBytes: number;
  private readonly maxBatchDelayMs: number;
  private readonly maxBatchBytes: number;
  private readonly logger: SpoolLogger;
  private readonly io: SpoolIo;

  private readonly segments: Segment[];
  /** Open handle on the last segment; undefined when the next batch must start a new segment. */
  private active: FileHandle | undefined;
  private nextSeq: number;
  private durableSeq: number;
  private committed: number;

  private readonly queue: PendingAppend[] = [];
  private flushing = false;
  private flushLoop: Promise<void> = Promise.resolve();
  private commitChain: Promise<void> = Promise.resolve();
  /** Set by close(): new appends are refused, queued ones still get written. */
  private closing = false;
  /** Set once close() finished: reads and commits are refused too. */
  private closed = false;
  private closePromise: Promise<void> | undefined;
  private readonly listeners = new Set<(lastSeq: number) => void>();
  private counters = { batches: 0, appends: 0, failedBatches: 0 };

  private constructor(dir: string, options: SpoolOptions, recovered: Awaited<ReturnType<typeof recoverSpool>>) {
    this.dir = dir;
    this.segmentBytes = options.segmentBytes ?? 16 * 1024 * 1024;
    this.maxBatchDelayMs = options.maxBatchDelayMs ?? 0;
    this.maxBatchBytes = options.maxBatchBytes ?? 4 * 1024 * 1024;
    this.logger = options.logger ?? stderrSpoolLogger;
    this.io = { ...defaultIo, ...options.io };
    this.segments = recovered.segments;
    this.nextSeq = recovered.nextSeq;
    this.durableSeq = recovered.nextSeq - 1;
    this.committed = recovered.committedSeq;
  }

  /** Opens (creating if needed) the spool in `dir`, recovering from whatever state a crash left. */
  static async open(dir: string, options: SpoolOptions = {}): Promise<Spool> {
    const key = resolvePath(dir);
    // Two spools on one directory would hand out the same seqs and overwrite each other's records.
    if (openDirs.has(key)) throw new SillageError('STORE_LOCKED', [key, process.pid]);
    openDirs.add(key);
    try {
      await createDirDurably(key);
      const recovered = await recoverSpool(key, options.logger ?? stderrSpoolLogger);
      const spool = new Spool(key, options, recovered);
      const last = recovered.segments.at(-1);
      // Keep appending to the last segment only when it continues the sequence (it does not when the
      // committed offset is past its end).
      if (last !== undefined && last.lastSeq + 1 === spool.nextSeq) spool.active = await open(last.path, 'r+');
      return spool;
    } catch (err) {
      openDirs.delete(key);
      throw err;
    }
  }

  /** Last durable seq (0 when none was ever appended). */
  get lastSeq(): number {
    return this.durableSeq;
  }

  /** The offset the shipper committed last (0 when none). */
  get committedSeq(): number {
    return this.committed;
  }

  /**
   * Appends one record; resolves with its seq once it is written and fdatasync'd. Seqs start at 1 and
   * grow by one across restarts. On a disk error the affected appends reject with SPOOL_WRITE_FAILED
   * (their seqs are given to later appends) and the spool stays usable. A Buffer must not be changed
   * until the promise settles; a string is stored as UTF-8.
   */
  append(payload: Buffer | string): Promise<number> {
    if (this.closing) return Promise.reject(new SillageError('SPOOL_CLOSED'));
    // A string is encoded only once, into the batch's buffer (encodeRecord).
    const bytes = typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length;
    if (bytes > MAX_PAYLOAD_BYTES) {
      return Promise.reject(new SillageError('SPOOL_WRITE_FAILED', [`record of ${bytes} bytes is too large`]));
    }
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ payload, bytes, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        this.flushLoop = this.runFlushLoop();
      }
    });
  }

  /**
   * Durable records with seq > `afterSeq`, in order, at most `maxRecords` of them and (beyond the
   * first) at most `maxBytes` of payload. Records at or below `committedSeq` may already be deleted;
   * reading starts at the oldest one kept.
   */
  async read(afterSeq: number, maxRecords: number, maxBytes = Number.POSITIVE_INFINITY): Promise<SpoolRecord[]> {
    const out: SpoolRecord[] = [];
    await this.readInto(afterSeq, { records: maxRecords, bytes: maxBytes, taken: 0 }, (seq, payload) => {
      out.push({ seq, payload: Buffer.from(payload) });
    });
    return out;
  }

  /** The records read() would give, packed into one SpoolBatch (the shipper's form). */
  async readBatch(afterSeq: number, maxRecords: number, maxBytes = Number.POSITIVE_INFINITY): Promise<SpoolBatch> {
    const builder = new SpoolBatchBuilder();
    await this.readInto(afterSeq, { records: maxRecords, bytes: maxBytes, taken: 0 }, (seq, payload) => builder.add(seq, payload));
    return builder.build();
  }

  private async readInto(afterSeq: number, budget: ReadBudget, take: TakeRecord): Promise<void> {
    this.assertOpen();
    let fromSeq = afterSeq + 1;
    // Snapshot: segments may be added or removed while the reads below await.
    for (const segment of [...this.segments]) {
      const durableBytes = segment.bytes;
      const durableLastSeq = segment.lastSeq;
      if (durableLastSeq < fromSeq || durableBytes === 0) continue;
      fromSeq = Math.max(fromSeq, segment.firstSeq);
      try {
        const more = await readSegmentRecords(segment, durableBytes, durableLastSeq, fromSeq, budget, take, this.dir);
        if (!more) break;
      } catch (err) {
        // commit() may delete a segment of already-shipped records under a slow reader: skip it.
        if (isNotFound(err) && !this.segments.includes(segment)) continue;
        throw err;
      }
      fromSeq = durableLastSeq + 1;
    }
  }

  /**
   * Records that the shipper stored everything up to `uptoSeq`: persists the offset durably, then
   * deletes the segments whose records are all at or below it. Offsets only move forward; committing
   * an older one does nothing.
   */
  commit(uptoSeq: number): Promise<void> {
    const run = this.commitChain.then(() => this.commitNow(uptoSeq));
    this.commitChain = run.catch(() => undefined);
    return run;
  }

  /** Calls `listener` with the new last seq after each batch becomes durable. Returns an unsubscribe. */
  onDurable(listener: (lastSeq: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves true as soon as a record with seq > `afterSeq` is durable, false after `timeoutMs`
   * or when the spool closes. For the shipper's loop, so that it does not poll.
   */
  waitForRecords(afterSeq: number, timeoutMs: number): Promise<boolean> {
    if (this.durableSeq > afterSeq) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const done = (result: boolean) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(result);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const unsubscribe = this.onDurable((lastSeq) => {
        if (lastSeq > afterSeq || this.closed) done(lastSeq > afterSeq);
      });
    });
  }

  stats(): SpoolStats {
    return {
      segments: this.segments.length,
      bytes: this.segments.reduce((sum, segment) => sum + segment.bytes, 0),
      lastSeq: this.durableSeq,
      committedSeq: this.committed,
      pending: Math.max(0, this.durableSeq - this.committed),
      queued: this.queue.length,
      ...this.counters,
    };
  }

  /** Writes every append already made, then closes. Later appends reject with SPOOL_CLOSED. */
  close(): Promise<void> {
    this.closePromise ??= this.closeNow();
    return this.closePromise;
  }

  private async closeNow(): Promise<void> {
    this.closing = true;
    await this.flushLoop;
    await this.commitChain;
    this.closed = true;
    // Wake waiting shippers: waitForRecords() answers false from now on.
    this.notifyDurable();
    this.listeners.clear();
    try {
      await this.active?.close();
    } finally {
      this.active = undefined;
      openDirs.delete(this.dir);
    }
  }

  // ───────────────────────────── writing ─────────────────────────────

  private async runFlushLoop(): Promise<void> {
    // Let appends made in the same tick (or within maxBatchDelayMs) join the first batch.
    if (this.maxBatchDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.maxBatchDelayMs));
    else await Promise.resolve();
    while (this.queue.length > 0) await this.flushBatch();
    // Same synchronous step as the emptiness check above, so an append cannot slip in between.
    this.flushing = false;
  }

  /** One group commit: takes queued appends, writes them in one go, fdatasyncs, settles them. Never throws. */
  private async flushBatch(): Promise<void> {
    let count = 0;
    let bytes = 0;
    while (count < this.queue.length) {
      const size = frameBytes(this.queue[count]!.bytes);
      if (count > 0 && bytes + size > this.maxBatchBytes) break;
      bytes += size;
      count++;
    }
    const batch = this.queue.splice(0, count);
    const firstSeq = this.nextSeq;

    try {
      const segment = await this.segmentFor(bytes);
      const data = Buffer.allocUnsafe(bytes);
      const checkpoints: Checkpoint[] = [];
      let lastCheckpoint = segment.checkpoints.at(-1)!.offset;
      let offset = 0;
      for (const [i, pending] of batch.entries()) {
        if (segment.bytes + offset - lastCheckpoint >= CHECKPOINT_EVERY_BYTES) {
          lastCheckpoint = segment.bytes + offset;
          checkpoints.push({ seq: firstSeq + i, offset: lastCheckpoint });
        }
        offset = encodeRecord(data, offset, firstSeq + i, pending.payload, pending.bytes);
      }
      await this.io.write(this.active!, data, segment.bytes);
      await this.io.datasync(this.active!);

      // Durable: only now do readers, stats and the next seq see the batch.
      segment.bytes += bytes;
      segment.lastSeq = firstSeq + count - 1;
      segment.checkpoints.push(...checkpoints);
      this.nextSeq = firstSeq + count;
      this.durableSeq = segment.lastSeq;
      this.counters.batches++;
      this.counters.appends += count;
      for (const [i, pending] of batch.entries()) pending.resolve(firstSeq + i);
    } catch (err) {
      this.counters.failedBatches++;
      await this.abandonActiveSegment();
      const error = isSillageError(err) ? err : new SillageError('SPOOL_WRITE_FAILED', [errorText(err)], { cause: err });
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.notifyDurable();
  }

  /** Outside the write's try: a throwing listener must not be taken for a disk error. */
  private notifyDurable(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(this.durableSeq);
      } catch (err) {
        this.logger.warn({ dir: this.dir, error: errorText(err) }, 'spool: an onDurable listener threw');
      }
    }
  }

  /** The segment the next batch of `bytes` goes to, starting a new one when the current is full or gone. */
  private async segmentFor(bytes: number): Promise<Segment> {
    const current = this.segments.at(-1);
    if (this.active !== undefined && current !== undefined) {
      if (current.bytes === 0 || current.bytes + bytes <= this.segmentBytes) return current;
      // Full: the batch goes to a new segment, so a segment never holds part of a batch.
      const full = this.active;
      this.active = undefined;
      await full.close();
    }

    const segment = newSegment(this.dir, this.nextSeq);
    // 'w' truncates: a file of this name can only be an earlier attempt whose records never became
    // durable (its first seq is still the next one to give out).
    const handle = await open(segment.path, 'w');
    try {
      await syncDir(this.dir); // the new name must survive a crash along with the records in it
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
    if (current !== undefined && current.firstSeq === segment.firstSeq) this.segments.pop();
    this.segments.push(segment);
    this.active = handle;
    return segment;
  }

  /**
   * After a failed write or fsync the file's tail is unknown (and after a failed fsync Linux may have
   * dropped the dirty pages while reporting the next fsync as fine), so the segment is never written
   * again: the next batch starts a new one. Cutting the undurable tail off is only tidiness; recovery
   * handles it either way.
   */
  private async abandonActiveSegment(): Promise<void> {
    const handle = this.active;
    const segment = this.segments.at(-1);
    this.active = undefined;
    if (handle === undefined) return;
    if (segment !== undefined) await handle.truncate(segment.bytes).catch(() => undefined);
    await handle.close().catch(() => undefined);
  }

  // ───────────────────────────── committing ─────────────────────────────

  private async commitNow(uptoSeq: number): Promise<void> {
    this.assertOpen();
    if (!Number.isSafeInteger(uptoSeq) || uptoSeq < 0 || uptoSeq > this.durableSeq) {
      throw new RangeError(`commit(${uptoSeq}): must be an integer between 0 and the last durable seq ${this.durableSeq}`);
    }
    if (uptoSeq <= this.committed) return;
    await writeCommittedSeq(this.dir, uptoSeq);
    this.committed = uptoSeq;
    // Never the last segment: it is the one being appended to.
    while (this.segments.length > 1 && this.segments[0]!.lastSeq <= uptoSeq) {
      const done = this.segments.shift()!;
      // A crash before this unlink only leaves a file that the next open() deletes.
      await rm(done.path, { force: true });
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new SillageError('SPOOL_CLOSED');
  }
}

/** Directories with an open Spool in this process. */
const openDirs = new Set<string>();

/** mkdir -p, then fsync the parent of every directory it created, so the new names survive a crash. */
async function createDirDurably(dir: string): Promise<void> {
  const topmostCreated = await mkdir(dir, { recursive: true });
  if (topmostCreated === undefined) return;
  for (let created = dir; ; created = dirname(created)) {
    await syncDir(dirname(created));
    if (created === topmostCreated || dirname(created) === created) break;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
