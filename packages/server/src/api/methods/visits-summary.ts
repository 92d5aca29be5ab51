import { VISITS_SUMMARY } from '@sillage/core';
import { runReportRequest } from '../../reports/request.js';
import { requireParam, siteIdParam } from '../args.js';
import type { ApiContext, ApiMethod } from '../context.js';
import type { ApiResult } from '../result.js';
import { perPeriod, runReportMethod } from './reports.js';

/**
 * VisitsSummary (matomo-compat.md §6.4): `get` returns the visit metrics of each period; the scalar
 * getters return one of them. Percentages are "NN%" under format_metrics=bc (Matomo's default), ratios
 * under format_metrics=0. Both go through the shared report engine, segments included.
 */
const get: ApiMethod = {
  name: 'VisitsSummary.get',
  access: { kind: 'site', role: 'view', publicDashboard: true },
  run: (ctx) => runReportMethod(ctx, VISITS_SUMMARY),
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

async function scalar(ctx: ApiContext, metric: string): Promise<ApiResult> {
  const { selection, answer } = await runReportRequest(ctx.deps, VISITS_SUMMARY, {
    idSite: siteIdParam(ctx.params),
    period: requireParam(ctx.params, 'period'),
    date: requireParam(ctx.params, 'date'),
    segment: ctx.params.get('segment') ?? '',
  });
  const values = answer.shape === 'single' ? answer.periods : [];
  return perPeriod(
    selection,
    values.map((v): ApiResult => ({ kind: 'scalar', value: v === null ? 0 : (v[metric] ?? 0) })),
  );
}

const scalarMethods: ApiMethod[] = SCALARS.map(([action, metric]) => ({
  name: `VisitsSummary.${action}`,
  access: { kind: 'site', role: 'view', publicDashboard: true },
  run: (ctx) => scalar(ctx, metric),
}));

export const visitsSummaryMethods: ApiMethod[] = [get, ...scalarMethods];
