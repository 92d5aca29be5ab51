/**
 * Matomo's visit rules [matomo-compat.md §2.5–2.8] over in-memory state of the visits active in the last
 * half hour. The shipper feeds hits in spool order:
 *
 *   await sessionizer.prepare(batch)      loads, in one go, the history of explicit-id visitors it may need
 *   sessionizer.assign(hit, seq)          synchronous and deterministic: the hit's visit, or a drop
 *   buildEventRow(hit, seq, assignment)   the event-store row
 *
 * All times inside are whole seconds (the event store's unit), so state restored from stored rows after a
 * restart decides exactly as the state that was lost.
 */
import { type Drop, drop } from '../drop.js';
import { type EventRow, REFERRER_TYPE } from '../event-row.js';
import { ACTION_TYPE_CODE, type ActionType, type Hit, type VisitorIdSource } from '../hit.js';
import type { VisitorHistory, VisitorHistoryLoader } from './history.js';
import { bigintToHexId, ZERO_ID } from './ids.js';
import { localDayOf } from './local-day.js';
import { LruMap } from './lru.js';
import { referrerOfHit, sameReferrer, type VisitReferrer } from './referrer.js';

export interface SessionizerOptions {
  /** IANA timezone of a site: visits split at its midnight. */
  readonly siteTimezone: (siteId: number) => string;
  /** The site's URLs: a referrer on one of their hosts is a direct entry. */
  readonly siteUrls: (siteId: number) => readonly string[];
  readonly loader: VisitorHistoryLoader;
  /** Matomo visit_standard_length: inactivity that ends a visit. Default 1800 s. */
  readonly visitStandardLengthSec?: number;
  /** Matomo create_new_visit_after_x_actions. Default 10 000. */
  readonly maxActionsPerVisit?: number;
  /** Visitors whose history is kept in memory between visits. Default 100 000. */
  readonly historyCacheSize?: number;
  /** Extra time an idle visit is kept past the visit length, for late and out-of-order hits. Default 600 s. */
  readonly idleMarginSec?: number;
}

/** Why a hit started a new visit (for tests, logs and metrics). */
export type NewVisitReason = 'no-active-visit' | 'new-visit-param' | 'idle' | 'midnight' | 'max-actions' | 'campaign-change';

/** The visit a hit belongs to and the visit's attributes as of this hit. Times are seconds since epoch. */
export interface VisitAssignment {
  /** Spool sequence number of the visit's first hit. */
  readonly visitId: bigint;
  /** 16 hex chars: the visit's visitor id (a later uid / cid overwrites it, as in Matomo). */
  readonly visitorId: string;
  /** 16 hex chars: the hit's today-salt config id, or the visit's; ZERO_ID when none. */
  readonly configId: string;
  readonly isVisitStart: boolean;
  /** Set when isVisitStart. */
  readonly newVisitReason?: NewVisitReason;
  readonly isAction: boolean;
  /** 1-based position among the visit's actions; 0 for non-actions. */
  readonly actionIndex: number;
  readonly visitFirstTs: number;
  readonly visitTotalTime: number;
  readonly visitTotalActions: number;
  readonly visitorReturning: 0 | 1 | 2;
  readonly visitCount: number;
  readonly secondsSinceLastVisit: number;
  readonly secondsSinceFirstVisit: number;
  readonly timeSpentRefAction: number;
  readonly userId: string;
  readonly referrer: VisitReferrer;
  readonly entryUrl: string;
  readonly entryTitle: string;
  readonly exitUrl: string;
  readonly exitTitle: string;
}

/** Hits that count in visit_total_actions [matomo: plugins/Actions/Columns/VisitTotalActions.php]. */
const COUNTED_ACTIONS: ReadonlySet<ActionType> = new Set(['pageview', 'event', 'site_search', 'outlink', 'download']);
/**
 * Hits Matomo stores as a log_link_visit_action row, which carries time_spent_ref_action. Goal and
 * ecommerce hits are conversions only; pings record nothing.
 */
const LINK_ACTIONS: ReadonlySet<ActionType> = new Set([...COUNTED_ACTIONS, 'content_impression', 'content_interaction']);

