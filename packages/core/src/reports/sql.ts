import { EVENT_COLUMNS } from '../event-row.js';
import type { AggregateMetric, ReportDefinition } from './definitions.js';
import { BASE_VISIT_COLUMNS, distinctCountIf, VISIT_COLUMNS, visitorDayKey } from './definitions.js';
import type { Period } from './periods.js';
import { periodBounds } from './periods.js';
import type { CompiledSegment, SegmentExpression } from './segments.js';
import { compileSegment } from './segments.js';

/** The event table every report reads (created by the event store's migrations). */
export const EVENTS_TABLE = 'sillage.events';

export type QueryParamValue = string | number | readonly number[];

/** The internal query both front doors (Matomo API, dashboard API) parse into. */
export interface ReportQuery {
  readonly report: ReportDefinition;
  readonly siteId: number;
  readonly timeZone: string;
  /** Contiguous, in order. */
  readonly periods: readonly Period[];
  /** Parsed Matomo segment; empty or absent = all visits. */
  readonly segment?: SegmentExpression;
  /** Values for `{name:Type}` placeholders the definition's SQL uses (e.g. a custom dimension id). */
  readonly params?: Readonly<Record<string, QueryParamValue>>;
}

export interface CompiledQuery {
  readonly sql: string;
  readonly params: Record<string, QueryParamValue>;
  /** Metrics present in the result for these periods (unique counts depend on the period kind). */
  readonly metrics: readonly AggregateMetric[];
  /**
   * Page reports group by a hash of the label: when two labels of the span share a hash, a result row
   * has `inexact` ≠ 0 and this query (labels compared as strings) gives the answer instead.
   */
  readonly exact?: CompiledQuery;
}

/** Whether the rows of a query must be replaced by those of its `exact` form (see CompiledQuery.exact). */
export const needsExact = (rows: readonly Record<string, unknown>[]): boolean => rows.some((row) => Number(row['inexact'] ?? 0) !== 0);

/** Metrics of a report that exist for the period kind of the query. */
export function metricsFor(report: ReportDefinition, periods: readonly Period[]): AggregateMetric[] {
  const kind = periods[0]?.kind;
  return report.metrics.filter((m) => m.onlyFor === undefined || (kind !== undefined && m.onlyFor.includes(kind)));
}

const RANGE = `site_id = {site:UInt32} AND ts >= toDateTime({from:UInt32}, 'UTC') AND ts < toDateTime({to:UInt32}, 'UTC')`;

/** Index of the period an instant falls in (periods are contiguous; `starts` are their UTC starts). */
const periodIndex = (instant: string) => `arrayCount(s -> s <= toUnixTimestamp(${instant}), {starts:Array(UInt32)}) - 1`;

/**
 * How a query places rows in its periods. With one period (a range, or one day, week, …) every row of the
 * span is in it: period_index is the constant 0 and the GROUP BY keys on the label alone. A key of a
 * number and a string is hashed as a serialized composite, ≈ 35 % more than the string alone (measured on
 * the page reports' final GROUP BY over 0.9 M page views).
 */
interface PeriodKey {
  /** period_index of the row or visit whose time is `instant`. */
  of(instant: string): string;
  /** period_index in a SELECT over rows that have it, grouped by `keys`. */
  readonly column: string;
  /** The GROUP BY keys: the given ones, with period_index before the last when there are several periods. */
  keys(...keys: string[]): string;
}

function periodKey(periods: readonly Period[]): PeriodKey {
  if (periods.length === 1) return { of: () => '0', column: '0 AS period_index', keys: (...keys) => keys.join(', ') };
  return {
    of: periodIndex,
    column: 'period_index',
    keys: (...keys) => [...keys.slice(0, -1), 'period_index', ...keys.slice(-1)].join(', '),
  };
}

/** Event columns an SQL fragment mentions, so subqueries read only those. */
function columnsUsed(...fragments: (string | undefined)[]): string[] {
  const text = fragments.filter((f) => f !== undefined).join(' ');
  const always = ['visit_id', 'visitor_id', 'ts', 'seq', 'action_type'];
  const used = EVENT_COLUMNS.map(([c]) => c as string).filter((c) => always.includes(c) || new RegExp(`\\b${c}\\b`).test(text));
  return used;
}

