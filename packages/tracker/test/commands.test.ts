import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOWNLOAD_EXTENSIONS } from '../src/links.js';
import { buildTracker, FakeBrowser, type FakeBrowserOptions } from './fake-browser.js';

/**
 * Command by command, the parameters the built tracker sends (compare matomo-compat.md §3.4), run in a
 * Node vm around a minimal browser. Real-browser behaviour (clicks, beacons, the server) is covered by
 * tracker.browser.int.test.ts.
 */
let script: string;
beforeAll(() => {
  script = buildTracker();
});

const PAGE = 'https://shop.example/products/mug?color=blue';
const BASE = [
  ['setTrackerUrl', 'https://stats.example/matomo.php'],
  ['setSiteId', '3'],
];

function browser(commands: unknown[][], o: FakeBrowserOptions = {}): FakeBrowser {
  const b = new FakeBrowser({ href: PAGE, ...o });
  b.window['_paq'] = [...commands, ...BASE];
  return b.run(script);
}

async function sent(commands: unknown[][], o: FakeBrowserOptions = {}): Promise<Record<string, string>[]> {
  const b = browser(commands, o);
  b.fire('pagehide');
  return b.requests();
}

/** The budget (matomo.js: 21,900 bytes gzipped), with every command it asks for. */
export const GZIP_BUDGET_BYTES = 4096;

describe('size budget', () => {
  it(`is at most ${GZIP_BUDGET_BYTES} bytes gzipped`, () => {
    expect(gzipSync(script, { level: 9 }).length).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
  });
});

describe('what every request carries (§3.4)', () => {
  it('a page view: action, site, time, page, no visitor id (cookieless), send_image=0, screen', async () => {
    const [r] = await sent([['trackPageView']], { referrer: 'https://search.example/?q=mug' });
    expect(r).toMatchObject({
      action_name: 'Blue mug',
      idsite: '3',
      rec: '1',
      url: PAGE,
      urlref: 'https://search.example/?q=mug',
      _id: '',
      _idn: '0',
      send_image: '0',
      cookie: '1',
      res: '1920x1080',
    });
    expect(r!['r']).toMatch(/^\d{6}$/);
    expect(r!['pv_id']).toMatch(/^[0-9a-f]{6}$/);
    expect([r!['h'], r!['m'], r!['s']].every((x) => /^\d{1,2}$/.test(x!))).toBe(true);
    expect(r).not.toHaveProperty('uid');
    expect(r).not.toHaveProperty('consent');
  });

  it('applies configuration first whatever its place in the queue (Matomo order)', async () => {
    const b = new FakeBrowser({ href: PAGE });
    b.window['_paq'] = [['trackPageView'], ['setSiteId', '9'], ['setTrackerUrl', 'https://t.example/matomo.php']];
    b.run(script).fire('pagehide');
    const [r] = await b.requests();
    expect(r!['idsite']).toBe('9');
    expect(b.sent[0]!.url.startsWith('https://t.example/matomo.php?')).toBe(true);
  });
});

