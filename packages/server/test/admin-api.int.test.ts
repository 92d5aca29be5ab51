import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../src/auth/totp.js';
import { startServer, type TestServer, tempDataDir } from './support/harness.js';
import { SessionClient } from './support/session-client.js';

/**
 * Sign-in and administration against the real server: first run, CSRF, lock-out, two-factor sign-in,
 * token revocation, and the Reporting API reached with a browser session.
 */
describe('sign-in and administration API', () => {
  const data = tempDataDir();
  let server: TestServer;
  let root: SessionClient;
  let siteId = 0;

  beforeAll(async () => {
    server = await startServer({ SILLAGE_DATA_DIR: data.dir, SILLAGE_LOGIN_MAX_FAILURES: '3', SILLAGE_LOGIN_LOCK_SECONDS: '600' });
    root = new SessionClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    data.remove();
  });

  it('first run: setup is required, creates the super user once and signs it in', async () => {
    expect((await root.call('GET', '/api/session')).body).toMatchObject({ setupRequired: true, user: null });
    const short = await root.call('POST', '/api/setup', { login: 'root', password: 'short' });
    expect(short.status).toBe(400);
    const setup = await root.call('POST', '/api/setup', { login: 'root', password: 'correct horse battery', email: 'r@example.org' });
    expect(setup.status).toBe(200);
    expect(setup.headers.get('set-cookie')).toMatch(/^sillage_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    const again = await new SessionClient(server.url).call('POST', '/api/setup', { login: 'other', password: 'correct horse battery' });
    expect(again.status).toBe(409);
    expect(again.body['error']).toBe('AUTH_SETUP_DONE');
    const session = await root.call('GET', '/api/session');
    expect(session.body).toMatchObject({ setupRequired: false, user: { login: 'root', superuser: true, twoFactor: false } });
  });

  it('every response carries the security headers', async () => {
    // A path no route answers (404) included.
    for (const path of ['/api/session', '/healthz', '/app/', '/no-such-page']) {
      const res = await fetch(server.url + path);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy'), path).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
    // Tracking answers are never rendered: only nosniff, not the page headers.
    const hit = await fetch(`${server.url}/matomo.php?idsite=999&rec=1&send_image=0`);
    expect(hit.headers.get('x-content-type-options')).toBe('nosniff');
    expect(hit.headers.get('content-security-policy')).toBeNull();
    expect(hit.headers.get('x-frame-options')).toBeNull();
    const preflight = await fetch(`${server.url}/matomo.php`, { method: 'OPTIONS', headers: { origin: 'https://a.example' } });
    expect(preflight.headers.get('x-content-type-options')).toBe('nosniff');
    expect(preflight.headers.get('content-security-policy')).toBeNull();
    const missing = await fetch(`${server.url}/no-such-page`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Route GET:/no-such-page not found', error: 'Not Found', statusCode: 404 });
  });

  it('a state-changing request with the session cookie needs the CSRF token and our origin', async () => {
    const site = { name: 'Shop', urls: ['https://shop.example'], timezone: 'Europe/Paris' };
    const noToken = await root.call('POST', '/api/admin/sites', site, { csrf: null });
    expect(noToken.status).toBe(403);
    expect(noToken.body['error']).toBe('AUTH_CSRF_INVALID');
    const wrong = await root.call('POST', '/api/admin/sites', site, { csrf: 'nope' });
    expect(wrong.status).toBe(403);
    const crossOrigin = await root.call('POST', '/api/admin/sites', site, { headers: { origin: 'https://evil.example' } });
    expect(crossOrigin.status).toBe(403);
    expect(crossOrigin.body['error']).toBe('AUTH_CROSS_ORIGIN');
    const form = await fetch(`${server.url}/api/admin/sites`, {
      method: 'POST',
      headers: { cookie: root.cookie, 'x-csrf-token': root.csrf, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    });
    expect(form.status).toBe(400);
    const ok = await root.call('POST', '/api/admin/sites', site);
    expect(ok.status).toBe(200);
    siteId = (ok.body['site'] as { id: number }).id;
    expect(siteId).toBeGreaterThan(0);
  });

  it('wrong passwords lock the account; a super user reset lifts the lock', async () => {
    expect((await root.call('POST', '/api/admin/users', { login: 'ann', password: 'ann password 1' })).status).toBe(200);
    const ann = new SessionClient(server.url);
    expect((await ann.login('ann', 'wrong 1')).status).toBe(401);
    expect((await ann.login('nobody', 'wrong')).body['error']).toBe('AUTH_INVALID_LOGIN');
    expect((await ann.login('ann', 'wrong 2')).status).toBe(401);
    const third = await ann.login('ann', 'wrong 3');
    expect(third.status).toBe(429);
    expect(third.body['error']).toBe('AUTH_LOCKED');
    const right = await ann.login('ann', 'ann password 1');
    expect(right.status).toBe(429);
    expect((await root.call('GET', '/api/admin/users')).body['users']).toContainEqual(
      expect.objectContaining({ login: 'ann', locked: true }),
    );
    expect((await root.call('PUT', '/api/admin/users/ann', { password: 'ann password 2' })).status).toBe(200);
    expect((await ann.login('ann', 'ann password 1')).status).toBe(401);
    const after = await ann.login('ann', 'ann password 2');
    expect(after.status).toBe(200);
    expect(after.body['twoFactorRequired']).toBe(false);
  });

  it('two-factor: enrol with a TOTP code, then sign in with a code or a single-use recovery code', async () => {
    const bob = new SessionClient(server.url);
    await root.call('POST', '/api/admin/users', { login: 'bob', password: 'bob password 1' });
    await bob.login('bob', 'bob password 1');
    const start = await bob.call('POST', '/api/me/two-factor/start');
    const secret = start.body['secret'] as string;
    expect(start.body['uri']).toContain(`secret=${secret}`);
    expect(
      (await bob.call('POST', '/api/me/two-factor/confirm', { code: '000000' === totpAt(secret, Date.now()) ? '111111' : '000000' }))
        .status,
    ).toBe(401);
    const confirm = await bob.call('POST', '/api/me/two-factor/confirm', { code: totpAt(secret, Date.now()) });
    expect(confirm.status).toBe(200);
    const recovery = confirm.body['recoveryCodes'] as string[];
    expect(recovery).toHaveLength(10);

    const b2 = new SessionClient(server.url);
    const first = await b2.login('bob', 'bob password 1');
    expect(first.body['twoFactorRequired']).toBe(true);
    // Half signed in: no access yet.
    expect((await b2.call('GET', '/api/admin/sites')).status).toBe(401);
    expect((await b2.call('GET', '/api/session')).body).toMatchObject({ user: null, twoFactorPending: true });
    expect((await b2.call('POST', '/api/login/two-factor', { code: 'abcdef' })).status).toBe(401);
    const pendingCookie = b2.cookie;
    expect((await b2.call('POST', '/api/login/two-factor', { code: totpAt(secret, Date.now()) })).status).toBe(200);
    expect(b2.cookie).not.toBe(pendingCookie);
    expect((await b2.call('GET', '/api/session')).body).toMatchObject({ user: { login: 'bob', twoFactor: true } });

    const b3 = new SessionClient(server.url);
    await b3.login('bob', 'bob password 1');
    expect((await b3.call('POST', '/api/login/two-factor', { recoveryCode: recovery[0] })).status).toBe(200);
    const b4 = new SessionClient(server.url);
    await b4.login('bob', 'bob password 1');
    expect((await b4.call('POST', '/api/login/two-factor', { recoveryCode: recovery[0] })).status).toBe(401);
  });

  it('API tokens: shown once, listed without the secret, revoked at once everywhere', async () => {
    const created = await root.call('POST', '/api/me/tokens', { description: 'ci' });
    const token = created.body['token'] as string;
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const list = await root.call('GET', '/api/me/tokens');
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(list.body['tokens']).toContainEqual(expect.objectContaining({ id: created.body['id'], description: 'ci' }));

    const bearer = { authorization: `Bearer ${token}` };
    const apiUrl = `${server.url}/index.php?module=API&method=SitesManager.getSiteFromId&idSite=${siteId}&format=json`;
    expect((await fetch(`${server.url}/api/admin/sites`, { headers: bearer })).status).toBe(200);
    expect((await fetch(apiUrl, { headers: bearer })).status).toBe(200);
    // A token is not ambient: no CSRF token needed.
    const viaToken = await fetch(`${server.url}/api/admin/settings`, {
      method: 'PUT',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: '{"visitsLog":true}',
    });
    expect(viaToken.status).toBe(200);

    expect((await root.call('DELETE', `/api/me/tokens/${created.body['id']}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/admin/sites`, { headers: bearer })).status).toBe(401);
    expect((await fetch(apiUrl, { headers: bearer })).status).toBe(401);
    expect((await root.call('DELETE', `/api/me/tokens/${created.body['id']}`)).status).toBe(404);
  });

  it('the Reporting API accepts the browser session with force_api_session=1 and the CSRF token', async () => {
    const q = `module=API&method=SitesManager.getSiteFromId&idSite=${siteId}&format=json&force_api_session=1`;
    const ok = await root.call('GET', `/index.php?${q}&token_auth=${root.csrf}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ idsite: String(siteId), name: 'Shop' });
    expect((await root.call('GET', `/index.php?${q}&token_auth=wrong`)).status).toBe(401);
    const noCookie = await fetch(`${server.url}/index.php?${q}&token_auth=${root.csrf}`);
    expect(noCookie.status).toBe(401);
  });

  it('sign-out ends the session', async () => {
    const c = new SessionClient(server.url);
    await c.login('ann', 'ann password 2');
    expect((await c.call('GET', '/api/admin/sites')).status).toBe(200);
    const old = c.cookie;
    expect((await c.call('POST', '/api/logout')).status).toBe(200);
    c.cookie = old;
    expect((await c.call('GET', '/api/admin/sites')).status).toBe(401);
  });
});

describe('super user from the environment', () => {
  it('SILLAGE_SUPERUSER_LOGIN / _PASSWORD create the super user on an empty store, and only then', async () => {
    const data = tempDataDir();
    const env = { SILLAGE_DATA_DIR: data.dir, SILLAGE_SUPERUSER_LOGIN: 'boot', SILLAGE_SUPERUSER_PASSWORD: 'boot password 1' };
    let server = await startServer(env);
    try {
      const c = new SessionClient(server.url);
      expect((await c.call('GET', '/api/session')).body['setupRequired']).toBe(false);
      expect((await c.login('boot', 'boot password 1')).status).toBe(200);
      expect(
        (await c.call('POST', '/api/me/password', { currentPassword: 'boot password 1', newPassword: 'boot password 2' })).status,
      ).toBe(200);
      await server.stop();
      server = await startServer(env);
      const d = new SessionClient(server.url);
      expect((await d.login('boot', 'boot password 1')).status).toBe(401);
      expect((await d.login('boot', 'boot password 2')).status).toBe(200);
    } finally {
      await server.stop();
      data.remove();
    }
  });
});