/** Per-visit columns an SQL fragment mentions (by name), plus the base ones. */
function visitColumnsUsed(report: ReportDefinition, ...fragments: (string | undefined)[]): string[] {
  const text = fragments.filter((f) => f !== undefined).join(' ');
  const names = new Set<string>([...BASE_VISIT_COLUMNS, ...(report.visitColumns ?? [])]);
  for (const name of Object.keys(VISIT_COLUMNS)) if (new RegExp(`\\b${name}\\b`).test(text)) names.add(name);
  return [...names];
}

/**
 * The per-visit table, restricted to the segment's visits. Aggregates are computed under `c__` aliases
 * and renamed outside: ClickHouse resolves an alias before a column of the same name, so
 * `argMax(country, seq) AS country` would make a segment's `argMax(country, seq)` nest aggregates.
 */
function visitsTable(columns: readonly string[], having: string | undefined, extra: Readonly<Record<string, string>> = {}): string {
  const inner = [
    ...columns.map((c) => `${VISIT_COLUMNS[c]} AS c__${c}`),
    ...Object.entries(extra).map(([name, e]) => `${e} AS x__${name}`),
  ];
  if (having !== undefined) inner.push(`${having} AS seg_ok`);
  const outer = [...columns.map((c) => `c__${c} AS ${c}`), ...Object.keys(extra).map((name) => `x__${name} AS ${name}`)];
  return [
    `SELECT visit_id, ${outer.join(', ')} FROM (`,
    `  SELECT visit_id, ${inner.join(', ')}`,
    `  FROM ${EVENTS_TABLE}`,
    `  WHERE ${RANGE}`,
    `  GROUP BY visit_id`,
    `)`,
    ...(having === undefined ? [] : [`WHERE seg_ok`]),
  ].join('\n');
}

/**
 * Event rows of the site in the span, with their period. With `pageTime`, only page views, each with the
 * time spent on it: Matomo stores the time on a page as time_spent_ref_action on the NEXT action (§2.7),
 * so the time on a page view is the sum of that column over the actions after it, up to and including
 * the next page view (or to the end of the visit). With S the running sum of that column in the visit,
 * it is S(next page view, or visit total) − S(this page view).
 */
function rowsTable(columns: readonly string[], having: string | undefined, pageTime: boolean, period: PeriodKey): string {
  const segmentFilter =
    having === undefined ? '' : ` AND visit_id IN (SELECT visit_id FROM ${EVENTS_TABLE} WHERE ${RANGE} GROUP BY visit_id HAVING ${having})`;
  if (!pageTime) {
    return `SELECT *, ${period.of('ts')} AS period_index FROM (SELECT ${columns.join(', ')} FROM ${EVENTS_TABLE} WHERE ${RANGE}${segmentFilter})`;
  }
  const cols = [...new Set([...columns, 'time_spent_ref_action'])];
  return [
    `SELECT *, leadInFrame(running, 1, total) OVER (PARTITION BY visit_id ORDER BY seq ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) - running AS time_spent,`,
    `  ${period.of('ts')} AS period_index`,
    `FROM (`,
    // Both sums share one window order, so the rows are sorted once.
    `  SELECT *, sum(tsr) OVER (PARTITION BY visit_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,`,
    `    sum(tsr) OVER (PARTITION BY visit_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS total`,
    `  FROM (SELECT ${cols.join(', ')}, if(action_type IN (1, 2, 3, 4, 5, 9, 10), time_spent_ref_action, 0) AS tsr`,
    `    FROM ${EVENTS_TABLE} WHERE ${RANGE}${segmentFilter})`,
    `)`,
    `WHERE action_type = 1`,
  ].join('\n');
}

/** The segment and the bound values of a query: span, periods, timezone, segment values, report params. */
function queryParams(q: ReportQuery): { seg: CompiledSegment | undefined; params: Record<string, QueryParamValue> } {
  if (q.periods.length === 0) throw new RangeError('a report query needs at least one period');
  const bounds = q.periods.map((p) => periodBounds(p, q.timeZone));
  const starts = bounds.map((b) => Math.floor(b.from / 1000));
  const seg = q.segment !== undefined && q.segment.length > 0 ? compileSegment(q.segment) : undefined;
  const params: Record<string, QueryParamValue> = {
    site: q.siteId,
    from: starts[0]!,
    to: Math.floor(bounds[bounds.length - 1]!.to / 1000),
    starts,
    tz: q.timeZone,
    ...(seg?.params ?? {}),
    ...(q.report.params ?? {}),
    ...(q.params ?? {}),
  };
  return { seg, params };
}

