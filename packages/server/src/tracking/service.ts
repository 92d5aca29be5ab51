import type { DropReason, Hit, RequestHeaders, SiteConfig, Step, TrackingRequest } from '@sillage/core';
import { defaultTrackingSteps, isSillageError, parseHit, runPipeline, SillageError } from '@sillage/core';
import type { AccessControl } from '../auth/access.js';
import { hasRole } from '../auth/access.js';
import type { IngestCounters } from '../metrics.js';
import type { SaltKeeper } from '../salts.js';
import type { SiteCache } from '../sites-cache.js';

/** Where accepted hits go: the durable spool. Resolves once the hit is on disk. */
export interface HitSink {
  append(hit: Hit): Promise<number>;
}

export type TrackOutcome =
  | { readonly kind: 'accepted'; readonly durable: Promise<number> }
  | { readonly kind: 'dropped'; readonly reason: DropReason }
  | { readonly kind: 'invalid'; readonly error: SillageError };

export interface TrackingDeps {
  readonly sites: SiteCache;
  readonly salts: SaltKeeper;
  readonly access: AccessControl;
  readonly sink: HitSink;
  readonly counters: IngestCounters;
  readonly ignoreCookieNames: readonly string[];
  readonly now: () => number;
  readonly steps?: readonly Step[];
  /** Enrichment that needs the full IP runs here, before it is cleared (enrichment issue). */
  readonly enrich?: (hit: Hit, site: SiteConfig) => void;
}

/**
 * One tracking request through the pipeline: authenticate the token for the hit's site, parse and
 * validate, look up the site and its salts, run the ordered steps, and hand an accepted hit to the spool.
 * The spool append is started before this returns, so hits of one bulk request keep their order.
 */
export class TrackingService {
  private readonly steps: readonly Step[];

  constructor(private readonly deps: TrackingDeps) {
    this.steps = deps.steps ?? defaultTrackingSteps();
  }

  async isSuperuserToken(token: string | undefined): Promise<boolean> {
    return (await this.deps.access.principalForToken(token))?.superuser === true;
  }

  async track(params: Record<string, string>, headers: RequestHeaders, ip: string, bulkToken?: string): Promise<TrackOutcome> {
    const { deps } = this;
    try {
      const now = deps.now();
      const token = params['token_auth'] || bulkToken;
      let authenticated = false;
      if (token) {
        const principal = await deps.access.principalForToken(token);
        const siteId = Number(params['idsite']);
        authenticated = Number.isInteger(siteId) && hasRole(principal, siteId, 'write');
      }
      const request: TrackingRequest = { params, headers, ip, receivedAt: now, authenticated };
      const hit = parseHit(request);
      // Memory first, without an await: both answers are nearly always cached.
      const site = (deps.sites.fresh(hit.siteId) ?? { site: await deps.sites.get(hit.siteId) }).site;
      if (site === undefined) throw new SillageError('TRACKING_UNKNOWN_SITE', [hit.siteId]);
      const salts = deps.salts.cachedForSite(site.id, site.timezone, now) ?? (await deps.salts.forSite(site.id, site.timezone, now));
      const result = runPipeline(this.steps, hit, { site, request, now, salts, ignoreCookieNames: deps.ignoreCookieNames });
      if (!result.ok) {
        deps.counters.countDrop(result.drop);
        return { kind: 'dropped', reason: result.drop };
      }
      for (const reason of hit.refused ?? []) deps.counters.countStripped(reason);
      deps.enrich?.(hit, site);
      // The full IP never leaves memory: what the spool stores is the anonymised one. Cleared by
      // assignment, not `delete`: deleting a property V8 did not add last turns the hit into a slow
      // dictionary object, and JSON.stringify of every accepted hit then takes ~30 % longer.
      hit.fullIp = undefined;
      const durable = deps.sink.append(hit);
      deps.counters.accepted++;
      return { kind: 'accepted', durable };
    } catch (err) {
      if (isSillageError(err) && err.status < 500) {
        deps.counters.countInvalid(err.code);
        return { kind: 'invalid', error: err };
      }
      throw err;
    }
  }
}
