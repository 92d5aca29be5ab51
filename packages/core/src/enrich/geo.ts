/**
 * Geolocation of a hit from its IP, offline (matomo-compat §5.1, "use anonymised IP for enrichment").
 * The database reader is injected as a `GeoLookup`, so this stays pure: which address is looked up,
 * which addresses are never looked up, and which fields a site keeps are decided here.
 */
import type ipaddr from 'ipaddr.js';
import type { Hit } from '../hit.js';
import type { SiteConfig } from '../site.js';
import { formatIp, parseIp } from '../tracking/ip.js';

/** One database answer, already in our vocabulary. */
export interface GeoRecord {
  /** ISO 3166-1 alpha-2, any case. */
  readonly country: string;
  /** ISO 3166-2 subdivision code when the database has one (GeoIP2 "IDF"), else its name (DB-IP "Ile-de-France"). */
  readonly region?: string;
  readonly city?: string;
  /** The city's coordinates (stored rounded to about 11 km, never finer than the city). */
  readonly lat?: number;
  readonly long?: number;
}

/** Looks up a canonical IP text ("81.2.69.142", "2a01:e0a::1"); undefined when the database does not know it. */
export type GeoLookup = (ip: string) => GeoRecord | undefined;

/**
 * The address to geolocate, canonical, or undefined when it cannot be located: unparseable, or not a
 * public unicast address (private, loopback, link-local, CGNAT, documentation, unspecified "0.0.0.0" —
 * which is what a fully anonymised address becomes). IPv4-mapped IPv6 is looked up as IPv4.
 */
export function locatableIp(text: string): string | undefined {
  let address = parseIp(text);
  if (address === undefined) return undefined;
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  return address.range() === 'unicast' ? formatIp(address) : undefined;
}

// One decimal is about 11 km: enough to put a city on a map, too coarse to point at a district (DB-IP
// Lite gives district coordinates for big cities, e.g. "Moscow (Tsentralnyy administrativnyy okrug)").
const toCityPrecision = (n: number) => Math.round(n * 10) / 10;

/**
 * Fills hit.geo from the lookup. The full IP (in memory only, before it is cleared) is used unless the
 * site geolocates from the anonymised one. A site that does not collect cities keeps country and
 * region only: the coordinates go with the city, since they are the city's.
 */
export function geolocate(hit: Hit, site: SiteConfig, lookup: GeoLookup): void {
  const source = site.privacy.useAnonymizedIpForEnrichment ? hit.ip : (hit.fullIp ?? hit.ip);
  const ip = locatableIp(source);
  const record = ip === undefined ? undefined : lookup(ip);
  const country = record?.country.trim().toLowerCase() ?? '';
  if (record === undefined || !/^[a-z]{2}$/.test(country)) return;
  const geo: NonNullable<Hit['geo']> = { country };
  if (record.region) geo.region = record.region;
  const city = site.privacy.collectCity ? record.city : undefined;
  if (city) {
    geo.city = city;
    if (Number.isFinite(record.lat) && Number.isFinite(record.long)) {
      geo.lat = toCityPrecision(record.lat!);
      geo.long = toCityPrecision(record.long!);
    }
  }
  hit.geo = geo;
}
