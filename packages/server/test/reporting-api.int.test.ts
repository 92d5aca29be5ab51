import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuperUserToken } from './support/fixtures.js';
import { runCli, startServer, type TestServer, tempDataDir } from './support/harness.js';

/** The Reporting API's door: transports, token places, errors, and the SitesManager calls import_logs.py makes. */
let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
let token: string;
let site: number;

beforeAll(async () => {
  data = tempDataDir();
  const env = { SILLAGE_DATA_DIR: data.dir };
  site = Number(
    (
      await runCli(
        ['site', 'add', '--name', 'Reports', '--url', 'https://www.reports.example', '--timezone', 'America/New_York', '--currency', 'USD'],
        env,
      )
    ).stdout,
  );
  token = await createSuperUserToken(env);
  server = await startServer(env);
});
afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  data?.remove();
});

const form = (params: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(params).toString(),
});

describe('Reporting API', () => {
  it('API.getMatomoVersion by GET, JSON', async () => {
    const res = await fetch(`${server.url}/index.php?module=API&method=API.getMatomoVersion&format=json&token_auth=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ value: '5.2.0' });
  });

  it('XML is the default format, and the format name is case-insensitive', async () => {
    const xml = await (await fetch(`${server.url}/index.php?module=API&method=API.getMatomoVersion&token_auth=${token}`)).text();
    expect(xml).toBe('<?xml version="1.0" encoding="utf-8" ?>\n<result>5.2.0</result>');
    const json = await (
      await fetch(`${server.url}/index.php?module=API&method=API.getMatomoVersion&format=JSON&token_auth=${token}`)
    ).json();
    expect(json).toEqual({ value: '5.2.0' });
  });

  it('POST to / with a form body (import_logs.py), token in the body', async () => {
    const res = await fetch(
      `${server.url}/`,
      form({
        module: 'API',
        format: 'json',
        method: 'SitesManager.getSiteFromId',
        idSite: String(site),
        filter_limit: '-1',
        token_auth: token,
      }),
    );
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({
      idsite: String(site),
      name: 'Reports',
      main_url: 'https://www.reports.example',
      timezone: 'America/New_York',
      currency: 'USD',
    });
  });

  it('GET / answers the API when module=API is asked for, and sends browsers to the dashboard otherwise', async () => {
    const api = await fetch(`${server.url}/?module=API&method=API.getMatomoVersion&format=json&token_auth=${token}`);
    expect(await api.json()).toEqual({ value: '5.2.0' });
    const plain = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(plain.status).toBe(302);
    expect(plain.headers.get('location')).toBe('/app/');
  });

  it('Authorization: Bearer carries the token too', async () => {
    const res = await fetch(`${server.url}/index.php?module=API&method=API.getMatomoVersion&format=json`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await res.json()).toEqual({ value: '5.2.0' });
  });

  it('getSitesIdFromSiteUrl matches with or without www and scheme', async () => {
    for (const url of ['reports.example', 'http://reports.example', 'https://www.reports.example/some/page']) {
      const res = await fetch(
        `${server.url}/`,
        form({ module: 'API', format: 'json', method: 'SitesManager.getSitesIdFromSiteUrl', url, token_auth: token }),
      );
      expect(await res.json()).toEqual([{ idsite: String(site) }]);
    }
    const none = await fetch(
      `${server.url}/`,
      form({ module: 'API', format: 'json', method: 'SitesManager.getSitesIdFromSiteUrl', url: 'nowhere.example', token_auth: token }),
    );
    expect(await none.json()).toEqual([]);
  });

  it('addSite with urls[0] returns the new id; getAllSites is keyed by id', async () => {
    const res = await fetch(
      `${server.url}/`,
      form({
        module: 'API',
        format: 'json',
        method: 'SitesManager.addSite',
        siteName: 'new.example',
        'urls[0]': 'http://new.example',
        token_auth: token,
      }),
    );
    const { value } = (await res.json()) as { value: number };
    expect(value).toBe(site + 1);
    const all = (await (
      await fetch(`${server.url}/`, form({ module: 'API', format: 'json', method: 'SitesManager.getAllSites', token_auth: token }))
    ).json()) as Record<string, { main_url: string }>;
    expect(all[String(value)]?.main_url).toBe('http://new.example');
    expect(Object.keys(all)).toEqual([String(site), String(value)]);
  });

  it('API.getBulkRequest runs each urls[i] with the outer token', async () => {
    const res = await fetch(
      `${server.url}/index.php`,
      form({
        module: 'API',
        format: 'json',
        method: 'API.getBulkRequest',
        token_auth: token,
        'urls[0]': 'method=API.getMatomoVersion',
        'urls[1]': `method=VisitsSummary.getVisits&idSite=${site}&period=day&date=today`,
        'urls[2]': 'method=Nope.nothing',
      }),
    );
    expect(await res.json()).toEqual([
      { value: '5.2.0' },
      { value: 0 },
      { result: 'error', message: "The method 'nothing' does not exist or is not available in the module 'Nope'." },
    ]);
  });

  it.each([
    [
      'no token',
      { method: 'VisitsSummary.get', idSite: '1', period: 'day', date: 'today' },
      401,
      "You can't access this resource as it requires 'view' access for the website id = 1.",
    ],
    [
      'a wrong token',
      { method: 'VisitsSummary.get', idSite: '1', period: 'day', date: 'today', token_auth: 'f'.repeat(32) },
      401,
      "You can't access this resource as it requires 'view' access for the website id = 1.",
    ],
    [
      'anonymous on a superuser method',
      { method: 'SitesManager.getAllSites', token_auth: 'anonymous' },
      401,
      "You can't access this resource as it requires 'superuser' access.",
    ],
    ['an unknown method', { method: 'Foo.bar' }, 200, "The method 'bar' does not exist or is not available in the module 'Foo'."],
    [
      'a bad period',
      { method: 'VisitsSummary.get', idSite: '1', period: 'decade', date: 'today', withToken: '1' },
      200,
      "The period 'decade' is not supported. Try any of the following instead: day, week, month, year, range",
    ],
    [
      'a bad date',
      { method: 'VisitsSummary.get', idSite: '1', period: 'day', date: 'someday', withToken: '1' },
      200,
      'Date format must be',
    ],
    [
      'a missing parameter',
      { method: 'VisitsSummary.get', idSite: '1', period: 'day', withToken: '1' },
      200,
      "Please specify a value for 'date'.",
    ],
    [
      'a bad login',
      { method: 'UsersManager.createAppSpecificTokenAuth', userLogin: 'admin', passwordConfirmation: 'wrong password' },
      401,
      'The login or the password is not valid.',
    ],
  ])("%s gives Matomo's error shape", async (_name, params, status, message) => {
    const { withToken, ...rest } = params as Record<string, string>;
    const qs = new URLSearchParams({ module: 'API', format: 'json', ...rest, ...(withToken ? { token_auth: token } : {}) });
    const res = await fetch(`${server.url}/index.php?${qs}`);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { result: string; message: string };
    expect(body.result).toBe('error');
    expect(body.message.startsWith(message)).toBe(true);
  });

  it('createAppSpecificTokenAuth gives a working token', async () => {
    const res = await fetch(
      `${server.url}/`,
      form({
        module: 'API',
        format: 'json',
        method: 'UsersManager.createAppSpecificTokenAuth',
        userLogin: 'admin',
        passwordConfirmation: 'correct horse battery staple',
        description: 'Log importer',
      }),
    );
    const { value } = (await res.json()) as { value: string };
    expect(value).toMatch(/^[0-9a-f]{32}$/);
    const check = await fetch(`${server.url}/index.php?module=API&method=API.getMatomoVersion&format=json&token_auth=${value}`);
    expect(await check.json()).toEqual({ value: '5.2.0' });
  });
});

describe('the sillage command against a running server', () => {
  it('metadata commands refuse while the server holds the data directory', async () => {
    const r = await runCli(['site', 'add', '--name', 'X', '--url', 'https://x.example'], { SILLAGE_DATA_DIR: data.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is in use by a running Sillage server \(pid \d+\)\. Stop it first.*\[STORE_LOCKED\]/);
    expect(r.stdout).toBe('');
  });
});
