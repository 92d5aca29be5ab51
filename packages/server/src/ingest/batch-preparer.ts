import type { DropReason, EventRow, Hit, VisitorHistoryLoader, VisitRestoreRow } from '@sillage/core';
import { isDrop, Sessionizer } from '@sillage/core';
// The subpath, not the package root: the worker thread must not load the metadata and engine drivers.
import { encodeEventRows } from '@sillage/storage/row-encoding';
import type { DeviceEnrichment } from '../enrich/index.js';
import { globalSeq } from './node-id.js';

/** What the sessionizer needs of a site, sent to wherever the preparer runs. */
export interface ShipSite {
  readonly id: number;
  readonly timezone: string;
  readonly urls: readonly string[];
}

/** A spool record as a preparer takes it: the local sequence number and the hit's JSON (UTF-8). */
export interface ShipRecord {
  readonly seq: number;
  readonly payload: Uint8Array;
}

/** A batch ready for the event store: encoded rows (EVENT_INSERT_FORMAT) and the hits dropped on the way. */
export interface PreparedBatch {
  readonly data: Uint8Array;
  readonly rows: number;
  readonly drops: readonly DropReason[];
}

/**
 * Turns spool records into event-store rows: parse, screen (device-detected bots), place each hit in its
 * visit, build and encode the rows. Stateful: it holds the active visits, so batches must come in spool order.
 * Two implementations: InlineBatchPreparer computes a whole batch without yielding, so it belongs on a
 * thread of its own; WorkerBatchPreparer runs it in a worker thread, so the HTTP thread keeps only the
 * request path (bench/ingest).
 */
export interface BatchPreparer {
  /** Rebuilds the active visits from stored rows; resolves to how many there are. */
  restore(rows: readonly VisitRestoreRow[]): Promise<number>;
  /** Start (seconds) of the rows restore() needs. */
  restoreSince(nowMs: number): Promise<number>;
  prepare(records: readonly ShipRecord[], nodeId: number): Promise<PreparedBatch>;
  /** Forgets idle visits; resolves to how many. */
  evictIdle(nowMs: number): Promise<number>;
  close(): Promise<void>;
}

export interface PreparerDeps {
  /** Site settings the sessionizer reads synchronously, fetched once per batch for the sites in it. */
  readonly sites: (ids: readonly number[]) => Promise<readonly ShipSite[]>;
  readonly loadHistory: VisitorHistoryLoader;
  readonly devices: DeviceEnrichment;
}

export class InlineBatchPreparer implements BatchPreparer {
  readonly #sites = new Map<number, ShipSite>();
  readonly #sessionizer: Sessionizer;

  constructor(private readonly deps: PreparerDeps) {
    this.#sessionizer = new Sessionizer({
      siteTimezone: (id) => this.#sites.get(id)?.timezone ?? 'UTC',
      siteUrls: (id) => this.#sites.get(id)?.urls ?? [],
      loader: deps.loadHistory,
    });
  }

  async restore(rows: readonly VisitRestoreRow[]): Promise<number> {
    // Restored visits may belong to any site: their timezones matter for the next hits' midnight rule.
    await this.#learnSites([...new Set(rows.map((r) => r.site_id))]);
    this.#sessionizer.restore(rows);
    return this.#sessionizer.activeVisits;
  }

  async restoreSince(nowMs: number): Promise<number> {
    return this.#sessionizer.restoreSince(nowMs);
  }

  async evictIdle(nowMs: number): Promise<number> {
    return this.#sessionizer.evictIdle(nowMs);
  }

  async close(): Promise<void> {}

  async prepare(records: readonly ShipRecord[], nodeId: number): Promise<PreparedBatch> {
    const { devices } = this.deps;
    const drops: DropReason[] = [];
    const kept: { seq: bigint; hit: Hit }[] = [];
    for (const record of records) {
      const { payload } = record;
      const hit = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8')) as Hit;
      const reason = devices.screen(hit);
      if (reason === undefined) kept.push({ seq: globalSeq(nodeId, record.seq), hit });
      else drops.push(reason);
    }
    const hits = kept.map((k) => k.hit);
    await this.#learnSites([...new Set(hits.map((h) => h.siteId))]);
    await this.#sessionizer.prepare(hits);
    const rows: EventRow[] = [];
    // Assignment order is spool order: the sessionizer's decisions depend on it.
    for (const { seq, hit } of kept) {
      const assignment = this.#sessionizer.assign(hit, seq);
      if (isDrop(assignment)) drops.push(assignment.drop);
      else rows.push(devices.buildRow(hit, seq, assignment));
    }
    const data = rows.length === 0 ? new Uint8Array(0) : encodeEventRows(rows);
    return { data, rows: rows.length, drops };
  }

  async #learnSites(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    // Asked every batch, not cached for good: a site's timezone or URLs may change in the admin.
    for (const site of await this.deps.sites(ids)) this.#sites.set(site.id, site);
  }
}
