import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { golden, type HitParams, hit, sendBulk, UA, withSite } from './reports-golden-support.js';
import { createSites, createSuperUserToken } from './support/fixtures.js';
import { startServer, type TestServer, tempDataDir } from './support/harness.js';

/**
 * Golden segment tests: hand-written hits for a Paris site sent through the real tracking endpoint, then
 * reports asked for under Matomo segments and compared with answers worked out by hand from the hits and
 * Matomo's segment semantics (fixtures/golden/segments-paris-2026-11-17.json says how). The visits differ
 * in everything a segment can select on: referrer (search engine, campaign, website, direct), country,
 * device, browser, OS, new or returning, visit count, duration, actions, events, custom dimension, user
 * id, local and server hour, day of the week.
 */

const P = 'https://paris.example';
const WINDOWS_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

const VP = { cid: '1111111111111111', ua: WINDOWS_FIREFOX, lang: 'fr-fr', res: '1920x1080', country: 'fr' };
const VQ = { cid: '2222222222222222', ua: IPHONE_SAFARI, lang: 'de-de', res: '390x844', country: 'de' };
const VR = { uid: 'user-r', ua: ANDROID_CHROME, lang: 'fr-fr', res: '412x915', country: 'fr' };
const VS = { cid: '3333333333333333', ua: UA, lang: 'en-us', res: '1280x720', country: 'us' };

/** Paris is UTC+1 in November: cdt (UTC) is one hour behind the site's clock. */
function parisHits(site: number): HitParams[] {
  const pv = (who: object, cdt: string, local: string, path: string, title: string, extra: HitParams = {}) =>
    hit(site, who, cdt, local, { url: `${P}${path}`, action_name: title, ...extra });
  const at = (who: object, cdt: string, local: string, path: string, extra: HitParams) =>
    hit(site, who, cdt, local, { url: `${P}${path}`, ...extra });
  return [
    // V5: S, 00:20 Paris on the 17th (23:20 UTC on the 16th), 18:20 on the visitor's clock; direct.
    pv(VS, '2026-11-16 23:20:00', '18:20:00', '/shop/socks', 'Socks'),
    at(VS, '2026-11-16 23:21:00', '18:21:00', '/shop/socks', { e_c: 'Video', e_a: 'pause', e_n: 'trailer' }),
    // V1: P's first visit, 09:00-09:04:30, from a Google search for "winter boots".
    pv(VP, '2026-11-17 08:00:00', '09:00:00', '/', 'Home', { urlref: 'https://www.google.com/search?q=winter+boots', dimension1: 'gold' }),
    pv(VP, '2026-11-17 08:01:00', '09:01:00', '/shop/boots', 'Boots'),
    at(VP, '2026-11-17 08:02:00', '09:02:00', '/shop/boots', { e_c: 'Video', e_a: 'play', e_n: 'intro', e_v: 5 }),
    pv(VP, '2026-11-17 08:04:00', '09:04:00', '/shop/cart', 'Cart'),
    at(VP, '2026-11-17 08:04:30', '09:04:30', '/shop/cart', { e_c: 'Form', e_a: 'focus' }),
    // V2: Q's first visit, 14:30-14:31:30, from a campaign; an outlink, then a ping.
    pv(VQ, '2026-11-17 13:30:00', '14:30:00', '/shop/boots', 'Boots', {
      mtm_campaign: 'Black-Friday',
      mtm_kwd: 'Socks',
      mtm_source: 'Newsletter',
      mtm_medium: 'Email',
      mtm_content: 'banner',
      dimension1: 'silver',
    }),
    pv(VQ, '2026-11-17 13:30:40', '14:30:40', '/shop/socks', 'Socks'),
    at(VQ, '2026-11-17 13:31:00', '14:31:00', '/shop/socks', { link: 'https://partner.example/deal' }),
    at(VQ, '2026-11-17 13:31:30', '14:31:30', '/shop/socks', { ping: 1 }),
    // V6: Q again at 16:00, 88 minutes later: a second, direct visit.
    pv(VQ, '2026-11-17 15:00:00', '16:00:00', '/shop/socks', 'Socks', { dimension1: 'gold,vip' }),
    pv(VQ, '2026-11-17 15:02:00', '16:02:00', '/shop/boots', 'Boots'),
    // V3: R (logged in), 20:15-20:17, direct: a search, an event without name or value, a download.
    pv(VR, '2026-11-17 19:15:00', '20:15:00', '/shop/cart', 'Cart'),
    at(VR, '2026-11-17 19:15:30', '20:15:30', '/shop/cart', { search: 'boots', search_count: 4 }),
    at(VR, '2026-11-17 19:16:00', '20:16:00', '/shop/cart', { e_c: 'Form', e_a: 'submit' }),
    at(VR, '2026-11-17 19:17:00', '20:17:00', '/shop/cart', { download: `${P}/files/size-guide.pdf` }),
    // V4: P's second visit at 22:40, from a blog: a bounce.
    pv(VP, '2026-11-17 21:40:00', '22:40:00', '/', 'Home', { urlref: 'https://blog.example.net/post' }),
    // V7: P's third visit, Sunday the 22nd at 11:00, direct.
    pv(VP, '2026-11-22 10:00:00', '11:00:00', '/', 'Home'),
    pv(VP, '2026-11-22 10:00:30', '11:00:30', '/shop/boots', 'Boots'),
  ];
}

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
let token: string;
let paris: number;