type Case = [name: string, commands: unknown[][], expected: Record<string, string | undefined>[]];
const CASES: Case[] = [
  ['trackPageView with a title', [['trackPageView', 'Custom title']], [{ action_name: 'Custom title' }]],
  ['setDocumentTitle', [['setDocumentTitle', 'Set title'], ['trackPageView']], [{ action_name: 'Set title' }]],
  [
    'setCustomUrl (relative, resolved)',
    [['setCustomUrl', '/virtual/page'], ['trackPageView']],
    [{ url: 'https://shop.example/virtual/page' }],
  ],
  ['setReferrerUrl', [['setReferrerUrl', 'https://ref.example/'], ['trackPageView']], [{ urlref: 'https://ref.example/' }]],
  ['trackEvent', [['trackEvent', 'Video', 'Play', 'Intro', 4.5]], [{ e_c: 'Video', e_a: 'Play', e_n: 'Intro', e_v: '4.5', ca: '1' }]],
  ['trackEvent without action: nothing', [['trackEvent', 'Video']], []],
  ['trackSiteSearch', [['trackSiteSearch', 'mug', 'Kitchen', 12]], [{ search: 'mug', search_cat: 'Kitchen', search_count: '12' }]],
  ['trackSiteSearch, keyword only', [['trackSiteSearch', 'mug']], [{ search: 'mug', search_cat: undefined, search_count: undefined }]],
  ['trackGoal', [['trackGoal', 4, 19.5]], [{ idgoal: '4', revenue: '19.5' }]],
  ['trackLink outlink', [['trackLink', 'https://out.example/', 'link']], [{ link: 'https://out.example/', ca: '1', url: PAGE }]],
  ['trackLink download', [['trackLink', 'https://shop.example/a.pdf', 'download']], [{ download: 'https://shop.example/a.pdf' }]],
  [
    'setCustomDimension',
    [['setCustomDimension', 1, 'gold'], ['trackPageView'], ['trackEvent', 'a', 'b']],
    [{ dimension1: 'gold' }, { dimension1: 'gold' }],
  ],
  ['deleteCustomDimension', [['setCustomDimension', 2, 'x'], ['deleteCustomDimension', 2], ['trackPageView']], [{ dimension2: undefined }]],
  [
    'custom data: dimensions as parameters, the rest as data',
    [['trackPageView', 'T', { dimension3: 'v', plan: 'pro' }]],
    [{ dimension3: 'v', data: '{"plan":"pro"}' }],
  ],
  ['setUserId', [['setUserId', 'user@example.org'], ['trackPageView']], [{ uid: 'user@example.org' }]],
  ['setUserId with an empty id: ignored', [['setUserId', ''], ['trackPageView']], [{ uid: undefined }]],
  ['resetUserId', [['setUserId', 'u'], ['resetUserId'], ['trackPageView']], [{ uid: undefined }]],
  ['setPageViewId', [['setPageViewId', 'abc123'], ['trackPageView'], ['trackEvent', 'a', 'b']], [{ pv_id: 'abc123' }, { pv_id: 'abc123' }]],
  [
    'setEcommerceView (on the next page view)',
    [['setEcommerceView', 'SKU1', 'Mug', ['Kitchen', 'Mugs'], 12.5], ['trackPageView'], ['trackPageView']],
    [{ _pks: 'SKU1', _pkn: 'Mug', _pkc: '["Kitchen","Mugs"]', _pkp: '12.5' }, { _pks: undefined }],
  ],
  [
    'addEcommerceItem + trackEcommerceCartUpdate',
    [
      ['addEcommerceItem', 'SKU1', 'Mug', 'Kitchen', 12.5, 2],
      ['addEcommerceItem', 'SKU2'],
      ['trackEcommerceCartUpdate', 25],
    ],
    [{ idgoal: '0', revenue: '25', ec_items: '[["SKU1","Mug","Kitchen",12.5,2],["SKU2","","",0,1]]' }],
  ],
  [
    'trackEcommerceOrder, then the cart is empty',
    [
      ['addEcommerceItem', 'SKU1', 'Mug', 'Kitchen', 10, 1],
      ['trackEcommerceOrder', 'O-1', 13, 10, 1, 2, 0],
      ['trackEcommerceCartUpdate', 0],
    ],
    [
      {
        idgoal: '0',
        ec_id: 'O-1',
        revenue: '13',
        ec_st: '10',
        ec_tx: '1',
        ec_sh: '2',
        ec_dt: '0',
        ec_items: '[["SKU1","Mug","Kitchen",10,1]]',
      },
      { ec_items: '[]' },
    ],
  ],
  [
    'removeEcommerceItem',
    [
      ['addEcommerceItem', 'A'],
      ['addEcommerceItem', 'B'],
      ['removeEcommerceItem', 'A'],
      ['trackEcommerceCartUpdate', 1],
    ],
    [{ ec_items: '[["B","","",0,1]]' }],
  ],
  ['clearEcommerceCart', [['addEcommerceItem', 'A'], ['clearEcommerceCart'], ['trackEcommerceCartUpdate', 0]], [{ ec_items: '[]' }]],
  [
    'trackContentInteraction',
    [['trackContentInteraction', 'click', 'Banner', 'banner.png', '/sale']],
    [{ c_i: 'click', c_n: 'Banner', c_p: 'banner.png', c_t: '/sale' }],
  ],
  [
    'Navigation Timing on the first page view only (a load not over yet is not sent)',
    [['trackPageView'], ['trackPageView']],
    [
      { pf_net: '30', pf_srv: '60', pf_tfr: '20', pf_dm1: '180', pf_dm2: '200', pf_onl: undefined },
      { pf_net: undefined, pf_dm2: undefined },
    ],
  ],
  ['disablePerformanceTracking', [['disablePerformanceTracking'], ['trackPageView']], [{ pf_net: undefined, pf_dm2: undefined }]],
  [
    'HeatmapSessionRecording::disable is accepted',
    [['HeatmapSessionRecording::disable'], ['trackPageView']],
    [{ action_name: 'Blue mug' }],
  ],
];

