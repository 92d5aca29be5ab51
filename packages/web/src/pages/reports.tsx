import { lazy, Suspense, useEffect, useState } from 'react';
import { ApiError, type ReportParams, report } from '../api.js';
import { ReportTable, rowsOf, toNumber } from '../components/ReportTable.js';
import { useI18n } from '../i18n.js';
import { evolution, type PeriodSel, previous } from '../periods.js';
import type { SectionDef } from '../sections.js';
import type { SiteSummary } from '../session.js';
import { AsyncView, Empty, ErrorBox, Loading, useAsync } from '../ui.js';

const Chart = lazy(() => import('../components/Chart.js'));
const WorldMap = lazy(() => import('../components/WorldMap.js'));

export interface ReportScope {
  readonly site: SiteSummary;
  readonly sel: PeriodSel;
  readonly compare: boolean;
  readonly segment: string;
}

export function baseParams(s: ReportScope): ReportParams {
  return { idSite: s.site.id, period: s.sel.period, date: s.sel.date, segment: s.segment || undefined };
}

type Summary = Record<string, number | string>;

const KPIS: readonly {
  key: string;
  label: 'visits' | 'uniqueVisitors' | 'actions' | 'bounceRate' | 'avgTime' | 'actionsPerVisit';
  kind: 'int' | 'pct' | 'sec' | 'num';
}[] = [
  { key: 'nb_visits', label: 'visits', kind: 'int' },
  { key: 'nb_uniq_visitors', label: 'uniqueVisitors', kind: 'int' },
  { key: 'nb_actions', label: 'actions', kind: 'int' },
  { key: 'bounce_rate', label: 'bounceRate', kind: 'pct' },
  { key: 'avg_time_on_site', label: 'avgTime', kind: 'sec' },
  { key: 'nb_actions_per_visit', label: 'actionsPerVisit', kind: 'num' },
];

function summaryOf(data: unknown): Summary {
  if (Array.isArray(data)) return (data[0] as Summary | undefined) ?? {};
  return (data ?? {}) as Summary;
}

