import type { PeriodSelection, QueryParamValue, ReportDefinition, ReportRow } from '@sillage/core';
import { REPORT_DEFINITIONS, REPORTS, SillageError } from '@sillage/core';
import type { ReportAnswer } from '../../reports/engine.js';
import { runReportRequest } from '../../reports/request.js';
import { listParam, requireParam, siteIdParam } from '../args.js';
import type { ApiContext, ApiMethod } from '../context.js';
import type { ApiResult } from '../result.js';
import type { TableOptions } from '../table-filters.js';
import { applyTableFilters, parseTableOptions, toApiRow, toApiRows } from '../table-filters.js';
import { getConfiguredCustomDimensions } from './custom-dimensions.js';

/**
 * Reporting API methods generated from the report catalogue: every method parses the same parameters
 * (idSite, period, date, segment, generic filters) into the same internal query, runs it through the one
 * engine and shapes the answer the Matomo way. Methods with extra parameters add them through `extra`.
 */

export function perPeriod(selection: PeriodSelection, results: readonly ApiResult[]): ApiResult {
  if (!selection.multiple) return results[0]!;
  return { kind: 'map', keyName: 'date', entries: selection.periods.map((p, i) => [p.label, results[i]!] as const) };
}

/** Shapes one answer as Matomo does: single-row reports as an object (or [] when empty), tables as rows. */
export function shapeAnswer(
  report: ReportDefinition,
  selection: PeriodSelection,
  answer: ReportAnswer,
  opts: TableOptions,
  columns: readonly string[] = [],
  rowFilter?: (rows: ReportRow[]) => ReportRow[],
): ApiResult {
  if (answer.shape === 'single') {
    return perPeriod(
      selection,
      answer.periods.map((v): ApiResult => ({ kind: 'row', row: v === null ? null : toApiRow(v, report, opts, columns) })),
    );
  }
  return perPeriod(
    selection,
    answer.periods.map((table): ApiResult => {
      const rows = applyTableFilters(table, report, opts, rowFilter);
      return { kind: 'rows', rows: toApiRows(rows, report, opts) };
    }),
  );
}

export interface ReportMethodOptions {
  /** Query parameters for the definition's `{name:Type}` placeholders, read from the API parameters. */
  readonly extra?: (ctx: ApiContext) => Record<string, QueryParamValue>;
  /** Forces options (e.g. flat=1 for getPageUrl). */
  readonly forceOptions?: Partial<TableOptions>;
  /** Post-filter on the finished table (e.g. the row of one page URL). */
  readonly rowFilter?: (ctx: ApiContext) => (rows: ReportRow[]) => ReportRow[];
}

export async function runReportMethod(ctx: ApiContext, report: ReportDefinition, options: ReportMethodOptions = {}): Promise<ApiResult> {
  const idSite = siteIdParam(ctx.params);
  const { selection, answer } = await runReportRequest(ctx.deps, report, {
    idSite,
    period: requireParam(ctx.params, 'period'),
    date: requireParam(ctx.params, 'date'),
    segment: ctx.params.get('segment') ?? '',
    ...(options.extra === undefined ? {} : { params: options.extra(ctx) }),
  });
  const opts = { ...parseTableOptions(ctx.params), ...(options.forceOptions ?? {}) };
  return shapeAnswer(report, selection, answer, opts, listParam(ctx.params, 'columns'), options.rowFilter?.(ctx));
}

/**
 * Reports a public dashboard shows to anonymous visitors: all aggregated reports but the user-ID report,
 * whose labels are the site's own identifiers of people.
 */
const NOT_ON_PUBLIC_DASHBOARDS = new Set(['UserId.getUsers']);

function reportMethod(report: ReportDefinition, options: ReportMethodOptions = {}, name = report.id): ApiMethod {
  return {
    name,
    access: { kind: 'site', role: 'view', publicDashboard: !NOT_ON_PUBLIC_DASHBOARDS.has(name) },
    run: (ctx) => runReportMethod(ctx, report, options),
  };
}

function definition(id: string): ReportDefinition {
  const r = REPORTS.get(id);
  if (r === undefined) throw new Error(`no report definition ${id}`);
  return r;
}

