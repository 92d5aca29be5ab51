import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSites, createSuperUserToken } from './support/fixtures.js';
import { api, healthz, runCli, startServer, type TestServer, tempDataDir, waitShipped } from './support/harness.js';

/**
 * The Matomo tracking endpoint over real HTTP against the real server: every transport shape of
 * matomo-compat.md §1 and §9(a–b), with exact status codes, headers and bodies, and what got stored
 * read back through the Reporting API.
 */
const GIF_BASE64 = 'R0lGODlhAQABAIAAAAAAAAAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
let token: string;
let env: Record<string, string>;
// Site ids: plain (UTC), DNT-honouring, excluding 127.0.0.0/8, Paris-time for the summary figures.
let plain: number;
let dnt: number;
let excluded: number;
let paris: number;
let counter = 0;

function hitUrl(site: number, extra: Record<string, string> = {}): string {
  counter++;
  return `/matomo.php?${new URLSearchParams({ idsite: String(site), rec: '1', url: `https://example.org/p/${counter}`, ...extra })}`;
}

async function get(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { ...init, headers: { 'user-agent': UA, ...(init.headers ?? {}) } });
}

async function visitsSummary(site: number, date: string, period = 'day', extra: Record<string, string> = {}) {
  return api(server.url, { method: 'VisitsSummary.get', idSite: String(site), period, date, token_auth: token, ...extra });
}

beforeAll(async () => {
  data = tempDataDir();
  env = { SILLAGE_DATA_DIR: data.dir };
  const add = await runCli(['site', 'add', '--name', 'Plain', '--url', 'https://example.org'], env);
  expect(add.code).toBe(0);
  expect(add.stdout).toMatch(/^\d+\n$/);
  plain = Number(add.stdout);
  [dnt, excluded, paris] = (await createSites(data.dir, [
    { name: 'DNT', urls: ['https://dnt.example'], privacy: { honourDoNotTrack: true } },
    { name: 'Excluded', urls: ['https://excluded.example'], excludedIps: ['127.0.0.0/8'] },
    { name: 'Paris', urls: ['https://paris.example'], timezone: 'Europe/Paris' },
  ])) as [number, number, number];
  token = await createSuperUserToken(env);
  expect(token).toMatch(/^[0-9a-f]{32}$/);
  server = await startServer(env);
});

afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  data?.remove();
});

