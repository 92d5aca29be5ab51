import { useEffect, useRef, useState } from 'react';
import { json } from '../api.js';
import { useI18n } from '../i18n.js';
import { navigate, onLinkClick } from '../router.js';
import { useSession } from '../session.js';
import { AsyncView, Checkbox, CopyBox, Field, FormError, lines, NewPasswordInput, useAsync, useSubmit } from '../ui.js';

interface SiteFull {
  id: number;
  name: string;
  mainUrl: string;
  urls: string[];
  timezone: string;
  currency: string;
  excludedIps: string[];
  excludedParameters: string[];
  excludedUserAgents: string[];
  siteSearchEnabled: boolean;
  siteSearchKeywordParameters: string[];
  siteSearchCategoryParameters: string[];
  ecommerce: boolean;
  privacyMode: string;
  privacy: { anonymizeIpBytes: number; honourDoNotTrack: boolean; collectCity: boolean; visitsLog: boolean; visitorProfile: boolean };
  publicDashboard: boolean;
}

/** IANA zones the browser knows; UTC first (Chromium's list leaves it out). */
const TIMEZONES: string[] = (() => {
  let zones: string[];
  try {
    zones = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    zones = ['Europe/Paris', 'Europe/London', 'America/New_York'];
  }
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
})();

function zonesWith(current: string): string[] {
  return TIMEZONES.includes(current) ? TIMEZONES : [current, ...TIMEZONES];
}

