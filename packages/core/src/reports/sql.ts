import { EVENT_COLUMNS } from '../event-row.js';
import type { AggregateMetric, ReportDefinition } from './definitions.js';
import { BASE_VISIT_COLUMNS, VISIT_COLUMNS } from './definitions.js';
import type { Period } from './periods.js';
import { periodBounds } from './periods.js';
import type { SegmentExpression } from './segments.js';
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
}

/** Metrics of a report that exist for the period kind of the query. */
export function metricsFor(report: ReportDefinition, periods: readonly Period[]): AggregateMetric[] {
  const kind = periods[0]?.kind;
  return report.metrics.filter((m) => m.onlyFor === undefined || (kind !== undefined && m.onlyFor.includes(kind)));
}

const RANGE = `site_id = {site:UInt32} AND ts >= toDateTime({from:UInt32}, 'UTC') AND ts < toDateTime({to:UInt32}, 'UTC')`;

/** Index of the period an instant falls in (periods are contiguous; `starts` are their UTC starts). */
const periodIndex = (instant: string) => `arrayCount(s -> s <= toUnixTimestamp(${instant}), {starts:Array(UInt32)}) - 1`;

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
function rowsTable(columns: readonly string[], having: string | undefined, pageTime: boolean): string {
  const segmentFilter =
    having === undefined ? '' : ` AND visit_id IN (SELECT visit_id FROM ${EVENTS_TABLE} WHERE ${RANGE} GROUP BY visit_id HAVING ${having})`;
  if (!pageTime) {
    return `SELECT *, ${periodIndex('ts')} AS period_index FROM (SELECT ${columns.join(', ')} FROM ${EVENTS_TABLE} WHERE ${RANGE}${segmentFilter})`;
  }
  const cols = [...new Set([...columns, 'time_spent_ref_action'])];
  return [
    `SELECT *, leadInFrame(running, 1, total) OVER (PARTITION BY visit_id ORDER BY seq ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) - running AS time_spent,`,
    `  ${periodIndex('ts')} AS period_index`,
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

/**
 * Compiles a report query to one ClickHouse query answering every period at once: rows
 * `(period_index, label, <metrics>)`. Visits never cross a site-local midnight, so placing a visit in the
 * period of its first hit (or an action in the period of its own hit) never splits a visit.
 */
export function compileReportQuery(q: ReportQuery): CompiledQuery {
  if (q.periods.length === 0) throw new RangeError('a report query needs at least one period');
  const r = q.report;
  const bounds = q.periods.map((p) => periodBounds(p, q.timeZone));
  const starts = bounds.map((b) => Math.floor(b.from / 1000));
  const from = starts[0]!;
  const to = Math.floor(bounds[bounds.length - 1]!.to / 1000);
  const metrics = metricsFor(r, q.periods);
  const seg = q.segment !== undefined && q.segment.length > 0 ? compileSegment(q.segment) : undefined;
  const params: Record<string, QueryParamValue> = {
    site: q.siteId,
    from,
    to,
    starts,
    tz: q.timeZone,
    ...(seg?.params ?? {}),
    ...(r.params ?? {}),
    ...(q.params ?? {}),
  };
  const dimension = r.shape === 'single' ? "''" : (r.dimension ?? "''");
  const metricSql = metrics.map((m) => `${m.sql} AS ${m.name}`).join(',\n  ');
  let sql: string;
  switch (r.source) {
    case 'visits': {
      const cols = visitColumnsUsed(r, dimension, r.where, ...metrics.map((m) => m.sql));
      sql = [
        `SELECT ${periodIndex('first_ts')} AS period_index, ${dimension} AS label,`,
        `  ${metricSql}`,
        `FROM (${visitsTable(cols, seg?.having)})`,
        ...(r.where === undefined ? [] : [`WHERE ${r.where}`]),
        `GROUP BY period_index, label`,
        `ORDER BY period_index`,
      ].join('\n');
      break;
    }
    case 'actions': {
      const fragments = [dimension, r.where, ...metrics.map((m) => m.sql)];
      const withTime = fragments.some((f) => f?.includes('time_spent') && !f.includes('time_spent_ref_action'));
      sql = [
        `SELECT period_index, ${dimension} AS label,`,
        `  ${metricSql}`,
        `FROM (${rowsTable(columnsUsed(...fragments), seg?.having, withTime)})`,
        ...(r.where === undefined ? [] : [`WHERE ${r.where}`]),
        `GROUP BY period_index, label`,
        `ORDER BY period_index`,
      ].join('\n');
      break;
    }
    case 'pages':
      sql = compilePages(r, dimension, seg?.having, metrics);
      break;
  }
  return { sql, params, metrics };
}

/**
 * Page reports join three aggregates by label: page-view rows (hits, visits, time spent), visits by their
 * entry page and visits by their exit page. Branches fill the others' columns with 0 and the outer query
 * sums them.
 */
function compilePages(r: ReportDefinition, dimension: string, having: string | undefined, metrics: readonly AggregateMetric[]): string {
  const entryExit = r.entryExit ?? { entry: 'entry_url', exit: 'exit_url' };
  const uniq = metrics.find((m) => m.name === 'nb_uniq_visitors' || m.name === 'sum_daily_nb_uniq_visitors');
  const uniqSql = uniq?.name === 'nb_uniq_visitors' ? 'uniqExact(visitor_id)' : 'uniqExact(visitor_id, toDate(ts, {tz:String}))';
  const branch = [
    'nb_hits',
    'nb_visits',
    'uniq',
    'sum_time_spent',
    'entry_nb_visits',
    'entry_nb_actions',
    'entry_sum_visit_length',
    'entry_bounce_count',
    'exit_nb_visits',
  ];
  const zeroExcept = (values: Record<string, string>) => branch.map((b) => `${values[b] ?? '0'} AS b_${b}`).join(', ');
  const hits = [
    `SELECT period_index, ${dimension} AS label, ${zeroExcept({ nb_hits: 'count()', nb_visits: 'uniqExact(visit_id)', uniq: uniqSql, sum_time_spent: 'sum(time_spent)' })}`,
    `FROM (${rowsTable(columnsUsed(dimension, 'url title'), having, true)})`,
    `WHERE action_type = 1`,
    `GROUP BY period_index, label`,
  ].join('\n');
  const visitCols = [...new Set([...BASE_VISIT_COLUMNS, entryExit.entry, entryExit.exit, 'pageviews'])];
  const v = visitsTable(
    visitCols.filter((c) => c !== 'pageviews'),
    having,
    { pageviews: 'countIf(action_type = 1)' },
  );
  // One pass over the visits gives both the entry and the exit row of each visit (a CTE referenced twice
  // would be computed twice).
  const entryExitRows = [
    `SELECT ${periodIndex('first_ts')} AS period_index, e.1 AS label, ${zeroExcept({
      entry_nb_visits: 'countIf(e.2 = 1)',
      entry_nb_actions: 'sumIf(actions, e.2 = 1)',
      entry_sum_visit_length: 'sumIf(total_time, e.2 = 1)',
      entry_bounce_count: 'countIf(e.2 = 1 AND actions <= 1)',
      exit_nb_visits: 'countIf(e.2 = 2)',
    })}`,
    `FROM v ARRAY JOIN [(${entryExit.entry}, 1), (${entryExit.exit}, 2)] AS e WHERE pageviews > 0 GROUP BY period_index, label`,
  ].join('\n');
  const outer = metrics.map((m) => `sum(b_${m.name === uniq?.name ? 'uniq' : m.name}) AS ${m.name}`).join(',\n  ');
  return [
    `WITH v AS (${v})`,
    `SELECT period_index, label,`,
    `  ${outer}`,
    `FROM (${hits}\nUNION ALL\n${entryExitRows})`,
    `GROUP BY period_index, label`,
    ...(r.where === undefined ? [] : [`HAVING ${r.where}`]),
    `ORDER BY period_index`,
  ].join('\n');
}
