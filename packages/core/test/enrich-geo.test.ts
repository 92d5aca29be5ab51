import { describe, expect, it } from 'vitest';
import { type GeoLookup, type GeoRecord, geolocate, locatableIp } from '../src/index.js';
import { hit, site } from './fixtures/tracking.js';

describe('locatableIp', () => {
  it.each([
    // Public unicast: looked up, canonical form.
    ['81.2.69.142', '81.2.69.142'],
    ['2a01:0e0a:0000::0001', '2a01:e0a::1'],
    ['::ffff:81.2.69.142', '81.2.69.142'],
    // Anonymised addresses are still public unicast (a /16 or /48 locates to a region at best).
    ['81.2.0.0', '81.2.0.0'],
    ['2a01:e0a::', '2a01:e0a::'],
    // Never looked up: private, loopback, link-local, CGNAT, documentation, unspecified, multicast, garbage.
    ['10.1.2.3', undefined],
    ['172.16.0.1', undefined],
    ['192.168.1.1', undefined],
    ['127.0.0.1', undefined],
    ['169.254.1.1', undefined],
    ['100.64.0.1', undefined],
    ['0.0.0.0', undefined],
    ['224.0.0.1', undefined],
    ['::1', undefined],
    ['::', undefined],
    ['fe80::1', undefined],
    ['fd00::1', undefined],
    ['2001:db8::1', undefined],
    ['::ffff:10.0.0.1', undefined],
    ['', undefined],
    ['not an ip', undefined],
  ])('%s → %s', (ip, expected) => {
    expect(locatableIp(ip)).toBe(expected);
  });
});

/** A lookup over a fixed table that records which addresses it was asked for. */
function tableLookup(table: Record<string, GeoRecord>): GeoLookup & { asked: string[] } {
  const asked: string[] = [];
  const lookup = ((ip: string) => {
    asked.push(ip);
    return table[ip];
  }) as GeoLookup & { asked: string[] };
  lookup.asked = asked;
  return lookup;
}

const PARIS: GeoRecord = { country: 'FR', region: 'Ile-de-France', city: 'Paris', lat: 48.857498, long: 2.351380123 };
const FRANCE_ONLY: GeoRecord = { country: 'FR', region: 'Ile-de-France' };

describe('geolocate', () => {
  const table = { '81.2.69.142': PARIS, '81.2.0.0': FRANCE_ONLY, '2a01:e0a::1': PARIS };

  it.each([
    [
      'full IP by default',
      { ip: '81.2.0.0', fullIp: '81.2.69.142' },
      {},
      { country: 'fr', region: 'Ile-de-France', city: 'Paris', lat: 48.9, long: 2.4 },
    ],
    [
      'anonymised IP when the site says so',
      { ip: '81.2.0.0', fullIp: '81.2.69.142' },
      { useAnonymizedIpForEnrichment: true },
      { country: 'fr', region: 'Ile-de-France' },
    ],
    ['no full IP kept: the anonymised one', { ip: '81.2.0.0' }, {}, { country: 'fr', region: 'Ile-de-France' }],
    [
      'IPv6',
      { ip: '2a01:e0a::', fullIp: '2a01:e0a::1' },
      {},
      { country: 'fr', region: 'Ile-de-France', city: 'Paris', lat: 48.9, long: 2.4 },
    ],
    [
      'city not collected: no city, no coordinates',
      { ip: '81.2.0.0', fullIp: '81.2.69.142' },
      { collectCity: false },
      { country: 'fr', region: 'Ile-de-France' },
    ],
    ['private address: unknown', { ip: '192.168.0.0', fullIp: '192.168.1.20' }, {}, undefined],
    ['loopback: unknown', { ip: '127.0.0.0', fullIp: '127.0.0.1' }, {}, undefined],
    ['not in the database: unknown', { ip: '8.8.0.0', fullIp: '8.8.8.8' }, {}, undefined],
    [
      'fully anonymised and used for enrichment: unknown',
      { ip: '0.0.0.0', fullIp: '81.2.69.142' },
      { useAnonymizedIpForEnrichment: true },
      undefined,
    ],
  ] as const)('%s', (_name, ips, privacy, expected) => {
    const h = hit({ ...ips });
    geolocate(h, site({ privacy }), tableLookup(table));
    expect(h.geo).toEqual(expected);
  });

  it('never asks the database about a private address', () => {
    const lookup = tableLookup(table);
    geolocate(hit({ ip: '10.0.0.0', fullIp: '10.1.2.3' }), site(), lookup);
    expect(lookup.asked).toEqual([]);
  });

  it.each([
    ['a country that is not alpha-2', { country: 'France', city: 'Paris' }],
    ['an empty country', { country: '', city: 'Paris' }],
  ])('ignores a record with %s', (_name, record) => {
    const h = hit({ fullIp: '81.2.69.142' });
    geolocate(h, site(), () => record);
    expect(h.geo).toBeUndefined();
  });

  it('keeps a city without coordinates when the database has none', () => {
    const h = hit({ fullIp: '81.2.69.142' });
    geolocate(h, site(), () => ({ country: 'de', city: 'Berlin', lat: Number.NaN }));
    expect(h.geo).toEqual({ country: 'de', city: 'Berlin' });
  });
});
