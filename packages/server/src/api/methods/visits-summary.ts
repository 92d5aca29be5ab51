import { parsePeriodSelection, SillageError, VISITS_SUMMARY } from '@sillage/core';
import { runReport } from '../../reports/engine.js';
import { listParam, requireParam, siteIdParam } from '../args.js';
import type { ApiContext, ApiMethod } from '../context.js';
import type { ApiResult, Row } from '../result.js';

/**
 * VisitsSummary (matomo-compat.md §6.4): `get` returns the visit metrics of each period; the scalar
 * getters return one of them. Percentages are "NN%" under format_metrics=bc (Matomo's default), ratios
 * under format_metrics=0.
 */
async function periodValues(ctx: ApiContext) {
  const idSite = siteIdParam(ctx.params);
  const site = await ctx.deps.sites.get(idSite);
  if (site === undefined) throw new SillageError('API_UNKNOWN_SITE', [idSite]);
  const selection = parsePeriodSelection(
    requireParam(ctx.params, 'period'),
    requireParam(ctx.params, 'date'),
    site.timezone,
    ctx.deps.now(),
  );
  const values = await runReport(ctx.deps.events, {
    report: VISITS_SUMMARY,
    siteId: idSite,
    timeZone: site.timezone,
    periods: selection.periods,
  });
  return { selection, values };
}

function formatRow(values: Record<string, number>, formatMetrics: string, columns: string[]): Row {
  const row: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (columns.length > 0 && !columns.includes(k)) continue;
    const percent = VISITS_SUMMARY.processed.find((p) => p.name === k)?.format === 'percent';
    row[k] = percent && formatMetrics !== '0' ? `${Math.round(v * 100)}%` : v;
  }
  return row;
}

function perPeriod(selection: { multiple: boolean; periods: readonly { label: string }[] }, results: ApiResult[]): ApiResult {
  if (!selection.multiple) return results[0]!;
  return { kind: 'map', keyName: 'date', entries: selection.periods.map((p, i) => [p.label, results[i]!] as const) };
}

const get: ApiMethod = {
  name: 'VisitsSummary.get',
  access: { kind: 'site', role: 'view' },
  async run(ctx) {
    const { selection, values } = await periodValues(ctx);
    const formatMetrics = ctx.params.get('format_metrics') ?? 'bc';
    const columns = listParam(ctx.params, 'columns');
    return perPeriod(
      selection,
      values.map((v): ApiResult => ({ kind: 'row', row: v === null ? null : formatRow(v, formatMetrics, columns) })),
    );
  },
};

const SCALARS: ReadonlyArray<readonly [string, string]> = [
  ['getVisits', 'nb_visits'],
  ['getUniqueVisitors', 'nb_uniq_visitors'],
  ['getUsers', 'nb_users'],
  ['getActions', 'nb_actions'],
  ['getMaxActions', 'max_actions'],
  ['getBounceCount', 'bounce_count'],
  ['getVisitsConverted', 'nb_visits_converted'],
  ['getSumVisitsLength', 'sum_visit_length'],
];

const scalarMethods: ApiMethod[] = SCALARS.map(([action, metric]) => ({
  name: `VisitsSummary.${action}`,
  access: { kind: 'site', role: 'view' },
  async run(ctx) {
    const { selection, values } = await periodValues(ctx);
    return perPeriod(
      selection,
      values.map((v): ApiResult => ({ kind: 'scalar', value: v === null ? 0 : (v[metric] ?? 0) })),
    );
  },
}));

export const visitsSummaryMethods: ApiMethod[] = [get, ...scalarMethods];
