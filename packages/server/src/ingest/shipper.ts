import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { EncodedEvents, EventStore, Spool } from '@sillage/storage';
import type { IngestCounters } from '../metrics.js';
import type { BatchPreparer, UnreadableRecord } from './batch-preparer.js';
import { loadRestoreRows, maxStoredSeq } from './event-queries.js';
import { nodeSeqRange } from './node-id.js';
import { DurableTimes, type ShipDeferralOptions, shouldDeferShipping } from './ship-deferral.js';

export interface ShipperLogger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface ShipperOptions {
  readonly spool: Spool;
  readonly events: EventStore;
  /** Spool records → encoded event rows, holding the active visits (batch-preparer.ts). */
  readonly preparer: BatchPreparer;
  /** This app node's id: its hits are stored with seq = nodeId × 2^44 + spool seq (node-id.ts). */
  readonly nodeId: number;
  /** A fresh node id, for when the store holds more of this node's hits than the spool ever had. */
  readonly renewNodeId: () => Promise<number>;
  readonly counters: IngestCounters;
  readonly log: ShipperLogger;
  readonly batchSize: number;
  readonly intervalMs: number;
  readonly now: () => number;
  /** Shipping waits while tracking requests keep the server busy, within bounds (ship-deferral.ts). */
  readonly deferral?: ShipDeferralOptions & {
    /** Event-loop utilisation of this thread since the previous call (performance.eventLoopUtilization). */
    readonly utilization: () => number;
  };
}

/** Beside the spool segments: records set aside by the shipper (see setAside). */
export const UNREADABLE_RECORDS_FILE = 'unreadable-records.jsonl';

/** How long one look at the load lasts while shipping is deferred. */
const DEFERRAL_WINDOW_MS = 200;

interface Batch {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly events: EncodedEvents;
  /** Records that could not become rows: written aside by ship(), before the batch is committed. */
  readonly unreadable: readonly UnreadableRecord[];
}

/**
 * Moves hits from the durable spool to the event store, in spool order, in batches.
 *
 * Exactly once: each batch is one atomic insert whose rows carry their spool sequence numbers, and
 * the spool offset is committed after the insert. After a crash between the two, recovery takes the
 * highest stored sequence number as the offset, so a batch is never stored twice; the insert also
 * carries a deduplication token for engines that retry internally. A failed insert is retried with the
 * same rows (the sessionizer has already placed those hits in visits), with back-off, for as long as
 * the event store is down; the spool keeps accepting hits meanwhile.
 */
export class Shipper {
  private cursor = 0;
  private nodeId: number;
  private pending: Batch | undefined;
  private running = false;
  /** stop() is shipping what is left: nothing waits for the load any more. */
  private draining = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Resolves when stop() is called, so no wait in the loop outlives the server. */
  private readonly stopped: Promise<false>;
  private signalStop: () => void = () => {};
  private failures = 0;
  private lastShipAt = 0;
  private readonly durableTimes = new DurableTimes();
  private unsubscribeDurable: (() => void) | undefined;
  shippedHits = 0;
  /** Looks at the load that found the server busy and let shipping wait (ship-deferral.ts). */
  deferrals = 0;

  constructor(private readonly o: ShipperOptions) {
    this.nodeId = o.nodeId;
    this.stopped = new Promise<false>((resolve) => {
      this.signalStop = () => resolve(false);
    });
  }

  get shippedSeq(): number {
    return this.cursor;
  }

  get outage(): boolean {
    return this.failures > 0;
  }

  /** Reconciles the spool offset with the store, rebuilds active visits, and starts shipping. */
  async start(): Promise<void> {
    let stored = await maxStoredSeq(this.o.events, nodeSeqRange(this.nodeId));
    if (stored > this.o.spool.lastSeq) {
      // The spool was reset (or another spool wrote under this id): shipping on would hide new hits behind
      // the old high-water mark, so this spool continues in a range of its own.
      const old = this.nodeId;
      this.nodeId = await this.o.renewNodeId();
      this.o.log.warn(
        { oldNodeId: old, nodeId: this.nodeId, storedSeq: stored, spoolLastSeq: this.o.spool.lastSeq },
        'spool behind the event store: new ingest node id',
      );
      stored = await maxStoredSeq(this.o.events, nodeSeqRange(this.nodeId));
    }
    if (stored > this.o.spool.committedSeq) await this.o.spool.commit(stored);
    this.cursor = Math.max(stored, this.o.spool.committedSeq);
    // Hits left from before this start count as due at once: their real age is unknown.
    this.durableTimes.mark(this.o.spool.lastSeq, this.o.now() - (this.o.deferral?.maxLagMs ?? 0));
    this.unsubscribeDurable = this.o.spool.onDurable((lastSeq) => this.durableTimes.mark(lastSeq, this.o.now()));
    const rows = await loadRestoreRows(this.o.events, await this.o.preparer.restoreSince(this.o.now()));
    const activeVisits = await this.o.preparer.restore(rows);
    this.o.log.info(
      {
        shippedSeq: this.cursor,
        spoolLastSeq: this.o.spool.lastSeq,
        restoredRows: rows.length,
        activeVisits,
      },
      'shipper recovered',
    );
    this.running = true;
    this.loop = this.run();
  }

