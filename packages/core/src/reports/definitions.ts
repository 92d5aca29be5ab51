import type { PeriodKind } from './periods.js';

/**
 * Report definitions, written once. A definition names its metrics; the SQL builder (sql.ts) turns a
 * query on it into ClickHouse SQL and the API layers (Matomo Reporting API, dashboard API) only choose a
 * definition and shape its rows. Metric meanings follow Matomo (matomo-compat.md §6.4) so the same hits
 * give the same numbers in both products.
 */

/** Columns of the per-visit subquery every visit-level report aggregates over. */
export const VISIT_COLUMNS = {
  visitor_id: 'any(visitor_id)',
  user_id: "anyIf(user_id, user_id != '')",
  actions: 'sum(is_action)',
  total_time: 'max(visit_total_time)',
  // Goal conversions and ecommerce orders convert a visit (Matomo's visit_goal_converted).
  converted: 'max(action_type IN (6, 7))',
  first_ts: 'min(ts)',
} as const;

export interface AggregateMetric {
  readonly name: string;
  /** ClickHouse aggregate over the per-visit subquery. */
  readonly sql: string;
  /** Matomo only computes unique visitors/users for these periods (enable_processing_unique_visitors_*). */
  readonly onlyFor?: readonly PeriodKind[];
}

export type MetricValues = Readonly<Record<string, number>>;

export interface ProcessedMetric {
  readonly name: string;
  /** Computed from the aggregates of one row; `undefined` leaves the column out. */
  compute(values: MetricValues): number | undefined;
  /** How Matomo renders it under format_metrics=bc (the default): percentages become "NN%". */
  readonly format?: 'percent';
}

export interface ReportDefinition {
  /** Matomo method name, e.g. "VisitsSummary.get". */
  readonly id: string;
  readonly level: 'visit';
  /** single: one row per period (VisitsSummary.get); table: rows per dimension value (later reports). */
  readonly shape: 'single';
  readonly metrics: readonly AggregateMetric[];
  readonly processed: readonly ProcessedMetric[];
}

const UNIQUE_PERIODS: readonly PeriodKind[] = ['day', 'week', 'month'];

function ratio(a: number | undefined, b: number | undefined, precision: number): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (b === 0) return 0;
  const f = 10 ** precision;
  return Math.round((a / b) * f) / f;
}

export const VISITS_SUMMARY: ReportDefinition = {
  id: 'VisitsSummary.get',
  level: 'visit',
  shape: 'single',
  metrics: [
    { name: 'nb_uniq_visitors', sql: 'uniqExact(visitor_id)', onlyFor: UNIQUE_PERIODS },
    { name: 'nb_users', sql: "uniqExactIf(user_id, user_id != '')", onlyFor: UNIQUE_PERIODS },
    { name: 'nb_visits', sql: 'count()' },
    { name: 'nb_actions', sql: 'sum(actions)' },
    { name: 'nb_visits_converted', sql: 'countIf(converted = 1)' },
    // Matomo: a bounce is a visit with 0 or 1 action (visit_total_actions IN (0,1)).
    { name: 'bounce_count', sql: 'countIf(actions <= 1)' },
    { name: 'sum_visit_length', sql: 'sum(total_time)' },
    { name: 'max_actions', sql: 'max(actions)' },
  ],
  processed: [
    { name: 'bounce_rate', compute: (v) => ratio(v['bounce_count'], v['nb_visits'], 2), format: 'percent' },
    { name: 'nb_actions_per_visit', compute: (v) => ratio(v['nb_actions'], v['nb_visits'], 1) },
    { name: 'avg_time_on_site', compute: (v) => ratio(v['sum_visit_length'], v['nb_visits'], 0) },
  ],
};

export const REPORTS: ReadonlyMap<string, ReportDefinition> = new Map([[VISITS_SUMMARY.id, VISITS_SUMMARY]]);