beforeAll(async () => {
  data = tempDataDir();
  const env = { SILLAGE_DATA_DIR: data.dir };
  [paris] = (await createSites(data.dir, [
    { name: 'Paris', urls: [P], timezone: 'Europe/Paris', privacyMode: 'custom', privacy: { allowUserId: true } },
  ])) as [number];
  token = await createSuperUserToken(env);
  server = await startServer(env);
  await sendBulk(server.url, token, parisHits(paris));
}, 120_000);

afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  data?.remove();
});

async function report(params: Record<string, string>): Promise<unknown> {
  const query = { module: 'API', format: 'json', idSite: String(paris), period: 'day', date: '2026-11-17', token_auth: token, ...params };
  const res = await fetch(`${server.url}/index.php?${new URLSearchParams(query)}`);
  return res.json();
}

describe('segments on the Paris site (Europe/Paris, UTC+1), 2026-11-17', () => {
  it.each(golden('segments-paris-2026-11-17.json'))('$name', async ({ params, expected }) => {
    expect(await report(params)).toEqual(withSite(expected, paris));
  });
});

it('the dashboard API refuses a bad segment with the same message, naming the bad condition', async () => {
  const query = new URLSearchParams({
    idSite: String(paris),
    period: 'day',
    date: '2026-11-17',
    segment: 'countryCode==fr;deviceType==robot',
  });
  const res = await fetch(`${server.url}/api/dashboard/reports/VisitsSummary.get?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({
    error:
      'The segment condition \'deviceType==robot\' is not valid: "robot" is not one of desktop, smartphone, tablet, feature phone, console, tv, car browser, smart display, camera, portable media player, phablet, smart speaker, wearable, peripheral',
  });
});

describe("a row's segment selects the row's visits (what the dashboard and Matomo's UI do when a row is clicked)", () => {
  const week = { period: 'week', date: '2026-11-17' };
  it.each([
    ['Referrers.getReferrerType', {}],
    ['Referrers.getSearchEngines', {}],
    ['Referrers.getKeywords', {}],
    ['Referrers.getWebsites', {}],
    ['Referrers.getCampaigns', {}],
    ['UserCountry.getCountry', {}],
    ['UserLanguage.getLanguageCode', {}],
    ['DevicesDetection.getType', {}],
    ['DevicesDetection.getBrowsers', {}],
    ['DevicesDetection.getOsFamilies', {}],
    ['VisitTime.getVisitInformationPerServerTime', {}],
    ['VisitTime.getVisitInformationPerLocalTime', {}],
    ['VisitTime.getByDayOfWeek', week],
    ['VisitorInterest.getNumberOfVisitsPerVisitDuration', {}],
    ['VisitorInterest.getNumberOfVisitsByVisitCount', {}],
    ['UserId.getUsers', {}],
    ['Actions.getPageUrls', { flat: '1' }],
    ['Actions.getPageTitles', { flat: '1' }],
    ['Actions.getOutlinks', { flat: '1' }],
    ['Actions.getDownloads', { flat: '1' }],
    ['Actions.getSiteSearchKeywords', {}],
    ['Events.getCategory', {}],
    ['Events.getAction', {}],
    ['Events.getName', {}],
  ] as [string, Record<string, string>][])('%s', async (method, params) => {
    const rows = (await report({ method, filter_limit: '-1', ...params })) as { label: string; nb_visits: number; segment?: string }[];
    // Rows without a value ("…not defined") carry `name==`, which Matomo reads as NULL or empty, not as that row.
    const checked = rows.filter((r) => Number(r.nb_visits) > 0 && r.segment !== undefined && !r.segment.endsWith('=='));
    expect(checked.length).toBeGreaterThan(0);
    for (const row of checked) {
      const summary = (await report({ method: 'VisitsSummary.get', segment: row.segment!, ...params })) as { nb_visits?: number };
      expect(summary.nb_visits, `${row.label}: ${row.segment}`).toBe(Number(row.nb_visits));
    }
  });
});
