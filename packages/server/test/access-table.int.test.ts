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
 */
const TABLE: [method: string, path: string, body: unknown, anonymous: Expect, viewer: Expect, siteAdmin: Expect, superuser: Expect][] = [
  ['GET', '/api/session', undefined, 'ok', 'ok', 'ok', 'ok'],
  ['POST', '/api/setup', { login: 'x', password: 'long enough' }, 'ok', 'ok', 'ok', 'ok'],
  ['POST', '/api/login', { login: 'ghost', password: 'nope' }, 'ok', 'ok', 'ok', 'ok'],
  ['POST', '/api/login/two-factor', { code: '000000' }, 401, 401, 401, 401],
  ['PUT', '/api/me/language', { language: 'en' }, 401, 'ok', 'ok', 'ok'],
  ['POST', '/api/me/password', { currentPassword: 'wrong', newPassword: 'whatever long' }, 401, 'ok', 'ok', 'ok'],
  ['POST', '/api/me/two-factor/start', {}, 401, 'ok', 'ok', 'ok'],
  ['POST', '/api/me/two-factor/confirm', { code: '000000' }, 401, 'ok', 'ok', 'ok'],
  ['POST', '/api/me/two-factor/disable', { password: 'wrong' }, 401, 'ok', 'ok', 'ok'],
  ['GET', '/api/me/tokens', undefined, 401, 'ok', 'ok', 'ok'],
  ['POST', '/api/me/tokens', { description: 'table' }, 401, 'ok', 'ok', 'ok'],
  ['DELETE', '/api/me/tokens/999999', undefined, 401, 'ok', 'ok', 'ok'],
  ['GET', '/api/admin/sites', undefined, 401, 'ok', 'ok', 'ok'],
  ['POST', '/api/admin/sites', {}, 401, 403, 403, 'ok'],
  ['GET', '/api/admin/sites/1', undefined, 401, 'ok', 'ok', 'ok'],
  ['GET', '/api/admin/sites/2', undefined, 401, 403, 403, 'ok'],
  ['PUT', '/api/admin/sites/1', {}, 401, 403, 'ok', 'ok'],
  ['PUT', '/api/admin/sites/2', {}, 401, 403, 403, 'ok'],
  ['GET', '/api/admin/users', undefined, 401, 403, 403, 'ok'],
  ['POST', '/api/admin/users', {}, 401, 403, 403, 'ok'],
  ['PUT', '/api/admin/users/ghost', {}, 401, 403, 403, 'ok'],
  ['DELETE', '/api/admin/users/ghost', undefined, 401, 403, 403, 'ok'],
  ['PUT', '/api/admin/sites/1/access/ghost', { role: 'view' }, 401, 403, 'ok', 'ok'],
  ['PUT', '/api/admin/sites/2/access/ghost', { role: 'view' }, 401, 403, 403, 'ok'],
  ['GET', '/api/admin/users/ghost/tokens', undefined, 401, 403, 403, 'ok'],
  ['DELETE', '/api/admin/users/ghost/tokens/1', undefined, 401, 403, 403, 'ok'],
  ['GET', '/api/admin/settings', undefined, 401, 403, 403, 'ok'],
  ['PUT', '/api/admin/settings', {}, 401, 403, 403, 'ok'],
  ['POST', '/api/logout', undefined, 'ok', 'ok', 'ok', 'ok'],
];
const WHO: Who[] = ['anonymous', 'viewer', 'siteAdmin', 'superuser'];
const ACCESS_CODES = ['AUTH_REQUIRED', 'AUTH_FORBIDDEN', 'AUTH_CSRF_INVALID'];

/** The route pattern a concrete path matches (":param" segments match anything). */
function patternOf(method: string, path: string): string | undefined {
  const parts = path.split('/');
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
