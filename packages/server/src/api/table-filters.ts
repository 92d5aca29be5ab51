import type { ProcessedMetric, ReportDefinition, ReportRow } from '@sillage/core';
import { findSubtable, flattenTree, SillageError } from '@sillage/core';
import type { ApiParams } from './params.js';
import type { Row } from './result.js';

/**
 * Matomo's generic and queued filters (matomo-compat.md §6.1), one pipeline applied to every table
 * answer: idSubtable → flat → filter_pattern → label → sort → filter_truncate → offset/limit → columns.
 */
export interface TableOptions {
  readonly idSubtable?: number;
  readonly flat: boolean;
  readonly expanded: boolean;
  readonly limit: number;
  readonly offset: number;
  readonly sortColumn?: string;
  readonly sortOrder: 'asc' | 'desc';
  readonly pattern?: RegExp;
  readonly patternColumn: string;
  readonly labels: readonly string[];
  readonly truncate?: number;
  readonly showColumns: readonly string[];
  readonly hideColumns: readonly string[];
  /** bc (default): only percentages formatted; 1: all formatted (as bc here); 0: raw ratios. */
  readonly formatMetrics: '0' | '1' | 'bc';
}

/** Matomo's API_datatable_default_limit. */
export const DEFAULT_FILTER_LIMIT = 100;

function intParam(params: ApiParams, name: string, fallback: number): number {
  const raw = params.get(name);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new SillageError('API_INVALID_PARAMETER', [name, raw]);
  return n;
}

