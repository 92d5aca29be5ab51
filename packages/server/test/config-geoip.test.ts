import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.js';

describe('SILLAGE_GEOIP_MMDB', () => {
  it.each([
    ['unset: the bundled DB-IP data', undefined, undefined],
    ['empty: the bundled DB-IP data', '', undefined],
    ['off: no geolocation', 'off', 'off'],
    ['an absolute path', '/srv/geo/GeoLite2-City.mmdb', '/srv/geo/GeoLite2-City.mmdb'],
    ['a relative path, made absolute', 'geo/GeoIP2-City.mmdb', resolve('geo/GeoIP2-City.mmdb')],
  ])('%s', (_name, value, expected) => {
    const env = value === undefined ? {} : { SILLAGE_GEOIP_MMDB: value };
    expect(configFromEnv(env).geoipMmdb).toBe(expected);
  });
});
