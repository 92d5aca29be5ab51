/**
 * Enrichment wiring. Two places, for two reasons:
 * - geolocation runs in the request path (TrackingService's `enrich` hook), because it needs the full
 *   IP, which exists only in memory there; a lookup is a few µs;
 * - device detection runs in the shipper, off the request latency: a first parse of a user agent costs
 *   1–13 ms, and a stream of unseen user agents must slow shipping (the spool absorbs it), not the
 *   tracking endpoint. Bots that only DeviceDetector recognises are dropped there, before they make a
 *   visit; the cheap isbot check stays in the request path. The shipper runs in a worker thread
 *   (ingest/ship-worker.ts), which builds its own device detector.
 */
import {
  buildEventRow,
  type DropReason,
  type EventRow,
  geolocate,
  type Hit,
  putDevice,
  type SiteConfig,
  type VisitAssignment,
} from '@sillage/core';
import { CachedDeviceDetector } from './device-detector.js';
import { type GeoDatabase, openGeoDatabase } from './geoip.js';

export { CachedDeviceDetector, type DeviceDetectorOptions, majorMinor, toDeviceInfo } from './device-detector.js';
export { DBIP_ATTRIBUTION, type GeoDatabase, geoRecordFromMmdb, openGeoDatabase } from './geoip.js';

/** What shipping needs: device detection (the shipper's worker thread builds it for itself). */
export interface DeviceEnrichment {
  readonly devices: CachedDeviceDetector;
  /** Shipper, before sessionising: a drop reason for hits that must not be stored. */
  screen(hit: Hit): DropReason | undefined;
  /** Shipper: the event row with the device columns filled. */
  buildRow(hit: Hit, seq: bigint, assignment: VisitAssignment): EventRow;
}

/** What the request path needs: geolocation, before the full IP is cleared. */
export interface RequestEnrichment {
  /** The geolocation database in use, undefined when geolocation is off. */
  readonly geo: GeoDatabase | undefined;
  enrichHit(hit: Hit, site: SiteConfig): void;
}

export type Enrichment = RequestEnrichment & DeviceEnrichment;

export async function createRequestEnrichment(options: { readonly geoipMmdb: string | undefined }): Promise<RequestEnrichment> {
  const geo = await openGeoDatabase(options.geoipMmdb);
  return {
    geo,
    enrichHit: (hit, site) => {
      if (geo !== undefined) geolocate(hit, site, geo.lookup);
    },
  };
}

export function createDeviceEnrichment(): DeviceEnrichment {
  const devices = new CachedDeviceDetector();
  const detect = (hit: Hit) => devices.detect(hit.userAgent, hit.clientHints);
  return {
    devices,
    screen: (hit) => (!hit.keepBots && detect(hit).bot ? 'bot' : undefined),
    buildRow: (hit, seq, assignment) => {
      const row = buildEventRow(hit, seq, assignment);
      const verdict = detect(hit);
      // A bot kept with bots=1 has no device to speak of: its columns stay unknown.
      return verdict.bot ? row : putDevice(row, verdict.device);
    },
  };
}

/** Both halves in one process (benchmarks and tools; the server splits them across threads). */
export async function createEnrichment(options: { readonly geoipMmdb: string | undefined }): Promise<Enrichment> {
  return { ...(await createRequestEnrichment(options)), ...createDeviceEnrichment() };
}