/**
 * Queries with the same key can be answered by one `compileVisitBatch` query: visit table reports (one
 * row per dimension value) with the same site, periods, segment, bound values and metrics. Undefined for
 * the others.
 */
export function visitBatchKey(q: ReportQuery): string | undefined {
  const r = q.report;
  if (r.source !== 'visits' || r.shape !== 'table') return undefined;
  const metrics = metricsFor(r, q.periods).map((m) => [m.name, m.sql]);
  return JSON.stringify([queryParams(q).params, q.segment ?? [], metrics]);
}

/**
 * Several visit table reports (same `visitBatchKey`) in one query: the per-visit table is built once (the
 * GROUP BY visit over every row of the span is most of a visit report's cost) and each visit is counted
 * once per report, under that report's dimension if it passes the report's `where`. Rows:
 * `(report_index, period_index, label, <metrics>)`, report_index being the position in `queries`.
 */
export function compileVisitBatch(queries: readonly ReportQuery[]): CompiledQuery {
  const first = queries[0];
  if (first === undefined) throw new RangeError('a batch needs at least one query');
  const key = visitBatchKey(first);
  if (key === undefined || queries.some((q) => visitBatchKey(q) !== key)) throw new RangeError('these queries cannot share one query');
  const metrics = metricsFor(first.report, first.periods);
  const { seg, params } = queryParams(first);
  const dims = queries.map((q) => ({ dimension: q.report.dimension ?? "''", where: q.report.where ?? '1' }));
  const cols = [
    ...new Set(queries.flatMap((q, i) => visitColumnsUsed(q.report, dims[i]!.dimension, q.report.where, ...metrics.map((m) => m.sql)))),
  ];
  const perReport = dims.map((d, i) => `(${i}, toUInt8(${d.where}), toString(${d.dimension}))`).join(', ');
  const period = periodKey(first.periods);
  const sql = [
    `SELECT d.1 AS report_index, ${period.of('first_ts')} AS period_index, d.3 AS label,`,
    `  ${metrics.map((m) => `${m.sql} AS ${m.name}`).join(',\n  ')}`,
    `FROM (${visitsTable(cols, seg?.having)})`,
    `ARRAY JOIN [${perReport}] AS d`,
    `WHERE d.2 = 1`,
    `GROUP BY ${period.keys('report_index', 'label')}`,
    `ORDER BY report_index, period_index`,
  ].join('\n');
  return { sql, params, metrics };
}

/**
 * Compiles a report query to one ClickHouse query answering every period at once: rows
 * `(period_index, label, <metrics>)`. Visits never cross a site-local midnight, so placing a visit in the
 * period of its first hit (or an action in the period of its own hit) never splits a visit.
 */
export function compileReportQuery(q: ReportQuery): CompiledQuery {
  const r = q.report;
  const metrics = metricsFor(r, q.periods);
  const { seg, params } = queryParams(q);
  const dimension = r.shape === 'single' ? "''" : (r.dimension ?? "''");
  const metricSql = metrics.map((m) => `${m.sql} AS ${m.name}`).join(',\n  ');
  const period = periodKey(q.periods);
  let sql: string;
  switch (r.source) {
    case 'visits': {
      const cols = visitColumnsUsed(r, dimension, r.where, ...metrics.map((m) => m.sql));
      sql = [
        `SELECT ${period.of('first_ts')} AS period_index, ${dimension} AS label,`,
        `  ${metricSql}`,
        `FROM (${visitsTable(cols, seg?.having)})`,
        ...(r.where === undefined ? [] : [`WHERE ${r.where}`]),
        `GROUP BY ${period.keys('label')}`,
        `ORDER BY period_index`,
      ].join('\n');
      break;
    }
    case 'actions': {
      const fragments = [dimension, r.where, ...metrics.map((m) => m.sql)];
      const withTime = fragments.some((f) => f?.includes('time_spent') && !f.includes('time_spent_ref_action'));
      sql = [
        `SELECT ${period.column}, ${dimension} AS label,`,
        `  ${metricSql}`,
        `FROM (${rowsTable(columnsUsed(...fragments), seg?.having, withTime, period)})`,
        ...(r.where === undefined ? [] : [`WHERE ${r.where}`]),
        `GROUP BY ${period.keys('label')}`,
        `ORDER BY period_index`,
      ].join('\n');
      break;
    }
    case 'pages': {
      const exact = { sql: compilePages(r, dimension, seg?.having, metrics, period, false), params, metrics };
      return { sql: compilePages(r, dimension, seg?.having, metrics, period, true), params, metrics, exact };
    }
  }
  return { sql, params, metrics };
}

