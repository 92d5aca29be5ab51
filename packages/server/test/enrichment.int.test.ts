import { join } from 'node:path';
import { createEventStore } from '@sillage/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSites, createSuperUserToken } from './support/fixtures.js';
import { healthz, startServer, type TestServer, tempDataDir, waitShipped } from './support/harness.js';

/**
 * Enrichment end to end: hits with real user agents, client hints and public IPs (`cip`, with a super
 * user token) go through the real endpoint, spool and shipper, and land in the event store with the
 * device, geo, language, resolution and local-time columns Matomo would show.
 */
const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const REDUCED_ANDROID = 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const IPAD =
  'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const PS5 = 'Mozilla/5.0 (PlayStation; PlayStation 5/9.00) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/9.0 Safari/605.1.15';
const TIZEN_TV =
  'Mozilla/5.0 (SMART-TV; Linux; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/5.0 Chrome/94.0.4606.31 TV Safari/537.36';
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
// A monitoring probe that isbot (request path) lets through and DeviceDetector (shipper) recognises.
const DEVICE_DETECTOR_ONLY_BOT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Blackbox Exporter/0.25.0';

const GALAXY_UADATA = JSON.stringify({
  brands: [
    { brand: 'Google Chrome', version: '131' },
    { brand: 'Chromium', version: '131' },
  ],
  mobile: true,
  platform: 'Android',
  model: 'SM-S918B',
  platformVersion: '14.0.0',
  fullVersionList: [
    { brand: 'Google Chrome', version: '131.0.6778.81' },
    { brand: 'Chromium', version: '131.0.6778.81' },
  ],
});

interface HitCase {
  readonly name: string;
  readonly site: 'plain' | 'anonymisedGeo' | 'noCity';
  readonly params: Record<string, string>;
  readonly headers: Record<string, string>;
  /** Columns of the stored row; undefined = the hit must not be stored. */
  readonly row: Record<string, unknown> | undefined;
}

const DESKTOP_CHROME = {
  device_type: 'Desktop',
  device_brand: '',
  device_model: '',
  os_name: 'Windows',
  os_version: '10',
  browser_name: 'Chrome',
  browser_version: '131.0',
  browser_engine: 'Blink',
};

