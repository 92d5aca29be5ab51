import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminDeps } from '../src/admin/deps.js';
import { registerAdminApi } from '../src/admin/index.js';
import { REGISTERED_JSON_ROUTES } from '../src/http/json-routes.js';
import { startServer, type TestServer, tempDataDir } from './support/harness.js';
import { SessionClient } from './support/session-client.js';

type Who = 'anonymous' | 'viewer' | 'siteAdmin' | 'superuser';
type Expect = 'ok' | 401 | 403;

/**
 * Role × route × expected status, for every JSON route the server registers, called with a browser
 * session (cookie + CSRF token) and with an API token: the one access layer must give both the same
 * answer. "ok" means the access layer let the call through (whatever the handler then answered).
 * The viewer has view on site 1, the site admin has admin on site 1; site 2 is theirs to see neither.
 * The last column: an anonymous caller once site 1's dashboard is public — it opens the read-only
 * dashboard routes of site 1 and nothing else (no administration, no other site, nothing personal).
 */
const TABLE: [
  method: string,
  path: string,
  body: unknown,
  anonymous: Expect,
  viewer: Expect,
  siteAdmin: Expect,
  superuser: Expect,
  anonymousOnPublicSite1: Expect,
][] = [
  ['GET', '/api/session', undefined, 'ok', 'ok', 'ok', 'ok', 'ok'],
  ['POST', '/api/setup', { login: 'x', password: 'long enough' }, 'ok', 'ok', 'ok', 'ok', 'ok'],
  ['POST', '/api/login', { login: 'ghost', password: 'nope' }, 'ok', 'ok', 'ok', 'ok', 'ok'],
  ['POST', '/api/login/two-factor', { code: '000000' }, 401, 401, 401, 401, 401],
  ['PUT', '/api/me/language', { language: 'en' }, 401, 'ok', 'ok', 'ok', 401],
  ['POST', '/api/me/password', { currentPassword: 'wrong', newPassword: 'whatever long' }, 401, 'ok', 'ok', 'ok', 401],
  ['POST', '/api/me/two-factor/start', {}, 401, 'ok', 'ok', 'ok', 401],
  ['POST', '/api/me/two-factor/confirm', { code: '000000' }, 401, 'ok', 'ok', 'ok', 401],
  ['POST', '/api/me/two-factor/disable', { password: 'wrong' }, 401, 'ok', 'ok', 'ok', 401],
  ['GET', '/api/me/tokens', undefined, 401, 'ok', 'ok', 'ok', 401],
  ['POST', '/api/me/tokens', { description: 'table' }, 401, 'ok', 'ok', 'ok', 401],
  ['DELETE', '/api/me/tokens/999999', undefined, 401, 'ok', 'ok', 'ok', 401],
  ['GET', '/api/me/segments?idSite=1', undefined, 401, 'ok', 'ok', 'ok', 401],
  ['GET', '/api/me/segments?idSite=2', undefined, 401, 403, 403, 'ok', 401],
  ['POST', '/api/me/segments', { idSite: 1, name: 'table', definition: 'browserCode==FF' }, 401, 'ok', 'ok', 'ok', 401],
  ['POST', '/api/me/segments', { idSite: 2, name: 'table', definition: 'browserCode==FF' }, 401, 403, 403, 'ok', 401],
  ['POST', '/api/me/segments', { idSite: 1, name: 'shared', definition: 'browserCode==FF', shared: true }, 401, 403, 'ok', 'ok', 401],
  ['DELETE', '/api/me/segments/999999', undefined, 401, 'ok', 'ok', 'ok', 401],
  ['GET', '/api/admin/sites', undefined, 401, 'ok', 'ok', 'ok', 401],
  ['POST', '/api/admin/sites', {}, 401, 403, 403, 'ok', 401],
  ['GET', '/api/admin/sites/1', undefined, 401, 'ok', 'ok', 'ok', 401],
  ['GET', '/api/admin/sites/2', undefined, 401, 403, 403, 'ok', 401],
  ['GET', '/api/sites/1', undefined, 401, 'ok', 'ok', 'ok', 'ok'],
  ['GET', '/api/sites/2', undefined, 401, 403, 403, 'ok', 401],
  ['PUT', '/api/admin/sites/1', {}, 401, 403, 'ok', 'ok', 401],
  ['PUT', '/api/admin/sites/2', {}, 401, 403, 403, 'ok', 401],
  ['GET', '/api/admin/users', undefined, 401, 403, 403, 'ok', 401],
  ['POST', '/api/admin/users', {}, 401, 403, 403, 'ok', 401],
  ['PUT', '/api/admin/users/ghost', {}, 401, 403, 403, 'ok', 401],
  ['DELETE', '/api/admin/users/ghost', undefined, 401, 403, 403, 'ok', 401],
  ['PUT', '/api/admin/sites/1/access/ghost', { role: 'view' }, 401, 403, 'ok', 'ok', 401],
  ['PUT', '/api/admin/sites/2/access/ghost', { role: 'view' }, 401, 403, 403, 'ok', 401],
  ['GET', '/api/admin/users/ghost/tokens', undefined, 401, 403, 403, 'ok', 401],
  ['DELETE', '/api/admin/users/ghost/tokens/1', undefined, 401, 403, 403, 'ok', 401],
  ['GET', '/api/admin/settings', undefined, 401, 403, 403, 'ok', 401],
  ['PUT', '/api/admin/settings', {}, 401, 403, 403, 'ok', 401],
  ['POST', '/api/logout', undefined, 'ok', 'ok', 'ok', 'ok', 'ok'],
];
const WHO: Who[] = ['anonymous', 'viewer', 'siteAdmin', 'superuser'];

