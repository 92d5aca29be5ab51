import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { golden, hit, sendBulk, withSite } from './reports-golden-support.js';
import { createSites, createSuperUserToken } from './support/fixtures.js';
import { startServer, type TestServer, tempDataDir } from './support/harness.js';

/**
 * Golden tests: hand-written hits sent through the real tracking endpoint (bulk, token, cdt), then each
 * report compared with an answer written by hand from Matomo's metric definitions in
 * fixtures/golden/*.json (never produced by running this code). The fixture covers bounces, single-action
 * visits, pings, visits across midnight in a UTC+ (Tokyo) and a UTC− (New York) site, a campaign change,
 * outlinks and downloads, site search with and without results, events with and without values.
 */

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
let token: string;
let tokyo: number;
let newYork: number;

async function call(params: Record<string, string>, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}/index.php?${new URLSearchParams({ module: 'API', format: 'json', ...params })}`, init);
}

async function report(site: number, params: Record<string, string>): Promise<unknown> {
  const res = await call({ idSite: String(site), period: 'day', date: '2026-11-20', token_auth: token, ...params });
  return res.json();
}

const A = { cid: 'aaaaaaaaaaaaaaaa', lang: 'ja-jp', res: '1920x1080', country: 'jp' };
const B = { cid: 'bbbbbbbbbbbbbbbb', lang: 'fr-fr', res: '390x844', country: 'fr' };
const C = { uid: 'user-c', lang: 'en-us' };
const T = 'https://tokyo.example';

function tokyoHits(site: number) {
  const pv = (who: object, cdt: string, local: string, path: string, title: string, extra = {}) =>
    hit(site, who, cdt, local, { url: `${T}${path}`, action_name: title, ...extra });
  return [
    // T0: C, 00:30 Tokyo (the 19th in UTC), one page view, logged in.
    pv(C, '2026-11-19 15:30:00', '00:30:00', '/shop/cart', 'Cart'),
    // T1: A from a website, 10:00-10:05 Tokyo.
    pv(A, '2026-11-20 01:00:00', '10:00:00', '/', 'Home', { urlref: 'https://blog.example.net/post' }),
    pv(A, '2026-11-20 01:01:00', '10:01:00', '/shop/boots', 'Boots'),
    hit(site, A, '2026-11-20 01:01:30', '10:01:30', { url: `${T}/shop/boots`, e_c: 'Video', e_a: 'play', e_n: 'intro', e_v: 3 }),
    hit(site, A, '2026-11-20 01:02:00', '10:02:00', { url: `${T}/shop/boots`, link: 'https://partner.example/deal' }),
    pv(A, '2026-11-20 01:03:00', '10:03:00', '/shop/cart', 'Cart'),
    hit(site, A, '2026-11-20 01:03:30', '10:03:30', { url: `${T}/shop/cart`, download: `${T}/files/guide.pdf` }),
    hit(site, A, '2026-11-20 01:04:00', '10:04:00', { url: `${T}/shop/cart`, search: 'red boots', search_count: 3 }),
    hit(site, A, '2026-11-20 01:05:00', '10:05:00', { url: `${T}/shop/cart`, ping: 1 }),
    // T2: A again 46 minutes after the last action: a new visit, from a campaign; a bounce.
    pv(A, '2026-11-20 01:50:00', '10:50:00', '/', 'Home', { mtm_campaign: 'Autumn', mtm_kwd: 'Boots' }),
    // T3: another campaign two minutes later: Matomo starts a new visit on a campaign change.
    pv(A, '2026-11-20 01:52:00', '10:52:00', '/shop/boots', 'Boots', { mtm_campaign: 'Winter' }),
    hit(site, A, '2026-11-20 01:53:00', '10:53:00', { url: `${T}/shop/boots`, e_c: 'Video', e_a: 'pause' }),
    // T4: B at 23:50 Tokyo; 20 minutes later it is the 21st there: a new visit (T5).
    pv(B, '2026-11-20 14:50:00', '15:50:00', '/shop/boots', 'Boots'),
    pv(B, '2026-11-20 15:10:00', '16:10:00', '/', 'Home'),
  ];
}

function newYorkHits(site: number) {
  const N = 'https://ny.example';
  const D = { cid: 'dddddddddddddddd' };
  const E = { cid: 'eeeeeeeeeeeeeeee' };
  const F = { cid: 'ffffffffffffffff' };
  return [
    // E: 23:30 on the 19th in New York (04:30 UTC on the 20th): not in the 20th.
    hit(site, E, '2026-11-20 04:30:00', '23:30:00', { url: `${N}/e`, action_name: 'E' }),
    // F: 10:00-10:04 New York.
    hit(site, F, '2026-11-20 15:00:00', '10:00:00', { url: `${N}/`, action_name: 'Home' }),
    hit(site, F, '2026-11-20 15:01:00', '10:01:00', { url: `${N}/`, e_c: 'Form', e_a: 'submit', e_v: 10 }),
    hit(site, F, '2026-11-20 15:02:00', '10:02:00', { url: `${N}/`, e_c: 'Form', e_a: 'submit', e_v: 5.5 }),
    hit(site, F, '2026-11-20 15:03:00', '10:03:00', { url: `${N}/`, e_c: 'Form', e_a: 'focus' }),
    hit(site, F, '2026-11-20 15:04:00', '10:04:00', { url: `${N}/`, search: 'zzz', search_count: 0 }),
    // D: 23:40 on the 20th, then 00:05 on the 21st: two visits.
    hit(site, D, '2026-11-21 04:40:00', '23:40:00', { url: `${N}/a`, action_name: 'A' }),
    hit(site, D, '2026-11-21 05:05:00', '00:05:00', { url: `${N}/b`, action_name: 'B' }),
  ];
}

beforeAll(async () => {
  data = tempDataDir();
  const env = { SILLAGE_DATA_DIR: data.dir };
  [tokyo, newYork] = (await createSites(data.dir, [
    { name: 'Tokyo', urls: [T], timezone: 'Asia/Tokyo', privacyMode: 'custom', privacy: { allowUserId: true, visitsLog: true } },
    { name: 'New York', urls: ['https://ny.example'], timezone: 'America/New_York' },
  ])) as [number, number];
  token = await createSuperUserToken(env);
  server = await startServer(env);
  await sendBulk(server.url, token, [...tokyoHits(tokyo), ...newYorkHits(newYork)]);
}, 120_000);

afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  data?.remove();
});

describe('Tokyo (UTC+9), 2026-11-20', () => {
  it.each(golden('tokyo-2026-11-20.json'))('$name', async ({ params, expected }) => {
    expect(await report(tokyo, params)).toEqual(withSite(expected, tokyo));
  });

  it('every golden report asked for at once gives the same answers (reports arriving together are batched)', async () => {
    const cases = golden('tokyo-2026-11-20.json');
    const answers = await Promise.all(cases.map(({ params }) => report(tokyo, params)));
    for (const [i, { name, expected }] of cases.entries()) expect(answers[i], name).toEqual(withSite(expected, tokyo));
  });

  it('UserId.getUsers: the user id with its visitor id (first 16 hex of sha1(uid), as Matomo)', async () => {
    const idvisitor = createHash('sha1').update('user-c').digest('hex').slice(0, 16);
    expect(await report(tokyo, { method: 'UserId.getUsers', showColumns: 'nb_visits,idvisitor' })).toEqual([
      { label: 'user-c', nb_visits: 1, idvisitor },
    ]);
  });

  it('Live.getLastVisitsDetails: newest visits first, with their actions', async () => {
    const visits = (await report(tokyo, { method: 'Live.getLastVisitsDetails', filter_limit: '2' })) as Record<string, unknown>[];
    expect(visits).toHaveLength(2);
    expect(visits[0]).toMatchObject({
      visitorId: 'bbbbbbbbbbbbbbbb',
      visitorType: 'new',
      actions: 1,
      visitDuration: 0,
      referrerType: 'direct',
      countryCode: 'fr',
      visitServerHour: '23',
      // 14:50 UTC is 23:50 in Tokyo, still the 20th there.
      serverDate: '2026-11-20',
      actionDetails: [{ type: 'action', url: `${T}/shop/boots`, pageTitle: 'Boots', serverTimePretty: '23:50:00' }],
    });
    expect(visits[1]).toMatchObject({
      visitorId: 'aaaaaaaaaaaaaaaa',
      visitorType: 'returning',
      visitCount: 3,
      actions: 2,
      visitDuration: 61,
      referrerType: 'campaign',
      referrerName: 'winter',
      actionDetails: [
        { type: 'action', pageTitle: 'Boots', timeSpent: 60 },
        { type: 'event', eventCategory: 'Video', eventAction: 'pause' },
      ],
    });
  });

  it('Live.getCounters answers the Matomo shape', async () => {
    expect(await report(tokyo, { method: 'Live.getCounters', lastMinutes: '30' })).toEqual([
      { visits: 0, actions: 0, visitors: 0, visitsConverted: 0 },
    ]);
  });

  it('CSV (UTF-16LE with BOM by default) and TSV', async () => {
    const params = {
      method: 'Referrers.getReferrerType',
      idSite: String(tokyo),
      period: 'day',
      date: '2026-11-20',
      token_auth: token,
      showColumns: 'nb_visits',
    };
    const csv = await call({ ...params, format: 'csv' });
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toBe('label,nb_visits\nCampaigns,2\nDirect Entry,2\nWebsites,1');
    const tsv = await call({ ...params, format: 'TSV', convertToUnicode: '0' });
    expect(await tsv.text()).toBe('label\tnb_visits\nCampaigns\t2\nDirect Entry\t2\nWebsites\t1');
  });

  it('XML is the default format', async () => {
    const res = await fetch(
      `${server.url}/index.php?${new URLSearchParams({ module: 'API', method: 'Actions.getSiteSearchKeywords', idSite: String(tokyo), period: 'day', date: '2026-11-20', token_auth: token, showColumns: 'nb_hits' })}`,
    );
    expect(await res.text()).toBe(
      '<?xml version="1.0" encoding="utf-8" ?>\n<result>\n\t<row>\n\t\t<label>red boots</label>\n\t\t<nb_hits>1</nb_hits>\n\t</row>\n</result>',
    );
  });

  it('API.getBulkRequest runs several reports with the outer token', async () => {
    const urls = [
      `method=Actions.get&idSite=${tokyo}&period=day&date=2026-11-20&columns=nb_pageviews`,
      `method=UserCountry.getCountry&idSite=${tokyo}&period=day&date=2026-11-20&filter_limit=1&showColumns=nb_visits`,
    ];
    const body = new URLSearchParams({ module: 'API', method: 'API.getBulkRequest', format: 'json', token_auth: token });
    for (const [i, u] of urls.entries()) body.set(`urls[${i}]`, u);
    const res = await fetch(`${server.url}/index.php`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(await res.json()).toEqual([{ nb_pageviews: 7 }, [{ label: 'Japan', nb_visits: 3 }]]);
  });

  it('access: a Bearer token works, no token is refused', async () => {
    const params = { method: 'Actions.get', idSite: String(tokyo), period: 'day', date: '2026-11-20' };
    const bearer = await call(params, { headers: { authorization: `Bearer ${token}` } });
    expect(await bearer.json()).toMatchObject({ nb_pageviews: 7 });
    const anonymous = await call(params);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      result: 'error',
      message: `You can't access this resource as it requires 'view' access for the website id = ${tokyo}.`,
    });
  });
});