interface ActiveVisit {
  readonly siteId: number;
  readonly visitId: bigint;
  visitorId: string;
  readonly configId: string;
  readonly firstTs: number;
  /** Never moves backwards; pings leave it alone. */
  lastActionTs: number;
  lastActionDay: string;
  totalActions: number;
  totalTime: number;
  readonly visitorReturning: 0 | 1 | 2;
  readonly visitCount: number;
  readonly secondsSinceLastVisit: number;
  readonly secondsSinceFirstVisit: number;
  /** First action time of the visitor's first visit: carried to the next visit. */
  readonly visitorFirstTs: number;
  /** The visitor ordered in this visit or an earlier one. */
  hasOrdered: boolean;
  /** The visit is known by an explicit id (uid, cid, cookie): its history is worth caching. */
  explicitId: boolean;
  userId: string;
  referrer: VisitReferrer;
  entryUrl: string;
  entryTitle: string;
  exitUrl: string;
  exitTitle: string;
  /** Index keys currently pointing to this visit. */
  readonly keys: Set<string>;
}

interface Identity {
  readonly visitorId: string;
  readonly source: VisitorIdSource;
  readonly configIds: readonly string[];
}

const visitorKey = (siteId: number, visitorId: string) => `${siteId}:v:${visitorId}`;
const configKey = (siteId: number, configId: string) => `${siteId}:c:${configId}`;

function identityOf(hit: Hit): Identity {
  const configIds = hit.configIds ?? [];
  const source = hit.visitorIdSource ?? (hit.visitorId ? 'cookie' : 'hash');
  return { visitorId: hit.visitorId ?? configIds[0] ?? ZERO_ID, source, configIds };
}

const isExplicit = (source: VisitorIdSource) => source !== 'hash';

/**
 * The columns restore() reads, a subset of EventRow. The server selects them for every row of each visit
 * that has a row with `ts >= restoreSince(now)`, in any order (restore sorts by seq).
 */
export const VISIT_RESTORE_COLUMNS = [
  'site_id',
  'seq',
  'visit_id',
  'visitor_id',
  'config_id',
  'ts',
  'action_type',
  'visit_first_ts',
  'visit_action_index',
  'visit_total_time',
  'visitor_returning',
  'visit_count',
  'seconds_since_last_visit',
  'seconds_since_first_visit',
  'user_id',
  'url',
  'title',
  'ref_type',
  'ref_name',
  'ref_keyword',
  'ref_url',
  'campaign_name',
  'campaign_keyword',
  'campaign_source',
  'campaign_medium',
  'campaign_content',
  'campaign_id',
  'campaign_group',
  'campaign_placement',
] as const satisfies readonly (keyof EventRow)[];

export type VisitRestoreRow = Pick<EventRow, (typeof VISIT_RESTORE_COLUMNS)[number]>;

export class Sessionizer {
  readonly #siteTimezone: (siteId: number) => string;
  readonly #siteUrls: (siteId: number) => readonly string[];
  readonly #loader: VisitorHistoryLoader;
  readonly #visitLength: number;
  readonly #maxActions: number;
  readonly #idleMargin: number;
  /** Index: `site:v:visitorId` and `site:c:configId` → the visit that last used the key. */
  readonly #index = new Map<string, ActiveVisit>();
  readonly #visits = new Set<ActiveVisit>();
  /** Visitor history by `site:v:visitorId`, kept across visits. */
  readonly #history: LruMap<string, VisitorHistory>;
  /** Loaded by the last prepare(): history, or null for a visitor with no earlier visit. */
  #prepared = new Map<string, VisitorHistory | null>();

  constructor(options: SessionizerOptions) {
    this.#siteTimezone = options.siteTimezone;
    this.#siteUrls = options.siteUrls;
    this.#loader = options.loader;
    this.#visitLength = options.visitStandardLengthSec ?? 1800;
    this.#maxActions = options.maxActionsPerVisit ?? 10_000;
    this.#idleMargin = options.idleMarginSec ?? 600;
    this.#history = new LruMap(options.historyCacheSize ?? 100_000);
  }

  /** Number of visits held in memory. */
  get activeVisits(): number {
    return this.#visits.size;
  }

