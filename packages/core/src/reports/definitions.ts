import type { PeriodKind } from './periods.js';

/**
 * Report definitions, written once. A definition declares where its rows come from, the dimension it
 * groups by and its metrics; the SQL builder (sql.ts) turns a query on it into ClickHouse SQL and the
 * API layers (Matomo Reporting API, dashboard API) only choose a definition and shape its rows. Metric
 * meanings follow Matomo (matomo-compat.md §6.4) so the same hits give the same numbers in both products.
 */

/**
 * Columns of the per-visit table (`v`) visit-level reports aggregate over: one aggregate per visit over
 * its rows. Rows repeat the visit's attributes as of each hit, so the visit's value is the last row's
 * (argMax by seq): a direct visit may learn its referrer from a later hit.
 */
export const VISIT_COLUMNS: Readonly<Record<string, string>> = {
  visitor_id: 'any(visitor_id)',
  user_id: "maxIf(user_id, user_id != '')",
  actions: 'sum(is_action)',
  total_time: 'max(visit_total_time)',
  // Goal conversions and ecommerce orders convert a visit (Matomo's visit_goal_converted).
  converted: 'max(action_type IN (6, 7))',
  first_ts: 'min(ts)',
  // Matomo's visit_last_action_time: pings do not move it.
  last_ts: 'maxIf(ts, action_type != 11)',
  visitor_returning: 'min(visitor_returning)',
  visit_count: 'max(visit_count)',
  seconds_since_last_visit: 'max(seconds_since_last_visit)',
  local_time: 'argMin(local_time, seq)',
  entry_url: 'argMinIf(url, seq, action_type = 1)',
  entry_title: 'argMinIf(title, seq, action_type = 1)',
  exit_url: 'argMaxIf(url, seq, action_type = 1)',
  exit_title: 'argMaxIf(title, seq, action_type = 1)',
  // Bound by CustomDimensions.getCustomDimension.
  custom_dimension: "argMaxIf(dimensions[{dimensionId:UInt16}], seq, dimensions[{dimensionId:UInt16}] != '')",
  // Goals: conversions of one goal ({idGoal} > 0) or of any goal and ecommerce order ({idGoal} = 0).
  conversions: 'countIf(action_type IN (6, 7) AND ({idGoal:Int32} = 0 OR goal_id = {idGoal:Int32}))',
  conversion_revenue: 'sumIf(ifNull(revenue, 0), action_type IN (6, 7) AND ({idGoal:Int32} = 0 OR goal_id = {idGoal:Int32}))',
  ...Object.fromEntries(
    [
      'ref_type',
      'ref_name',
      'ref_keyword',
      'ref_url',
      'campaign_name',
      'campaign_keyword',
      'campaign_source',
      'campaign_medium',
      'country',
      'region',
      'city',
      'language',
      'device_type',
      'device_brand',
      'device_model',
      'os_name',
      'os_version',
      'browser_name',
      'browser_version',
      'browser_engine',
      'resolution',
    ].map((c) => [c, `argMax(${c}, seq)`]),
  ),
};

/** Always computed: the visit metrics need them. */
// user_id is not among them: it is a String column (≈ 15 % of a visit report's time to read and compare), so
// only the reports that mention it (visitColumnsUsed finds it by name) read it.
export const BASE_VISIT_COLUMNS = ['visitor_id', 'actions', 'total_time', 'converted', 'first_ts'] as const;

export interface AggregateMetric {
  readonly name: string;
  /** ClickHouse aggregate over the report's source (per-visit table or event rows). */
  readonly sql: string;
  /** Only present for these periods (Matomo computes unique visitors for day/week/month only, …). */
  readonly onlyFor?: readonly PeriodKind[];
  /** Needed by processed metrics but not shown (PagePerformance sums). */
  readonly hidden?: boolean;
}

export type MetricValues = Readonly<Record<string, number>>;

export interface ProcessedMetric {
  readonly name: string;
  /** Computed from the aggregates of one row; `undefined` leaves the column out. */
  compute(values: MetricValues): number | undefined;
  /** How Matomo renders it under format_metrics=bc (the default): percentages become "NN%". */
  readonly format?: 'percent';
}

/**
 * Where a report's rows come from:
 * - `visits`: the per-visit table (one row per visit); metrics are visit metrics.
 * - `actions`: event rows (optionally filtered by `where`); `time_spent` (seconds on a page view, taken
 *   from the following actions' time_spent_ref_action) is available as a column.
 * - `pages`: page-view rows plus the entry/exit columns of the per-visit table, joined by label
 *   (Actions.getPageUrls/getPageTitles and their entry/exit variants).
 */
export type ReportSource = 'visits' | 'actions' | 'pages';

/** Display label, metadata and the Matomo segment of one raw dimension value. */
export interface LabelFormat {
  readonly label: string;
  readonly metadata?: Readonly<Record<string, string | number>>;
}