function csv(params: ApiParams, name: string): string[] {
  const v = params.get(name);
  return v === undefined || v === ''
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

export function parseTableOptions(params: ApiParams): TableOptions {
  const pattern = params.get('filter_pattern');
  let regex: RegExp | undefined;
  if (pattern !== undefined && pattern !== '') {
    try {
      // Matomo matches filter_pattern as a case-insensitive regular expression.
      regex = new RegExp(pattern, 'i');
    } catch {
      throw new SillageError('API_INVALID_PARAMETER', ['filter_pattern', pattern]);
    }
  }
  const order = (params.get('filter_sort_order') ?? 'desc').toLowerCase();
  if (order !== 'asc' && order !== 'desc') throw new SillageError('API_INVALID_PARAMETER', ['filter_sort_order', order]);
  const fm = params.get('format_metrics') ?? 'bc';
  const idSubtable = params.get('idSubtable');
  const truncate = params.get('filter_truncate');
  const sortColumn = params.get('filter_sort_column');
  const labelValues = params.list('label');
  const single = params.get('label');
  return {
    ...(idSubtable === undefined || idSubtable === '' ? {} : { idSubtable: intParam(params, 'idSubtable', 0) }),
    flat: params.get('flat') === '1',
    expanded: params.get('expanded') === '1',
    limit: intParam(params, 'filter_limit', DEFAULT_FILTER_LIMIT),
    offset: Math.max(0, intParam(params, 'filter_offset', 0)),
    ...(sortColumn === undefined || sortColumn === '' ? {} : { sortColumn }),
    sortOrder: order,
    ...(regex === undefined ? {} : { pattern: regex }),
    patternColumn: params.get('filter_column') || 'label',
    labels: labelValues.length > 0 ? labelValues : single !== undefined && single !== '' ? [single] : [],
    ...(truncate === undefined || truncate === '' ? {} : { truncate: intParam(params, 'filter_truncate', 0) }),
    showColumns: csv(params, 'showColumns'),
    hideColumns: csv(params, 'hideColumns'),
    formatMetrics: fm === '0' || fm === '1' ? fm : 'bc',
  };
}

function cellOf(row: ReportRow, column: string): string | number | undefined {
  if (column === 'label') return row.label;
  return row.values[column] ?? row.metadata[column];
}

function compare(a: ReportRow, b: ReportRow, column: string, order: 'asc' | 'desc'): number {
  const x = cellOf(a, column);
  const y = cellOf(b, column);
  let c: number;
  if (typeof x === 'number' && typeof y === 'number') c = x - y;
  else if (x === undefined || y === undefined) c = x === undefined ? (y === undefined ? 0 : -1) : 1;
  else c = String(x).localeCompare(String(y));
  if (c === 0) return a.label.localeCompare(b.label); // stable, label ascending on ties
  return order === 'asc' ? c : -c;
}

function sortDeep(rows: ReportRow[], column: string, order: 'asc' | 'desc'): ReportRow[] {
  const sorted = [...rows].sort((a, b) => compare(a, b, column, order));
  for (const row of sorted) if (row.children !== undefined) row.children = sortDeep(row.children, column, order);
  return sorted;
}

/** filter_truncate: keep N rows, sum the rest into "Others" (Matomo's summary row, idsubdatatable-free). */
function truncate(rows: ReportRow[], keep: number, report: ReportDefinition): ReportRow[] {
  if (rows.length <= keep) return rows;
  const others: ReportRow = { label: 'Others', values: {}, metadata: {} };
  for (const row of rows.slice(keep)) {
    for (const [k, v] of Object.entries(row.values)) {
      if (report.processed.some((p) => p.name === k)) continue;
      others.values[k] = k.startsWith('max_') || k.startsWith('min_') ? Math.max(others.values[k] ?? v, v) : (others.values[k] ?? 0) + v;
    }
  }
  for (const p of report.processed) {
    const v = p.compute(others.values);
    if (v !== undefined) others.values[p.name] = v;
  }
  return [...rows.slice(0, keep), others];
}

/** Applies the pipeline; returns the rows to render (still ReportRows). */
export function applyTableFilters(
  table: ReportRow[],
  report: ReportDefinition,
  opts: TableOptions,
  rowFilter?: (rows: ReportRow[]) => ReportRow[],
): ReportRow[] {
  let rows = table;
  if (opts.idSubtable !== undefined) {
    rows = findSubtable(table, opts.idSubtable) ?? [];
  }
  if (opts.flat) rows = flattenTree(rows);
  if (rowFilter !== undefined) rows = rowFilter(rows);
  if (opts.pattern !== undefined) {
    const re = opts.pattern;
    rows = rows.filter((r) => re.test(String(cellOf(r, opts.patternColumn) ?? '')));
  }
  if (opts.labels.length > 0) {
    const wanted = new Set(opts.labels.map((l) => l.trim()));
    rows = rows.filter((r) => wanted.has(r.label.trim()));
  }
  const sortColumn = opts.sortColumn ?? (report.keepOrder ? undefined : (report.defaultSort ?? 'nb_visits'));
  if (sortColumn !== undefined) rows = sortDeep(rows, sortColumn, opts.sortColumn === undefined ? 'desc' : opts.sortOrder);
  if (opts.truncate !== undefined && opts.truncate >= 0) rows = truncate(rows, opts.truncate, report);
  if (opts.offset > 0) rows = rows.slice(opts.offset);
  if (opts.limit >= 0) rows = rows.slice(0, opts.limit);
  return rows;
}

const isPercent = (processed: readonly ProcessedMetric[], name: string) => processed.find((p) => p.name === name)?.format === 'percent';

/** Formats metric values the way format_metrics asks: percentages as "NN%" unless format_metrics=0. */
export function formatValues(
  values: Readonly<Record<string, number>>,
  processed: readonly ProcessedMetric[],
  formatMetrics: TableOptions['formatMetrics'],
) {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = formatMetrics !== '0' && isPercent(processed, k) ? `${Math.round(v * 100)}%` : v;
  return out;
}

function keepColumns(row: Record<string, Row[string]>, opts: TableOptions): Row {
  if (opts.showColumns.length === 0 && opts.hideColumns.length === 0) return row;
  const out: Record<string, Row[string]> = {};
  for (const [k, v] of Object.entries(row)) {
    if (opts.hideColumns.includes(k)) continue;
    // label and subtable links survive showColumns, as in Matomo.
    if (opts.showColumns.length > 0 && !opts.showColumns.includes(k) && k !== 'label' && k !== 'idsubdatatable' && k !== 'subtable')
      continue;
    out[k] = v;
  }
  return out;
}

/** Renders filtered rows as API rows: label, metrics, metadata, idsubdatatable or the inlined subtable. */
export function toApiRows(rows: readonly ReportRow[], report: ReportDefinition, opts: TableOptions): Row[] {
  return rows.map((r) => {
    const row: Record<string, Row[string]> = {
      label: r.label,
      ...formatValues(r.values, report.processed, opts.formatMetrics),
      ...r.metadata,
    };
    if (r.children !== undefined && r.children.length > 0 && !opts.flat) {
      if (opts.expanded) row['subtable'] = toApiRows(r.children, report, opts);
      else if (r.idsubdatatable !== undefined) row['idsubdatatable'] = r.idsubdatatable;
    }
    return keepColumns(row, opts);
  });
}

/** Single-row answers go through the column filters and metric formatting only. */
export function toApiRow(
  values: Readonly<Record<string, number>>,
  report: ReportDefinition,
  opts: TableOptions,
  columns: readonly string[] = [],
): Row {
  const row = formatValues(values, report.processed, opts.formatMetrics);
  const picked = columns.length > 0 ? Object.fromEntries(Object.entries(row).filter(([k]) => columns.includes(k))) : row;
  return keepColumns(picked, opts);
}