describe.each(CASES)('%s', (_name, commands, expected) => {
  it('sends the parameters Matomo sends', async () => {
    const requests = await sent(commands);
    expect(requests).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      for (const [k, v] of Object.entries(e)) expect(requests[i]![k], k).toBe(v);
    });
  });
});

describe('transport', () => {
  it('the first request alone, the next ones batched as Matomo bulk JSON with send_image=0', async () => {
    const b = browser([['trackPageView'], ['trackEvent', 'a', 'b'], ['trackEvent', 'c', 'd']]);
    await b.settle();
    expect(b.sent).toHaveLength(2);
    expect(b.sent[0]!.url).toMatch(/^https:\/\/stats\.example\/matomo\.php\?action_name=/);
    expect(b.sent[0]!.body).toBe('');
    const bulk = JSON.parse(b.sent[1]!.body) as { requests: string[]; send_image: number };
    expect(bulk.send_image).toBe(0);
    expect(bulk.requests.map((q) => new URLSearchParams(q.slice(1)).get('e_c'))).toEqual(['a', 'c']);
  });

  it('a query over 2,000 characters goes in the body', async () => {
    const b = browser([['trackEvent', 'x', 'y'.repeat(2100)]]);
    await b.settle();
    expect(b.sent[0]!.url).toBe('https://stats.example/matomo.php');
    expect(b.sent[0]!.body).toContain('e_a=yyy');
  });

  it('links are sent at once (the visitor is leaving)', async () => {
    const b = browser([['trackPageView'], ['trackLink', 'https://out.example/', 'link']]);
    expect(b.sent).toHaveLength(2);
  });
});

describe('_paq and the Matomo object', () => {
  it('an unknown command is ignored with one warning, never an exception', async () => {
    const b = browser([['noSuchCommand', 1], ['noSuchCommand', 2], ['trackPageView']]);
    expect(await b.requests()).toHaveLength(1);
    expect(b.warnings).toHaveLength(1);
    expect(String(b.warnings[0]![0])).toContain('noSuchCommand');
  });

  it('[function] runs with the tracker as this; Matomo.getAsyncTracker and the Piwik alias', async () => {
    const b = browser([['setPageViewId', 'pv0001']]);
    let seen: unknown;
    b.push([
      function (this: Record<string, () => unknown>) {
        seen = this['getPageViewId']!();
      },
    ]);
    expect(seen).toBe('pv0001');
    const matomo = b.window['Matomo'] as { getAsyncTracker: () => Record<string, () => unknown> };
    expect(matomo).toBe(b.window['Piwik']);
    expect(matomo.getAsyncTracker()['getTrackerUrl']!()).toBe('https://stats.example/matomo.php');
  });

  it("configuration first, in Matomo's order: requireConsent applies before setConsentGiven queued ahead of it", async () => {
    const [r] = await sent([['trackPageView'], ['setConsentGiven'], ['requireConsent']]);
    expect(r!['consent']).toBe('1');
    // The bootstrap takes this order from the tracker's first commands.
    const tracker = (browser([]).window['Matomo'] as { getAsyncTracker: () => object }).getAsyncTracker();
    expect(Object.keys(tracker).slice(0, 18).join(' ')).toBe(
      'forgetCookieConsentGiven requireCookieConsent disableCookies setTrackerUrl setSessionCookieTimeout setVisitorCookieTimeout setCookieSameSite setSecureCookie setCookiePath setCookieDomain setDomains setUserId setSiteId enableLinkTracking setCookieConsentGiven requireConsent setConsentGiven disablePerformanceTracking',
    );
  });

  it('addTracker: later commands go to every tracker', async () => {
    const b = browser([['addTracker', 'https://second.example/matomo.php', 7], ['trackPageView']]);
    await b.settle();
    expect(b.sent.map((s) => s.url.split('?')[0])).toEqual(['https://stats.example/matomo.php', 'https://second.example/matomo.php']);
    expect(new URLSearchParams(b.sent[1]!.url.split('?')[1]).get('idsite')).toBe('7');
  });

  it('getVisitorId without cookies: an id for this page only, never sent', async () => {
    const b = browser([['trackPageView']]);
    let id = '';
    b.push([
      function (this: Record<string, () => string>) {
        id = this['getVisitorId']!();
      },
    ]);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect((await b.requests())[0]!['_id']).toBe('');
  });
});

