import { describe, expect, it } from 'vitest';
import { type ErrorCode, type Hit, parseHit, SillageError } from '../src/index.js';
import { CHROME_UA, NOW, request } from './fixtures/tracking.js';

interface Case {
  name: string;
  params?: Record<string, string>;
  /** Base parameters left out of the request. */
  omit?: string[];
  req?: Parameters<typeof request>[1];
  expect?: Partial<Hit>;
  absent?: (keyof Hit)[];
  error?: ErrorCode;
}

const BASE = { idsite: '1', rec: '1' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const seconds = (ms: number) => String(Math.floor(ms / 1000));

const CASES: Case[] = [
  // Site id: a positive integer, anything else is a 400.
  { name: 'idsite missing', omit: ['idsite'], error: 'TRACKING_INVALID_SITE' },
  { name: 'idsite 0', params: { idsite: '0' }, error: 'TRACKING_INVALID_SITE' },
  { name: 'idsite negative', params: { idsite: '-1' }, error: 'TRACKING_INVALID_SITE' },
  { name: 'idsite not a number', params: { idsite: 'abc' }, error: 'TRACKING_INVALID_SITE' },
  { name: 'idsite decimal', params: { idsite: '1.5' }, error: 'TRACKING_INVALID_SITE' },
  { name: 'idsite too large', params: { idsite: '99999999999' }, error: 'TRACKING_INVALID_SITE' },
  { name: 'idsite padded with spaces', params: { idsite: ' 7 ' }, expect: { siteId: 7 } },

  // rec is kept for the drop step.
  { name: 'rec missing is 0', omit: ['rec'], expect: { rec: 0 } },
  { name: 'rec=1', expect: { rec: 1, actionType: 'pageview', ts: NOW, receivedAt: NOW } },
  { name: 'rec not a number is 0', params: { rec: 'yes' }, expect: { rec: 0 } },

  // Page.
  { name: 'url trimmed', params: { url: '  https://example.org/a  ' }, expect: { url: 'https://example.org/a' } },
  {
    name: 'url cut to 1024',
    params: { url: `https://example.org/${'a'.repeat(2000)}` },
    expect: { url: `https://example.org/${'a'.repeat(1004)}` },
  },
  {
    name: 'url control characters removed',
    params: { url: 'https://example.org/\u0000a\u0007b\u009f' },
    expect: { url: 'https://example.org/ab' },
  },
  {
    name: 'simple image tracker: url from Referer',
    req: { headers: { referer: 'https://example.org/page' } },
    expect: { url: 'https://example.org/page' },
    absent: ['urlref'],
  },
  {
    name: 'urlref present: Referer header not used as url',
    params: { urlref: 'https://search.example/' },
    req: { headers: { referer: 'https://example.org/page' } },
    expect: { urlref: 'https://search.example/' },
    absent: ['url'],
  },
  { name: 'action_name is the title', params: { action_name: ' Home ' }, expect: { title: 'Home' } },
  { name: 'title cut to 1024', params: { action_name: 't'.repeat(5000) }, expect: { title: 't'.repeat(1024) } },
  { name: 'pv_id valid', params: { pv_id: 'aB3dE9' }, expect: { pageViewId: 'aB3dE9' } },
  { name: 'pv_id too short ignored', params: { pv_id: 'aB3dE' }, absent: ['pageViewId'] },
  { name: 'pv_id with punctuation ignored', params: { pv_id: 'aB3-E9' }, absent: ['pageViewId'] },

  // Identity.
  { name: '_id 16 hex', params: { _id: '0123456789ABCDEF' }, expect: { cookieVisitorId: '0123456789abcdef' } },
  { name: '_id longer: first 16', params: { _id: '0123456789abcdef0123' }, expect: { cookieVisitorId: '0123456789abcdef' } },
  { name: '_id too short ignored', params: { _id: '0123456789abcde' }, absent: ['cookieVisitorId'] },
  { name: '_id not hex ignored', params: { _id: '0123456789abcdeg' }, absent: ['cookieVisitorId'] },
  { name: '_id empty (cookies disabled) ignored', params: { _id: '' }, absent: ['cookieVisitorId'] },
  { name: 'cid 16 hex', params: { cid: 'FEDCBA9876543210' }, expect: { cid: 'fedcba9876543210' } },
  { name: 'cid 15 chars is a 400', params: { cid: 'fedcba987654321' }, error: 'TRACKING_INVALID_PARAMETER' },
  { name: 'cid 17 chars is a 400', params: { cid: 'fedcba98765432100' }, error: 'TRACKING_INVALID_PARAMETER' },
  { name: 'cid not hex is a 400', params: { cid: 'fedcba987654321z' }, error: 'TRACKING_INVALID_PARAMETER' },
  { name: 'cid empty ignored', params: { cid: '' }, absent: ['cid'] },
  { name: 'uid kept', params: { uid: ' alice@example.org ' }, expect: { userId: 'alice@example.org' } },
  { name: 'uid cut to 200', params: { uid: 'u'.repeat(300) }, expect: { userId: 'u'.repeat(200) } },
  { name: 'new_visit=1', params: { new_visit: '1' }, expect: { newVisit: true } },
  { name: 'new_visit=0', params: { new_visit: '0' }, expect: { newVisit: false } },
  { name: 'bots=1 keeps bots', params: { bots: '1' }, expect: { keepBots: true } },
  { name: 'consent=1', params: { consent: '1' }, expect: { consent: true, keepBots: false } },

  // Action type resolution (§1.4).
  { name: 'ping=1', params: { ping: '1' }, expect: { actionType: 'ping' }, absent: ['invalidAction'] },
  { name: 'ca=1 alone is invalid', params: { ca: '1' }, expect: { invalidAction: true } },
  { name: 'ping=1&ca=1 is invalid (Matomo throws)', params: { ping: '1', ca: '1' }, expect: { actionType: 'ping', invalidAction: true } },
  {
    name: 'download',
    params: { download: 'https://example.org/a.pdf' },
    expect: { actionType: 'download', linkUrl: 'https://example.org/a.pdf' },
  },
  { name: 'outlink', params: { link: 'https://other.example/' }, expect: { actionType: 'outlink', linkUrl: 'https://other.example/' } },
  {
    name: 'download wins over outlink',
    params: { download: 'https://example.org/a.zip', link: 'https://other.example/' },
    expect: { actionType: 'download', linkUrl: 'https://example.org/a.zip' },
  },
  { name: 'outlink wins over event', params: { link: 'https://o.example/', e_c: 'c', e_a: 'a' }, expect: { actionType: 'outlink' } },
  {
    name: 'event with name and value',
    params: { e_c: ' Video ', e_a: 'Play', e_n: 'Intro', e_v: '12.5' },
    expect: { actionType: 'event', eventCategory: 'Video', eventAction: 'Play', eventName: 'Intro', eventValue: 12.5 },
  },
  { name: 'e_c without e_a is a pageview', params: { e_c: 'Video' }, expect: { actionType: 'pageview' }, absent: ['eventCategory'] },
  { name: 'blank e_c is not an event', params: { e_c: '   ', e_a: 'Play' }, expect: { actionType: 'pageview' } },
  { name: 'event fields cut to 255', params: { e_c: 'c'.repeat(400), e_a: 'a' }, expect: { eventCategory: 'c'.repeat(255) } },
  { name: 'e_v not a number ignored', params: { e_c: 'c', e_a: 'a', e_v: 'NaN' }, expect: { actionType: 'event' }, absent: ['eventValue'] },
  {
    name: 'ca=1 with an event is valid',
    params: { ca: '1', e_c: 'c', e_a: 'a' },
    expect: { actionType: 'event' },
    absent: ['invalidAction'],
  },
  {
    name: 'content impression',
    params: { c_n: 'Banner', c_p: 'img.png', c_t: 'https://t.example/' },
    expect: { actionType: 'content_impression', contentName: 'Banner', contentPiece: 'img.png', contentTarget: 'https://t.example/' },
  },
  {
    name: 'content interaction',
    params: { c_n: 'Banner', c_i: 'click' },
    expect: { actionType: 'content_interaction', contentInteraction: 'click' },
  },
  { name: 'c_i without c_n is a pageview', params: { c_i: 'click' }, expect: { actionType: 'pageview' }, absent: ['contentInteraction'] },
  { name: 'event wins over content', params: { e_c: 'c', e_a: 'a', c_n: 'Banner' }, expect: { actionType: 'event' } },
  { name: 'content wins over site search', params: { c_n: 'Banner', search: 'shoes' }, expect: { actionType: 'content_impression' } },
  {
    name: 'site search',
    params: { search: 'shoes', search_cat: 'Men', search_count: '0' },
    expect: { actionType: 'site_search', searchKeyword: 'shoes', searchCategory: 'Men', searchCount: 0 },
  },
  { name: 'search_count -1 means unknown', params: { search: 'x', search_count: '-1' }, absent: ['searchCount'] },
  { name: 'search_count not a number ignored', params: { search: 'x', search_count: 'many' }, absent: ['searchCount'] },
  { name: 'manual goal', params: { idgoal: '3', revenue: '9.99' }, expect: { actionType: 'goal', goalId: 3, revenue: 9.99 } },
  {
    name: 'ecommerce order',
    params: { idgoal: '0', ec_id: 'A-1', revenue: '30' },
    expect: { actionType: 'ecommerce_order', goalId: 0, orderId: 'A-1' },
  },
  {
    name: 'ecommerce cart update',
    params: { idgoal: '0', revenue: '30' },
    expect: { actionType: 'ecommerce_cart', goalId: 0 },
    absent: ['orderId'],
  },
  { name: 'idgoal -1 is no goal', params: { idgoal: '-1' }, expect: { actionType: 'pageview' }, absent: ['goalId'] },
  { name: 'idgoal not a number is no goal', params: { idgoal: 'abc' }, expect: { actionType: 'pageview' }, absent: ['goalId'] },
  { name: 'ca=1 with a goal is valid', params: { ca: '1', idgoal: '2' }, expect: { actionType: 'goal' }, absent: ['invalidAction'] },
  { name: 'ping wins over goal', params: { ping: '1', idgoal: '2' }, expect: { actionType: 'ping' } },

  // Ecommerce payloads.
  {
    name: 'ec_items with category array',
    params: { idgoal: '0', ec_id: 'o', ec_items: '[["SKU1","Shoe",["Men","Shoes"],59.9,2]]' },
    expect: { items: [{ sku: 'SKU1', name: 'Shoe', category: ['Men', 'Shoes'], price: 59.9, quantity: 2 }] },
  },
  {
    name: 'ec_items category string, price and quantity as strings',
    params: { idgoal: '0', ec_items: '[["S","N","Cat","10.5","3"]]' },
    expect: { items: [{ sku: 'S', name: 'N', category: ['Cat'], price: 10.5, quantity: 3 }] },
  },
  {
    name: 'ec_items invalid JSON ignored, hit kept',
    params: { idgoal: '0', ec_items: '[["S",' },
    expect: { actionType: 'ecommerce_cart' },
    absent: ['items'],
  },
  {
    name: 'ec_items: no SKU skipped, defaults price 0 quantity 1',
    params: { idgoal: '0', ec_items: '[["","x"],["S2"]]' },
    expect: { items: [{ sku: 'S2', name: '', category: [], price: 0, quantity: 1 }] },
  },
  {
    name: 'ec_st/ec_tx/ec_sh/ec_dt',
    params: { idgoal: '0', ec_st: '10', ec_tx: '2', ec_sh: '3.5', ec_dt: '1' },
    expect: { subtotal: 10, tax: 2, shipping: 3.5, discount: 1 },
  },
  { name: '_pkc plain string', params: { _pkc: 'Shoes' }, expect: { productCategory: ['Shoes'] } },
  {
    name: '_pkc JSON array (max 5) with _pkp/_pks/_pkn',
    params: { _pkc: '["a","b","c","d","e","f"]', _pkp: '5.5', _pks: 'SKU', _pkn: 'Name' },
    expect: { productCategory: ['a', 'b', 'c', 'd', 'e'], productPrice: 5.5, productSku: 'SKU', productName: 'Name' },
  },

  // Attribution and campaigns.
  {
    name: '_ref/_refts/_rcn/_rck',
    params: { _ref: 'https://ref.example/', _refts: '1718400000', _rcn: 'Spring', _rck: 'shoes' },
    expect: {
      attributionReferrer: 'https://ref.example/',
      attributionTs: 1718400000,
      attributionCampaignName: 'Spring',
      attributionCampaignKeyword: 'shoes',
    },
  },
  {
    name: 'campaign params lower-cased, bare prefix ignored',
    params: { mtm_campaign: 'Spring', UTM_SOURCE: 'news', pk_: 'x', matomo_kwd: 'k' },
    expect: { campaignParams: { mtm_campaign: 'Spring', utm_source: 'news', matomo_kwd: 'k' } },
  },

  // Client.
  { name: 'res WxH', params: { res: '1920x1080' }, expect: { resolution: '1920x1080' } },
  { name: 'res invalid ignored', params: { res: '1920*1080' }, absent: ['resolution'] },
  { name: 'local time', params: { h: '13', m: '5', s: '9' }, expect: { localTimeSeconds: 13 * 3600 + 5 * 60 + 9 } },
  { name: 'local time out of range parts are 0', params: { h: '25', m: '61', s: '30' }, expect: { localTimeSeconds: 30 } },
  { name: 'plugin flags', params: { fla: '1', java: '0', pdf: '1', cookie: '1' }, expect: { pluginFlags: '10001001' } },
  { name: 'ua overrides header', params: { ua: 'MyApp/1.0' }, expect: { userAgent: 'MyApp/1.0' } },
  { name: 'user agent from header', expect: { userAgent: CHROME_UA, language: 'fr-ca' } },
  {
    name: 'uadata JSON object',
    params: { uadata: '{"platform":"Windows","fullVersionList":[{"brand":"Chrome","version":"124"}]}' },
    expect: { clientHints: { platform: 'Windows', fullVersionList: [{ brand: 'Chrome', version: '124' }] } },
  },
  {
    name: 'uadata invalid: Sec-CH-UA headers used',
    params: { uadata: '["not","an","object"]' },
    req: { headers: { clientHints: { 'Sec-CH-UA-Platform': '"Linux"' } } },
    expect: { clientHints: { 'sec-ch-ua-platform': '"Linux"' } },
  },
  { name: 'lang overrides Accept-Language', params: { lang: 'de-DE,de;q=0.9' }, expect: { language: 'de-de' } },
  { name: 'blank lang falls back to Accept-Language', params: { lang: ' ' }, expect: { language: 'fr-ca' } },
  { name: 'leading blanks do not push a value out', params: { action_name: `${' '.repeat(10_000)}Title` }, expect: { title: 'Title' } },
  { name: 'language cut to 20', params: { lang: 'x-abcdefghijklmnopqrstuvwxyz' }, expect: { language: 'x-abcdefghijklmnopqr' } },
  {
    name: 'custom dimensions 1..999, cut to 255',
    params: { dimension1: 'a', dimension999: 'b'.repeat(300), dimension0: 'no', dimension1000: 'no', dimension2: '  ' },
    expect: { dimensions: { 1: 'a', 999: 'b'.repeat(255) } },
  },
  {
    name: 'custom variables, invalid JSON ignored',
    params: { cvar: '{"1":["Section","News"]}', _cvar: '{"2":["Plan","Pro"]}', e_cvar: '{bad' },
    expect: { customVariables: { page: { 1: ['Section', 'News'] }, visit: { 2: ['Plan', 'Pro'] } } },
  },
  {
    name: 'performance timings: non-negative ints only',
    params: { pf_net: '10', pf_srv: '-1', pf_tfr: '2.5', pf_dm1: '300', pf_dm2: '0', pf_onl: 'x' },
    expect: { perf: { network: 10, domProcessing: 300, domCompletion: 0 } },
  },

  // Custom time.
  { name: 'cdt 1 h ago without token', params: { cdt: seconds(NOW - HOUR) }, expect: { ts: NOW - HOUR, receivedAt: NOW } },
  { name: 'cdt 2 days ago without token', params: { cdt: seconds(NOW - 2 * DAY) }, error: 'TRACKING_AUTH_REQUIRED' },
  {
    name: 'cdt 2 days ago with token',
    params: { cdt: seconds(NOW - 2 * DAY) },
    req: { authenticated: true },
    expect: { ts: NOW - 2 * DAY },
  },
  { name: 'cdt as UTC datetime', params: { cdt: '2024-06-15 11:30:00' }, expect: { ts: NOW - HOUR / 2 } },
  { name: 'cdt in the future ignored', params: { cdt: seconds(NOW + HOUR) }, expect: { ts: NOW } },
  { name: 'cdt 21 years ago ignored', params: { cdt: seconds(NOW - 21 * 365 * DAY) }, req: { authenticated: true }, expect: { ts: NOW } },
  { name: 'cdt unreadable ignored', params: { cdt: 'yesterday-ish' }, expect: { ts: NOW } },
  { name: 'cdo offset in seconds', params: { cdo: '60' }, expect: { ts: NOW - 60_000 } },

  // Token-only parameters.
  { name: 'cip without token', params: { cip: '198.51.100.7' }, error: 'TRACKING_AUTH_REQUIRED' },
  { name: 'cip with token', params: { cip: '198.51.100.7' }, req: { authenticated: true }, expect: { ip: '198.51.100.7' } },
  {
    name: 'cip with token but not an IP',
    params: { cip: '198.51.100' },
    req: { authenticated: true },
    error: 'TRACKING_INVALID_PARAMETER',
  },
  { name: 'country without token', params: { country: 'fr' }, error: 'TRACKING_AUTH_REQUIRED' },
  {
    name: 'geo overrides with token',
    params: { country: 'FR', region: 'IDF', city: 'Paris', lat: '48.85', long: '2.35' },
    req: { authenticated: true },
    expect: { geoOverride: { country: 'fr', region: 'IDF', city: 'Paris', lat: 48.85, long: 2.35 } },
  },

  // Robustness.
  {
    name: 'unknown and prototype-named params ignored',
    params: { foo: 'bar', constructor: 'x', __proto__x: 'y', toString: 'z' },
    expect: { actionType: 'pageview' },
  },
  { name: 'request IPv4-mapped IPv6 in canonical form', req: { ip: '::FFFF:1.2.3.4' }, expect: { ip: '::ffff:1.2.3.4' } },
  { name: 'request IPv6 compressed', req: { ip: '2001:0db8:0000:0000:0000:0000:0000:0001' }, expect: { ip: '2001:db8::1' } },
  { name: 'lone surrogate replaced', params: { action_name: 'a\ud800b' }, expect: { title: 'a\ufffdb' } },
  { name: 'emoji never split by truncation', params: { action_name: '😀'.repeat(1100) }, expect: { title: '😀'.repeat(1024) } },
];

describe('parseHit table', () => {
  it('has at least 60 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES)('$name', (c) => {
    const params: Record<string, string> = { ...BASE, ...c.params };
    for (const name of c.omit ?? []) delete params[name];
    const req = request(params, c.req);
    if (c.error !== undefined) {
      let thrown: unknown;
      try {
        parseHit(req);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(SillageError);
      expect((thrown as SillageError).code).toBe(c.error);
      return;
    }
    const hit = parseHit(req);
    if (c.expect !== undefined) expect(hit).toMatchObject(c.expect);
    for (const field of c.absent ?? []) expect(hit[field], field).toBeUndefined();
  });
});
