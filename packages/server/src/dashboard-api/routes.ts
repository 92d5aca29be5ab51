import type { Period, PeriodSelection } from '@sillage/core';
import { addDays, parsePeriodSelection, periodContaining, REPORT_DEFINITIONS, REPORTS } from '@sillage/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReportingApi } from '../api/dispatch.js';
import { apiParams, paramsFrom } from '../api/params.js';
import type { ApiOutcome, ApiResult, Row } from '../api/result.js';
import type { ApiSessionResolver } from '../api/routes.js';
import { bearerOf } from '../auth/request-auth.js';
import { rawQueryOf } from '../http/query.js';

/**
 * The dashboard JSON API: the same reports as the Matomo API, in a shape made for charts and tables —
 * raw numbers (format_metrics=0), metrics apart from metadata, every period with its start and end, and
 * the previous span for comparison (`compare=1`). It goes through the Reporting API's dispatcher, so the
 * query, the engine and the access layer (token, Bearer or session) are exactly the Matomo API's.
 *
 *   GET /api/dashboard/reports                       → the reports and their metrics
 *   GET /api/dashboard/reports/<Module.action>?idSite=&period=&date=[&segment=][&compare=1][&filter_limit=…]
 */
export function registerDashboardApi(app: FastifyInstance, api: ReportingApi, sessions?: ApiSessionResolver): void {
  app.get('/api/dashboard/reports', async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(
      REPORT_DEFINITIONS.map((r) => ({
        id: r.id,
        kind: r.shape,
        metrics: [...r.metrics.filter((m) => !m.hidden).map((m) => m.name), ...r.processed.map((p) => p.name)],
      })),
    ),
  );
  app.get('/api/dashboard/reports/:method', (req, reply) =>
    answer(api, sessions, req as FastifyRequest<{ Params: { method: string } }>, reply),
  );
}

interface ChartPeriod {
  label: string;
  start: string;
  end: string;
  totals?: Record<string, number> | null;
  rows?: { label: string; values: Record<string, number>; metadata: Record<string, unknown> }[];
}

async function answer(
  api: ReportingApi,
  sessions: ApiSessionResolver | undefined,
  req: FastifyRequest<{ Params: { method: string } }>,
  reply: FastifyReply,
) {
  const method = req.params.method;
  const report = REPORTS.get(method);
  reply.header('Cache-Control', 'no-store').type('application/json; charset=utf-8');
  if (report === undefined) return reply.code(404).send({ error: `unknown report ${method}` });
  const params = apiParams(rawQueryOf(req.url), '');
  const bearer = bearerOf(req);
  const resolver = sessions && ((t: string | undefined) => sessions(req, t));
  const call = (extra: Record<string, string>) => api.call(paramsFrom({ ...params.all, ...extra }), bearer, resolver);

  // The site's timezone, through the same access check as any report.
  const site = await call({ method: 'SitesManager.getSiteFromId' });
  if (!site.ok) return reply.code(site.status === 200 ? 400 : site.status).send({ error: site.message });
  const timezone = String((site.result.kind === 'row' ? site.result.row?.['timezone'] : undefined) ?? 'UTC');
  const period = params.get('period') ?? 'day';
  const date = params.get('date') ?? 'today';
  let selection: PeriodSelection;
  try {
    selection = parsePeriodSelection(period, date, timezone, Date.now());
  } catch (err) {
    return reply.code(400).send({ error: (err as Error).message });
  }

  const run = async (sel: PeriodSelection, dateParam: string) => {
    const outcome = await call({ method, date: dateParam, format_metrics: '0' });
    return outcome.ok ? { ok: true as const, periods: toChart(outcome, sel, report.shape) } : { ok: false as const, outcome };
  };
  const current = await run(selection, date);
  if (!current.ok)
    return reply
      .code(current.outcome.ok ? 200 : current.outcome.status === 200 ? 400 : current.outcome.status)
      .send({ error: failure(current.outcome) });
  const body: Record<string, unknown> = { report: method, kind: report.shape, periods: current.periods };
  if (params.get('compare') === '1') {
    const prev = previousSelection(selection);
    const prevDate = `${prev.periods[0]!.start},${prev.periods[prev.periods.length - 1]!.end}`;
    const previous = await run(prev, prevDate);
    body['previous'] = previous.ok ? previous.periods : { error: failure(previous.outcome) };
  }
  return reply.send(body);
}

function failure(outcome: ApiOutcome): string {
  return outcome.ok ? 'unexpected answer' : outcome.message;
}

/** The span just before: the same number of periods of the same kind (a range: as many days). */
export function previousSelection(sel: PeriodSelection): PeriodSelection {
  const first = sel.periods[0]!;
  if (first.kind === 'range') {
    const last = sel.periods[sel.periods.length - 1]!;
    const days = Math.round((Date.parse(last.end) - Date.parse(first.start)) / 86_400_000) + 1;
    const end = addDays(first.start, -1);
    const start = addDays(end, -(days - 1));
    return { periods: [{ kind: 'range', start, end, label: `${start},${end}` }], multiple: false };
  }
  const periods: Period[] = [];
  let cursor = first;
  for (let i = 0; i < sel.periods.length; i++) {
    cursor = periodContaining(first.kind, addDays(cursor.start, -1));
    periods.unshift(cursor);
  }
  return { periods, multiple: sel.multiple || periods.length > 1 };
}

function toChart(outcome: ApiOutcome & { ok: true }, sel: PeriodSelection, shape: 'single' | 'table'): ChartPeriod[] {
  const result = outcome.result;
  return sel.periods.map((p, i) => {
    const r: ApiResult | undefined = result.kind === 'map' ? result.entries[i]?.[1] : result;
    const base = { label: p.label, start: p.start, end: p.end };
    if (shape === 'single') return { ...base, totals: r?.kind === 'row' && r.row !== null ? numbers(r.row) : null };
    return { ...base, rows: r?.kind === 'rows' ? r.rows.map(splitRow) : [] };
  });
}

function numbers(row: Row): Record<string, number> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
}

/** Metric columns are numbers; everything else but the label is metadata (code, logo, segment, url…). */
function splitRow(row: Row) {
  const values: Record<string, number> = {};
  const metadata: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'label') continue;
    if (typeof v === 'number' && k !== 'idsubdatatable' && k !== 'referrer_type' && k !== 'day_of_week') values[k] = v;
    else metadata[k] = v;
  }
  return { label: String(row['label']), values, metadata };
}