  /** Ships what is durable now, until nothing is left or `deadlineMs` passes, then stops. */
  async stop(deadlineMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.draining = true;
    const deadline = Date.now() + deadlineMs;
    while (Date.now() < deadline && (this.pending !== undefined || this.cursor < this.o.spool.lastSeq) && this.failures === 0) {
      this.wake?.();
      await sleep(20);
    }
    this.running = false;
    this.signalStop();
    this.wake?.();
    await this.loop;
    this.unsubscribeDurable?.();
  }

  private async run(): Promise<void> {
    let lastEvict = this.o.now();
    while (this.running) {
      try {
        if (this.pending === undefined) {
          const ready = await this.waitForWork();
          if (!this.running && !ready) break;
          if (ready) this.pending = await this.prepareBatch();
        }
        if (this.pending !== undefined) await this.ship(this.pending);
        if (this.o.now() - lastEvict > 60_000) {
          await this.o.preparer.evictIdle(this.o.now());
          lastEvict = this.o.now();
        }
      } catch (err) {
        this.failures++;
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.o.log.warn(
            { err, failures: this.failures, pendingHits: this.o.spool.lastSeq - this.cursor },
            'event store unavailable, hits stay in the spool',
          );
        }
        await this.pause(Math.min(5_000, 100 * 2 ** Math.min(this.failures, 6)));
      }
    }
  }

  /** Waits until there are hits to ship and either a full batch or `intervalMs` since the last ship. */
  private async waitForWork(): Promise<boolean> {
    const has = await Promise.race([this.o.spool.waitForRecords(this.cursor, this.o.intervalMs), this.stopped]);
    if (!has) return false;
    const due = this.lastShipAt + this.o.intervalMs - Date.now();
    if (this.running && due > 0 && this.o.spool.lastSeq - this.cursor < this.o.batchSize) await this.pause(due);
    await this.waitWhileBusy();
    return true;
  }

  /** Lets shipping wait while the server is busy answering tracking requests, within the lag bound. */
  private async waitWhileBusy(): Promise<void> {
    const deferral = this.o.deferral;
    if (deferral === undefined) return;
    while (this.running && !this.draining) {
      // A fresh window: the load measured must be the requests', not this shipper's own last batch.
      deferral.utilization();
      const load = {
        backlog: this.o.spool.lastSeq - this.cursor,
        oldestAgeMs: this.durableTimes.oldestAgeAfter(this.cursor, this.o.now()),
        utilization: 1,
      };
      if (!shouldDeferShipping(load, deferral)) return;
      await this.pause(DEFERRAL_WINDOW_MS);
      if (!this.running || this.draining) return;
      const utilization = deferral.utilization();
      const after = { ...load, oldestAgeMs: this.durableTimes.oldestAgeAfter(this.cursor, this.o.now()), utilization };
      if (!shouldDeferShipping(after, deferral)) return;
      this.deferrals++;
    }
  }

  private async prepareBatch(): Promise<Batch | undefined> {
    const records = await this.o.spool.readBatch(this.cursor, this.o.batchSize);
    const count = records.seqs.length;
    if (count === 0) return undefined;
    // Read before prepare(): the arrays are transferred to the worker thread.
    const firstSeq = records.seqs[0]!;
    const lastSeq = records.seqs[count - 1]!;
    const prepared = await this.o.preparer.prepare(records, this.nodeId);
    for (const reason of prepared.drops) this.o.counters.countDrop(reason);
    return { firstSeq, lastSeq, events: prepared.events, unreadable: prepared.unreadable };
  }

  /**
   * Records the preparer could not turn into rows go to a file beside the spool (one JSON line each:
   * seq, error, the record) and to the log, so that one bad record never stops the ones after it and
   * is still there to look at, or to replay once the cause is fixed.
   */
  private async setAside(records: readonly UnreadableRecord[]): Promise<void> {
    const file = join(this.o.spool.dir, UNREADABLE_RECORDS_FILE);
    const lines = records.map((r) => `${JSON.stringify({ seq: r.seq, error: r.error, record: r.payload })}\n`).join('');
    const handle = await open(file, 'a');
    try {
      await handle.writeFile(lines);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    this.o.log.warn(
      { count: records.length, file, seqs: records.slice(0, 10).map((r) => r.seq), error: records[0]!.error },
      'spool records that cannot be stored were set aside',
    );
  }

  private async ship(batch: Batch): Promise<void> {
    if (batch.events.rows > 0) {
      await this.o.events.insertEncodedEvents(batch.events, `spool-${this.nodeId}-${batch.firstSeq}-${batch.lastSeq}`);
    }
    // Here, with the pending batch, not where it is prepared: a failed write is retried with the batch,
    // which is never prepared twice (the preparer's visits have already taken its hits). Before the
    // commit: the records leave the spool with it.
    if (batch.unreadable.length > 0) await this.setAside(batch.unreadable);
    await this.o.spool.commit(batch.lastSeq);
    this.cursor = batch.lastSeq;
    this.pending = undefined;
    this.shippedHits += batch.events.rows;
    this.lastShipAt = Date.now();
    if (this.failures > 0) {
      this.o.log.info({ failures: this.failures }, 'event store back, shipping resumed');
      this.failures = 0;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
