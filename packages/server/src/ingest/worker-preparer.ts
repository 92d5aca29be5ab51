import { Worker } from 'node:worker_threads';
import type { VisitorHistoryLoader, VisitRestoreRow } from '@sillage/core';
import type { SpoolBatch } from '@sillage/storage/spool-batch';
import type { BatchPreparer, PreparedBatch, ShipSite } from './batch-preparer.js';
import { ThreadRpc } from './thread-rpc.js';

export interface WorkerPreparerDeps {
  readonly sites: (ids: readonly number[]) => Promise<readonly ShipSite[]>;
  readonly loadHistory: VisitorHistoryLoader;
  /** Rows that rebuild the active visits, for a worker started again after its predecessor died. */
  readonly reloadVisits: (preparer: BatchPreparer) => Promise<readonly VisitRestoreRow[]>;
  readonly log: { warn(obj: unknown, msg?: string): void };
  /** Nice value of the worker thread (Linux); 0 keeps normal priority. */
  readonly nice: number;
}

/**
 * The batch preparer in a worker thread (ship-worker.ts). Records go over as transferred buffers and
 * encoded rows come back the same way, so the HTTP thread's share of shipping is a file read and a
 * memcpy. If the worker dies (a bug, memory) or a batch fails part-way, the next call starts a new one
 * and rebuilds its active visits from the event store, as after a restart; the shipper retries the batch
 * meanwhile.
 */
export class WorkerBatchPreparer implements BatchPreparer {
  #worker: Worker | undefined;
  #rpc: ThreadRpc | undefined;
  #starting: Promise<ThreadRpc> | undefined;
  #closed = false;
  #everStarted = false;

  constructor(private readonly deps: WorkerPreparerDeps) {}

  async restore(rows: readonly VisitRestoreRow[]): Promise<number> {
    return (await this.#connection(false)).call<number>('restore', [rows]);
  }

  async restoreSince(nowMs: number): Promise<number> {
    return (await this.#connection(false)).call<number>('restoreSince', [nowMs]);
  }

  async evictIdle(nowMs: number): Promise<number> {
    return (await this.#connection(true)).call<number>('evictIdle', [nowMs]);
  }

  async prepare(records: SpoolBatch, nodeId: number): Promise<PreparedBatch> {
    const rpc = await this.#connection(true);
    try {
      // Moved, not copied: the shipper keeps only the encoded rows that come back.
      return await rpc.call<PreparedBatch>(
        'prepare',
        [records.seqs, records.lengths, records.data, nodeId],
        [records.seqs.buffer, records.lengths.buffer, records.data.buffer],
      );
    } catch (err) {
      // A batch that failed part-way (a visitor history the event store could not give) has already
      // placed its first slices' hits in visits, and the shipper will prepare it again: those visits go
      // with the worker, and the next one rebuilds them from what the store holds.
      if (this.#rpc === rpc) void this.#discard();
      throw err;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#discard();
  }

  /** The live worker's calls; starts one when there is none (`reload`: a replacement rebuilds visits). */
  #connection(reload: boolean): Promise<ThreadRpc> {
    if (this.#closed) return Promise.reject(new Error('ship worker closed'));
    if (this.#rpc) return Promise.resolve(this.#rpc);
    if (this.#starting) return this.#starting;
    // No live worker here: after the first start, a new one replaces one that died.
    const replacing = this.#everStarted;
    this.#everStarted = true;
    this.#starting = this.#spawn().then(
      async (rpc) => {
        this.#rpc = rpc;
        this.#starting = undefined;
        try {
          if (replacing && reload) await rpc.call('restore', [await this.deps.reloadVisits(this)]);
        } catch (err) {
          // Without its visits the new worker would open a second visit for every visitor: try again later.
          void this.#discard();
          throw err;
        }
        return rpc;
      },
      (err: unknown) => {
        this.#starting = undefined;
        throw err;
      },
    );
    return this.#starting;
  }

  /** Drops the live worker and the visits it holds; the next call starts one that rebuilds them. */
  async #discard(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#rpc = undefined;
    await worker?.terminate();
  }

  #spawn(): Promise<ThreadRpc> {
    const worker = new Worker(new URL('./ship-worker.js', import.meta.url), {
      workerData: { nice: this.deps.nice },
      // A smaller young generation than the HTTP thread's (--max-semi-space-size=32): the worker's
      // objects live for one slice of a batch (batch-preparer.ts), and its memory counts in the
      // server's RSS.
      resourceLimits: { maxYoungGenerationSizeMb: 48 },
    });
    this.#worker = worker;
    const rpc = new ThreadRpc(worker, {
      sites: (ids: number[]) => this.deps.sites(ids),
      loadHistory: (siteId: number, visitorIds: string[]) => this.deps.loadHistory(siteId, visitorIds),
    });
    worker.on('exit', (code) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#rpc = undefined;
      rpc.close(new Error(`ship worker exited with code ${code}`));
      if (!this.#closed) this.deps.log.warn({ code }, 'ship worker exited; a new one starts with the next batch');
    });
    worker.on('error', (err) => this.deps.log.warn({ err }, 'ship worker failed'));
    return new Promise<ThreadRpc>((resolve, reject) => {
      const onReady = (msg: unknown) => {
        if ((msg as { ready?: boolean } | null)?.ready !== true) return;
        worker.off('message', onReady);
        worker.off('exit', onEarlyExit);
        resolve(rpc);
      };
      const onEarlyExit = (code: number) => reject(new Error(`ship worker exited with code ${code} while starting`));
      worker.on('message', onReady);
      worker.once('exit', onEarlyExit);
    });
  }
}