/** Action types whose time_spent_ref_action counts towards the time on the page before them. */
const TIMED_ACTIONS = '1, 2, 3, 4, 5, 9, 10';

/** Bit 32 of a packed timed row: set on page views. */
const PAGE_VIEW_BIT = 4294967296;

/**
 * The label of each label hash of the span's page views. The inner GROUP BY is answered by the projection
 * page_labels (event migration 0002: distinct URLs and titles per site and UTC day), a few thousand rows
 * instead of every page view; parts without it are read raw, with the same answer. The UTC days covering
 * the span are a superset of it, which only adds labels that no counted row asks for. `collided`: two
 * labels share the hash.
 */
function labelDictionary(dimension: string): string {
  return [
    `SELECT cityHash64(l) AS label_hash, min(l) AS label, min(l) != max(l) AS collided, 1 AS found`,
    `FROM (`,
    `  SELECT ${dimension} AS l FROM ${EVENTS_TABLE}`,
    `  WHERE site_id = {site:UInt32} AND toDate(ts) >= toDate(toDateTime({from:UInt32}, 'UTC')) AND toDate(ts) <= toDate(toDateTime({to:UInt32} - 1, 'UTC'))`,
    `  GROUP BY ${dimension}`,
    `)`,
    `GROUP BY label_hash`,
  ].join('\n');
}

/**
 * Per visit: its timed rows sorted by seq (one UInt128 each: seq in the high 64 bits, the page view flag in
 * bit 32, time_spent_ref_action in the low 32: a plain arraySort orders them), their time_spent_ref_action
 * (`tsr`), and the page views' labels in seq order. The labels are collected by the same rows'
 * aggregation as the timed rows, so the page views among the unsorted timed rows are in the labels'
 * order: their values sort the labels (no array of seqs).
 */
function pageArrays(label: string): string[] {
  return [
    `  groupArrayIf(bitOr(bitShiftLeft(toUInt128(seq), 64), bitOr(bitShiftLeft(toUInt128(action_type = 1), 32), time_spent_ref_action)), action_type IN (${TIMED_ACTIONS})) AS timed_rows,`,
    `  arraySort((l, k) -> k, groupArrayIf(${label}, action_type = 1), arrayFilter(x -> bitAnd(x, ${PAGE_VIEW_BIT}) != 0, timed_rows)) AS labels,`,
    `  arraySort(timed_rows) AS timed,`,
    `  arrayMap(x -> toUInt64(bitAnd(x, 4294967295)), timed) AS tsr,`,
    `  arrayFilter((c, x) -> bitAnd(x, ${PAGE_VIEW_BIT}) != 0, arrayCumSum(tsr), timed) AS pv_running,`,
  ];
}