describe('cookies (only when the site enables them)', () => {
  const suffix = createHash('sha1').update('shop.example/').digest('hex').slice(0, 4);

  it('cookieless by default: no cookie read or written', async () => {
    const b = browser([['trackPageView'], ['trackEvent', 'a', 'b']]);
    await b.requests();
    expect([...b.cookies.keys()]).toEqual([]);
  });

  it('enableCookies: Matomo names (sha1 suffix), visitor id in _id, _idn=1 once', async () => {
    const b = browser([['enableCookies'], ['trackPageView'], ['trackEvent', 'a', 'b']]);
    const [first, second] = await b.requests();
    expect(first!['_id']).toMatch(/^[0-9a-f]{16}$/);
    expect(first!['_idn']).toBe('1');
    expect(second!['_idn']).toBe('0');
    expect(second!['_id']).toBe(first!['_id']);
    const id = b.cookies.get(`_pk_id.3.${suffix}`);
    expect(id?.value).toMatch(new RegExp(`^${first!['_id']}\\.\\d+\\.$`));
    expect(b.cookies.get(`_pk_ses.3.${suffix}`)?.value).toBe('1');
  });

  it('_pk_ref holds the campaign and external referrer of a new session', async () => {
    const b = new FakeBrowser({ href: `${PAGE}&mtm_campaign=spring&mtm_kwd=mugs`, referrer: 'https://news.example/article' });
    b.window['_paq'] = [['enableCookies'], ['trackPageView'], ...BASE];
    b.run(script);
    const [r] = await b.requests();
    expect(JSON.parse(decodeURIComponent(b.cookies.get(`_pk_ref.3.${suffix}`)!.value)).slice(0, 2)).toEqual(['spring', 'mugs']);
    expect(r).toMatchObject({ _rcn: 'spring', _rck: 'mugs', _ref: 'https://news.example/article' });
  });

  it('setVisitorCookieTimeout is capped at 13 months; setSessionCookieTimeout is honoured', async () => {
    const b = browser([
      ['enableCookies'],
      ['setVisitorCookieTimeout', 10 * 365 * 86400],
      ['setSessionCookieTimeout', 600],
      ['trackPageView'],
    ]);
    await b.requests();
    const maxAge = (name: string) => Number(/max-age=(\d+)/.exec(b.cookies.get(name)!.raw)![1]);
    expect(maxAge(`_pk_id.3.${suffix}`)).toBeLessThanOrEqual(33955200);
    expect(maxAge(`_pk_id.3.${suffix}`)).toBeGreaterThan(33955200 - 2);
    expect(maxAge(`_pk_ses.3.${suffix}`)).toBe(600);
  });

  it('disableCookies wins over enableCookies and removes existing cookies', async () => {
    const b = browser([['enableCookies'], ['disableCookies'], ['trackPageView']], { cookie: `_pk_id.3.abcd=0123456789abcdef.1700000000.` });
    const [r] = await b.requests();
    expect(r!['_id']).toBe('');
    expect(b.cookies.has('_pk_id.3.abcd')).toBe(false);
  });

  it('setCookiePath, setCookieSameSite and setSecureCookie shape the cookie', async () => {
    const b = browser([['enableCookies'], ['setCookiePath', '/shop'], ['setCookieSameSite', 'None'], ['trackPageView']]);
    await b.requests();
    const s = createHash('sha1').update('shop.example/shop').digest('hex').slice(0, 4);
    expect(b.cookies.get(`_pk_ses.3.${s}`)?.raw).toMatch(/path=\/shop; SameSite=None; Secure$/);
  });
});