const intParam = (ctx: ApiContext, name: string, required: boolean): number => {
  const raw = ctx.params.get(name);
  if (raw === undefined || raw === '') {
    if (required) throw new SillageError('API_MISSING_PARAMETER', [name]);
    return 0;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new SillageError('API_INVALID_PARAMETER', [name, raw]);
  return n;
};

/** Reports served as they are (VisitsSummary.get has its own module, with the scalar getters). */
const PLAIN = REPORT_DEFINITIONS.filter(
  (r) => !['VisitsSummary.get', 'CustomDimensions.getCustomDimension', 'Goals.get', 'Goals.getMetrics'].includes(r.id),
);

const goalParams = (ctx: ApiContext) => ({ idGoal: intParam(ctx, 'idGoal', false) });

export const reportMethods: ApiMethod[] = [
  ...PLAIN.map((r) => reportMethod(r)),
  reportMethod(definition('Goals.get'), { extra: goalParams }),
  reportMethod(definition('Goals.getMetrics'), { extra: goalParams }),
  reportMethod(definition('CustomDimensions.getCustomDimension'), {
    extra: (ctx) => ({ dimensionId: intParam(ctx, 'idDimension', true) }),
  }),
  reportMethod(
    definition('Actions.getPageUrls'),
    {
      forceOptions: { flat: true },
      rowFilter: (ctx) => {
        const url = requireParam(ctx.params, 'pageUrl');
        return (rows) => rows.filter((r) => r.metadata['url'] === url);
      },
    },
    'Actions.getPageUrl',
  ),
  reportMethod(
    definition('Actions.getPageTitles'),
    {
      rowFilter: (ctx) => {
        const title = requireParam(ctx.params, 'pageName').trim();
        return (rows) => rows.filter((r) => r.label.trim() === title);
      },
    },
    'Actions.getPageTitle',
  ),
  getConfiguredCustomDimensions,
];

// ───────────── API.getReportMetadata / API.getProcessedReport ─────────────

function reportMetadata(r: ReportDefinition): Record<string, unknown> {
  const [module = '', action = ''] = r.id.split('.');
  return {
    category: module,
    name: r.id,
    module,
    action,
    dimension: r.shape === 'table' ? (r.dimension ?? null) : null,
    metrics: Object.fromEntries(r.metrics.filter((m) => !m.hidden).map((m) => [m.name, m.name])),
    processedMetrics: Object.fromEntries(r.processed.map((p) => [p.name, p.name])),
    isSubtableReport: false,
  };
}

const getReportMetadata: ApiMethod = {
  name: 'API.getReportMetadata',
  access: { kind: 'site', role: 'view', publicDashboard: true },
  async run() {
    return {
      kind: 'rows',
      rows: REPORT_DEFINITIONS.map((r) => {
        const m = reportMetadata(r);
        return {
          category: String(m['category']),
          name: String(m['name']),
          module: String(m['module']),
          action: String(m['action']),
          dimension: (m['dimension'] as string | null) ?? null,
          metrics: Object.keys(m['metrics'] as object).join(','),
          processedMetrics: Object.keys(m['processedMetrics'] as object).join(','),
        };
      }),
    };
  },
};

const getProcessedReport: ApiMethod = {
  name: 'API.getProcessedReport',
  access: { kind: 'site', role: 'view' },
  async run(ctx) {
    const id = `${requireParam(ctx.params, 'apiModule')}.${requireParam(ctx.params, 'apiAction')}`;
    const report = REPORTS.get(id);
    if (report === undefined) throw new SillageError('API_INVALID_PARAMETER', ['apiAction', id]);
    const extra = id.startsWith('Goals.')
      ? goalParams
      : id === 'CustomDimensions.getCustomDimension'
        ? (c: ApiContext) => ({ dimensionId: intParam(c, 'idDimension', true) })
        : undefined;
    const data = await runReportMethod(ctx, report, extra === undefined ? {} : { extra });
    const total = (result: ApiResult): ApiResult => {
      if (result.kind === 'map') return { ...result, entries: result.entries.map(([k, v]) => [k, total(v)] as const) };
      if (result.kind !== 'rows') return { kind: 'row', row: result.kind === 'row' ? result.row : null };
      const sums: Record<string, number> = {};
      for (const row of result.rows)
        for (const [k, v] of Object.entries(row)) if (typeof v === 'number' && k !== 'idsubdatatable') sums[k] = (sums[k] ?? 0) + v;
      return { kind: 'row', row: sums };
    };
    const meta = reportMetadata(report);
    return {
      kind: 'map',
      keyName: 'key',
      entries: [
        [
          'metadata',
          {
            kind: 'row',
            row: { category: String(meta['category']), name: report.id, module: String(meta['module']), action: String(meta['action']) },
          },
        ],
        [
          'columns',
          {
            kind: 'row',
            row: Object.fromEntries([...report.metrics.filter((m) => !m.hidden), ...report.processed].map((m) => [m.name, m.name])),
          },
        ],
        ['reportData', data],
        ['reportTotal', total(data)],
      ],
    };
  },
};

reportMethods.push(getReportMetadata, getProcessedReport);