  /**
   * Loads the history of the batch's explicit-id visitors that have neither an active visit nor cached
   * history: the only ones assign() could need it for. One loader call per site.
   */
  async prepare(hits: readonly Hit[]): Promise<void> {
    const wanted = new Map<number, Set<string>>();
    const prepared = new Map<string, VisitorHistory | null>();
    for (const hit of hits) {
      const id = identityOf(hit);
      if (!isExplicit(id.source)) continue;
      const key = visitorKey(hit.siteId, id.visitorId);
      // An active visit stays in memory for the whole batch; cached history could be pushed out by the
      // batch's other visitors, so it is pinned for the batch.
      if (this.#index.get(key)?.visitorId === id.visitorId || prepared.has(key)) continue;
      const cached = this.#history.get(key);
      if (cached !== undefined) {
        prepared.set(key, cached);
        continue;
      }
      const ids = wanted.get(hit.siteId) ?? new Set<string>();
      wanted.set(hit.siteId, ids);
      ids.add(id.visitorId);
    }
    for (const [siteId, ids] of wanted) {
      const list = [...ids];
      const loaded = await this.#loader(siteId, list);
      for (const visitorId of list) prepared.set(visitorKey(siteId, visitorId), loaded.get(visitorId) ?? null);
    }
    this.#prepared = prepared;
  }

  /** The visit of `hit` (spool sequence number `seq`), updating the visit state; or why it is dropped. */
  assign(hit: Hit, seq: bigint): VisitAssignment | Drop {
    const ts = Math.floor(hit.ts / 1000);
    const day = localDayOf(ts, this.#siteTimezone(hit.siteId));
    const identity = identityOf(hit);
    const found = this.#find(hit, identity, ts);
    const siteUrls = this.#siteUrls(hit.siteId);
    const referrer = referrerOfHit(hit, siteUrls, found?.referrer.campaign);
    const reason = found === undefined ? 'no-active-visit' : this.#newVisitReason(found, hit, ts, day, referrer);

    if (hit.actionType === 'ping') {
      // A heartbeat only extends a visit; it never starts one [matomo: plugins/Heartbeat].
      if (reason !== undefined || found === undefined) return drop('ping-without-visit', reason);
      found.totalTime = Math.max(found.totalTime, 1 + ts - found.firstTs);
      this.#indexHit(found, hit, identity);
      return this.#assignment(found, hit, identity, { isVisitStart: false, actionIndex: 0, timeSpent: 0 });
    }

    if (reason === undefined && found !== undefined) return this.#continueVisit(found, hit, identity, ts, day, referrer);
    // A new visit: recompute the referrer without the old visit's campaign (only used for keyword fallback).
    const fresh = found === undefined ? referrer : referrerOfHit(hit, siteUrls);
    return this.#startVisit(hit, seq, identity, ts, day, fresh, found, reason ?? 'no-active-visit');
  }

  /** Forgets visits idle for longer than the visit length plus the margin. Returns how many. */
  evictIdle(nowMs: number): number {
    const cutoff = Math.floor(nowMs / 1000) - this.#visitLength - this.#idleMargin;
    let evicted = 0;
    for (const visit of this.#visits) {
      if (visit.lastActionTs >= cutoff) continue;
      for (const key of visit.keys) if (this.#index.get(key) === visit) this.#index.delete(key);
      this.#visits.delete(visit);
      evicted++;
    }
    return evicted;
  }

  /** Start (seconds) of the rows restore() needs: visits with a row at or after it may still be active. */
  restoreSince(nowMs: number): number {
    return Math.floor(nowMs / 1000) - this.#visitLength - this.#idleMargin;
  }

  /**
   * Rebuilds the active visits from stored rows after a restart (VISIT_RESTORE_COLUMNS, every row of each
   * visit active since restoreSince). Call on a fresh sessionizer, before the first assign().
   */
  restore(rows: readonly VisitRestoreRow[]): void {
    const sorted = [...rows].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
    const byVisit = new Map<string, ActiveVisit>();
    for (const row of sorted) {
      const id = `${row.site_id}:${row.visit_id}`;
      let visit = byVisit.get(id);
      if (visit === undefined) {
        visit = this.#visitFromRow(row);
        byVisit.set(id, visit);
        this.#visits.add(visit);
      }
      this.#foldRow(visit, row);
      // Replaying the keys in seq order leaves each key with the visit that used it last, as before the restart.
      this.#setKey(visit, visitorKey(row.site_id, bigintToHexId(row.visitor_id)));
      if (row.config_id !== 0n) this.#setKey(visit, configKey(row.site_id, bigintToHexId(row.config_id)));
    }
  }

  #find(hit: Hit, identity: Identity, ts: number): ActiveVisit | undefined {
    const L = this.#visitLength;
    const site = hit.siteId;
    // By visitor id there is no lower time bound (Matomo): the rules below decide whether it is the same visit.
    const indexed = this.#index.get(visitorKey(site, identity.visitorId));
    const byVisitor = () => (indexed !== undefined && indexed.lastActionTs <= ts + L ? indexed : undefined);
    // Matomo falls back to the config id only when the visitor id matches no visit at all, i.e. for a
    // visitor id never seen before (the first hit after a login, a new cookie); an id with history finds
    // its last visit, which may be long over. Asking history rather than memory keeps this independent
    // of when idle visits were evicted.
    const isNewVisitorId = () => indexed === undefined && this.#historyOf(site, identity) === undefined;
    // By config id only within the look-back / look-ahead window; today's salt hash, then yesterday's.
    const byConfig = (accept: (visit: ActiveVisit) => boolean) => {
      for (const configId of identity.configIds) {
        const visit = this.#index.get(configKey(site, configId));
        if (visit !== undefined && Math.abs(ts - visit.lastActionTs) <= L && accept(visit)) return visit;
      }
      return undefined;
    };
    switch (identity.source) {
      case 'cid':
        return byVisitor();
      case 'uid':
        // A logged-in visitor continues the anonymous visit of the same device, not another user's.
        if (!isNewVisitorId()) return byVisitor();
        return byConfig((visit) => visit.userId === '' || visit.userId === hit.userId);
      case 'cookie':
        return isNewVisitorId() ? byConfig(() => true) : byVisitor();
      case 'hash':
        return byConfig(() => true);
    }
  }

  #newVisitReason(visit: ActiveVisit, hit: Hit, ts: number, day: string, referrer: VisitReferrer): NewVisitReason | undefined {
    if (hit.newVisit) return 'new-visit-param';
    // Out-of-order hits: an older hit stays in the visit while it is less than a visit length older.
    if (Math.abs(ts - visit.lastActionTs) >= this.#visitLength) return 'idle';
    if (day !== visit.lastActionDay) return 'midnight';
    if (visit.totalActions >= this.#maxActions) return 'max-actions';
    // A different campaign starts a visit, except on a direct-entry visit, which takes it instead.
    if (
      referrer.type === REFERRER_TYPE.campaign &&
      visit.referrer.type !== REFERRER_TYPE.direct &&
      !sameReferrer(referrer, visit.referrer)
    ) {
      return 'campaign-change';
    }
    return undefined;
  }

  #continueVisit(visit: ActiveVisit, hit: Hit, identity: Identity, ts: number, day: string, referrer: VisitReferrer): VisitAssignment {
    const timeSpent = LINK_ACTIONS.has(hit.actionType) ? Math.min(Math.max(0, ts - visit.lastActionTs), this.#visitLength) : 0;
    if (ts > visit.lastActionTs) {
      visit.lastActionTs = ts;
      visit.lastActionDay = day;
    }
    visit.totalTime = Math.max(visit.totalTime, 1 + ts - visit.firstTs);
    let actionIndex = 0;
    if (COUNTED_ACTIONS.has(hit.actionType)) actionIndex = ++visit.totalActions;
    // Matomo updates a direct-entry visit's referrer from a later hit that has one.
    if (visit.referrer.type === REFERRER_TYPE.direct && referrer.type !== REFERRER_TYPE.direct) visit.referrer = referrer;
    if (hit.userId) visit.userId = hit.userId;
    if (identity.source === 'uid' || identity.source === 'cid') {
      visit.visitorId = identity.visitorId;
      visit.explicitId = true;
    }
    this.#trackPages(visit, hit);
    this.#indexHit(visit, hit, identity);
    this.#rememberHistory(visit);
    return this.#assignment(visit, hit, identity, { isVisitStart: false, actionIndex, timeSpent });
  }

  #startVisit(
    hit: Hit,
    seq: bigint,
    identity: Identity,
    ts: number,
    day: string,
    referrer: VisitReferrer,
    previous: ActiveVisit | undefined,
    reason: NewVisitReason,
  ): VisitAssignment {
    // The previous visit speaks for the visitor only when it is theirs: a visit joined by config id
    // belongs to another visitor id, whose history would otherwise depend on when memory was evicted.
    const ownPrevious = previous !== undefined && (previous.visitorId === identity.visitorId || !isExplicit(identity.source));
    const history = ownPrevious ? historyOf(previous) : this.#historyOf(hit.siteId, identity);
    const counted = COUNTED_ACTIONS.has(hit.actionType);
    const visit: ActiveVisit = {
      siteId: hit.siteId,
      visitId: seq,
      visitorId: identity.visitorId,
      configId: identity.configIds[0] ?? ZERO_ID,
      firstTs: ts,
      lastActionTs: ts,
      lastActionDay: day,
      totalActions: counted ? 1 : 0,
      totalTime: 0,
      visitorReturning: history === undefined ? 0 : history.hasOrdered ? 2 : 1,
      visitCount: (history?.visitCount ?? 0) + 1,
      secondsSinceLastVisit: history === undefined ? 0 : Math.max(0, ts - history.lastVisitTs),
      secondsSinceFirstVisit: history === undefined ? 0 : Math.max(0, ts - history.firstVisitTs),
      visitorFirstTs: history === undefined ? ts : Math.min(ts, history.firstVisitTs),
      hasOrdered: history?.hasOrdered ?? false,
      explicitId: isExplicit(identity.source),
      userId: hit.userId ?? '',
      referrer,
      entryUrl: '',
      entryTitle: '',
      exitUrl: '',
      exitTitle: '',
      keys: new Set(),
    };
    this.#visits.add(visit);
    this.#trackPages(visit, hit);
    this.#indexHit(visit, hit, identity);
    this.#rememberHistory(visit);
    return this.#assignment(visit, hit, identity, { isVisitStart: true, reason, actionIndex: counted ? 1 : 0, timeSpent: 0 });
  }

  /** History for a visitor with no visit in memory: cached, else loaded by prepare(). */
  #historyOf(siteId: number, identity: Identity): VisitorHistory | undefined {
    if (!isExplicit(identity.source)) return undefined;
    const key = visitorKey(siteId, identity.visitorId);
    return this.#history.get(key) ?? this.#prepared.get(key) ?? undefined;
  }

  #rememberHistory(visit: ActiveVisit): void {
    if (visit.explicitId) this.#history.set(visitorKey(visit.siteId, visit.visitorId), historyOf(visit));
  }

