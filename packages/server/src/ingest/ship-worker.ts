/**
 * The shipper's worker thread: parses spool records, screens bots by device detection, places hits in
 * visits and encodes event rows (InlineBatchPreparer), so that the HTTP thread keeps only the request
 * path. Site settings and visitor histories are asked of the main thread, which owns the stores.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { VisitorHistory, VisitRestoreRow } from '@sillage/core';
import { createDeviceEnrichment } from '../enrich/index.js';
import { InlineBatchPreparer, type ShipSite } from './batch-preparer.js';
import { packForTransfer } from './ship-transfer.js';
import { ThreadRpc, Transfer } from './thread-rpc.js';

if (parentPort === null) throw new Error('ship-worker.js runs as a worker thread');

lowerThisThreadsPriority((workerData as { nice?: number } | undefined)?.nice ?? 0);

const rpc: ThreadRpc = new ThreadRpc(parentPort, {
  restore: (rows: VisitRestoreRow[]) => preparer.restore(rows),
  restoreSince: (nowMs: number) => preparer.restoreSince(nowMs),
  evictIdle: (nowMs: number) => preparer.evictIdle(nowMs),
  prepare: async (seqs: Float64Array<ArrayBuffer>, lengths: Uint32Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>, nodeId: number) => {
    const { events, drops, unreadable } = await preparer.prepare({ seqs, lengths, data }, nodeId);
    const bytes = packForTransfer(events.data);
    return new Transfer({ events: { ...events, data: bytes }, drops, unreadable }, [bytes.buffer]);
  },
});

const preparer = new InlineBatchPreparer({
  sites: (ids) => rpc.call<ShipSite[]>('sites', [ids]),
  loadHistory: (siteId, visitorIds) => rpc.call<Map<string, VisitorHistory>>('loadHistory', [siteId, visitorIds]),
  devices: createDeviceEnrichment(),
});

parentPort.postMessage({ ready: true });

/**
 * Shipping can lag (the spool is durable); answering tracking requests cannot. On Linux a thread has its
 * own nice value, so under CPU contention the scheduler favours the HTTP thread, and the shipper catches
 * up when the load falls. Best effort: elsewhere, or without /proc, the thread keeps normal priority.
 */
function lowerThisThreadsPriority(nice: number): void {
  if (nice === 0) return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch {
    // Not Linux, or not permitted: normal priority.
  }
}
