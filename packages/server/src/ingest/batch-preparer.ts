import type { DropReason, EventRow, Hit, VisitorHistoryLoader, VisitRestoreRow } from '@sillage/core';
import { isDrop, Sessionizer } from '@sillage/core';
// Subpaths, not the package root: the worker thread must not load the metadata and engine drivers.
import { type EncodedEvents, EventRowEncoder } from '@sillage/storage/row-encoding';
import { batchRecords, type SpoolBatch } from '@sillage/storage/spool-batch';
import type { DeviceEnrichment } from '../enrich/index.js';
import { globalSeq } from './node-id.js';

/** What the sessionizer needs of a site, sent to wherever the preparer runs. */
export interface ShipSite {
  readonly id: number;
  readonly timezone: string;
  readonly urls: readonly string[];
}

/** A batch ready for the event store: encoded rows and the hits dropped on the way. */
export interface PreparedBatch {
  readonly events: EncodedEvents;
  readonly drops: readonly DropReason[];
  /** Records that could not be turned into rows (also counted in drops as 'unreadable-record'). */
  readonly unreadable: readonly UnreadableRecord[];
}

/**
 * A spool record the preparer could not read or place: invalid JSON, or a hit some step threw on. It
 * is set aside (the shipper writes it to a file) rather than retried: one poisoned record must not
 * stop every hit after it from reaching the reports.
 */
export interface UnreadableRecord {
  /** The record's spool sequence number. */
  readonly seq: number;
  readonly error: string;
  /** The record as it was spooled. */
  readonly payload: string;
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
  /** `records`: spool records (local seqs, hits as JSON); transferred away, so unusable afterwards. */
  prepare(records: SpoolBatch, nodeId: number): Promise<PreparedBatch>;
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

/** Hits parsed, placed and encoded together; see prepare(). */
const PREPARE_SLICE_RECORDS = 2_000;

const utf8 = new TextDecoder();

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

  async prepare(records: SpoolBatch, nodeId: number): Promise<PreparedBatch> {
    const drops: DropReason[] = [];
    const unreadable: UnreadableRecord[] = [];
    const encoder = new EventRowEncoder();
    // In slices: a shipping batch may hold tens of thousands of hits, and holding all their objects at
    // once would keep them alive through several young-generation collections (promoted, then left to
    // a full GC). A slice's hits and rows die young; only its encoded bytes are kept.
    for (let from = 0; from < records.lengths.length; from += PREPARE_SLICE_RECORDS) {
      const kept: KeptHit[] = [];
      for (const record of batchRecords(records, from, from + PREPARE_SLICE_RECORDS)) {
        const payload = utf8.decode(record.payload);
        const spoolSeq = record.seq;
        try {
          const hit = readHit(payload);
          const reason = this.deps.devices.screen(hit);
          if (reason === undefined) kept.push({ spoolSeq, seq: globalSeq(nodeId, spoolSeq), hit, payload });
          else drops.push(reason);
        } catch (err) {
          setAside(spoolSeq, payload, err, drops, unreadable);
        }
      }
      encoder.add(await this.#placeAndBuild(kept, drops, unreadable));
    }
    return { events: encoder.finish(), drops, unreadable };
  }

  /** Places hits in visits, in spool order (the sessionizer's decisions depend on it), and builds their rows. */
  async #placeAndBuild(kept: readonly KeptHit[], drops: DropReason[], unreadable: UnreadableRecord[]): Promise<EventRow[]> {
    const hits = kept.map((k) => k.hit);
    await this.#learnSites([...new Set(hits.map((h) => h.siteId))]);
    await this.#sessionizer.prepare(hits);
    const rows: EventRow[] = [];
    for (const { spoolSeq, seq, hit, payload } of kept) {
      try {
        const assignment = this.#sessionizer.assign(hit, seq);
        if (isDrop(assignment)) drops.push(assignment.drop);
        else rows.push(this.deps.devices.buildRow(hit, seq, assignment));
      } catch (err) {
        setAside(spoolSeq, payload, err, drops, unreadable);
      }
    }
    return rows;
  }

  async #learnSites(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    // Asked every batch, not cached for good: a site's timezone or URLs may change in the admin.
    for (const site of await this.deps.sites(ids)) this.#sites.set(site.id, site);
  }
}

interface KeptHit {
  readonly spoolSeq: number;
  readonly seq: bigint;
  readonly hit: Hit;
  readonly payload: string;
}

/** A spooled hit: what JSON.parse gives, checked just enough that the steps after it can rely on it. */
function readHit(payload: string): Hit {
  const hit = JSON.parse(payload) as Hit | null;
  if (typeof hit !== 'object' || hit === null || !Number.isInteger(hit.siteId) || !Number.isFinite(hit.ts)) {
    throw new Error('not a spooled hit (siteId and ts missing)');
  }
  return hit;
}

function setAside(seq: number, payload: string, err: unknown, drops: DropReason[], unreadable: UnreadableRecord[]): void {
  drops.push('unreadable-record');
  unreadable.push({ seq, payload, error: err instanceof Error ? err.message : String(err) });
}