export function SitesAdminPage() {
  const { t } = useI18n();
  const session = useSession();
  const [sites, retry] = useAsync(() => json<{ sites: SiteFull[] }>('GET', '/api/admin/sites'), []);
  return (
    <>
      <h1>{t('sites')}</h1>
      {session.user.superuser && (
        <p>
          <a className="button primary" href="/app/admin/sites/new" onClick={onLinkClick}>
            {t('addSite')}
          </a>
        </p>
      )}
      <AsyncView value={sites} retry={retry}>
        {({ sites: list }) => (
          <div className="table-scroll card">
            <table>
              <caption className="visually-hidden">{t('sites')}</caption>
              <thead>
                <tr>
                  <th scope="col">ID</th>
                  <th scope="col">{t('siteName')}</th>
                  <th scope="col">URL</th>
                  <th scope="col">{t('timezone')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('edit')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id}>
                    <td>{s.id}</td>
                    <th scope="row">{s.name}</th>
                    <td>{s.mainUrl}</td>
                    <td>{s.timezone}</td>
                    <td className="actions">
                      <a href={`/app/admin/sites/${s.id}`} onClick={onLinkClick}>
                        {t('edit')}
                      </a>{' '}
                      <a href={`/app/admin/sites/${s.id}/tracking-code`} onClick={onLinkClick}>
                        {t('trackingCode')}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncView>
    </>
  );
}

/** Add a site (super user) — also the first-run "add your first website" step. */
export function NewSitePage({ first = false }: { first?: boolean }) {
  const { t } = useI18n();
  const session = useSession();
  const [name, setName] = useState('');
  const [urls, setUrls] = useState('');
  const [timezone, setTimezone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [currency, setCurrency] = useState('EUR');
  const { busy, error, submit } = useSubmit(async () => {
    const r = await json<{ site: { id: number } }>('POST', '/api/admin/sites', { name, urls: lines(urls), timezone, currency });
    await session.reload();
    navigate(`/app/admin/sites/${r.site.id}/tracking-code${first ? '?first=1' : ''}`);
  });
  return (
    <>
      <h1>{first ? t('firstSiteTitle') : t('addSite')}</h1>
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label={t('siteName')}>
          {(p) => <input {...p} name="name" required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('siteUrls')}>
          {(p) => (
            <textarea
              {...p}
              name="urls"
              required
              rows={3}
              value={urls}
              onChange={(e) => setUrls(e.target.value)}
              placeholder="https://example.org"
            />
          )}
        </Field>
        <Field label={t('timezone')}>
          {(p) => (
            <select {...p} name="timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)}>
              {zonesWith(timezone).map((z) => (
                <option key={z}>{z}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('currency')}>
          {(p) => (
            <input {...p} name="currency" maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
          )}
        </Field>
        <FormError message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('addSite')}
        </button>
      </form>
    </>
  );
}

export function EditSitePage({ idSite }: { idSite: number }) {
  const { t } = useI18n();
  const [site, retry] = useAsync(() => json<{ site: SiteFull }>('GET', `/api/admin/sites/${idSite}`), [idSite]);
  return (
    <>
      <h1>{t('siteSettings')}</h1>
      <AsyncView value={site} retry={retry}>
        {({ site: s }) => <SiteForm site={s} />}
      </AsyncView>
      <UsersOfSite idSite={idSite} />
    </>
  );
}

function SiteForm({ site }: { site: SiteFull }) {
  const { t } = useI18n();
  const session = useSession();
  const [v, setV] = useState({
    name: site.name,
    urls: site.urls.join('\n'),
    timezone: site.timezone,
    currency: site.currency,
    excludedIps: site.excludedIps.join('\n'),
    excludedParameters: site.excludedParameters.join('\n'),
    excludedUserAgents: site.excludedUserAgents.join('\n'),
    siteSearchEnabled: site.siteSearchEnabled,
    siteSearchKeywordParameters: site.siteSearchKeywordParameters.join('\n'),
    siteSearchCategoryParameters: site.siteSearchCategoryParameters.join('\n'),
    ecommerce: site.ecommerce,
    publicDashboard: site.publicDashboard,
    anonymizeIpBytes: site.privacy.anonymizeIpBytes,
    honourDoNotTrack: site.privacy.honourDoNotTrack,
    collectCity: site.privacy.collectCity,
    visitsLog: site.privacy.visitsLog,
    visitorProfile: site.privacy.visitorProfile,
  });
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV({ ...v, [k]: value });
  const { busy, error, done, submit } = useSubmit(async () => {
    await json('PUT', `/api/admin/sites/${site.id}`, {
      name: v.name,
      urls: lines(v.urls),
      timezone: v.timezone,
      currency: v.currency,
      excludedIps: lines(v.excludedIps),
      excludedParameters: lines(v.excludedParameters),
      excludedUserAgents: lines(v.excludedUserAgents),
      siteSearchEnabled: v.siteSearchEnabled,
      siteSearchKeywordParameters: lines(v.siteSearchKeywordParameters),
      siteSearchCategoryParameters: lines(v.siteSearchCategoryParameters),
      ecommerce: v.ecommerce,
      publicDashboard: v.publicDashboard,
      privacy: {
        anonymizeIpBytes: v.anonymizeIpBytes,
        honourDoNotTrack: v.honourDoNotTrack,
        collectCity: v.collectCity,
        visitsLog: v.visitsLog,
        visitorProfile: v.visitorProfile,
      },
    });
    await session.reload();
  });
  const text = (k: 'name' | 'currency') => (p: { id: string }) => <input {...p} value={v[k]} onChange={(e) => set(k, e.target.value)} />;
  const area =
    (
      k:
        | 'urls'
        | 'excludedIps'
        | 'excludedParameters'
        | 'excludedUserAgents'
        | 'siteSearchKeywordParameters'
        | 'siteSearchCategoryParameters',
    ) =>
    (p: { id: string }) => <textarea {...p} rows={3} value={v[k]} onChange={(e) => set(k, e.target.value)} />;
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field label={t('siteName')}>{text('name')}</Field>
      <Field label={t('siteUrls')}>{area('urls')}</Field>
      <Field label={t('timezone')}>
        {(p) => (
          <select {...p} value={v.timezone} onChange={(e) => set('timezone', e.target.value)}>
            {zonesWith(v.timezone).map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('currency')}>{text('currency')}</Field>
      <Field label={t('excludedIps')}>{area('excludedIps')}</Field>
      <Field label={t('excludedParameters')}>{area('excludedParameters')}</Field>
      <Field label={t('excludedUserAgents')}>{area('excludedUserAgents')}</Field>
      <Checkbox label={t('siteSearchEnabled')} checked={v.siteSearchEnabled} onChange={(b) => set('siteSearchEnabled', b)} />
      <Field label={t('searchKeywordParams')}>{area('siteSearchKeywordParameters')}</Field>
      <Field label={t('searchCategoryParams')}>{area('siteSearchCategoryParameters')}</Field>
      <Checkbox label={t('ecommerce')} checked={v.ecommerce} onChange={(b) => set('ecommerce', b)} />
      <p>
        {t('privacyMode')}: <strong>{site.privacyMode}</strong> <span className="muted">{t('privacyModeNote')}</span>
      </p>
      <Checkbox label={t('publicDashboard')} checked={v.publicDashboard} onChange={(b) => set('publicDashboard', b)} />
      <fieldset>
        <legend>{t('privacySettings')}</legend>
        <Field label={t('anonymizeBytes')}>
          {(p) => (
            <select {...p} value={v.anonymizeIpBytes} onChange={(e) => set('anonymizeIpBytes', Number(e.target.value))}>
              {[1, 2, 3, 4].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Checkbox label={t('honourDnt')} checked={v.honourDoNotTrack} onChange={(b) => set('honourDoNotTrack', b)} />
        <Field label={t('geoPrecision')}>
          {(p) => (
            <select {...p} value={v.collectCity ? 'city' : 'region'} onChange={(e) => set('collectCity', e.target.value === 'city')}>
              <option value="city">{t('geoCity')}</option>
              <option value="region">{t('geoRegion')}</option>
            </select>
          )}
        </Field>
        <Checkbox label={t('visitsLogSite')} checked={v.visitsLog} onChange={(b) => set('visitsLog', b)} />
        <Checkbox label={t('visitorProfileSite')} checked={v.visitorProfile} onChange={(b) => set('visitorProfile', b)} />
      </fieldset>
      <FormError message={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('save')}
      </button>
      <span role="status" className="muted">
        {done ? t('saved') : ''}
      </span>
    </form>
  );
}

interface UserRow {
  login: string;
  email: string;
  superuser: boolean;
  twoFactor: boolean;
  locked: boolean;
  access: Record<string, 'view' | 'write' | 'admin'>;
}

function UsersOfSite({ idSite }: { idSite: number }) {
  const { t } = useI18n();
  const session = useSession();
  const [users, retry] = useAsync(
    () => (session.user.superuser ? json<{ users: UserRow[] }>('GET', '/api/admin/users') : Promise.resolve({ users: [] as UserRow[] })),
    [idSite],
  );
  if (!session.user.superuser) return null;
  return (
    <section className="card" aria-labelledby="access-h">
      <h2 id="access-h">{t('access')}</h2>
      <AsyncView value={users} retry={retry}>
        {({ users: list }) => (
          <ul className="plain">
            {list
              .filter((u) => !u.superuser)
              .map((u) => (
                <li key={u.login}>
                  <AccessSelect login={u.login} idSite={idSite} role={u.access[String(idSite)] ?? 'none'} />
                </li>
              ))}
          </ul>
        )}
      </AsyncView>
    </section>
  );
}

function AccessSelect({ login, idSite, role }: { login: string; idSite: number; role: string }) {
  const { t } = useI18n();
  const [value, setValue] = useState(role);
  const { error, submit } = useSubmit(async (next: string) => {
    await json('PUT', `/api/admin/sites/${idSite}/access/${encodeURIComponent(login)}`, { role: next });
    setValue(next);
  });
  return (
    <Field label={`${login} — ${t('role')}`}>
      {(p) => (
        <>
          <select {...p} value={value} onChange={(e) => void submit(e.target.value)}>
            <option value="none">{t('noAccess')}</option>
            <option value="view">{t('viewRole')}</option>
            <option value="write">{t('writeRole')}</option>
            <option value="admin">{t('adminRole')}</option>
          </select>
          <FormError message={error} />
        </>
      )}
    </Field>
  );
}

export function UsersAdminPage() {
  const { t } = useI18n();
  const session = useSession();
  const [users, retry] = useAsync(() => json<{ users: UserRow[] }>('GET', '/api/admin/users'), []);
  const [login, setLogin] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [superuser, setSuperuser] = useState(false);
  const create = useSubmit(async () => {
    await json('POST', '/api/admin/users', { login, email, password, superuser });
    setLogin('');
    setEmail('');
    setPassword('');
    retry();
  });
  return (
    <>
      <h1>{t('users')}</h1>
      <AsyncView value={users} retry={retry}>
        {({ users: list }) => (
          <div className="table-scroll card">
            <table>
              <caption className="visually-hidden">{t('users')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('login')}</th>
                  <th scope="col">{t('email')}</th>
                  <th scope="col">{t('role')}</th>
                  <th scope="col">{t('access')}</th>
                  <th scope="col">{t('twoFactor')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('edit')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((u) => (
                  <UserLine key={u.login} user={u} self={u.login === session.user.login} sites={session.sites} onChange={retry} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncView>
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault();
          void create.submit();
        }}
      >
        <h2>{t('newUser')}</h2>
        <Field label={t('login')}>
          {(p) => <input {...p} required value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label={t('email')}>{(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
        <Field label={t('password')} hint={t('passwordHint')}>
          {(p) => <NewPasswordInput {...p} value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Checkbox label={t('superUser')} checked={superuser} onChange={setSuperuser} />
        <FormError message={create.error} />
        <button type="submit" className="primary" disabled={create.busy}>
          {t('newUser')}
        </button>
      </form>
    </>
  );
}

function UserLine({
  user,
  self,
  sites,
  onChange,
}: {
  user: UserRow;
  self: boolean;
  sites: { id: number; name: string }[];
  onChange: () => void;
}) {
  const { t } = useI18n();
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const reset = useSubmit(async () => {
    await json('PUT', `/api/admin/users/${encodeURIComponent(user.login)}`, { password });
    setResetting(false);
    setPassword('');
    onChange();
  });
  const remove = useSubmit(async () => {
    await json('DELETE', `/api/admin/users/${encodeURIComponent(user.login)}`);
    onChange();
  });
  const access = Object.entries(user.access)
    .map(([id, role]) => `${sites.find((s) => s.id === Number(id))?.name ?? `#${id}`}: ${role}`)
    .join(', ');
  return (
    <tr>
      <th scope="row">
        {user.login}
        {user.locked ? ' 🔒' : ''}
      </th>
      <td>{user.email}</td>
      <td>{user.superuser ? t('superUser') : ''}</td>
      <td>{user.superuser ? '—' : access || t('noAccess')}</td>
      <td>{user.twoFactor ? t('yes') : t('no')}</td>
      <td className="actions">
        {resetting ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void reset.submit();
            }}
          >
            <Field label={t('newPassword')}>
              {(p) => <NewPasswordInput {...p} value={password} onChange={(e) => setPassword(e.target.value)} />}
            </Field>
            <button type="submit">{t('save')}</button>
            <FormError message={reset.error} />
          </form>
        ) : (
          <button type="button" onClick={() => setResetting(true)}>
            {t('resetPassword')}
          </button>
        )}
        {!self && (
          <button type="button" className="danger" onClick={() => confirm(`${t('delete')} ${user.login}?`) && void remove.submit()}>
            {t('delete')}
          </button>
        )}
        <FormError message={remove.error} />
      </td>
    </tr>
  );
}

export function GeneralSettingsPage() {
  const { t } = useI18n();
  const [settings, retry] = useAsync(
    () => json<{ settings: { visitsLog: boolean; visitorProfile: boolean } }>('GET', '/api/admin/settings'),
    [],
  );
  return (
    <>
      <h1>{t('generalSettings')}</h1>
      <AsyncView value={settings} retry={retry}>
        {({ settings: s }) => <GeneralForm initial={s} />}
      </AsyncView>
    </>
  );
}

function GeneralForm({ initial }: { initial: { visitsLog: boolean; visitorProfile: boolean } }) {
  const { t } = useI18n();
  const [v, setV] = useState(initial);
  const { busy, error, done, submit } = useSubmit(async () => {
    await json('PUT', '/api/admin/settings', v);
  });
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Checkbox label={t('visitsLogDefault')} checked={v.visitsLog} onChange={(b) => setV({ ...v, visitsLog: b })} />
      <Checkbox label={t('visitorProfileDefault')} checked={v.visitorProfile} onChange={(b) => setV({ ...v, visitorProfile: b })} />
      <FormError message={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('save')}
      </button>
      <span role="status" className="muted">
        {done ? t('saved') : ''}
      </span>
    </form>
  );
}

/** The tracking code of a site, the Matomo-compatibility note, and the opt-out embeds with a live preview. */
export function TrackingCodePage({ idSite, first }: { idSite: number; first: boolean }) {
  const { t } = useI18n();
  const origin = location.origin;
  const host = location.host;
  const snippet = `<!-- Sillage -->
<script>
  var _paq = window._paq = window._paq || [];
  _paq.push(['trackPageView']);
  _paq.push(['enableLinkTracking']);
  (function() {
    var u = "//${host}/";
    _paq.push(['setTrackerUrl', u + 'matomo.php']);
    _paq.push(['setSiteId', '${idSite}']);
    var d = document, g = d.createElement('script'), s = d.getElementsByTagName('script')[0];
    g.async = true; g.src = u + 'matomo.js'; s.parentNode.insertBefore(g, s);
  })();
</script>
<!-- End Sillage -->`;
  const iframeSrc = `${origin}/index.php?module=CoreAdminHome&action=optOut&language=auto&idsite=${idSite}`;
  const iframe = `<iframe style="border: 0; height: 200px; width: 600px;" src="${iframeSrc}"></iframe>`;
  const jsSrc = `${origin}/index.php?module=CoreAdminHome&action=optOutJS&divId=matomo-opt-out&language=auto&showIntro=1`;
  const js = `<div id="matomo-opt-out"></div>\n<script src="${jsSrc}"></script>`;
  const preview = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The JS embed renders into a div of the page; loading it as an external script keeps the CSP free of inline code.
    const box = preview.current;
    if (box === null) return;
    box.innerHTML = '<div id="matomo-opt-out"></div>';
    const s = document.createElement('script');
    s.src = jsSrc;
    box.appendChild(s);
    return () => {
      box.innerHTML = '';
    };
  }, [jsSrc]);
  return (
    <>
      <h1>{first ? t('yourTrackingCode') : t('trackingCode')}</h1>
      <section className="card">
        <p>{t('trackingIntro')}</p>
        <CopyBox text={snippet} label={t('trackingCode')} />
        <p className="note">{t('trackingMatomoNote')}</p>
        {first && (
          <a className="button primary" href={`/app/site/${idSite}/overview`} onClick={onLinkClick}>
            {t('continueToDashboard')}
          </a>
        )}
      </section>
      <section className="card" aria-labelledby="optout-h">
        <h2 id="optout-h">{t('optOutTitle')}</h2>
        <CopyBox text={js} label={t('optOutJs')} />
        <h3>{t('preview')}</h3>
        <div ref={preview} className="preview" />
        <CopyBox text={iframe} label={t('optOutIframe')} />
        <h3>{t('preview')}</h3>
        <iframe title={t('optOutIframe')} src={iframeSrc} className="preview-frame" />
      </section>
    </>
  );
}

export function PrivacyPlaceholderPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('navPrivacy')}</h1>
      <p className="card">{t('privacySectionNote')}</p>
    </>
  );
}