  #trackPages(visit: ActiveVisit, hit: Hit): void {
    if (hit.actionType === 'ecommerce_order') visit.hasOrdered = true;
    if (hit.actionType !== 'pageview') return;
    // Entry page: the visit's first page view; exit page: its latest [matomo: plugins/Actions/Columns/EntryPageUrl.php].
    if (visit.entryUrl === '' && visit.entryTitle === '') {
      visit.entryUrl = hit.url ?? '';
      visit.entryTitle = hit.title ?? '';
    }
    visit.exitUrl = hit.url ?? '';
    visit.exitTitle = hit.title ?? '';
  }

  /**
   * Points the hit's keys at the visit: the visit's visitor id (not the hit's, when the hit joined another
   * visitor's visit by config id: as in Matomo, that visitor id keeps leading to its own visits) and the
   * hit's today-salt config id. Rows carry the same two ids, so restore() rebuilds the same index.
   */
  #indexHit(visit: ActiveVisit, hit: Hit, identity: Identity): void {
    this.#setKey(visit, visitorKey(hit.siteId, visit.visitorId));
    const configId = identity.configIds[0] ?? visit.configId;
    if (configId !== ZERO_ID) this.#setKey(visit, configKey(hit.siteId, configId));
  }

  #setKey(visit: ActiveVisit, key: string): void {
    const previous = this.#index.get(key);
    if (previous === visit) return;
    if (previous !== undefined) {
      previous.keys.delete(key);
      // A visit no key leads to can never be found again: forget it now.
      if (previous.keys.size === 0) this.#visits.delete(previous);
    }
    this.#index.set(key, visit);
    visit.keys.add(key);
  }

  #assignment(
    visit: ActiveVisit,
    hit: Hit,
    identity: Identity,
    at: { isVisitStart: boolean; reason?: NewVisitReason; actionIndex: number; timeSpent: number },
  ): VisitAssignment {
    const base = {
      visitId: visit.visitId,
      visitorId: visit.visitorId,
      configId: identity.configIds[0] ?? visit.configId,
      isVisitStart: at.isVisitStart,
      isAction: COUNTED_ACTIONS.has(hit.actionType),
      actionIndex: at.actionIndex,
      visitFirstTs: visit.firstTs,
      visitTotalTime: visit.totalTime,
      visitTotalActions: visit.totalActions,
      visitorReturning: visit.visitorReturning,
      visitCount: visit.visitCount,
      secondsSinceLastVisit: visit.secondsSinceLastVisit,
      secondsSinceFirstVisit: visit.secondsSinceFirstVisit,
      timeSpentRefAction: at.timeSpent,
      userId: visit.userId,
      referrer: visit.referrer,
      entryUrl: visit.entryUrl,
      entryTitle: visit.entryTitle,
      exitUrl: visit.exitUrl,
      exitTitle: visit.exitTitle,
    };
    return at.reason === undefined ? base : { ...base, newVisitReason: at.reason };
  }

  #visitFromRow(row: VisitRestoreRow): ActiveVisit {
    const returning = row.visitor_returning === 2 ? 2 : row.visitor_returning === 1 ? 1 : 0;
    return {
      siteId: row.site_id,
      visitId: row.visit_id,
      visitorId: bigintToHexId(row.visitor_id),
      configId: bigintToHexId(row.config_id),
      firstTs: row.visit_first_ts,
      lastActionTs: row.visit_first_ts,
      lastActionDay: localDayOf(row.visit_first_ts, this.#siteTimezone(row.site_id)),
      totalActions: 0,
      totalTime: 0,
      visitorReturning: returning,
      visitCount: row.visit_count,
      secondsSinceLastVisit: row.seconds_since_last_visit,
      secondsSinceFirstVisit: row.seconds_since_first_visit,
      visitorFirstTs: row.visit_first_ts - row.seconds_since_first_visit,
      hasOrdered: returning === 2,
      // Rows do not say where the id came from; caching a hash visitor's history is merely unused.
      explicitId: true,
      userId: '',
      referrer: referrerFromRow(row),
      entryUrl: '',
      entryTitle: '',
      exitUrl: '',
      exitTitle: '',
      keys: new Set(),
    };
  }

  /** Applies one stored row (in seq order) to a restored visit, as assign() did when it made the row. */
  #foldRow(visit: ActiveVisit, row: VisitRestoreRow): void {
    const type = actionTypeOfCode(row.action_type);
    if (type !== 'ping' && row.ts > visit.lastActionTs) {
      visit.lastActionTs = row.ts;
      visit.lastActionDay = localDayOf(row.ts, this.#siteTimezone(row.site_id));
    }
    visit.totalActions = Math.max(visit.totalActions, row.visit_action_index);
    visit.totalTime = Math.max(visit.totalTime, row.visit_total_time);
    visit.visitorId = bigintToHexId(row.visitor_id);
    visit.userId = row.user_id;
    visit.referrer = referrerFromRow(row);
    if (type === 'ecommerce_order') visit.hasOrdered = true;
    if (type === 'pageview') {
      if (visit.entryUrl === '' && visit.entryTitle === '') {
        visit.entryUrl = row.url;
        visit.entryTitle = row.title;
      }
      visit.exitUrl = row.url;
      visit.exitTitle = row.title;
    }
  }
}

function historyOf(visit: ActiveVisit): VisitorHistory {
  return {
    visitCount: visit.visitCount,
    lastVisitTs: visit.lastActionTs,
    firstVisitTs: visit.visitorFirstTs,
    hasOrdered: visit.hasOrdered,
  };
}

const ACTION_TYPE_BY_CODE = new Map(Object.entries(ACTION_TYPE_CODE).map(([type, code]) => [code, type as ActionType]));

function actionTypeOfCode(code: number): ActionType | undefined {
  return ACTION_TYPE_BY_CODE.get(code);
}

function referrerFromRow(row: VisitRestoreRow): VisitReferrer {
  const base = { type: row.ref_type, name: row.ref_name, keyword: row.ref_keyword, url: row.ref_url };
  if (row.ref_type !== REFERRER_TYPE.campaign) return base;
  return {
    ...base,
    campaign: {
      name: row.campaign_name,
      keyword: row.campaign_keyword,
      source: row.campaign_source,
      medium: row.campaign_medium,
      content: row.campaign_content,
      id: row.campaign_id,
      group: row.campaign_group,
      placement: row.campaign_placement,
    },
  };
}