describe('consent, opt-out, Do Not Track', () => {
  it('requireConsent holds requests until setConsentGiven, which sends them with consent=1 (then a ping with the new visitor id)', async () => {
    const b = browser([['requireConsent'], ['trackPageView']]);
    expect(await b.requests()).toHaveLength(0);
    b.push(['setConsentGiven']);
    const r = await b.requests();
    expect(r.map((x) => [x['action_name'] ?? `ping ${x['ping']}`, x['consent'], x['_id']!.length])).toEqual([
      ['Blue mug', '1', 0],
      ['ping 1', '1', 16],
    ]);
  });

  it('rememberConsentGiven stores mtm_consent; a later page with requireConsent sends at once', async () => {
    const b = browser([['requireConsent'], ['rememberConsentGiven']]);
    expect(b.cookies.get('mtm_consent')?.value).toMatch(/^\d+$/);
    const later = await sent([['requireConsent'], ['trackPageView']], { cookie: `mtm_consent=${b.cookies.get('mtm_consent')!.value}` });
    expect(later).toHaveLength(1);
    expect(later[0]!['consent']).toBe('1');
  });

  it('optUserOut: mtm_consent_removed, nothing sent on this page or the next; forgetUserOptOut undoes it', async () => {
    const b = browser([['trackPageView']]);
    b.push(['optUserOut'], ['trackEvent', 'a', 'b']);
    expect(await b.requests()).toHaveLength(1);
    expect(b.cookies.has('mtm_consent_removed')).toBe(true);
    let out: unknown;
    b.push([
      function (this: Record<string, () => unknown>) {
        out = this['isUserOptedOut']!();
      },
    ]);
    expect(out).toBe(true);
    expect(await sent([['trackPageView']], { cookie: 'mtm_consent_removed=1' })).toHaveLength(0);
    b.push(['forgetUserOptOut'], ['trackEvent', 'c', 'd']);
    expect(b.cookies.has('mtm_consent_removed')).toBe(false);
    expect((await b.requests()).at(-1)!['e_c']).toBe('c');
  });

  it('requireCookieConsent: sent without cookies, then with them after setCookieConsentGiven (and a ping)', async () => {
    const b = browser([['requireCookieConsent'], ['trackPageView']]);
    expect((await b.requests())[0]!['_id']).toBe('');
    b.push(['setCookieConsentGiven']);
    const r = await b.requests();
    expect(r[1]).toMatchObject({ ping: '1' });
    expect(r[1]!['_id']).toMatch(/^[0-9a-f]{16}$/);
  });

  it('setDoNotTrack: nothing is sent when the browser says DNT', async () => {
    expect(await sent([['setDoNotTrack', true], ['trackPageView']], { doNotTrack: '1' })).toHaveLength(0);
    expect(await sent([['setDoNotTrack', true], ['trackPageView']], { doNotTrack: '0' })).toHaveLength(1);
    expect(await sent([['trackPageView']], { doNotTrack: '1' })).toHaveLength(1);
  });
});

describe('heartbeat (§3.7)', () => {
  it('pings on blur only after the delay since the last request', async () => {
    const b = browser([['enableHeartBeatTimer', 5], ['trackPageView']]);
    b.advance(2_000).fire('blur');
    expect(await b.requests()).toHaveLength(1);
    b.advance(4_000).fire('blur');
    const r = await b.requests();
    expect(r).toHaveLength(2);
    expect(r[1]!['ping']).toBe('1');
  });
});

describe('download extensions', () => {
  /** Matomo's default list, one by one, as matomo.js spells it out. */
  const MATOMO =
    '7z aac apk arc arj asc asf asx avi azw3 bin csv deb dmg doc docx epub exe flv gif gz gzip hqx ico iso jar jpg jpeg js md5 mobi mp2 mp3 mp4 mpg mpeg mov movie msi msp odb odf odg ods odt ogg ogv pdf phps png ppt pptx qt qtm ra ram rar rpm rtf sea sha sha1 sha256 sit tar tbz tbz2 bz bz2 tgz torrent txt wav webm wma wmv wpd xls xlsx xml xz z zip'.split(
      ' ',
    );

  it("the tracker's compact pattern is exactly Matomo's list", () => {
    const re = RegExp(`^(${DOWNLOAD_EXTENSIONS})$`);
    expect(MATOMO.filter((e) => !re.test(e))).toEqual([]);
    // Nothing near the list matches unless it is in it: every one-character insertion, deletion or change.
    const alphabet = [...new Set(MATOMO.join(''))];
    const near = MATOMO.flatMap((e) =>
      [...Array(e.length + 1).keys()].flatMap((i) => [
        e.slice(0, i) + e.slice(i + 1),
        ...alphabet.flatMap((c) => [e.slice(0, i) + c + e.slice(i), e.slice(0, i) + c + e.slice(i + 1)]),
      ]),
    );
    expect(near.filter((e) => re.test(e) && !MATOMO.includes(e))).toEqual([]);
  });
});