describe('answers', () => {
  it('GET without parameters: 200 and the about text (monitoring)', async () => {
    const res = await get('/matomo.php');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('This resource is part of Sillage');
  });

  it('POST without anything to track: 400 and the about text', async () => {
    const res = await get('/matomo.php', { method: 'POST' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This resource is part of Sillage');
  });

  it.each(['/matomo.php', '/piwik.php'])('GET %s: 200, the 43-byte GIF, no-store', async (path) => {
    const res = await get(hitUrl(plain).replace('/matomo.php', path));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(43);
    expect(body.toString('base64')).toBe(GIF_BASE64);
  });

  it('/js/ with a query string tracks like matomo.php', async () => {
    const res = await get(hitUrl(plain).replace('/matomo.php', '/js/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
  });

  it('send_image=0 gives 204 with no body', async () => {
    const res = await get(hitUrl(plain, { send_image: '0' }));
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('sendBeacon shape: POST, empty body, parameters in the query', async () => {
    const res = await get(hitUrl(plain, { send_image: '0' }), { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(res.status).toBe(204);
  });

  it('POST form body is tracked, and the query wins on a duplicate name', async () => {
    const res = await get(`/matomo.php?idsite=${plain}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'idsite=99999&rec=1&url=https%3A%2F%2Fexample.org%2Fform',
    });
    // The body's unknown site would be a 400; the query's site wins.
    expect(res.status).toBe(200);
    expect(res.headers.get('x-sillage-error')).toBeNull();
  });

  it('CORS: the Origin is echoed with credentials; preflight is 204', async () => {
    const res = await get(hitUrl(plain, { send_image: '0' }), { method: 'POST', headers: { origin: 'https://example.org' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://example.org');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const pre = await get('/matomo.php', {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://example.org');
  });
});

describe('invalid requests', () => {
  it.each([
    ['idsite=abc', { idsite: 'abc' }, 'TRACKING_INVALID_SITE'],
    ['idsite=0', { idsite: '0' }, 'TRACKING_INVALID_SITE'],
    ['unknown site', { idsite: '424242' }, 'TRACKING_UNKNOWN_SITE'],
    ['cid of the wrong length', { cid: 'abc' }, 'TRACKING_INVALID_PARAMETER'],
    ['cip without a token', { cip: '8.8.8.8' }, 'TRACKING_AUTH_REQUIRED'],
    ['cdt older than 24 h without a token', { cdt: '2026-01-01 10:00:00' }, 'TRACKING_AUTH_REQUIRED'],
    ['country override without a token', { country: 'fr' }, 'TRACKING_AUTH_REQUIRED'],
  ])('%s: 400 with the GIF and the error code', async (_name, extra, code) => {
    const res = await get(hitUrl(plain, extra));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('x-sillage-error')).toBe(code);
  });

  it('an invalid request with send_image=0 answers 204, as Matomo ends up doing', async () => {
    const res = await get(hitUrl(plain, { idsite: 'abc', send_image: '0' }));
    expect(res.status).toBe(204);
    expect(res.headers.get('x-sillage-error')).toBe('TRACKING_INVALID_SITE');
  });

  it('cip and an old cdt are accepted with a super user token', async () => {
    const res = await get(hitUrl(plain, { cip: '8.8.8.8', cdt: '2026-11-01 10:00:00', token_auth: token }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-sillage-error')).toBeNull();
  });
});

describe('exclusions answer success and say why', () => {
  it.each([
    ['rec missing', () => hitUrl(plain, { rec: '0' }), {}, 'not-recorded'],
    ['bot user agent', () => hitUrl(plain), { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' }, 'bot'],
    ['ignore cookie (opt-out)', () => hitUrl(plain), { cookie: 'matomo_ignore=ignore%3D%2A' }, 'opt-out-cookie'],
    ['legacy piwik_ignore cookie', () => hitUrl(plain), { cookie: 'piwik_ignore=1' }, 'opt-out-cookie'],
    ['DNT on a site that honours it', () => hitUrl(dnt), { dnt: '1' }, 'do-not-track'],
    ['excluded IP range', () => hitUrl(excluded), {}, 'excluded-ip'],
    ['prefetch', () => hitUrl(plain), { 'x-purpose': 'preview' }, 'prefetch'],
  ])('%s', async (_name, path, headers, reason) => {
    const res = await get(path(), { headers: headers as Record<string, string> });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('x-sillage-ignored')).toBe(reason);
  });

  it('bots=1 keeps a bot hit; DNT is ignored where the site does not honour it', async () => {
    const bot = await get(hitUrl(plain, { bots: '1' }), { headers: { 'user-agent': 'Googlebot/2.1' } });
    expect(bot.headers.get('x-sillage-ignored')).toBeNull();
    const dntPlain = await get(hitUrl(plain), { headers: { dnt: '1' } });
    expect(dntPlain.headers.get('x-sillage-ignored')).toBeNull();
  });

  it('drops are counted by reason', async () => {
    const h = await healthz(server.url);
    const dropped = (h.body['ingest'] as { dropped: Record<string, number> }).dropped;
    expect(dropped['bot']).toBeGreaterThanOrEqual(1);
    expect(dropped['opt-out-cookie']).toBeGreaterThanOrEqual(2);
    expect(dropped['excluded-ip']).toBeGreaterThanOrEqual(1);
  });
});

describe('bulk requests', () => {
  const bulkBody = (requests: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ requests, ...extra });

  it('"?qs" strings with the tracker\'s form Content-Type', async () => {
    const res = await get('/matomo.php', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: bulkBody([
        `?idsite=${plain}&rec=1&url=https%3A%2F%2Fexample.org%2Fb1`,
        `?idsite=${plain}&rec=1&url=https%3A%2F%2Fexample.org%2Fb2`,
      ]),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ status: 'success', tracked: 2, invalid: 0 });
  });

  it('objects (import_logs.py) with a top-level token, cip and cdt', async () => {
    const res = await get('/piwik.php?queuedtracking=0', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bulkBody(
        [
          { idsite: plain, rec: 1, url: 'https://example.org/log1', cip: '1.2.3.4', cdt: '2026-11-02 10:00:00', ua: UA },
          { idsite: 424242, rec: 1, url: 'https://example.org/log2' },
          { idsite: plain, rec: 1, url: 'https://example.org/log3', cip: '1.2.3.5', cdt: '2026-11-02 10:01:00' },
        ],
        { token_auth: token },
      ),
    });
    expect(res.status).toBe(200);
    // invalid_indices is told to super users only, as in Matomo.
    expect(await res.json()).toEqual({ status: 'success', tracked: 2, invalid: 1, invalid_indices: [1] });
  });

  it('without a super user token, invalid entries are counted but not listed', async () => {
    const res = await get('/matomo.php', {
      method: 'POST',
      body: bulkBody([`?idsite=${plain}&rec=1`, 'no-query-string', `?idsite=x&rec=1`]),
    });
    expect(await res.json()).toEqual({ status: 'success', tracked: 1, invalid: 2 });
  });

  it('"send_image":0 in the body gives 204', async () => {
    const res = await get('/matomo.php', { method: 'POST', body: bulkBody([`?idsite=${plain}&rec=1`], { send_image: 0 }) });
    expect(res.status).toBe(204);
  });

  it('a body that mentions "requests" but is not JSON is a 400 with the bulk error shape', async () => {
    const res = await get('/matomo.php', { method: 'POST', body: '{"requests": [' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 'error', tracked: 0, invalid: 0 });
  });
});

describe('VisitsSummary.get figures, computed by hand', () => {
  // Europe/Paris site. Visitor A: 10:00, 10:05 page views, 10:10 event, 10:20 ping (visit 1: 3 actions,
  // 1 + 1200 s long), 11:00 page view (50 min after the last action: visit 2, a bounce). Visitor B:
  // 23:50 Paris page view (visit 3, bounce), 00:05 Paris next day (midnight: visit 4), then a ping
  // 35 minutes later, which would start a visit and is dropped.
  beforeAll(async () => {
    const a = { cid: 'aaaaaaaaaaaaaaaa' };
    const b = { cid: 'bbbbbbbbbbbbbbbb' };
    const hit = (who: object, cdt: string, extra: object = {}) => ({
      idsite: paris,
      rec: 1,
      url: 'https://paris.example/x',
      cdt,
      ...who,
      ...extra,
    });
    const res = await get('/matomo.php', {
      method: 'POST',
      body: JSON.stringify({
        token_auth: token,
        requests: [
          hit(a, '2026-11-20 10:00:00', { url: 'https://paris.example/a' }),
          hit(a, '2026-11-20 10:05:00', { url: 'https://paris.example/b' }),
          hit(a, '2026-11-20 10:10:00', { e_c: 'video', e_a: 'play' }),
          hit(a, '2026-11-20 10:20:00', { ping: 1 }),
          hit(a, '2026-11-20 11:00:00', { url: 'https://paris.example/c' }),
          hit(b, '2026-11-20 22:50:00'),
          hit(b, '2026-11-20 23:05:00'),
          hit(b, '2026-11-20 23:40:00', { ping: 1 }),
        ],
      }),
    });
    expect(await res.json()).toEqual({ status: 'success', tracked: 8, invalid: 0 });
    await waitShipped(server.url);
  });

  it('one day', async () => {
    expect(await visitsSummary(paris, '2026-11-20')).toEqual({
      nb_uniq_visitors: 2,
      nb_users: 0,
      nb_visits: 3,
      nb_actions: 5,
      nb_visits_converted: 0,
      bounce_count: 2,
      sum_visit_length: 1201,
      max_actions: 3,
      bounce_rate: '67%',
      nb_actions_per_visit: 1.7,
      avg_time_on_site: 400,
    });
  });

  it('several days keyed by date, an empty day as []', async () => {
    expect(await visitsSummary(paris, '2026-11-19,2026-11-21')).toEqual({
      '2026-11-19': [],
      '2026-11-20': expect.objectContaining({ nb_visits: 3, nb_actions: 5 }),
      '2026-11-21': {
        nb_uniq_visitors: 1,
        nb_users: 0,
        nb_visits: 1,
        nb_actions: 1,
        nb_visits_converted: 0,
        bounce_count: 1,
        sum_visit_length: 0,
        max_actions: 1,
        bounce_rate: '100%',
        nb_actions_per_visit: 1,
        avg_time_on_site: 0,
      },
    });
  });

  it('the week (Monday to Sunday) and format_metrics=0', async () => {
    expect(await visitsSummary(paris, '2026-11-18', 'week', { format_metrics: '0' })).toEqual({
      nb_uniq_visitors: 2,
      nb_users: 0,
      nb_visits: 4,
      nb_actions: 6,
      nb_visits_converted: 0,
      bounce_count: 3,
      sum_visit_length: 1201,
      max_actions: 3,
      bounce_rate: 0.75,
      nb_actions_per_visit: 1.5,
      avg_time_on_site: 300,
    });
  });

  it('a range and a year leave out unique visitors and users, as Matomo does', async () => {
    const range = (await visitsSummary(paris, '2026-11-20,2026-11-21', 'range')) as Record<string, unknown>;
    expect(range).not.toHaveProperty('nb_uniq_visitors');
    expect(range).not.toHaveProperty('nb_users');
    expect(range).toMatchObject({ nb_visits: 4, nb_actions: 6, bounce_count: 3, sum_visit_length: 1201 });
    const year = (await visitsSummary(paris, '2026-11-20', 'year')) as Record<string, unknown>;
    expect(year).toMatchObject({ nb_visits: 4 });
    expect(year).not.toHaveProperty('nb_uniq_visitors');
  });

  it('month in XML, the default format', async () => {
    const res = await fetch(
      `${server.url}/index.php?module=API&method=VisitsSummary.get&idSite=${paris}&period=month&date=2026-11-20&token_auth=${token}`,
    );
    expect(res.headers.get('content-type')).toContain('text/xml');
    const xml = await res.text();
    expect(xml).toContain('<?xml version="1.0" encoding="utf-8" ?>');
    expect(xml).toContain('<nb_visits>4</nb_visits>');
    expect(xml).toContain('<bounce_rate>75%</bounce_rate>');
  });

  it('the ping that would have started a visit was dropped and counted', async () => {
    const h = await healthz(server.url);
    expect((h.body['ingest'] as { dropped: Record<string, number> }).dropped['ping-without-visit']).toBeGreaterThanOrEqual(1);
  });
});