describe('dashboard JSON API', () => {
  const dashboard = (path: string, auth = true) =>
    fetch(`${server.url}/api/dashboard/reports/${path}`, auth ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('a table with raw numbers, metadata apart, and the previous day for comparison', async () => {
    const res = await dashboard(`Referrers.getReferrerType?idSite=${tokyo}&period=day&date=2026-11-21&compare=1`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { periods: unknown[]; previous: { rows: { label: string; values: Record<string, number> }[] }[] };
    expect(body.periods).toEqual([
      {
        label: '2026-11-21',
        start: '2026-11-21',
        end: '2026-11-21',
        rows: [
          {
            label: 'Direct Entry',
            values: {
              nb_uniq_visitors: 1,
              nb_visits: 1,
              nb_actions: 1,
              max_actions: 1,
              sum_visit_length: 0,
              bounce_count: 1,
              nb_visits_converted: 0,
            },
            metadata: { referrer_type: 1, segment: 'referrerType==direct' },
          },
        ],
      },
    ]);
    expect(body.previous.map((p) => p.rows.map((r) => [r.label, r.values['nb_visits']]))).toEqual([
      [
        ['Campaigns', 2],
        ['Direct Entry', 2],
        ['Websites', 1],
      ],
    ]);
  });

  it('a single-row report as totals per period, ratios unformatted', async () => {
    const res = await dashboard(`VisitsSummary.get?idSite=${tokyo}&period=day&date=2026-11-19,2026-11-20`);
    const body = (await res.json()) as { periods: { label: string; totals: Record<string, number> | null }[] };
    expect(body.periods.map((p) => [p.label, p.totals?.['nb_visits'] ?? null, p.totals?.['bounce_rate'] ?? null])).toEqual([
      ['2026-11-19', null, null],
      ['2026-11-20', 5, 0.6],
    ]);
  });

  it('the same access rule as the Matomo API', async () => {
    const res = await dashboard(`VisitsSummary.get?idSite=${tokyo}&period=day&date=2026-11-20`, false);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: `You can't access this resource as it requires 'view' access for the website id = ${tokyo}.`,
    });
  });
});

describe('New York (UTC−5), 2026-11-20', () => {
  it.each(golden('ny-2026-11-20.json'))('$name', async ({ params, expected }) => {
    expect(await report(newYork, params)).toEqual(withSite(expected, newYork));
  });
});
