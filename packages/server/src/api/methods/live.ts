import type { SiteConfig } from '@sillage/core';
import {
  compileCountersQuery,
  compileVisitLogQuery,
  formatYmd,
  parsePeriodSelection,
  parseSegment,
  periodBounds,
  REFERRER_TYPE_LABELS,
  SillageError,
  VISIT_LOG_ACTION_FIELDS,
  wallClock,
} from '@sillage/core';
import { siteOrThrow } from '../../reports/request.js';
import { siteIdParam } from '../args.js';
import type { ApiContext, ApiMethod } from '../context.js';
import type { Row } from '../result.js';

/**
 * Live (matomo-compat.md §6.4, §5.4): the real-time counters and the visits log. The visits log and
 * the visitor profile are personal data views, off by default (privacy switches `visitsLog`,
 * `visitorProfile`); when off they are refused with Matomo's own messages.
 */

function checkVisitsLog(site: SiteConfig): void {
  if (!site.privacy.visitsLog) throw new SillageError('API_VISITS_LOG_DISABLED', [site.id]);
}

function checkVisitorProfile(site: SiteConfig): void {
  checkVisitsLog(site); // Matomo: the visitor profile needs the visits log
  if (!site.privacy.visitorProfile) throw new SillageError('API_VISITOR_PROFILE_DISABLED', [site.id]);
}

const ACTION_TYPE_NAMES: Record<number, string> = {
  1: 'action',
  2: 'event',
  3: 'search',
  4: 'outlink',
  5: 'download',
  6: 'goal',
  7: 'ecommerceOrder',
  8: 'ecommerceAbandonedCart',
  9: 'content',
  10: 'content',
};

const VISITOR_TYPES = ['new', 'returning', 'returningCustomer'];

type Raw = Record<string, unknown>;

const pad2 = (n: number) => String(n).padStart(2, '0');

function isoDateTime(seconds: number, timeZone: string): { date: string; time: string; hour: number } {
  // core's cached formatter: a new Intl.DateTimeFormat per row costs more than the rest of the row.
  const w = wallClock(seconds * 1000, timeZone);
  return { date: formatYmd(w.year, w.month, w.day), time: `${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}`, hour: w.hour };
}

function actionDetails(list: unknown, timeZone: string): Row[] {
  const tuples = (list as unknown[][]).filter((t) => Number(t[1]) !== 11);
  return tuples.map((t, i) => {
    const f = Object.fromEntries(VISIT_LOG_ACTION_FIELDS.map((name, j) => [name, t[j]])) as Raw;
    const type = Number(f['action_type']);
    const ts = Number(f['ts']) || Math.floor(Date.parse(`${String(f['ts'])}Z`) / 1000);
    const next = tuples[i + 1];
    const row: Record<string, Row[string]> = {
      type: ACTION_TYPE_NAMES[type] ?? 'action',
      url: String(type === 4 || type === 5 ? f['link_url'] : f['url']),
      pageTitle: type === 1 ? String(f['title']) : null,
      pageviewPosition: i + 1,
      timestamp: ts,
      serverTimePretty: isoDateTime(ts, timeZone).time,
      timeSpent: next === undefined ? 0 : Number(next[VISIT_LOG_ACTION_FIELDS.indexOf('time_spent_ref_action')] ?? 0),
    };
    if (type === 2) {
      row['eventCategory'] = String(f['event_category']);
      row['eventAction'] = String(f['event_action']);
      if (f['event_name'] !== '') row['eventName'] = String(f['event_name']);
      if (f['event_value'] !== null && f['event_value'] !== undefined) row['eventValue'] = Number(f['event_value']);
    }
    if (type === 3) {
      row['siteSearchKeyword'] = String(f['search_keyword']);
      row['siteSearchCategory'] = String(f['search_category']);
      if (f['search_count'] !== null && f['search_count'] !== undefined) row['siteSearchCount'] = Number(f['search_count']);
    }
    if (type === 6 || type === 7) {
      row['goalId'] = Number(f['goal_id']);
      row['revenue'] = Number(f['revenue'] ?? 0);
    }
    return row;
  });
}