/** Visitors overview: the evolution chart and the period's totals, each with its change from the previous period. */
export function OverviewPage({ scope }: { scope: ReportScope }) {
  const i18n = useI18n();
  const { t } = i18n;
  const p = baseParams(scope);
  const [totals, retry] = useAsync(async () => {
    const prev = previous(scope.sel);
    const [now, before] = await Promise.all([
      report('VisitsSummary.get', p),
      report('VisitsSummary.get', { ...p, period: prev.period, date: prev.date }),
    ]);
    return { now: summaryOf(now), before: summaryOf(before) };
  }, [JSON.stringify(p)]);
  const evo = evolution(scope.sel);
  const [series, retrySeries] = useAsync(async () => {
    const data = (await report('VisitsSummary.get', { ...p, period: evo.period, date: evo.date })) as Record<string, Summary | []>;
    const labels = Object.keys(data);
    const visits = labels.map((l) => toNumber((data[l] as Summary)?.['nb_visits']));
    if (!scope.compare) return { labels, series: [{ label: t('visits'), values: visits }] };
    const prevSel = previous(scope.sel);
    const prevEvo = evolution(prevSel);
    const before = (await report('VisitsSummary.get', { ...p, period: prevEvo.period, date: prevEvo.date })) as Record<
      string,
      Summary | []
    >;
    const prevValues = Object.keys(before).map((l) => toNumber((before[l] as Summary)?.['nb_visits']));
    return {
      labels,
      series: [
        { label: t('visits'), values: visits },
        { label: `${t('visits')} (${t('previous')})`, values: prevValues.slice(-labels.length), dashed: true },
      ],
    };
  }, [JSON.stringify(p), scope.compare]);
  const fmt = (v: unknown, kind: string) => {
    const n = toNumber(v);
    if (kind === 'pct') return i18n.percent(n > 1 ? n / 100 : n);
    if (kind === 'sec') return i18n.duration(n);
    if (kind === 'num') return i18n.number(n, { maximumFractionDigits: 1 });
    return i18n.number(n);
  };
  return (
    <>
      <section className="card" aria-labelledby="evo-h">
        <h2 id="evo-h">{t('evolution')}</h2>
        <AsyncView value={series} retry={retrySeries}>
          {(s) =>
            s.series[0]!.values.every((v) => v === 0) ? (
              <Empty />
            ) : (
              <Suspense fallback={<Loading />}>
                <Chart labels={s.labels} series={s.series} />
                <details className="chart-data">
                  <summary>{t('visits')}</summary>
                  <table>
                    <tbody>
                      {s.labels.map((l, i) => (
                        <tr key={l}>
                          <th scope="row">{l}</th>
                          <td className="num">{i18n.number(s.series[0]!.values[i] ?? 0)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </Suspense>
            )
          }
        </AsyncView>
      </section>
      <AsyncView value={totals} retry={retry}>
        {({ now, before }) => (
          <ul className="kpis">
            {KPIS.map((k) => {
              const a = toNumber(now[k.key]);
              const b = toNumber(before[k.key]);
              const change = b === 0 ? undefined : (a - b) / b;
              return (
                <li key={k.key} className="card kpi" data-kpi={k.key}>
                  <span className="kpi-label">{t(k.label)}</span>
                  <strong className="kpi-value">{fmt(now[k.key], k.kind)}</strong>
                  {change !== undefined && (
                    <span className={change >= 0 ? 'up' : 'down'}>
                      <span aria-hidden="true">{change >= 0 ? '▲ ' : '▼ '}</span>
                      {t('changeVs', `${change >= 0 ? '+' : ''}${i18n.percent(change)}`)}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </AsyncView>
    </>
  );
}

export function TablesPage({ scope, section }: { scope: ReportScope; section: SectionDef }) {
  return (
    <div className="tables">
      {(section.tables ?? []).map((tbl) => (
        <ReportTable
          key={tbl.method + JSON.stringify(tbl.params ?? {})}
          title={tbl.title}
          method={tbl.method}
          params={{ ...baseParams(scope), ...(tbl.params ?? {}) }}
          {...(tbl.tree ? { tree: true } : {})}
        />
      ))}
    </div>
  );
}

/** Custom dimensions: one report per dimension id that has values in the period (the server lists them). */
export function CustomDimensionsPage({ scope }: { scope: ReportScope }) {
  const { t } = useI18n();
  const p = baseParams(scope);
  const [ids, retry] = useAsync(async () => {
    const rows = await report<{ idcustomdimension: number | string }[]>('CustomDimensions.getConfiguredCustomDimensions', {
      idSite: p.idSite,
      period: p.period,
      date: p.date,
    });
    return rows.map((r) => Number(r.idcustomdimension));
  }, [p.idSite, p.period, p.date]);
  return (
    <div className="tables" data-testid="custom-dimensions">
      <AsyncView value={ids} retry={retry}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('noCustomDimensions')}</Empty>
          ) : (
            list.map((id) => (
              <ReportTable
                key={id}
                title={t('dimensionN', id)}
                method="CustomDimensions.getCustomDimension"
                params={{ ...p, idDimension: id }}
              />
            ))
          )
        }
      </AsyncView>
    </div>
  );
}

/** Locations: the world map of visits per country, then countries, regions and cities, with DB-IP's attribution. */
export function LocationsPage({ scope }: { scope: ReportScope }) {
  const i18n = useI18n();
  const { t } = i18n;
  const p = baseParams(scope);
  const [countries, retry] = useAsync(() => report('UserCountry.getCountry', { ...p, filter_limit: -1 }), [JSON.stringify(p)]);
  return (
    <div className="tables">
      <section className="card" aria-labelledby="map-h">
        <h2 id="map-h">{t('worldMap')}</h2>
        <AsyncView value={countries} retry={retry}>
          {(v) => {
            const map = new Map<string, number>();
            for (const r of rowsOf(v)) {
              const code = String(r['code'] ?? '').toUpperCase();
              if (code) map.set(code, (map.get(code) ?? 0) + toNumber(r['nb_visits']));
            }
            return (
              <Suspense fallback={<Loading />}>
                <WorldMap values={map} label={t('worldMap')} format={(n) => `${i18n.number(n)} ${t('visits').toLowerCase()}`} />
              </Suspense>
            );
          }}
        </AsyncView>
        <p className="attribution">
          {t('dbipAttribution')}{' '}
          <a href="https://db-ip.com" rel="noopener">
            DB-IP
          </a>{' '}
          (CC BY 4.0)
        </p>
      </section>
      <ReportTable title="countries" method="UserCountry.getCountry" params={p} />
      <ReportTable title="regions" method="UserCountry.getRegion" params={p} />
      <ReportTable title="cities" method="UserCountry.getCity" params={p} />
    </div>
  );
}

/** Real time: visits in the last 30 minutes and 24 hours, refreshed every 10 seconds. */
export function RealtimePage({ scope }: { scope: ReportScope }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [counts, setCounts] = useState<{ m30: number; h24: number } | { error: string } | undefined>();
  useEffect(() => {
    let alive = true;
    const load = async () => {
      try {
        const [a, b] = await Promise.all([
          report<{ visits: number | string }[]>('Live.getCounters', { idSite: scope.site.id, lastMinutes: 30 }),
          report<{ visits: number | string }[]>('Live.getCounters', { idSite: scope.site.id, lastMinutes: 1440 }),
        ]);
        if (alive) setCounts({ m30: toNumber(a[0]?.visits), h24: toNumber(b[0]?.visits) });
      } catch (err) {
        if (alive) setCounts({ error: err instanceof Error ? err.message : String(err) });
      }
    };
    void load();
    const timer = setInterval(load, 10_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [scope.site.id]);
  return (
    <>
      <section className="card" aria-labelledby="rt-h">
        <h2 id="rt-h">{t('realtime')}</h2>
        {counts === undefined ? (
          <Loading />
        ) : 'error' in counts ? (
          <ErrorBox message={counts.error} />
        ) : (
          <ul className="kpis" aria-live="polite">
            <li className="card kpi">
              <span className="kpi-label">{t('last30min')}</span>
              <strong className="kpi-value" data-testid="realtime-30">
                {i18n.number(counts.m30)}
              </strong>
            </li>
            <li className="card kpi">
              <span className="kpi-label">{t('last24h')}</span>
              <strong className="kpi-value">{i18n.number(counts.h24)}</strong>
            </li>
          </ul>
        )}
        <p className="muted">{t('refreshing')}</p>
      </section>
      <VisitsLog scope={{ ...scope, sel: { period: 'day', date: 'today' } }} limit={10} />
    </>
  );
}

type Visit = Record<string, unknown> & { actionDetails?: Record<string, unknown>[] };

/** The visits log (Live.getLastVisitsDetails) when the site enables it; a visitor's profile opens from a visit. */
export function VisitsLog({ scope, limit = 50 }: { scope: ReportScope; limit?: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [profileOf, setProfileOf] = useState<string | undefined>();
  const [visits, retry] = useAsync(
    () => report<Visit[]>('Live.getLastVisitsDetails', { ...baseParams(scope), filter_limit: limit }),
    [JSON.stringify(baseParams(scope)), limit],
  );
  if (visits.state === 'error' && /deactivated|désactivé/i.test(visits.message)) {
    return (
      <section className="card">
        <h2>{t('visitsLog')}</h2>
        <p>{t('visitsLogDisabled')}</p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="log-h">
      <h2 id="log-h">{t('visitsLog')}</h2>
      <AsyncView value={visits} retry={retry}>
        {(list) =>
          list.length === 0 ? (
            <Empty />
          ) : (
            <ol className="visits">
              {list.map((v, i) => (
                <li key={String(v['idVisit'] ?? i)} className="visit">
                  <div className="visit-head">
                    <strong>{String(v['serverDatePrettyFirstAction'] ?? v['serverDate'] ?? '')}</strong>{' '}
                    {String(v['serverTimePrettyFirstAction'] ?? '')}
                    <span className="muted">
                      {' '}
                      · {String(v['country'] ?? '')} · {String(v['browserName'] ?? v['browser'] ?? '')} ·{' '}
                      {String(v['operatingSystemName'] ?? v['operatingSystem'] ?? '')} · {String(v['referrerTypeName'] ?? '')}
                    </span>
                    {v['visitorId'] ? (
                      <button type="button" className="link" onClick={() => setProfileOf(String(v['visitorId']))}>
                        {t('visitorProfile')}
                      </button>
                    ) : null}
                  </div>
                  <ol className="actions-list">
                    {(v.actionDetails ?? []).slice(0, 20).map((a, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a visit's actions are a fixed, ordered list
                      <li key={j}>{String(a['pageTitle'] ?? a['url'] ?? a['eventAction'] ?? a['type'] ?? '')}</li>
                    ))}
                  </ol>
                </li>
              ))}
            </ol>
          )
        }
      </AsyncView>
      {profileOf !== undefined && <VisitorProfile idSite={scope.site.id} visitorId={profileOf} onClose={() => setProfileOf(undefined)} />}
    </section>
  );
}

function VisitorProfile({ idSite, visitorId, onClose }: { idSite: number; visitorId: string; onClose: () => void }) {
  const { t } = useI18n();
  const [profile, retry] = useAsync(
    () => report<Record<string, unknown>>('Live.getVisitorProfile', { idSite, visitorId }),
    [idSite, visitorId],
  );
  return (
    <section className="card profile" aria-label={t('visitorProfile')}>
      <h3>
        {t('visitorProfile')} <code>{visitorId}</code>
      </h3>
      <AsyncView value={profile} retry={retry}>
        {(p) => (
          <dl>
            {Object.entries(p)
              .filter(([, v]) => typeof v !== 'object')
              .slice(0, 24)
              .map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{String(v)}</dd>
                </div>
              ))}
          </dl>
        )}
      </AsyncView>
      <button type="button" onClick={onClose}>
        {t('close')}
      </button>
    </section>
  );
}

export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 401 || err.status === 403);
}