/**
 * Page reports (URLs or titles, with their entry and exit variants) in one pass over the span, grouped by
 * visit. Each visit yields its page views in order as arrays of numbers: no window function and no
 * per-label distinct set of visits.
 *
 * - Labels are 64-bit hashes (`hashed`): collecting a number per page view costs ≈ 40 % of collecting
 *   the string, and grouping by it is cheaper too; the strings come from labelDictionary, joined to the ≈ 1,000
 *   result rows. If two labels of the span share a hash, `inexact` says so and the runner uses the same
 *   query with string labels (`hashed` false; CompiledQuery.exact).
 * - Time on a page view (Matomo stores it on the NEXT actions, §2.7): with S the running sum of
 *   time_spent_ref_action over the visit's timed rows in seq order, it is S(next page view, or the
 *   visit's total) − S(this page view). Rows of other types add 0 to S, so they are left out of the array.
 * - The arrays: pageArrays, one sortable number per timed row.
 * - nb_visits of a label: its page views that are the first with that label in their visit.
 * - Unique visitors: distinct (visitor, local day) among those first page views (for a day period this
 *   is the day's distinct visitors), counted by sorting them per label (distinctCountIf).
 * - Entry/exit: the first/last page view of the visit.
 * - A segment is a HAVING on the same GROUP BY: no second pass to find the segment's visits.
 *
 * Visits never cross a site-local midnight, so the visit's first hit gives the period and the day of all
 * its page views.
 */
function compilePages(
  r: ReportDefinition,
  dimension: string,
  having: string | undefined,
  metrics: readonly AggregateMetric[],
  period: PeriodKey,
  hashed: boolean,
): string {
  const uniq = metrics.find((m) => m.name === 'nb_uniq_visitors' || m.name === 'sum_daily_nb_uniq_visitors');
  const aggregates: Record<string, string> = {
    nb_visits: 'sum(first_in_visit)',
    nb_hits: 'count()',
    sum_time_spent: 'sum(time_spent)',
    entry_nb_visits: 'countIf(is_entry)',
    entry_nb_actions: 'sumIf(actions, is_entry)',
    entry_sum_visit_length: 'sumIf(total_time, is_entry)',
    entry_bounce_count: 'countIf(is_entry AND actions <= 1)',
    exit_nb_visits: 'countIf(is_exit)',
    ...(uniq === undefined ? {} : { [uniq.name]: distinctCountIf('visitor_day', 'first_in_visit', 'visitor_days') }),
  };
  const outer = metrics.map((m) => `${aggregates[m.name] ?? '0'} AS ${m.name}`).join(',\n  ');
  const key = hashed ? 'label_hash' : 'label';
  const visits = [
    // `v_` aliases: a segment's HAVING may use any(visitor_id) or min(ts), and an alias named like the column
    // would turn those into nested aggregates.
    `SELECT any(visitor_id) AS v_visitor, min(ts) AS v_first_ts, sum(is_action) AS actions, max(visit_total_time) AS total_time,`,
    ...pageArrays(hashed ? `cityHash64(${dimension})` : dimension),
    // S(next) − S(this) for each page view, the visit's total standing in for the last one's next.
    `  arrayPopFront(arrayDifference(arrayPushBack(pv_running, arraySum(tsr)))) AS times`,
    `FROM ${EVENTS_TABLE}`,
    `WHERE ${RANGE}`,
    `GROUP BY visit_id`,
    `HAVING length(labels) > 0${having === undefined ? '' : ` AND (${having})`}`,
  ].join('\n');
  const pageViews = [
    `SELECT ${period.of('v_first_ts')} AS period_index, ${visitorDayKey('v_visitor', 'v_first_ts')} AS visitor_day, actions, total_time,`,
    `  ${key}, time_spent, occurrence = 1 AS first_in_visit, position = 1 AS is_entry, position = length(labels) AS is_exit`,
    `FROM (${visits})`,
    `ARRAY JOIN labels AS ${key}, times AS time_spent, arrayEnumerateUniq(labels) AS occurrence, arrayEnumerate(labels) AS position`,
  ].join('\n');
  const counts = [
    `SELECT ${period.column}, ${key},`,
    `  ${outer}`,
    `FROM (${pageViews})`,
    `GROUP BY ${period.keys(key)}`,
    ...(r.where === undefined ? [] : [`HAVING ${r.where}`]),
  ].join('\n');
  if (!hashed) return `${counts}\nORDER BY period_index`;
  return [
    `SELECT period_index, label, found = 0 OR collided AS inexact, ${metrics.map((m) => m.name).join(', ')}`,
    `FROM (${counts}) AS counts`,
    `ANY LEFT JOIN (${labelDictionary(dimension)}) AS names USING label_hash`,
    `ORDER BY period_index`,
  ].join('\n');
}