function visitRow(v: Raw, site: SiteConfig, withActions: boolean): Row {
  const first = Number(v['first_ts']);
  const last = Number(v['last_ts']) || first;
  const server = isoDateTime(first, site.timezone);
  const refType = REFERRER_TYPE_LABELS[String(v['ref_type'])];
  const localTime = Number(v['local_time_v']);
  return {
    idSite: site.id,
    idVisit: String(v['visit_id']),
    visitIp: String(v['ip']),
    visitorId: String(v['visitor_hex']),
    fingerprint: String(v['fingerprint']),
    userId: v['user_id_v'] === '' ? null : String(v['user_id_v']),
    visitorType: VISITOR_TYPES[Number(v['returning'])] ?? 'new',
    visitCount: Number(v['visit_count']),
    daysSinceLastVisit: Math.floor(Number(v['since_last']) / 86400),
    visitConverted: Number(v['converted']),
    serverDate: server.date,
    visitServerHour: String(server.hour),
    firstActionTimestamp: first,
    lastActionTimestamp: last,
    lastActionDateTime: new Date(last * 1000).toISOString().replace('T', ' ').slice(0, 19),
    serverTimestamp: last,
    visitDuration: Number(v['total_time']),
    actions: Number(v['actions']),
    interactions: Number(v['actions']),
    searches: Number(v['searches']),
    events: Number(v['events']),
    referrerType: refType?.name ?? 'direct',
    referrerTypeName: refType?.label ?? 'Direct Entry',
    referrerName: String(v['ref_name']),
    referrerKeyword: String(v['ref_keyword']),
    referrerUrl: String(v['ref_url']),
    deviceType: String(v['device_type']) || 'Unknown',
    deviceBrand: String(v['device_brand']) || 'Unknown',
    deviceModel: String(v['device_model']) || 'Generic',
    operatingSystemName: String(v['os_name']) || 'Unknown',
    operatingSystemVersion: String(v['os_version']),
    browserName: String(v['browser_name']) || 'Unknown',
    browserVersion: String(v['browser_version']),
    browserEngine: String(v['browser_engine']),
    countryCode: String(v['country']) || 'xx',
    region: String(v['region']),
    city: String(v['city']),
    latitude: v['latitude'] === null ? null : Number(v['latitude']),
    longitude: v['longitude'] === null ? null : Number(v['longitude']),
    languageCode: String(v['language']),
    resolution: String(v['resolution']),
    visitLocalTime: `${pad2(Math.floor(localTime / 3600))}:${pad2(Math.floor((localTime % 3600) / 60))}:${pad2(localTime % 60)}`,
    campaignName: String(v['campaign_name']),
    siteName: site.name,
    siteCurrency: site.currency,
    ...(withActions ? { actionDetails: actionDetails(v['action_list'], site.timezone) } : {}),
  };
}

function intParam(ctx: ApiContext, name: string, fallback: number): number {
  const raw = ctx.params.get(name);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new SillageError('API_INVALID_PARAMETER', [name, raw]);
  return n;
}

const getCounters: ApiMethod = {
  name: 'Live.getCounters',
  // Counts only; the visits log and the visitor profile below stay closed to anonymous callers.
  access: { kind: 'site', role: 'view', publicDashboard: true },
  async run(ctx) {
    const site = await siteOrThrow(ctx.deps.sites, siteIdParam(ctx.params));
    const minutes = intParam(ctx, 'lastMinutes', 30);
    if (minutes < 1 || minutes > 2880) throw new SillageError('API_INVALID_PARAMETER', ['lastMinutes', minutes]);
    const since = Math.floor(ctx.deps.now() / 1000) - minutes * 60;
    const q = compileCountersQuery(site.id, since);
    const [row] = await ctx.deps.events.query<Raw>(q.sql, q.params);
    const n = (k: string) => Number(row?.[k] ?? 0);
    return {
      kind: 'rows',
      rows: [{ visits: n('visits'), actions: n('actions'), visitors: n('visitors'), visitsConverted: n('visitsConverted') }],
    };
  },
};