type ApiExpect = 'ok' | 'refused';
/**
 * The same for the Matomo Reporting API (token_auth) and the dashboard JSON API (Bearer token), columns
 * as above. "refused" is Matomo's no-access answer; any other answer means the access layer let it through.
 */
const API_TABLE: [
  call: string,
  anonymous: ApiExpect,
  viewer: ApiExpect,
  siteAdmin: ApiExpect,
  superuser: ApiExpect,
  anonymousOnPublicSite1: ApiExpect,
][] = [
  ['VisitsSummary.get&idSite=1', 'refused', 'ok', 'ok', 'ok', 'ok'],
  ['VisitsSummary.get&idSite=2', 'refused', 'refused', 'refused', 'ok', 'refused'],
  ['VisitsSummary.getVisits&idSite=1', 'refused', 'ok', 'ok', 'ok', 'ok'],
  ['Actions.getPageUrls&idSite=1', 'refused', 'ok', 'ok', 'ok', 'ok'],
  ['Referrers.getReferrerType&idSite=1', 'refused', 'ok', 'ok', 'ok', 'ok'],
  ['CustomDimensions.getCustomDimension&idSite=1&idDimension=1', 'refused', 'ok', 'ok', 'ok', 'ok'],
  ['CustomDimensions.getConfiguredCustomDimensions&idSite=1', 'refused', 'ok', 'ok', 'ok', 'ok'],
  ['CustomDimensions.getConfiguredCustomDimensions&idSite=2', 'refused', 'refused', 'refused', 'ok', 'refused'],
  ['SitesManager.getSiteFromId&idSite=1', 'refused', 'ok', 'ok', 'ok', 'ok'],
  ['API.getReportMetadata&idSite=1', 'refused', 'ok', 'ok', 'ok', 'ok'],
  ['Live.getCounters&idSite=1', 'refused', 'ok', 'ok', 'ok', 'ok'],
  // Personal data stays behind a sign-in, public dashboard or not.
  ['Live.getLastVisitsDetails&idSite=1', 'refused', 'ok', 'ok', 'ok', 'refused'],
  ['Live.getVisitorProfile&idSite=1&visitorId=0123456789abcdef', 'refused', 'ok', 'ok', 'ok', 'refused'],
  ['UserId.getUsers&idSite=1', 'refused', 'ok', 'ok', 'ok', 'refused'],
  ['API.getProcessedReport&idSite=1&apiModule=UserId&apiAction=getUsers', 'refused', 'ok', 'ok', 'ok', 'refused'],
  ['PrivacyManager.getProcessingRecord&idSite=1', 'refused', 'ok', 'ok', 'ok', 'refused'],
  ['PrivacyManager.getComplianceReport&idSite=1', 'refused', 'refused', 'ok', 'ok', 'refused'],
  ['SitesManager.getAllSites', 'refused', 'refused', 'refused', 'ok', 'refused'],
  ['SitesManager.getSitesWithAtLeastViewAccess', 'refused', 'ok', 'ok', 'ok', 'refused'],
  ['dashboard:VisitsSummary.get?idSite=1', 'refused', 'ok', 'ok', 'ok', 'ok'],
  ['dashboard:Actions.getPageUrls?idSite=1&compare=1', 'refused', 'ok', 'ok', 'ok', 'ok'],
  ['dashboard:VisitsSummary.get?idSite=2', 'refused', 'refused', 'refused', 'ok', 'refused'],
  ['dashboard:UserId.getUsers?idSite=1', 'refused', 'ok', 'ok', 'ok', 'refused'],
];
const ACCESS_CODES = ['AUTH_REQUIRED', 'AUTH_FORBIDDEN', 'AUTH_CSRF_INVALID'];

