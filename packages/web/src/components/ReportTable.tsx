import { Fragment, useId, useMemo, useState } from 'react';
import { exportUrl, type ReportParams, report } from '../api.js';
import { MESSAGES, type MessageKey, useI18n } from '../i18n.js';
import { AsyncView, Empty, useAsync } from '../ui.js';

export type Row = Record<string, unknown> & { label?: string; idsubdatatable?: number | string };

/** Metric columns in display order, with their names; a report shows those its rows have. */
const METRICS: readonly [string, string, 'int' | 'pct' | 'sec' | 'money' | 'num'][] = [
  ['nb_visits', 'Visits', 'int'],
  ['nb_uniq_visitors', 'Unique visitors', 'int'],
  ['sum_daily_nb_uniq_visitors', 'Unique visitors (daily sum)', 'int'],
  ['nb_actions', 'Actions', 'int'],
  ['nb_hits', 'Pageviews', 'int'],
  ['nb_events', 'Events', 'int'],
  ['nb_impressions', 'Impressions', 'int'],
  ['nb_interactions', 'Interactions', 'int'],
  ['bounce_rate', 'Bounce rate', 'pct'],
  ['exit_rate', 'Exit rate', 'pct'],
  ['avg_time_on_page', 'Time on page', 'sec'],
  ['sum_time_spent', 'Time spent', 'sec'],
  ['nb_conversions', 'Conversions', 'int'],
  ['revenue', 'Revenue', 'money'],
];

const FR_METRICS: Record<string, string> = {
  nb_visits: 'Visites',
  nb_uniq_visitors: 'Visiteurs uniques',
  sum_daily_nb_uniq_visitors: 'Visiteurs uniques (somme quotidienne)',
  nb_actions: 'Actions',
  nb_hits: 'Pages vues',
  nb_events: 'Événements',
  nb_impressions: 'Impressions',
  nb_interactions: 'Interactions',
  bounce_rate: 'Taux de rebond',
  exit_rate: 'Taux de sortie',
  avg_time_on_page: 'Temps sur la page',
  sum_time_spent: 'Temps passé',
  nb_conversions: 'Conversions',
  revenue: 'Revenu',
};

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = Number.parseFloat(v.replace('%', ''));
    return Number.isFinite(n) ? (v.endsWith('%') ? n / 100 : n) : 0;
  }
  return 0;
}

/** Matomo answers a list of rows, or (for several periods) a map of lists: this takes the rows of one. */
export function rowsOf(data: unknown): Row[] {
  if (Array.isArray(data)) return data as Row[];
  if (data !== null && typeof data === 'object') {
    const values = Object.values(data as Record<string, unknown>);
    if (values.every(Array.isArray)) return values.flat() as Row[];
  }
  return [];
}

function useFormat() {
  const i18n = useI18n();
  return (v: unknown, kind: 'int' | 'pct' | 'sec' | 'money' | 'num') => {
    const n = toNumber(v);
    switch (kind) {
      case 'pct':
        return i18n.percent(n > 1 ? n / 100 : n);
      case 'sec':
        return i18n.duration(n);
      case 'money':
        return i18n.number(n, { maximumFractionDigits: 2 });
      default:
        return i18n.number(n);
    }
  };
}

function titleOf(title: string, lang: 'en' | 'fr'): string {
  return title in MESSAGES.en ? MESSAGES[lang][title as MessageKey] : title;
}

interface Props {
  readonly title: string;
  readonly method: string;
  readonly params: ReportParams;
  readonly tree?: boolean;
}

/** A report as a table: sortable columns, search, pages, CSV/TSV/JSON export, and subtables for trees. */
export function ReportTable({ title, method, params, tree }: Props) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [flat, setFlat] = useState(false);
  const query = { ...params, ...(tree && flat ? { flat: 1 } : {}), filter_limit: 1000 };
  const [data, retry] = useAsync(() => report(method, query), [method, JSON.stringify(query)]);
  const headingId = useId();
  const heading = titleOf(title, lang);
  return (
    <section className="card report" aria-labelledby={headingId}>
      <header className="report-head">
        <h2 id={headingId}>{heading}</h2>
        <div className="report-tools">
          {tree && (
            <button type="button" aria-pressed={flat} onClick={() => setFlat(!flat)}>
              {flat ? t('tree') : t('flat')}
            </button>
          )}
          <span className="export">
            {t('export')}:{' '}
            {(['csv', 'tsv', 'json'] as const).map((f) => (
              <a
                key={f}
                href={exportUrl(method, query, f)}
                target="_blank"
                rel="noopener"
                aria-label={`${t('export')} ${heading} ${f.toUpperCase()}`}
              >
                {f.toUpperCase()}
              </a>
            ))}
          </span>
        </div>
      </header>
      <AsyncView value={data} retry={retry}>
        {(value) => <RowsTable rows={rowsOf(value)} caption={heading} method={method} params={query} tree={Boolean(tree && !flat)} />}
      </AsyncView>
    </section>
  );
}