export interface ReportDefinition {
  /** Matomo method name, e.g. "UserCountry.getCountry". */
  readonly id: string;
  readonly source: ReportSource;
  /** single: one row per period; table: rows per dimension value. */
  readonly shape: 'single' | 'table';
  /**
   * The dimension (table reports): for `visits`, an expression over the per-visit columns; for `actions`
   * and `pages`, over event rows (for pages, `entry_url` style visit columns are matched by `entryExit`).
   */
  readonly dimension?: string;
  /** Visit columns the dimension or the metrics need beyond BASE_VISIT_COLUMNS. */
  readonly visitColumns?: readonly string[];
  /** Row filter for `actions`/`pages` sources, or a per-visit filter for `visits` (a HAVING-free WHERE on v). */
  readonly where?: string;
  /** For `pages`: which per-visit columns hold the entry and exit value matching the dimension. */
  readonly entryExit?: { readonly entry: string; readonly exit: string };
  readonly metrics: readonly AggregateMetric[];
  readonly processed: readonly ProcessedMetric[];
  /** Raw dimension value → label and metadata. Default: the raw value. */
  readonly format?: (raw: string) => LabelFormat;
  /** Raw values that always get a row, even without data (VisitTime hours, VisitorInterest buckets). */
  readonly allRows?: readonly string[];
  /** Drop rows whose raw value is '' (e.g. referrer names of direct visits). */
  readonly skipEmpty?: boolean;
  /**
   * Drop rows where this metric is 0, after the query (entry pages: `entry_nb_visits`). Unlike a `where`,
   * it leaves the SQL equal to the unfiltered report's, so the dashboard's page URLs and entry pages,
   * asked for at once, share one execution (the engine runs identical queries in flight once).
   */
  readonly keepRowsWith?: string;
  /** Metric the default order sorts on (descending); Matomo sorts most reports by visits. */
  readonly defaultSort?: string;
  /** Keep this order (the allRows order) instead of sorting. */
  readonly keepOrder?: boolean;
  /** Tree built in JS from the flat rows: page URLs by path, titles, outlinks/downloads by host. */
  readonly hierarchy?: 'url' | 'title' | 'host';
  /** Default values of `{name:Type}` placeholders the SQL uses; a query's params override them. */
  readonly params?: Readonly<Record<string, string | number>>;
}

const UNIQUE_PERIODS: readonly PeriodKind[] = ['day', 'week', 'month'];
const NOT_DAY: readonly PeriodKind[] = ['week', 'month', 'year', 'range'];

export function ratio(a: number | undefined, b: number | undefined, precision: number): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (b === 0) return 0;
  const f = 10 ** precision;
  return Math.round((a / b) * f) / f;
}

/**
 * One UInt128 per (visitor, site-local day): the visitor id in the high bits, the day number in the low 16.
 * Exact like the pair, but `uniqExact` hashes one fixed-width number instead of a tuple (≈ 40 % cheaper on
 * a visit report).
 */
export const visitorDayKey = (visitorCol: string, tsCol: string) =>
  `bitOr(bitShiftLeft(toUInt128(${visitorCol}), 16), toUInt16(toDate(${tsCol}, {tz:String})))`;

/**
 * Number of distinct values of the fixed-width `value` among the rows where `cond` holds, counted by
 * sorting them (`name` names the sorted array). Exact, and on a few hundred thousand keys ≈ 2–4× cheaper
 * than uniqExactIf: its hash sets miss the cache and are merged across threads, while the sort works
 * in place (per label when grouped).
 */
export const distinctCountIf = (value: string, cond: string, name: string) =>
  `length(${name}) - arrayCount((a, b) -> a = b, arrayPopFront(arraySort(groupArrayIf(${value}, ${cond})) AS ${name}), arrayPopBack(${name}))`;

/** Unique visitors of a dimension row: exact for a day; for longer periods Matomo sums daily uniques. */
export function uniqueVisitorMetrics(visitorCol: string, tsCol: string): AggregateMetric[] {
  return [
    { name: 'nb_uniq_visitors', sql: `uniqExact(${visitorCol})`, onlyFor: ['day'] },
    // Distinct (visitor, local day) pairs = the sum over days of each day's unique visitors.
    { name: 'sum_daily_nb_uniq_visitors', sql: `uniqExact(${visitorDayKey(visitorCol, tsCol)})`, onlyFor: NOT_DAY },
  ];
}

/** Matomo's visit metrics on dimension rows (§6.4 "Common visit metrics"). */
export const VISIT_METRICS: readonly AggregateMetric[] = [
  ...uniqueVisitorMetrics('visitor_id', 'first_ts'),
  { name: 'nb_visits', sql: 'count()' },
  { name: 'nb_actions', sql: 'sum(actions)' },
  { name: 'max_actions', sql: 'max(actions)' },
  { name: 'sum_visit_length', sql: 'sum(total_time)' },
  // Matomo: a bounce is a visit with 0 or 1 action (visit_total_actions IN (0,1)).
  { name: 'bounce_count', sql: 'countIf(actions <= 1)' },
  { name: 'nb_visits_converted', sql: 'countIf(converted = 1)' },
];

export const VISIT_PROCESSED: readonly ProcessedMetric[] = [
  { name: 'bounce_rate', compute: (v) => ratio(v['bounce_count'], v['nb_visits'], 2), format: 'percent' },
  { name: 'nb_actions_per_visit', compute: (v) => ratio(v['nb_actions'], v['nb_visits'], 1) },
  { name: 'avg_time_on_site', compute: (v) => ratio(v['sum_visit_length'], v['nb_visits'], 0) },
];

export const VISITS_SUMMARY: ReportDefinition = {
  id: 'VisitsSummary.get',
  source: 'visits',
  shape: 'single',
  metrics: [
    { name: 'nb_uniq_visitors', sql: 'uniqExact(visitor_id)', onlyFor: UNIQUE_PERIODS },
    { name: 'nb_users', sql: "uniqExactIf(user_id, user_id != '')", onlyFor: UNIQUE_PERIODS },
    { name: 'nb_visits', sql: 'count()' },
    { name: 'nb_actions', sql: 'sum(actions)' },
    { name: 'nb_visits_converted', sql: 'countIf(converted = 1)' },
    { name: 'bounce_count', sql: 'countIf(actions <= 1)' },
    { name: 'sum_visit_length', sql: 'sum(total_time)' },
    { name: 'max_actions', sql: 'max(actions)' },
  ],
  processed: VISIT_PROCESSED,
};