/** The route pattern a concrete path matches (":param" segments match anything). */
function patternOf(method: string, path: string): string | undefined {
  const parts = path.split('?')[0]!.split('/');
  return REGISTERED_JSON_ROUTES.find((r) => {
    const rp = r.url.split('/');
    return r.method === method && rp.length === parts.length && rp.every((seg, i) => seg.startsWith(':') || seg === parts[i]);
  })?.url;
}

describe('role × route × status', () => {
  const data = tempDataDir();
  let server: TestServer;
  const sessions = new Map<Who, SessionClient>();
  const tokens = new Map<Who, string>();

  beforeAll(async () => {
    // Fill REGISTERED_JSON_ROUTES exactly as the server does, without starting anything.
    registerAdminApi(Fastify() as never, { auth: {} } as unknown as AdminDeps);
    server = await startServer({
      SILLAGE_DATA_DIR: data.dir,
      SILLAGE_SUPERUSER_LOGIN: 'root',
      SILLAGE_SUPERUSER_PASSWORD: 'root password 1',
    });
    const root = new SessionClient(server.url);
    await root.login('root', 'root password 1');
    await root.call('POST', '/api/admin/sites', { name: 'One', urls: ['https://one.example'] });
    await root.call('POST', '/api/admin/sites', { name: 'Two', urls: ['https://two.example'] });
    for (const [login, role] of [
      ['viewer', 'view'],
      ['siteadmin', 'admin'],
    ] as const) {
      expect((await root.call('POST', '/api/admin/users', { login, password: `${login} password` })).status).toBe(200);
      expect((await root.call('PUT', `/api/admin/sites/1/access/${login}`, { role })).status).toBe(200);
    }
    const logins: Record<Exclude<Who, 'anonymous'>, [string, string]> = {
      viewer: ['viewer', 'viewer password'],
      siteAdmin: ['siteadmin', 'siteadmin password'],
      superuser: ['root', 'root password 1'],
    };
    sessions.set('anonymous', new SessionClient(server.url));
    for (const [who, [login, password]] of Object.entries(logins) as [Who, [string, string]][]) {
      const c = new SessionClient(server.url);
      expect((await c.login(login, password)).status).toBe(200);
      sessions.set(who, c);
      tokens.set(who, (await c.call('POST', '/api/me/tokens', { description: 'access table' })).body['token'] as string);
    }
  });
  afterAll(async () => {
    await server?.stop();
    data.remove();
  });

  it('the table names every registered route', () => {
    const covered = new Set(TABLE.map(([m, p]) => `${m} ${patternOf(m, p)}`));
    const registered = REGISTERED_JSON_ROUTES.map((r) => `${r.method} ${r.url}`);
    expect(registered.length).toBeGreaterThan(20);
    expect(registered.filter((r) => !covered.has(r))).toEqual([]);
  });

  /** One Reporting API or dashboard API call; `token` undefined = no credentials, 'anonymous' = Matomo's anonymous token. */
  async function apiCall(call: string, token: string | undefined): Promise<ApiExpect> {
    const period = 'period=day&date=2026-01-01';
    if (call.startsWith('dashboard:')) {
      const r = await fetch(`${server.url}/api/dashboard/reports/${call.slice(10)}&${period}`, {
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });
      const body = (await r.json()) as Record<string, unknown>;
      return r.status === 401 || r.status === 403 || /can't access/.test(String(body['error'] ?? '')) ? 'refused' : 'ok';
    }
    const auth = token === undefined ? '' : `&token_auth=${token}`;
    const r = await fetch(`${server.url}/index.php?module=API&format=json&method=${call}&${period}${auth}`);
    const body = (await r.json()) as Record<string, unknown>;
    return body['result'] === 'error' && /can't access/.test(String(body['message'])) ? 'refused' : 'ok';
  }

  it('answers the Reporting API and the dashboard API as the API table says, every role, with a token', async () => {
    const wrong: string[] = [];
    for (const [call, ...expected] of API_TABLE) {
      for (const [i, who] of WHO.entries()) {
        const got = await apiCall(call, who === 'anonymous' ? undefined : tokens.get(who));
        if (got !== expected[i]) wrong.push(`${who} ${call}: want ${expected[i]}, got ${got}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('opens exactly the read-only dashboard of a public site to anonymous callers, and closes it at once when switched off', async () => {
    const root = new SessionClient(server.url);
    await root.login('root', 'root password 1');
    expect((await root.call('PUT', '/api/admin/sites/1', { publicDashboard: true })).body['site']).toMatchObject({ publicDashboard: true });
    const wrong: string[] = [];
    for (const [method, path, body, , , , , want] of TABLE) {
      const res = await new SessionClient(server.url).call(method, path, body);
      const code = String(res.body['error'] ?? '');
      const ok = want === 'ok' ? !ACCESS_CODES.includes(code) : res.status === want && ACCESS_CODES.includes(code);
      if (!ok) wrong.push(`anonymous ${method} ${path}: want ${want}, got ${res.status} ${code}`);
    }
    for (const [call, , , , , want] of API_TABLE) {
      // Without credentials, and with Matomo's token_auth=anonymous: the same anonymous user.
      for (const token of [undefined, 'anonymous']) {
        if (token === 'anonymous' && call.startsWith('dashboard:')) continue;
        const got = await apiCall(call, token);
        if (got !== want) wrong.push(`anonymous (${token ?? 'no token'}) ${call}: want ${want}, got ${got}`);
      }
    }
    expect(wrong).toEqual([]);
    // The anonymous site answer carries what a report page shows, not the site's exclusions.
    const site = (await apiCall('SitesManager.getSiteFromId&idSite=1', undefined)) === 'ok';
    expect(site).toBe(true);
    const row = (await (
      await fetch(`${server.url}/index.php?module=API&format=json&method=SitesManager.getSiteFromId&idSite=1`)
    ).json()) as Record<string, unknown>;
    expect(row['name']).toBe('One');
    expect(row).not.toHaveProperty('excluded_ips');

    await root.call('PUT', '/api/admin/sites/1', { publicDashboard: false });
    expect(await apiCall('VisitsSummary.get&idSite=1', undefined)).toBe('refused');
    expect((await new SessionClient(server.url).call('GET', '/api/sites/1')).status).toBe(401);
  });

  for (const mode of ['session', 'token'] as const) {
    it(`answers as the table says, every role, with a ${mode}`, async () => {
      const wrong: string[] = [];
      for (const [method, path, body, ...expected] of TABLE) {
        for (const [i, who] of WHO.entries()) {
          // Signing out would end the session used by the next rows; it runs last for each caller anyway.
          let res: { status: number; body: Record<string, unknown> };
          if (mode === 'session' || who === 'anonymous') {
            res = await sessions.get(who)!.call(method, path, body);
          } else {
            const r = await fetch(server.url + path, {
              method,
              headers: {
                authorization: `Bearer ${tokens.get(who)}`,
                ...(body === undefined ? {} : { 'content-type': 'application/json' }),
              },
              body: body === undefined ? undefined : JSON.stringify(body),
            });
            res = { status: r.status, body: (await r.json().catch(() => ({}))) as Record<string, unknown> };
          }
          const want = expected[i]!;
          const code = String(res.body['error'] ?? '');
          const ok = want === 'ok' ? !ACCESS_CODES.includes(code) : res.status === want && ACCESS_CODES.includes(code);
          if (!ok) wrong.push(`${who} ${method} ${path}: want ${want}, got ${res.status} ${code}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
