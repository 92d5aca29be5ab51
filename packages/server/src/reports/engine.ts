import type { MetricValues, ReportQuery } from '@sillage/core';
import { compileReportQuery } from '@sillage/core';
import type { EventStore } from '@sillage/storage';

/** One period's answer: aggregate and processed metrics in definition order, or null when it has no visits. */
export type PeriodValues = Record<string, number> | null;

/**
 * Runs a report query on the event store: compile once (core), execute, then place each result row in its
 * period and add the processed metrics. Both the Matomo API and the dashboard API call this.
 */
export async function runReport(events: EventStore, q: ReportQuery): Promise<PeriodValues[]> {
  const compiled = compileReportQuery(q);
  const rows = await events.query<Record<string, string | number>>(compiled.sql, compiled.params);
  const out: PeriodValues[] = q.periods.map(() => null);
  for (const row of rows) {
    const index = Number(row['period_index']);
    if (!(index >= 0 && index < out.length)) continue;
    const values: Record<string, number> = {};
    for (const m of compiled.metrics) values[m.name] = Number(row[m.name] ?? 0);
    if (values['nb_visits'] === 0) continue;
    for (const p of q.report.processed) {
      const v = p.compute(values as MetricValues);
      if (v !== undefined) values[p.name] = v;
    }
    out[index] = values;
  }
  return out;
}