const getLastVisitsDetails: ApiMethod = {
  name: 'Live.getLastVisitsDetails',
  access: { kind: 'site', role: 'view' },
  async run(ctx) {
    const site = await siteOrThrow(ctx.deps.sites, siteIdParam(ctx.params));
    checkVisitsLog(site);
    const period = ctx.params.get('period') || 'day';
    const date = ctx.params.get('date') || 'today';
    const selection = parsePeriodSelection(period, date, site.timezone, ctx.deps.now());
    const from = periodBounds(selection.periods[0]!, site.timezone).from;
    const to = periodBounds(selection.periods[selection.periods.length - 1]!, site.timezone).to;
    const minTimestamp = intParam(ctx, 'minTimestamp', 0);
    const limit = intParam(ctx, 'filter_limit', 100);
    const q = compileVisitLogQuery({
      siteId: site.id,
      timeZone: site.timezone,
      from: Math.max(Math.floor(from / 1000), minTimestamp),
      to: Math.floor(to / 1000),
      segment: parseSegment(ctx.params.get('segment') ?? ''),
      limit: limit < 0 ? 1_000_000 : limit,
      offset: Math.max(0, intParam(ctx, 'filter_offset', 0)),
      order: ctx.params.get('filter_sort_order') === 'asc' ? 'asc' : 'desc',
    });
    const rows = await ctx.deps.events.query<Raw>(q.sql, q.params);
    const withActions = ctx.params.get('doNotFetchActions') !== '1';
    return { kind: 'rows', rows: rows.map((v) => visitRow(v, site, withActions)) };
  },
};

const getVisitorProfile: ApiMethod = {
  name: 'Live.getVisitorProfile',
  access: { kind: 'site', role: 'view' },
  async run(ctx) {
    const site = await siteOrThrow(ctx.deps.sites, siteIdParam(ctx.params));
    checkVisitorProfile(site);
    const visitorId = (ctx.params.get('visitorId') ?? '').toLowerCase();
    if (!/^[0-9a-f]{16}$/.test(visitorId)) throw new SillageError('API_INVALID_PARAMETER', ['visitorId', visitorId]);
    const q = compileVisitLogQuery({
      siteId: site.id,
      timeZone: site.timezone,
      from: 0,
      to: Math.floor(ctx.deps.now() / 1000) + 86_400,
      visitorId,
      segment: parseSegment(ctx.params.get('segment') ?? ''),
      limit: Math.max(1, intParam(ctx, 'limitVisits', 100)),
      offset: 0,
      order: 'desc',
    });
    const rows = await ctx.deps.events.query<Raw>(q.sql, q.params);
    if (rows.length === 0) return { kind: 'row', row: null };
    const visits = rows.map((v) => visitRow(v, site, true));
    const sum = (k: string) => rows.reduce((s, v) => s + Number(v[k] ?? 0), 0);
    const countType = (type: number) =>
      rows.reduce((s, v) => s + (v['action_list'] as unknown[][]).filter((t) => Number(t[1]) === type).length, 0);
    const lastVisit = visits[0]!;
    const firstVisit = visits[visits.length - 1]!;
    return {
      kind: 'row',
      row: {
        visitorId,
        userId: lastVisit['userId'] ?? null,
        totalVisits: rows.length,
        totalVisitDuration: sum('total_time'),
        totalActions: sum('actions'),
        totalSearches: sum('searches'),
        totalEvents: sum('events'),
        totalPageViews: countType(1),
        totalOutlinks: countType(4),
        totalDownloads: countType(5),
        totalGoalConversions: countType(6),
        totalConversionsByGoal: null,
        firstVisitDate: String(firstVisit['serverDate']),
        lastVisitDate: String(lastVisit['serverDate']),
        lastVisits: visits,
      },
    };
  },
};

export const liveMethods: ApiMethod[] = [getCounters, getLastVisitsDetails, getVisitorProfile];
