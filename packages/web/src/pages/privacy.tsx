import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { getCsrfToken, json, report } from '../api.js';
import { type PrivacyKey, usePrivacyI18n } from '../privacy-i18n.js';
import { navigate, onLinkClick, withQuery } from '../router.js';
import { useSession } from '../session.js';
import { AsyncView, Checkbox, Field, FormError, useAsync, useSubmit } from '../ui.js';
import '../privacy.css';

/**
 * The privacy section: per site, the privacy mode and its switches, the compliance audit, the printable
 * record of processing, the GDPR tools and the audit log. Everything goes through the PrivacyManager
 * methods of the Reporting API (the browser session, like every dashboard call), so the access rules are
 * the API's: site admins set modes, run the audit and find data subjects; export, erase, anonymise and
 * the audit log need a super user.
 */
type Tab = 'mode' | 'audit' | 'record' | 'gdpr' | 'log';
const TABS: readonly [Tab, PrivacyKey][] = [
  ['mode', 'tabMode'],
  ['audit', 'tabAudit'],
  ['record', 'tabRecord'],
  ['gdpr', 'tabGdpr'],
  ['log', 'tabLog'],
];

export function PrivacyPage({ query }: { query: URLSearchParams }) {
  const { p } = usePrivacyI18n();
  const session = useSession();
  const su = session.user.superuser;
  const sites = session.sites.filter((s) => su || s.role === 'admin');
  const requested = Number(query.get('idSite') ?? 0);
  const site = sites.find((s) => s.id === requested) ?? sites[0];
  const tabs = TABS.filter(([key]) => key !== 'log' || su);
  const tab = tabs.find(([key]) => key === query.get('tab'))?.[0] ?? 'mode';
  if (site === undefined)
    return (
      <>
        <h1>{p('title')}</h1>
        <p className="card">{p('noAdminSite')}</p>
      </>
    );
  return (
    <div className="privacy">
      <h1>
        {p('title')} <span className="muted site-name">— {site.name}</span>
      </h1>
      <div className="privacy-bar no-print">
        <Field label={p('website')}>
          {(props) => (
            <select {...props} value={site.id} onChange={(e) => navigate(withQuery('/app/privacy', query, { idSite: e.target.value }))}>
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <nav aria-label={p('tabsLabel')} className="privacy-tabs">
          <ul>
            {tabs.map(([key, label]) => (
              <li key={key}>
                <a
                  href={withQuery('/app/privacy', query, { idSite: String(site.id), tab: key })}
                  onClick={onLinkClick}
                  aria-current={tab === key ? 'page' : undefined}
                >
                  {p(label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      {tab === 'mode' && <ModeTab key={site.id} idSite={site.id} />}
      {tab === 'audit' && <AuditTab key={site.id} idSite={site.id} siteName={site.name} />}
      {tab === 'record' && <RecordTab key={site.id} idSite={site.id} />}
      {tab === 'gdpr' && <GdprTab key={site.id} idSite={site.id} superuser={su} />}
      {tab === 'log' && su && <LogTab />}
    </div>
  );
}

/**
 * A table that may scroll sideways on a phone: the scrolling box must be reachable by keyboard (WCAG
 * 2.1.1; axe "scrollable-region-focusable") when the table holds nothing focusable itself.
 */
function ScrollRegion({ label, card, children }: { label: string; card?: boolean; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take the focus to be scrolled by keyboard
    <section className={card ? 'table-scroll card' : 'table-scroll'} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

// ——— Privacy mode and switches ———

type Mode = 'exempt' | 'consented' | 'custom';
type Switches = Record<string, unknown>;

interface SwitchDef {
  readonly key: string;
  readonly kind: 'bool' | 'months' | 'bytes' | 'campaign';
  /** Modes that keep this switch within the exemption whatever is stored (core/privacy/modes.ts). */
  readonly enforcedIn: readonly Mode[];
}

const SWITCHES: readonly SwitchDef[] = [
  { key: 'allowUserId', kind: 'bool', enforcedIn: ['exempt'] },
  { key: 'allowEcommerce', kind: 'bool', enforcedIn: ['exempt'] },
  { key: 'visitsLog', kind: 'bool', enforcedIn: ['exempt'] },
  { key: 'visitorProfile', kind: 'bool', enforcedIn: ['exempt'] },
  { key: 'anonymizeIpBytes', kind: 'bytes', enforcedIn: ['exempt', 'consented'] },
  { key: 'retentionMonths', kind: 'months', enforcedIn: ['exempt', 'consented'] },
  { key: 'cookieLifetimeMonths', kind: 'months', enforcedIn: ['exempt'] },
  { key: 'campaignDetail', kind: 'campaign', enforcedIn: [] },
  { key: 'scrubPii', kind: 'bool', enforcedIn: [] },
  { key: 'honourDoNotTrack', kind: 'bool', enforcedIn: [] },
  { key: 'collectCity', kind: 'bool', enforcedIn: [] },
];

interface SiteView {
  privacyMode: Mode;
  privacy: Switches;
}

function ModeTab({ idSite }: { idSite: number }) {
  const [site, retry] = useAsync(() => json<{ site: SiteView }>('GET', `/api/admin/sites/${idSite}`), [idSite]);
  return (
    <AsyncView value={site} retry={retry}>
      {({ site: s }) => <ModeForm idSite={idSite} initialMode={s.privacyMode} initial={s.privacy} />}
    </AsyncView>
  );
}

function ModeForm({ idSite, initialMode, initial }: { idSite: number; initialMode: Mode; initial: Switches }) {
  const { p } = usePrivacyI18n();
  const [mode, setMode] = useState<Mode>(initialMode);
  const [inForce, setInForce] = useState<Switches>(initial);
  const [values, setValues] = useState<Switches>(initial);
  const [notApplied, setNotApplied] = useState<string[]>([]);
  const set = (key: string, v: unknown) => setValues({ ...values, [key]: v });
  const name = useId();
  const { busy, error, done, submit } = useSubmit(async () => {
    // Only what the user changed becomes an override: the mode supplies the rest.
    const changed = Object.fromEntries(
      SWITCHES.filter((d) => JSON.stringify(values[d.key]) !== JSON.stringify(inForce[d.key])).map((d) => [d.key, values[d.key]]),
    );
    const row = await report<Switches>('PrivacyManager.setPrivacySettings', { idSite, mode, settings: JSON.stringify(changed) });
    const next: Switches = {};
    for (const d of SWITCHES) next[d.key] = row[d.key];
    setNotApplied(Object.keys(changed).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(changed[k])));
    setInForce(next);
    setValues(next);
  });
  const modes: [Mode, PrivacyKey, PrivacyKey][] = [
    ['exempt', 'modeExempt', 'modeExemptHelp'],
    ['consented', 'modeConsented', 'modeConsentedHelp'],
    ['custom', 'modeCustom', 'modeCustomHelp'],
  ];
  return (
    <form
      className="card form privacy-mode"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset>
        <legend>{p('modeLegend')}</legend>
        {modes.map(([m, label, help]) => (
          <div key={m} className="radio">
            <input
              type="radio"
              id={`${name}-${m}`}
              name={name}
              value={m}
              checked={mode === m}
              onChange={() => setMode(m)}
              aria-describedby={`${name}-${m}-help`}
            />
            <label htmlFor={`${name}-${m}`}>{p(label)}</label>
            <small id={`${name}-${m}-help`} className="muted">
              {p(help)}
            </small>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{p('switchesLegend')}</legend>
        {SWITCHES.map((d) => (
          <SwitchField key={d.key} def={d} value={values[d.key]} enforced={d.enforcedIn.includes(mode)} onChange={(v) => set(d.key, v)} />
        ))}
      </fieldset>
      <FormError message={error} />
      <button type="submit" className="primary" disabled={busy}>
        {p('saveMode')}
      </button>
      <p role="status" className="muted">
        {done ? p('savedMode') : ''}{' '}
        {done && notApplied.length > 0 ? p('notApplied', notApplied.map((k) => p(k as PrivacyKey)).join(', ')) : ''}
      </p>
    </form>
  );
}

function SwitchField({
  def,
  value,
  enforced,
  onChange,
}: {
  def: SwitchDef;
  value: unknown;
  enforced: boolean;
  onChange: (v: unknown) => void;
}) {
  const { p } = usePrivacyI18n();
  const label = p(def.key as PrivacyKey);
  const help = `${p(`${def.key}Help` as PrivacyKey)}${enforced ? ` ${p('enforcedNote')}` : ''}`;
  const id = useId();
  if (def.kind === 'bool') {
    return (
      <div className="check switch">
        <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-h`} />
        <label htmlFor={id}>{label}</label>
        <small id={`${id}-h`} className="muted">
          {help}
        </small>
      </div>
    );
  }
  return (
    <Field label={label} hint={help}>
      {(props) =>
        def.kind === 'months' ? (
          <input {...props} type="number" min={0} max={240} value={Number(value ?? 0)} onChange={(e) => onChange(Number(e.target.value))} />
        ) : def.kind === 'bytes' ? (
          <select {...props} value={Number(value ?? 2)} onChange={(e) => onChange(Number(e.target.value))}>
            {[1, 2, 3, 4].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        ) : (
          <select {...props} value={String(value ?? 'channel')} onChange={(e) => onChange(e.target.value)}>
            <option value="channel">{p('campaignChannel')}</option>
            <option value="full">{p('campaignFull')}</option>
          </select>
        )
      }
    </Field>
  );
}

// ——— Compliance audit ———

type CheckStatus = 'pass' | 'fail' | 'warning';
interface Audit {
  status: CheckStatus;
  mode: string;
  checks: { id: string; status: CheckStatus; title: string; evidence: string; fix: string }[];
  pii: { field: string; kind: string; rows: number; examples: string }[];
}

function StatusBadge({ status }: { status: CheckStatus }) {
  const { p } = usePrivacyI18n();
  const text: Record<CheckStatus, [string, PrivacyKey]> = {
    pass: ['✓', 'statusPass'],
    fail: ['✗', 'statusFail'],
    warning: ['!', 'statusWarning'],
  };
  const [mark, key] = text[status];
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span aria-hidden="true">{mark}</span> {p(key)}
    </span>
  );
}

function AuditTab({ idSite, siteName }: { idSite: number; siteName: string }) {
  const { p, checkTitle, number } = usePrivacyI18n();
  const [audit, retry] = useAsync(() => report<Audit>('PrivacyManager.getComplianceAudit', { idSite }), [idSite]);
  return (
    <section aria-labelledby="audit-h">
      <h2 id="audit-h" className="visually-hidden">
        {p('tabAudit')}
      </h2>
      <p className="no-print">
        <button type="button" onClick={retry}>
          {p('runAudit')}
        </button>
      </p>
      <AsyncView value={audit} retry={retry}>
        {(a) => (
          <>
            <p className="card overall" data-testid="audit-overall">
              {p('overall', '')}
              <StatusBadge status={a.status} />
            </p>
            <ScrollRegion label={p('checksCaption', siteName)} card>
              <table className="audit-table">
                <caption className="visually-hidden">{p('checksCaption', siteName)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{p('status')}</th>
                    <th scope="col">{p('condition')}</th>
                    <th scope="col">{p('evidence')}</th>
                    <th scope="col">{p('fix')}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.checks.map((c) => (
                    <tr key={c.id} data-check={c.id}>
                      <td>
                        <StatusBadge status={c.status} />
                      </td>
                      <th scope="row">{checkTitle(c.id, c.title)}</th>
                      <td>
                        <ul className="plain evidence">
                          {c.evidence
                            .split('\n')
                            .filter(Boolean)
                            .map((line) => (
                              <li key={line}>{line}</li>
                            ))}
                        </ul>
                      </td>
                      <td>{c.fix}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            <section className="card" aria-labelledby="pii-h">
              <h3 id="pii-h">{p('piiTitle')}</h3>
              {a.pii.length === 0 ? (
                <p>{p('piiNone')}</p>
              ) : (
                <ScrollRegion label={p('piiTitle')}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{p('piiField')}</th>
                        <th scope="col">{p('piiKind')}</th>
                        <th scope="col">{p('piiRows')}</th>
                        <th scope="col">{p('piiExamples')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {a.pii.map((f) => (
                        <tr key={`${f.field}-${f.kind}`}>
                          <td>{f.field}</td>
                          <td>{f.kind}</td>
                          <td className="num">{number(f.rows)}</td>
                          <td>
                            <ul className="plain">
                              {f.examples.split('\n').map((x) => (
                                <li key={x}>
                                  <code>{x}</code>
                                </li>
                              ))}
                            </ul>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              )}
            </section>
          </>
        )}
      </AsyncView>
    </section>
  );
}

// ——— Record of processing ———

/** The record is Markdown with headings, bullet lists, paragraphs and one italic line: rendered as elements, never as HTML. */
export function renderRecord(markdown: string): ReactNode[] {
  const out: ReactNode[] = [];
  let list: string[] = [];
  const flush = () => {
    if (list.length > 0)
      out.push(
        <ul key={`ul-${out.length}`}>
          {list.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>,
      );
    list = [];
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('- ')) {
      list.push(line.slice(2));
      continue;
    }
    flush();
    if (line.startsWith('# ')) out.push(<h2 key={out.length}>{line.slice(2)}</h2>);
    else if (line.startsWith('## ')) out.push(<h3 key={out.length}>{line.slice(3)}</h3>);
    else if (/^_.*_$/.test(line))
      out.push(
        <p key={out.length}>
          <em>{line.slice(1, -1)}</em>
        </p>,
      );
    else if (line.trim() !== '') out.push(<p key={out.length}>{line}</p>);
  }
  flush();
  return out;
}

function RecordTab({ idSite }: { idSite: number }) {
  const { p, lang: uiLang } = usePrivacyI18n();
  const [lang, setLang] = useState<'en' | 'fr'>(uiLang);
  const [record, retry] = useAsync(() => report<{ value: string }>('PrivacyManager.getProcessingRecord', { idSite, lang }), [idSite, lang]);
  return (
    <section aria-label={p('tabRecord')}>
      <div className="record-bar no-print">
        <Field label={p('recordLanguage')}>
          {(props) => (
            <select {...props} value={lang} onChange={(e) => setLang(e.target.value === 'fr' ? 'fr' : 'en')}>
              <option value="en" lang="en">
                English
              </option>
              <option value="fr" lang="fr">
                Français
              </option>
            </select>
          )}
        </Field>
        <button type="button" onClick={() => window.print()}>
          {p('print')}
        </button>
        <p className="note">{p('recordNote')}</p>
      </div>
      <AsyncView value={record} retry={retry}>
        {(r) => (
          <article className="card record" lang={lang} data-testid="processing-record">
            {renderRecord(r.value)}
          </article>
        )}
      </AsyncView>
    </section>
  );
}

// ——— GDPR tools ———

interface SubjectVisit {
  idSite: number;
  idVisit: string;
  visitorId: string;
  userId: string;
  visitIp: string;
  lastActionDateTime: string;
  actions: number;
  deviceType: string;
  browser: string;
  country: string;
}

type SearchKind = 'visitorId' | 'userId' | 'visitIp' | 'segment';

/** Downloads an API answer as a file: fetched with the session (no token in a URL), saved through a blob link. */
async function downloadExport(visits: readonly SubjectVisit[], format: 'json' | 'csv'): Promise<number> {
  const q = new URLSearchParams({ module: 'API', method: 'PrivacyManager.exportDataSubjects', format });
  const body = new URLSearchParams({
    token_auth: getCsrfToken(),
    force_api_session: '1',
    visits: visits.map((v) => `${v.idSite}:${v.idVisit}`).join(','),
  });
  const res = await fetch(`/index.php?${q}`, { method: 'POST', body, credentials: 'same-origin' });
  const text = await res.text();
  if (!res.ok || text.startsWith('{"result":"error"')) {
    let message = `HTTP ${res.status}`;
    try {
      message = String((JSON.parse(text) as { message?: string }).message ?? message);
    } catch {}
    throw new Error(message);
  }
  const rows = format === 'json' ? (JSON.parse(text) as unknown[]).length : Math.max(0, text.trim().split(/\r?\n/).length - 1);
  const url = URL.createObjectURL(new Blob([text], { type: format === 'json' ? 'application/json' : 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `data-subject-export.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return rows;
}

function GdprTab({ idSite, superuser }: { idSite: number; superuser: boolean }) {
  const { p } = usePrivacyI18n();
  return (
    <>
      <FindSubjects idSite={idSite} superuser={superuser} />
      {superuser ? <Anonymise idSite={idSite} /> : <p className="note card">{p('superUserOnly')}</p>}
    </>
  );
}

function FindSubjects({ idSite, superuser }: { idSite: number; superuser: boolean }) {
  const { p, number, dateTime } = usePrivacyI18n();
  const [kind, setKind] = useState<SearchKind>('visitorId');
  const [value, setValue] = useState('');
  const [found, setFound] = useState<SubjectVisit[] | undefined>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState('');
  const confirmRef = useRef<HTMLElement>(null);
  const key = (v: SubjectVisit) => `${v.idSite}:${v.idVisit}`;
  const segment = () => (kind === 'segment' ? value.trim() : `${kind}==${encodeURIComponent(value.trim())}`);
  const search = useSubmit(async () => {
    const visits = await report<SubjectVisit[]>('PrivacyManager.findDataSubjects', { idSite, segment: segment() });
    setFound(visits);
    setSelected(new Set(visits.map(key)));
    setConfirming(false);
  });
  const chosen = (found ?? []).filter((v) => selected.has(key(v)));
  const exporter = useSubmit(async (format: 'json' | 'csv') => {
    setMessage(p('exported', number(await downloadExport(chosen, format))));
  });
  const eraser = useSubmit(async () => {
    const r = await report<{ deleted: number }>('PrivacyManager.deleteDataSubjects', { visits: chosen.map(key).join(',') });
    setConfirming(false);
    setMessage(p('erased', number(r.deleted)));
    await search.submit();
  });
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const kinds: [SearchKind, PrivacyKey][] = [
    ['visitorId', 'byVisitorId'],
    ['userId', 'byUserId'],
    ['visitIp', 'byIp'],
    ['segment', 'bySegment'],
  ];
  return (
    <section className="card" aria-labelledby="find-h">
      <h2 id="find-h">{p('findTitle')}</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setMessage('');
          void search.submit();
        }}
      >
        <Field label={p('searchBy')}>
          {(props) => (
            <select {...props} value={kind} onChange={(e) => setKind(e.target.value as SearchKind)}>
              {kinds.map(([k, label]) => (
                <option key={k} value={k}>
                  {p(label)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={p('value')}>
          {(props) => (
            <input {...props} required value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" spellCheck={false} />
          )}
        </Field>
        <button type="submit" className="primary" disabled={search.busy}>
          {p('find')}
        </button>
      </form>
      <FormError message={search.error} />
      <p role="status" className="muted" data-testid="gdpr-status">
        {message} {found === undefined ? '' : found.length === 0 ? p('noVisitsFound') : p('foundVisits', number(found.length))}
      </p>
      {found !== undefined && found.length > 0 && (
        <>
          <ScrollRegion label={p('findTitle')}>
            <table className="subjects">
              <caption className="visually-hidden">{p('foundVisits', number(found.length))}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label={p('selectAll')}
                      checked={chosen.length === found.length}
                      onChange={(e) => setSelected(new Set(e.target.checked ? found.map(key) : []))}
                    />
                  </th>
                  <th scope="col">{p('visitDate')}</th>
                  <th scope="col">{p('visitorId')}</th>
                  <th scope="col">{p('userId')}</th>
                  <th scope="col">{p('ip')}</th>
                  <th scope="col">{p('actionsCol')}</th>
                  <th scope="col">{p('device')}</th>
                  <th scope="col">{p('browser')}</th>
                  <th scope="col">{p('country')}</th>
                </tr>
              </thead>
              <tbody>
                {found.map((v) => (
                  <tr key={key(v)}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={p('selectVisit', v.idVisit)}
                        checked={selected.has(key(v))}
                        onChange={(e) => {
                          const next = new Set(selected);
                          if (e.target.checked) next.add(key(v));
                          else next.delete(key(v));
                          setSelected(next);
                        }}
                      />
                    </td>
                    <td>{v.lastActionDateTime ? dateTime(`${v.lastActionDateTime.replace(' ', 'T')}Z`) : ''}</td>
                    <td>
                      <code>{v.visitorId}</code>
                    </td>
                    <td>{v.userId}</td>
                    <td>{v.visitIp}</td>
                    <td className="num">{number(v.actions)}</td>
                    <td>{v.deviceType}</td>
                    <td>{v.browser}</td>
                    <td>{v.country}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {superuser ? (
            <div className="actions-row">
              <button type="button" disabled={chosen.length === 0 || exporter.busy} onClick={() => void exporter.submit('json')}>
                {p('exportJson')}
              </button>
              <button type="button" disabled={chosen.length === 0 || exporter.busy} onClick={() => void exporter.submit('csv')}>
                {p('exportCsv')}
              </button>
              <button type="button" className="danger" disabled={chosen.length === 0} onClick={() => setConfirming(true)}>
                {p('erase')}
              </button>
            </div>
          ) : (
            <p className="note">{p('superUserOnly')}</p>
          )}
          <FormError message={exporter.error} />
          {confirming && (
            <section className="confirm" aria-labelledby="erase-h" tabIndex={-1} ref={confirmRef}>
              <h3 id="erase-h">{p('eraseTitle', number(chosen.length))}</h3>
              <p>{p('eraseWarning')}</p>
              <button type="button" className="danger" disabled={eraser.busy} onClick={() => void eraser.submit()}>
                {p('eraseConfirm')}
              </button>{' '}
              <button type="button" onClick={() => setConfirming(false)}>
                {p('cancel')}
              </button>
              <FormError message={eraser.error} />
            </section>
          )}
        </>
      )}
    </section>
  );
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function Anonymise({ idSite }: { idSite: number }) {
  const { p, number } = usePrivacyI18n();
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 30 * 86_400_000)));
  const [to, setTo] = useState(isoDay(today));
  const [ip, setIp] = useState(true);
  const [bytes, setBytes] = useState(2);
  const [location, setLocation] = useState(false);
  const [userAgent, setUserAgent] = useState(false);
  const [userId, setUserId] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState('');
  const nothing = !ip && !location && !userAgent && !userId;
  const run = useSubmit(async () => {
    const r = await report<{ rows: number }>('PrivacyManager.anonymizeSomeRawData', {
      idSites: idSite,
      date: `${from},${to}`,
      anonymizeIp: ip ? 1 : undefined,
      ipBytes: ip ? bytes : undefined,
      anonymizeLocation: location ? 1 : undefined,
      anonymizeUserAgent: userAgent ? 1 : undefined,
      anonymizeUserId: userId ? 1 : undefined,
    });
    setConfirming(false);
    setResult(p('anonymised', number(r.rows)));
  });
  return (
    <section className="card" aria-labelledby="anon-h">
      <h2 id="anon-h">{p('anonymiseTitle')}</h2>
      <p className="note">{p('anonymiseIntro')}</p>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          setResult('');
          if (!nothing) setConfirming(true);
        }}
      >
        <div className="inline-form">
          <Field label={p('from')}>
            {(props) => <input {...props} type="date" required value={from} max={to} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label={p('to')}>
            {(props) => <input {...props} type="date" required value={to} min={from} onChange={(e) => setTo(e.target.value)} />}
          </Field>
        </div>
        <Checkbox label={p('anonymiseIp')} checked={ip} onChange={setIp} />
        {ip && (
          <Field label={p('ipBytes')}>
            {(props) => (
              <select {...props} value={bytes} onChange={(e) => setBytes(Number(e.target.value))}>
                {[1, 2, 3, 4].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Checkbox label={p('anonymiseLocation')} checked={location} onChange={setLocation} />
        <Checkbox label={p('anonymiseUserAgent')} checked={userAgent} onChange={setUserAgent} />
        <Checkbox label={p('anonymiseUserId')} checked={userId} onChange={setUserId} />
        {nothing && <p className="note">{p('chooseSomething')}</p>}
        <button type="submit" disabled={nothing}>
          {p('anonymise')}
        </button>
      </form>
      {confirming && (
        <section className="confirm" aria-labelledby="anon-confirm-h">
          <h3 id="anon-confirm-h">{p('anonymiseConfirmTitle', from, to)}</h3>
          <button type="button" className="danger" disabled={run.busy} onClick={() => void run.submit()}>
            {p('anonymiseConfirm')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {p('cancel')}
          </button>
        </section>
      )}
      <FormError message={run.error} />
      <p role="status" className="muted">
        {result}
      </p>
    </section>
  );
}

// ——— Audit log ———

interface LogLine {
  id: number;
  at: string;
  actor: string;
  action: string;
  idSite: number | null;
  rows: number | null;
  details: string;
}

function summary(line: LogLine): string {
  let d: Record<string, unknown> = {};
  try {
    d = JSON.parse(line.details) as Record<string, unknown>;
  } catch {}
  if (line.action === 'privacy.changed') {
    const changes = (d['changes'] as { key: string; from: unknown; to: unknown }[] | undefined) ?? [];
    const mode = d['modeFrom'] === d['modeTo'] ? String(d['modeTo'] ?? '') : `${String(d['modeFrom'])} → ${String(d['modeTo'])}`;
    return [mode, ...changes.map((c) => `${c.key}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`)].filter(Boolean).join('; ');
  }
  if (line.action === 'retention.purged') return `cutoff ${String(d['cutoff'] ?? '')}, ${String(d['retentionMonths'] ?? '')} months`;
  if (line.action === 'salts.destroyed') return `lifetime ${String(d['lifetimeHours'] ?? '')} h`;
  const pick = ['visitorId', 'userId', 'ip', 'visits', 'fromSec', 'toSec'].filter((k) => d[k] !== undefined);
  return pick.map((k) => `${k}: ${JSON.stringify(d[k])}`).join('; ');
}

function LogTab() {
  const { p, number, dateTime } = usePrivacyI18n();
  const session = useSession();
  const [action, setAction] = useState('');
  const [log, retry] = useAsync(
    () => report<LogLine[]>('PrivacyManager.getAuditLog', { action: action || undefined, limit: 300 }),
    [action],
  );
  const filters: [string, PrivacyKey][] = [
    ['', 'logAll'],
    ['privacy.changed', 'logPrivacy'],
    ['gdpr.', 'logGdpr'],
    ['retention.purged', 'logRetention'],
    ['salts.destroyed', 'logSalts'],
    ['site.', 'logSites'],
  ];
  const siteName = (id: number | null) => (id === null ? '' : (session.sites.find((s) => s.id === id)?.name ?? `#${id}`));
  return (
    <section aria-label={p('tabLog')}>
      <Field label={p('logFilter')}>
        {(props) => (
          <select {...props} value={action} onChange={(e) => setAction(e.target.value)}>
            {filters.map(([value, label]) => (
              <option key={value} value={value}>
                {p(label)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <AsyncView value={log} retry={retry}>
        {(lines) =>
          lines.length === 0 ? (
            <p className="empty">{p('noEntries')}</p>
          ) : (
            <ScrollRegion label={p('logCaption')} card>
              <table className="audit-log">
                <caption className="visually-hidden">{p('logCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{p('when')}</th>
                    <th scope="col">{p('who')}</th>
                    <th scope="col">{p('what')}</th>
                    <th scope="col">{p('website')}</th>
                    <th scope="col">{p('rows')}</th>
                    <th scope="col">{p('details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((l) => (
                    <tr key={l.id} data-action={l.action}>
                      <td>{dateTime(l.at)}</td>
                      <td>{l.actor}</td>
                      <td>
                        <code>{l.action}</code>
                      </td>
                      <td>{siteName(l.idSite)}</td>
                      <td className="num">{l.rows === null ? '' : number(l.rows)}</td>
                      <td>{summary(l)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )
        }
      </AsyncView>
    </section>
  );
}