function RowsTable({
  rows,
  caption,
  method,
  params,
  tree,
}: {
  rows: Row[];
  caption: string;
  method: string;
  params: ReportParams;
  tree: boolean;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const format = useFormat();
  const [sort, setSort] = useState<{ col: string; dir: 'asc' | 'desc' }>({ col: 'nb_visits', dir: 'desc' });
  const [search, setSearch] = useState('');
  const [pageSize, setPageSize] = useState(25);
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const searchId = useId();
  const sizeId = useId();
  const columns = useMemo(() => METRICS.filter(([k]) => rows.some((r) => r[k] !== undefined)), [rows]);
  const sortCol = columns.some(([k]) => k === sort.col) || sort.col === 'label' ? sort.col : (columns[0]?.[0] ?? 'label');
  const filtered = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const kept = needle
      ? rows.filter((r) =>
          String(r.label ?? '')
            .toLowerCase()
            .includes(needle),
        )
      : rows;
    const factor = sort.dir === 'asc' ? 1 : -1;
    return [...kept].sort((a, b) =>
      sortCol === 'label'
        ? factor * String(a.label ?? '').localeCompare(String(b.label ?? ''), lang)
        : factor * (toNumber(a[sortCol]) - toNumber(b[sortCol])),
    );
  }, [rows, search, sortCol, sort.dir, lang]);
  if (rows.length === 0) return <Empty />;
  const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = filtered.slice(current * pageSize, (current + 1) * pageSize);
  const colName = (k: string, en: string) => (lang === 'fr' ? (FR_METRICS[k] ?? en) : en);
  const header = (key: string, name: string) => {
    const active = sortCol === key;
    return (
      <th
        key={key}
        scope="col"
        aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
        className={key === 'label' ? 'label' : 'num'}
      >
        <button
          type="button"
          className="sort"
          title={t('sortBy', name)}
          onClick={() => setSort({ col: key, dir: active && sort.dir === 'desc' ? 'asc' : key === 'label' && !active ? 'asc' : 'desc' })}
        >
          {name}
          <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </th>
    );
  };
  return (
    <>
      <div className="table-tools">
        <label htmlFor={searchId} className="visually-hidden">
          {t('search')}
        </label>
        <input
          id={searchId}
          type="search"
          placeholder={t('search')}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(0);
          }}
        />
      </div>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {header('label', t('label'))}
              {columns.map(([k, en]) => header(k, colName(k, en)))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r, i) => {
              const key = `${String(r.label)}-${i}`;
              const sub = tree && r.idsubdatatable !== undefined && r.idsubdatatable !== null ? String(r.idsubdatatable) : undefined;
              const isOpen = sub !== undefined && open.has(sub);
              return (
                <Fragment key={key}>
                  <tr>
                    <th scope="row" className="label">
                      {sub !== undefined ? (
                        <button
                          type="button"
                          className="expander"
                          aria-expanded={isOpen}
                          aria-label={isOpen ? t('collapse', String(r.label)) : t('expand', String(r.label))}
                          onClick={() => {
                            const next = new Set(open);
                            if (isOpen) next.delete(sub);
                            else next.add(sub);
                            setOpen(next);
                          }}
                        >
                          <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
                        </button>
                      ) : null}
                      <span className="cell-label">{String(r.label ?? '')}</span>
                    </th>
                    {columns.map(([k, , kind]) => (
                      <td key={k} className="num">
                        {r[k] === undefined ? '' : format(r[k], kind)}
                      </td>
                    ))}
                  </tr>
                  {isOpen && sub !== undefined && (
                    <tr className="subtable">
                      <td colSpan={columns.length + 1}>
                        <SubTable method={method} params={{ ...params, idSubtable: sub }} caption={String(r.label)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label={caption}>
        <label htmlFor={sizeId}>{t('rows')}</label>
        <select
          id={sizeId}
          value={pageSize}
          onChange={(e) => {
            setPageSize(Number(e.target.value));
            setPage(0);
          }}
        >
          {[10, 25, 50, 100].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)} aria-label={t('prevPage')}>
          ‹
        </button>
        <span>{t('page', current + 1, pages)}</span>
        <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)} aria-label={t('nextPage')}>
          ›
        </button>
      </nav>
    </>
  );
}

function SubTable({ method, params, caption }: { method: string; params: ReportParams; caption: string }) {
  const [data, retry] = useAsync(() => report(method, params), [method, JSON.stringify(params)]);
  return (
    <AsyncView value={data} retry={retry}>
      {(v) => <RowsTable rows={rowsOf(v)} caption={caption} method={method} params={params} tree />}
    </AsyncView>
  );
}
