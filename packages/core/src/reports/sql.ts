import type { AggregateMetric, ReportDefinition } from './definitions.js';
import { VISIT_COLUMNS } from './definitions.js';
import type { Period } from './periods.js';
import { periodBounds } from './periods.js';

/** The event table every report reads (created by the event store's migrations). */
export const EVENTS_TABLE = 'sillage.events';

/** The internal query both front doors (Matomo API, dashboard API) parse into. */
export interface ReportQuery {
  readonly report: ReportDefinition;
  readonly siteId: number;
  readonly timeZone: string;
  /** Contiguous, in order. */
  readonly periods: readonly Period[];
}

export interface CompiledQuery {
  readonly sql: string;
  readonly params: Record<string, number | readonly number[]>;
  /** Metrics present in the result for these periods (unique counts are left out for year/range). */
  readonly metrics: readonly AggregateMetric[];
}

function metricsFor(report: ReportDefinition, periods: readonly Period[]): AggregateMetric[] {
  const kind = periods[0]?.kind;
  return report.metrics.filter((m) => m.onlyFor === undefined || (kind !== undefined && m.onlyFor.includes(kind)));
}

/**
 * Compiles a visit-level report to one ClickHouse query: hits of the site in the whole span are grouped
 * into visits, each visit is placed in its period by its first hit (visits never cross a site-local
 * midnight, so no visit straddles two periods), and the definition's aggregates run per period.
 */
export function compileReportQuery(q: ReportQuery): CompiledQuery {
  if (q.periods.length === 0) throw new RangeError('a report query needs at least one period');
  const bounds = q.periods.map((p) => periodBounds(p, q.timeZone));
  const starts = bounds.map((b) => Math.floor(b.from / 1000));
  const from = starts[0]!;
  const to = Math.floor(bounds[bounds.length - 1]!.to / 1000);
  const metrics = metricsFor(q.report, q.periods);
  const visitCols = Object.entries(VISIT_COLUMNS)
    .map(([name, expr]) => `${expr} AS ${name}`)
    .join(', ');
  const sql = [
    `SELECT arrayCount(s -> s <= toUnixTimestamp(first_ts), {starts:Array(UInt32)}) - 1 AS period_index,`,
    `  ${metrics.map((m) => `${m.sql} AS ${m.name}`).join(',\n  ')}`,
    `FROM (`,
    `  SELECT visit_id, ${visitCols}`,
    `  FROM ${EVENTS_TABLE}`,
    `  WHERE site_id = {site:UInt32} AND ts >= toDateTime({from:UInt32}, 'UTC') AND ts < toDateTime({to:UInt32}, 'UTC')`,
    `  GROUP BY visit_id`,
    `)`,
    `GROUP BY period_index`,
    `ORDER BY period_index`,
  ].join('\n');
  return { sql, params: { site: q.siteId, from, to, starts }, metrics };
}
