import { useCallback, useEffect, useMemo, useState } from 'react';
import { json, setCsrfToken } from './api.js';
import { PeriodPicker, SegmentEditor, SiteSelector } from './components/Controls.js';
import { detectLanguage, I18nContext, type Lang, makeI18n, useI18n } from './i18n.js';
import { AccountPage } from './pages/account.js';
import { EditSitePage, GeneralSettingsPage, NewSitePage, SitesAdminPage, TrackingCodePage, UsersAdminPage } from './pages/admin.js';
import { LoginPage, SetupPage } from './pages/auth.js';
import { PrivacyPage } from './pages/privacy.js';
import {
  CustomDimensionsPage,
  LocationsPage,
  OverviewPage,
  RealtimePage,
  type ReportScope,
  TablesPage,
  VisitsLog,
} from './pages/reports.js';
import { periodFromQuery } from './periods.js';
import { navigate, onLinkClick, useLocation, withQuery } from './router.js';
import { SECTIONS } from './sections.js';
import { type SessionApi, SessionContext, type SessionInfo, useSession } from './session.js';
import { ErrorBox, Loading, useAsync } from './ui.js';

type Theme = 'light' | 'dark';

function initialTheme(): Theme {
  const saved = localStorage.getItem('sillage.theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function App() {
  const [info, setInfo] = useState<SessionInfo | undefined>();
  const [error, setError] = useState('');
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [langOverride, setLangOverride] = useState<Lang | undefined>(
    () => (localStorage.getItem('sillage.lang') as Lang | null) ?? undefined,
  );
  const reload = useCallback(async () => {
    try {
      const s = await json<SessionInfo>('GET', '/api/session');
      setCsrfToken(s.csrfToken);
      setInfo(s);
      setError('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
    localStorage.setItem('sillage.theme', theme);
  }, [theme]);
  const lang = detectLanguage(info?.user?.language || langOverride);
  const i18n = useMemo(() => makeI18n(lang), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const chrome = {
    theme,
    setTheme,
    setLang: (l: Lang) => {
      localStorage.setItem('sillage.lang', l);
      setLangOverride(l);
    },
  };

  let body: React.ReactNode;
  if (error)
    body = (
      <main id="main" className="auth-page">
        <ErrorBox message={error} retry={() => void reload()} />
      </main>
    );
  else if (info === undefined)
    body = (
      <main id="main" className="auth-page">
        <Loading />
      </main>
    );
  else if (info.setupRequired) body = <SetupPage onDone={reload} />;
  else if (info.user === null && info.twoFactorPending)
    body = (
      <>
        <TopBar chrome={chrome} />
        <LoginPage twoFactorPending onDone={reload} />
      </>
    );
  else if (info.user === null) body = <AnonymousGate info={info} chrome={chrome} reload={reload} />;
  else {
    const api: SessionApi = { info, user: info.user, sites: info.sites ?? [], reload };
    body = (
      <SessionContext.Provider value={api}>
        <Shell chrome={chrome} />
      </SessionContext.Provider>
    );
  }
  return (
    <I18nContext.Provider value={i18n}>
      <a href="#main" className="skip">
        {i18n.t('skipToContent')}
      </a>
      {/* Signed out, the top bar comes with the sign-in page (AnonymousGate), not with a public dashboard. */}
      {info?.setupRequired ? <TopBar chrome={chrome} /> : null}
      {body}
    </I18nContext.Provider>
  );
}

const PUBLIC_PATH = /^\/app\/site\/(\d+)\//;

const ANONYMOUS_USER: SessionInfo['user'] & object = {
  login: '',
  email: '',
  superuser: false,
  language: '',
  twoFactor: false,
  recoveryCodesLeft: 0,
};

/**
 * Not signed in: a report page of a site whose dashboard is public opens read-only (the server decides:
 * GET /api/sites/:id answers only for a public site); anything else asks to sign in.
 */
function AnonymousGate({ info, chrome, reload }: { info: SessionInfo; chrome: Chrome; reload: () => Promise<void> }) {
  const { path } = useLocation();
  const id = Number(PUBLIC_PATH.exec(path)?.[1] ?? 0);
  const [site] = useAsync(
    async () => (id > 0 ? (await json<{ site: SessionApi['sites'][number] }>('GET', `/api/sites/${id}`)).site : undefined),
    [id],
  );
  if (id > 0 && site.state === 'loading')
    return (
      <main id="main" className="auth-page">
        <Loading />
      </main>
    );
  if (id === 0 || site.state !== 'done' || site.value === undefined) {
    return (
      <>
        <TopBar chrome={chrome} />
        <LoginPage twoFactorPending={false} onDone={reload} />
      </>
    );
  }
  const api: SessionApi = { info, user: ANONYMOUS_USER, sites: [{ ...site.value, role: 'view' }], anonymous: true, reload };
  return (
    <SessionContext.Provider value={api}>
      <Shell chrome={chrome} />
    </SessionContext.Provider>
  );
}

interface Chrome {
  theme: Theme;
  setTheme: (t: Theme) => void;
  setLang: (l: Lang) => void;
}

/** Language and theme switches, also before sign-in. */
function Prefs({ chrome, signedIn }: { chrome: Chrome; signedIn: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div className="prefs">
      {!signedIn && (
        <button type="button" onClick={() => chrome.setLang(i18n.lang === 'fr' ? 'en' : 'fr')} lang={i18n.lang === 'fr' ? 'en' : 'fr'}>
          {i18n.lang === 'fr' ? 'English' : 'Français'}
        </button>
      )}
      <button
        type="button"
        aria-pressed={chrome.theme === 'dark'}
        onClick={() => chrome.setTheme(chrome.theme === 'dark' ? 'light' : 'dark')}
      >
        {t('theme')}: {chrome.theme === 'dark' ? t('dark') : t('light')}
      </button>
    </div>
  );
}

function TopBar({ chrome }: { chrome: Chrome }) {
  return (
    <header className="topbar">
      <span className="brand">Sillage</span>
      <Prefs chrome={chrome} signedIn={false} />
    </header>
  );
}

function Shell({ chrome }: { chrome: Chrome }) {
  const { t } = useI18n();
  const session = useSession();
  const { path, query } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const m = /^\/app\/site\/(\d+)\/([\w-]+)/.exec(path);
  const siteFromPath = m ? Number(m[1]) : Number(query.get('idSite') ?? 0);
  const site = session.sites.find((s) => s.id === siteFromPath) ?? session.sites[0];
  const section = m?.[2] ?? 'overview';

  // biome-ignore lint/correctness/useExhaustiveDependencies: closing the phone menu is the point of a navigation
  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => {
    if (path === '/app/' || path === '/app') {
      if (site) navigate(`/app/site/${site.id}/overview${location.search}`, { replace: true });
      else if (session.user.superuser) navigate('/app/admin/sites/new?first=1', { replace: true });
    }
  }, [path, site, session.user.superuser]);

  const sel = periodFromQuery(query, site?.timezone ?? 'UTC');
  const compare = query.get('compare') === '1';
  const segment = query.get('segment') ?? '';
  const keep = (p: string) => withQuery(p, query, {});
  const nav = (group: 'visitors' | 'behaviour' | 'acquisition', title: 'navVisitors' | 'navBehaviour' | 'navAcquisition') =>
    site && (
      <li>
        <h2 className="nav-group">{t(title)}</h2>
        <ul>
          {SECTIONS.filter((s) => s.group === group && !(session.anonymous && s.signedInOnly)).map((s) => {
            const href = keep(`/app/site/${site.id}/${s.key}`);
            const current = m !== null && section === s.key;
            return (
              <li key={s.key}>
                <a href={href} onClick={onLinkClick} aria-current={current ? 'page' : undefined}>
                  {t(s.title)}
                </a>
              </li>
            );
          })}
        </ul>
      </li>
    );
  const adminLink = (href: string, label: Parameters<typeof t>[0]) => (
    <li>
      <a href={href} onClick={onLinkClick} aria-current={path === href ? 'page' : undefined}>
        {t(label)}
      </a>
    </li>
  );
  const isAdminOfSite = site !== undefined && (session.user.superuser || site.role === 'admin');

  return (
    <div className="shell">
      <header className="topbar">
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="sidenav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {t('menu')}
        </button>
        <a className="brand" href="/app/" onClick={onLinkClick}>
          Sillage
        </a>
        {site && m && (
          <div className="controls">
            <SiteSelector
              sites={session.sites}
              current={site.id}
              onChange={(id) => navigate(withQuery(`/app/site/${id}/${section}`, query, { segment: undefined }))}
            />
            <PeriodPicker
              sel={sel}
              compare={compare}
              timezone={site.timezone}
              onChange={(next, cmp) =>
                navigate(withQuery(path, query, { period: next.period, date: next.date, compare: cmp ? '1' : undefined }))
              }
            />
            <SegmentEditor
              idSite={site.id}
              canSave={!session.anonymous}
              canShare={isAdminOfSite}
              segment={segment}
              onChange={(s) => navigate(withQuery(path, query, { segment: s || undefined }))}
            />
          </div>
        )}
        {session.anonymous ? (
          <div className="user">
            <Prefs chrome={chrome} signedIn={false} />
            <a href="/app/" onClick={onLinkClick}>
              {t('signIn')}
            </a>
          </div>
        ) : (
          <div className="user">
            <Prefs chrome={chrome} signedIn />
            <a href="/app/account" onClick={onLinkClick}>
              {session.user.login}
            </a>
            <button
              type="button"
              onClick={async () => {
                await json('POST', '/api/logout');
                navigate('/app/');
                await session.reload();
              }}
            >
              {t('signOut')}
            </button>
          </div>
        )}
      </header>
      <nav id="sidenav" className={menuOpen ? 'sidenav open' : 'sidenav'} aria-label={t('mainNav')}>
        <ul>
          {nav('visitors', 'navVisitors')}
          {nav('behaviour', 'navBehaviour')}
          {nav('acquisition', 'navAcquisition')}
          {!session.anonymous && (
            <li>
              <h2 className="nav-group">{t('navAdmin')}</h2>
              <ul>
                {adminLink('/app/admin/sites', 'sites')}
                {site && adminLink(`/app/admin/sites/${site.id}/tracking-code`, 'trackingCode')}
                {isAdminOfSite && adminLink(`/app/admin/sites/${site.id}`, 'privacySettings')}
                {session.user.superuser && adminLink('/app/admin/users', 'users')}
                {session.user.superuser && adminLink('/app/admin/settings', 'generalSettings')}
                {adminLink('/app/account', 'account')}
              </ul>
            </li>
          )}
          {!session.anonymous && (
            <li>
              <h2 className="nav-group">{t('navPrivacy')}</h2>
              <ul>{adminLink('/app/privacy', 'navPrivacy')}</ul>
            </li>
          )}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {session.anonymous && (
          <p className="notice" data-testid="public-dashboard-notice">
            {t('publicDashboardNotice')}
          </p>
        )}
        <Route path={path} query={query} scope={site ? { site, sel, compare, segment } : undefined} section={section} />
      </main>
    </div>
  );
}

function Route({ path, query, scope, section }: { path: string; query: URLSearchParams; scope: ReportScope | undefined; section: string }) {
  const { t } = useI18n();
  const session = useSession();
  const su = session.user.superuser;
  const forbidden = (
    <p className="error" role="alert">
      {t('forbidden')}
    </p>
  );
  const tracking = /^\/app\/admin\/sites\/(\d+)\/tracking-code$/.exec(path);
  const editSite = /^\/app\/admin\/sites\/(\d+)$/.exec(path);
  if (path === '/app/account') return <AccountPage />;
  if (path === '/app/privacy') return <PrivacyPage query={query} />;
  if (path === '/app/admin/sites') return <SitesAdminPage />;
  if (path === '/app/admin/sites/new') return su ? <NewSitePage first={query.get('first') === '1'} /> : forbidden;
  if (path === '/app/admin/users') return su ? <UsersAdminPage /> : forbidden;
  if (path === '/app/admin/settings') return su ? <GeneralSettingsPage /> : forbidden;
  if (tracking) {
    const id = Number(tracking[1]);
    return session.sites.some((s) => s.id === id) ? <TrackingCodePage idSite={id} first={query.get('first') === '1'} /> : forbidden;
  }
  if (editSite) {
    const id = Number(editSite[1]);
    const s = session.sites.find((x) => x.id === id);
    return su || s?.role === 'admin' ? <EditSitePage idSite={id} /> : forbidden;
  }
  if (/^\/app\/site\/\d+\//.test(path)) {
    if (scope === undefined || !path.startsWith(`/app/site/${scope.site.id}/`)) return forbidden;
    const def = SECTIONS.find((s) => s.key === section);
    if (def === undefined) return <p>{t('notFound')}</p>;
    if (session.anonymous && def.signedInOnly) return forbidden;
    return (
      <>
        <h1>
          {t(def.title)} <span className="muted site-name">— {scope.site.name}</span>
        </h1>
        {def.kind === 'overview' && <OverviewPage scope={scope} />}
        {def.kind === 'locations' && <LocationsPage scope={scope} />}
        {def.kind === 'realtime' && <RealtimePage scope={scope} />}
        {def.kind === 'visits-log' && <VisitsLog scope={scope} />}
        {def.kind === 'custom-dimensions' && <CustomDimensionsPage scope={scope} />}
        {def.kind === 'tables' && <TablesPage scope={scope} section={def} />}
      </>
    );
  }
  if (scope === undefined) return <p>{t('noSites')}</p>;
  return <Loading />;
}
