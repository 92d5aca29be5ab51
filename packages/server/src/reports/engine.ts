import type { AggregateMetric, CompiledQuery, MetricValues, ReportDefinition, ReportQuery, ReportRow } from '@sillage/core';
import {
  buildTree,
  compileReportQuery,
  compileVisitBatch,
  hostLabelPath,
  needsExact,
  numberSubtables,
  urlLabelPath,
  visitBatchKey,
} from '@sillage/core';
import type { EventStore } from '@sillage/storage';

/** One period's answer of a single-row report: metrics in definition order, or null when it has no data. */
export type PeriodValues = Record<string, number> | null;

/** A report's answer: one entry per period of the query, in order. */
export type ReportAnswer =
  | { readonly shape: 'single'; readonly periods: PeriodValues[] }
  | { readonly shape: 'table'; readonly periods: ReportRow[][] };

type ResultRow = Record<string, string | number>;

function addProcessed(report: ReportDefinition, values: Record<string, number>): void {
  for (const p of report.processed) {
    const v = p.compute(values as MetricValues);
    if (v !== undefined) values[p.name] = v;
  }
}

function dropHidden(report: ReportDefinition, values: Record<string, number>): void {
  for (const m of report.metrics) if (m.hidden) delete values[m.name];
}

function finishRow(report: ReportDefinition, row: ReportRow): void {
  addProcessed(report, row.values);
  dropHidden(report, row.values);
  if (row.children !== undefined) for (const child of row.children) finishRow(report, child);
}

function labelRow(report: ReportDefinition, raw: string, values: Record<string, number>): ReportRow {
  const f = report.format?.(raw) ?? { label: raw };
  return { label: f.label, values, metadata: { ...(f.metadata ?? {}) } };
}

/**
 * Identical queries in flight, by store: a second caller awaits the first one's rows instead of running the
 * query again (the dashboard asks for page URLs and entry pages at the same time; both compile to the same
 * SQL). Only queries still running are shared, so no answer is ever older than its request.
 */
const inflight = new WeakMap<EventStore, Map<string, Promise<ResultRow[]>>>();

function sharedQuery(events: EventStore, sql: string, params: Parameters<EventStore['query']>[1]): Promise<ResultRow[]> {
  let running = inflight.get(events);
  if (running === undefined) {
    running = new Map();
    inflight.set(events, running);
  }
  const key = `${JSON.stringify(params)}\n${sql}`;
  const pending = running.get(key);
  if (pending !== undefined) return pending;
  const map = running;
  const started = events.query<ResultRow>(sql, params).finally(() => map.delete(key));
  map.set(key, started);
  return started;
}

/**
 * Runs a report query on the event store: compile once (core), execute, place each result row in its
 * period, build hierarchies, label rows and add processed metrics. Both the Matomo API and the dashboard
 * API call this; neither writes SQL.
 */
export async function runReport(events: EventStore, q: ReportQuery): Promise<ReportAnswer> {
  const batchKey = visitBatchKey(q);
  if (batchKey !== undefined) return joinBatch(events, batchKey, q);
  const compiled = compileReportQuery(q);
  return shapeAnswer(q, await runCompiled(events, compiled), compiled.metrics);
}

/** Rows of a compiled query, or of its exact form when they say they need it (see CompiledQuery.exact). */
async function runCompiled(events: EventStore, compiled: CompiledQuery): Promise<ResultRow[]> {
  const rows = await sharedQuery(events, compiled.sql, compiled.params);
  if (compiled.exact === undefined || !needsExact(rows)) return rows;
  return sharedQuery(events, compiled.exact.sql, compiled.exact.params);
}

interface BatchMember {
  readonly query: ReportQuery;
  resolve(answer: ReportAnswer): void;
  reject(err: unknown): void;
}

/** Visit table reports waiting to run, by store and batch key; sent after BATCH_WINDOW_MS. */
const batches = new WeakMap<EventStore, Map<string, BatchMember[]>>();

/**
 * How long a visit table report waits for companions. The dashboard sends its reports together, so a
 * few milliseconds gather them; one query then builds the per-visit table once for all of them instead
 * of once per report (on 1.4 M rows, ≈ 70 % of a visit report's cost).
 */
