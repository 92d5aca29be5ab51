import type { SegmentExpression } from './segments.js';
import { compileSegment } from './segments.js';
import { EVENTS_TABLE } from './sql.js';

/**
 * The visits log (Live.getLastVisitsDetails, Live.getVisitorProfile): raw visits with their actions,
 * newest first. Not a report (no aggregation over a dimension), so it has its own compiler, still pure.
 */
export interface VisitLogQuery {
  readonly siteId: number;
  readonly timeZone: string;
  /** UTC seconds [from, to). */
  readonly from: number;
  readonly to: number;
  readonly segment?: SegmentExpression;
  /** Only this visitor (16 hex chars). */
  readonly visitorId?: string;
  readonly limit: number;
  readonly offset: number;
  /** Newest first (Matomo's default) or oldest first. */
  readonly order: 'desc' | 'asc';
}

/** Columns of one action tuple, in order (see rowsToVisits in the server). */
export const VISIT_LOG_ACTION_FIELDS = [
  'seq',
  'action_type',
  'ts',
  'url',
  'title',
  'time_spent_ref_action',
  'event_category',
  'event_action',
  'event_name',
  'event_value',
  'search_keyword',
  'search_category',
  'search_count',
  'link_url',
  'goal_id',
  'revenue',
  'page_view_id',
] as const;

export function compileVisitLogQuery(q: VisitLogQuery): { sql: string; params: Record<string, string | number> } {
  const seg = q.segment !== undefined && q.segment.length > 0 ? compileSegment(q.segment) : undefined;
  const visitorFilter = q.visitorId === undefined ? '' : ` AND visitor_id = reinterpretAsUInt64(reverse(unhex({visitor:String})))`;
  const last = (c: string) => `argMax(${c}, seq) AS ${c}`;
  const sql = [
    `SELECT visit_id, any(visitor_id) AS visitor_id_num, lower(leftPad(hex(any(visitor_id)), 16, '0')) AS visitor_hex,`,
    `  lower(leftPad(hex(any(config_id)), 16, '0')) AS fingerprint, maxIf(user_id, user_id != '') AS user_id_v,`,
    `  toUnixTimestamp(min(ts)) AS first_ts, toUnixTimestamp(maxIf(ts, action_type != 11)) AS last_ts,`,
    `  max(visit_total_time) AS total_time, sum(is_action) AS actions, countIf(action_type = 2) AS events,`,
    `  countIf(action_type = 3) AS searches, min(visitor_returning) AS returning, max(visit_count) AS visit_count,`,
    `  max(seconds_since_last_visit) AS since_last, argMin(local_time, seq) AS local_time_v, max(action_type IN (6, 7)) AS converted,`,
    `  ${['ip', 'ref_type', 'ref_name', 'ref_keyword', 'ref_url', 'device_type', 'device_brand', 'device_model', 'os_name', 'os_version', 'browser_name', 'browser_version', 'browser_engine', 'country', 'region', 'city', 'latitude', 'longitude', 'language', 'resolution', 'campaign_name', 'campaign_keyword', 'campaign_source', 'campaign_medium'].map(last).join(', ')},`,
    `  arraySort(x -> x.1, groupArray((${VISIT_LOG_ACTION_FIELDS.join(', ')}))) AS action_list`,
    ...(seg === undefined ? [] : [`  , ${seg.having} AS seg_ok`]),
    `FROM ${EVENTS_TABLE}`,
    `WHERE site_id = {site:UInt32} AND ts >= toDateTime({from:UInt32}, 'UTC') AND ts < toDateTime({to:UInt32}, 'UTC')${visitorFilter}`,
    `GROUP BY visit_id`,
    ...(seg === undefined ? [] : ['HAVING seg_ok']),
    `ORDER BY last_ts ${q.order === 'asc' ? 'ASC' : 'DESC'}, visit_id ${q.order === 'asc' ? 'ASC' : 'DESC'}`,
    `LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
  ].join('\n');
  return {
    sql,
    params: {
      site: q.siteId,
      from: q.from,
      to: q.to,
      limit: q.limit,
      offset: q.offset,
      tz: q.timeZone,
      ...(q.visitorId === undefined ? {} : { visitor: q.visitorId }),
      ...(seg?.params ?? {}),
    },
  };
}

/** Live.getCounters: visits, actions, visitors and converted visits with a hit in the last N minutes. */
export function compileCountersQuery(siteId: number, since: number): { sql: string; params: Record<string, number> } {
  return {
    sql: [
      `SELECT uniqExact(visit_id) AS visits, countIf(is_action = 1) AS actions, uniqExact(visitor_id) AS visitors,`,
      `  uniqExactIf(visit_id, action_type IN (6, 7)) AS visitsConverted`,
      `FROM ${EVENTS_TABLE} WHERE site_id = {site:UInt32} AND ts >= toDateTime({since:UInt32}, 'UTC')`,
    ].join('\n'),
    params: { site: siteId, since },
  };
}