const CASES: HitCase[] = [
  {
    name: 'desktop Chrome in Paris (IPv6), French-Canadian browser, local time and resolution',
    site: 'plain',
    params: { cip: '2a01:e0a::1', res: '1920x1080', h: '14', m: '5', s: '9' },
    headers: { 'user-agent': WINDOWS_CHROME, 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.8' },
    row: {
      ...DESKTOP_CHROME,
      country: 'fr',
      region: 'Ile-de-France',
      city: 'Paris',
      latitude: 48.9,
      longitude: 2.4,
      language: 'fr-ca',
      resolution: '1920x1080',
      local_time: 14 * 3600 + 5 * 60 + 9,
    },
  },
  {
    name: 'Galaxy S23 Ultra from uadata client hints, London, lang parameter',
    site: 'plain',
    params: { cip: '81.2.69.142', uadata: GALAXY_UADATA, lang: 'en-GB', res: '384x854' },
    headers: { 'user-agent': REDUCED_ANDROID, 'accept-language': 'de-DE' },
    row: {
      device_type: 'Smartphone',
      device_brand: 'Samsung',
      device_model: 'Galaxy S23 Ultra',
      os_name: 'Android',
      os_version: '14.0',
      browser_name: 'Chrome Mobile',
      browser_version: '131.0',
      browser_engine: 'Blink',
      country: 'gb',
      region: 'England',
      city: 'London',
      language: 'en-gb',
      resolution: '384x854',
    },
  },
  {
    name: 'Windows 11 from Sec-CH-UA headers, Mountain View',
    site: 'plain',
    params: { cip: '8.8.8.8' },
    headers: {
      'user-agent': WINDOWS_CHROME,
      'sec-ch-ua': '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
      'sec-ch-ua-mobile': '?0',
      'sec-ch-ua-platform': '"Windows"',
      'sec-ch-ua-platform-version': '"15.0.0"',
    },
    row: { ...DESKTOP_CHROME, os_version: '11', country: 'us', region: 'California', city: 'Mountain View' },
  },
  {
    name: 'iPhone in Tokyo',
    site: 'plain',
    params: { cip: '133.242.0.1', lang: 'ja' },
    headers: { 'user-agent': IPHONE },
    row: {
      device_type: 'Smartphone',
      device_brand: 'Apple',
      device_model: 'iPhone',
      os_name: 'iOS',
      os_version: '18.1',
      browser_name: 'Mobile Safari',
      browser_engine: 'WebKit',
      country: 'jp',
      city: 'Chiyoda City',
      language: 'ja',
    },
  },
  {
    name: 'iPad in São Paulo (IPv6)',
    site: 'plain',
    params: { cip: '2804:14c::1' },
    headers: { 'user-agent': IPAD, 'accept-language': 'pt-BR' },
    row: { device_type: 'Tablet', device_model: 'iPad', os_name: 'iPadOS', country: 'br', region: 'Sao Paulo', language: 'pt-br' },
  },
  {
    name: 'PlayStation 5 in Madrid',
    site: 'plain',
    params: { cip: '80.58.61.250' },
    headers: { 'user-agent': PS5 },
    row: { device_type: 'Console', device_brand: 'Sony', device_model: 'PlayStation 5', country: 'es', city: 'Madrid' },
  },
  {
    name: 'Samsung TV in Warsaw',
    site: 'plain',
    params: { cip: '194.204.159.1' },
    headers: { 'user-agent': TIZEN_TV },
    row: { device_type: 'TV', device_brand: 'Samsung', os_name: 'Tizen', browser_name: 'Samsung Browser', country: 'pl', city: 'Warsaw' },
  },
  {
    name: 'a private address is unknown',
    site: 'plain',
    params: { cip: '192.168.1.20' },
    headers: { 'user-agent': FIREFOX_MAC },
    row: {
      device_type: 'Desktop',
      os_name: 'Mac',
      browser_name: 'Firefox',
      country: '',
      region: '',
      city: '',
      latitude: null,
      longitude: null,
    },
  },
  {
    name: 'site geolocating the anonymised IP: 81.2.69.142 → 81.2.0.0, which the data places elsewhere',
    site: 'anonymisedGeo',
    params: { cip: '81.2.69.142' },
    headers: { 'user-agent': FIREFOX_MAC },
    row: { ip: '81.2.0.0', country: 'ru', city: 'Vladivostok' },
  },
  {
    name: 'site not collecting cities: country and region only, no coordinates',
    site: 'noCity',
    params: { cip: '81.2.69.142' },
    headers: { 'user-agent': FIREFOX_MAC },
    row: { ip: '81.2.0.0', country: 'gb', region: 'England', city: '', latitude: null, longitude: null },
  },
  {
    name: 'Googlebot is dropped in the request path',
    site: 'plain',
    params: { cip: '66.249.66.1' },
    headers: { 'user-agent': GOOGLEBOT },
    row: undefined,
  },
  {
    name: 'a bot only DeviceDetector knows is dropped by the shipper',
    site: 'plain',
    params: { cip: '8.8.4.4' },
    headers: { 'user-agent': DEVICE_DETECTOR_ONLY_BOT },
    row: undefined,
  },
  {
    name: 'bots=1 keeps a bot, with no device',
    site: 'plain',
    params: { cip: '8.8.4.4', bots: '1' },
    headers: { 'user-agent': DEVICE_DETECTOR_ONLY_BOT },
    row: { device_type: '', os_name: '', browser_name: '', country: 'us' },
  },
];

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
let token: string;
let sites: Record<HitCase['site'], number>;
const stored = new Map<string, Record<string, unknown>>();
const responses = new Map<string, Response>();
let droppedBots = 0;

const urlOf = (i: number) => `https://enrich.example/case/${i}`;

beforeAll(async () => {
  data = tempDataDir();
  const env = { SILLAGE_DATA_DIR: data.dir };
  const [plain, anonymisedGeo, noCity] = await createSites(data.dir, [
    { name: 'Plain', urls: ['https://enrich.example'] },
    { name: 'Anonymised geo', urls: ['https://enrich.example'], privacy: { useAnonymizedIpForEnrichment: true } },
    { name: 'No city', urls: ['https://enrich.example'], privacy: { collectCity: false } },
  ]);
  sites = { plain: plain!, anonymisedGeo: anonymisedGeo!, noCity: noCity! };
  token = await createSuperUserToken(env);
  server = await startServer(env);

  for (const [i, c] of CASES.entries()) {
    const query = new URLSearchParams({
      idsite: String(sites[c.site]),
      rec: '1',
      url: urlOf(i),
      send_image: '0',
      token_auth: token,
      ...c.params,
    });
    responses.set(c.name, await fetch(`${server.url}/matomo.php?${query}`, { headers: c.headers }));
  }
  await waitShipped(server.url);
  droppedBots = ((await healthz(server.url)).body['ingest'] as { dropped: Record<string, number> }).dropped['bot'] ?? 0;
  expect(await server.stop()).toBe(0);

  const events = await createEventStore({ kind: 'chdb', dataDir: join(data.dir, 'events') });
  try {
    const rows = await events.query<Record<string, unknown>>(
      `SELECT url, ip, device_type, device_brand, device_model, os_name, os_version, browser_name, browser_version, browser_engine,
              country, region, city, latitude, longitude, language, resolution, local_time
       FROM sillage.events WHERE startsWith(url, 'https://enrich.example/case/')`,
    );
    for (const row of rows) stored.set(String(row['url']), row);
  } finally {
    await events.close();
  }
});

afterAll(async () => {
  data?.remove();
});

describe('hits through the real endpoint land enriched', () => {
  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    expect(responses.get(c.name)?.status).toBe(204);
    const row = stored.get(urlOf(i));
    if (c.row === undefined) {
      expect(row).toBeUndefined();
      return;
    }
    expect(row).toBeDefined();
    const actual = Object.fromEntries(Object.keys(c.row).map((k) => [k, normalise(row![k])]));
    expect(actual).toEqual(c.row);
  });

  it('counts both kinds of bot drops under "bot"', () => {
    expect(responses.get('Googlebot is dropped in the request path')?.headers.get('x-sillage-ignored')).toBe('bot');
    // The shipper's drop happens after the answer: the request was acknowledged, the hit not stored.
    expect(responses.get('a bot only DeviceDetector knows is dropped by the shipper')?.headers.get('x-sillage-ignored')).toBeNull();
    expect(droppedBots).toBe(2);
  });
});

/** Float32 columns come back with float noise (48.900001525878906). */
function normalise(value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1e4) / 1e4 : value;
}