const BATCH_WINDOW_MS = 4;

function joinBatch(events: EventStore, key: string, query: ReportQuery): Promise<ReportAnswer> {
  let waiting = batches.get(events);
  if (waiting === undefined) {
    waiting = new Map();
    batches.set(events, waiting);
  }
  const pending = waiting;
  return new Promise<ReportAnswer>((resolve, reject) => {
    const members = pending.get(key);
    if (members !== undefined) {
      members.push({ query, resolve, reject });
      return;
    }
    pending.set(key, [{ query, resolve, reject }]);
    setTimeout(() => {
      const batch = pending.get(key) ?? [];
      pending.delete(key);
      void runBatch(events, batch);
    }, BATCH_WINDOW_MS);
  });
}

async function runBatch(events: EventStore, batch: readonly BatchMember[]): Promise<void> {
  try {
    if (batch.length === 1) {
      const only = batch[0]!;
      const compiled = compileReportQuery(only.query);
      only.resolve(shapeAnswer(only.query, await runCompiled(events, compiled), compiled.metrics));
      return;
    }
    const compiled = compileVisitBatch(batch.map((m) => m.query));
    const rows = await sharedQuery(events, compiled.sql, compiled.params);
    const byReport: ResultRow[][] = batch.map(() => []);
    for (const row of rows) byReport[Number(row['report_index'])]?.push(row);
    batch.forEach((m, i) => {
      try {
        m.resolve(shapeAnswer(m.query, byReport[i]!, compiled.metrics));
      } catch (err) {
        m.reject(err);
      }
    });
  } catch (err) {
    for (const m of batch) m.reject(err);
  }
}

/** Places each result row in its period, builds hierarchies, labels rows and adds processed metrics. */
function shapeAnswer(q: ReportQuery, rows: readonly ResultRow[], metrics: readonly AggregateMetric[]): ReportAnswer {
  const r = q.report;
  const metricNames = metrics.map((m) => m.name);
  const byPeriod: { raw: string; values: Record<string, number> }[][] = q.periods.map(() => []);
  for (const row of rows) {
    const index = Number(row['period_index']);
    if (!(index >= 0 && index < byPeriod.length)) continue;
    const values: Record<string, number> = {};
    for (const name of metricNames) values[name] = Number(row[name] ?? 0);
    byPeriod[index]!.push({ raw: String(row['label'] ?? ''), values });
  }

  if (r.shape === 'single') {
    return {
      shape: 'single',
      periods: byPeriod.map((list) => {
        const first = list[0];
        if (first === undefined) return null;
        // Matomo answers [] for a period without visits; a single-row report with no rows has none.
        if (r.source === 'visits' && (first.values['nb_visits'] ?? 1) === 0) return null;
        const values = { ...first.values };
        addProcessed(r, values);
        dropHidden(r, values);
        return values;
      }),
    };
  }

  const zero = () => Object.fromEntries(metricNames.map((n) => [n, 0]));
  return {
    shape: 'table',
    periods: byPeriod.map((list) => {
      let flat = r.skipEmpty ? list.filter((x) => x.raw !== '') : list;
      const keep = r.keepRowsWith;
      if (keep !== undefined) flat = flat.filter((x) => (x.values[keep] ?? 0) !== 0);
      if (r.allRows !== undefined) {
        const found = new Map(flat.map((x) => [x.raw, x]));
        flat = r.allRows.map((raw) => found.get(raw) ?? { raw, values: zero() });
      }
      let table: ReportRow[];
      if (r.hierarchy === 'url' || r.hierarchy === 'host') {
        const path = r.hierarchy === 'url' ? urlLabelPath : hostLabelPath;
        table = buildTree(flat, path, (raw) => ({ ...(r.format?.(raw).metadata ?? {}) }));
        numberSubtables(table);
      } else {
        table = flat.map((x) => labelRow(r, x.raw, { ...x.values }));
      }
      for (const row of table) finishRow(r, row);
      return table;
    }),
  };
}
