/**
 * The shapes a tracking request goes through:
 *
 *   TrackingRequest  what HTTP gave us (merged params, a few headers, the client IP)
 *        │ parseHit (validation; a bad value is a 400, an unknown parameter is ignored)
 *   Hit              typed Matomo parameters; still holds the full IP
 *        │ pipeline steps (drops, anonymisation, visitor ids)
 *   Hit              `ip` now anonymised, `fullIp` cleared: this is what the spool stores
 *        │ shipper: sessionise + enrich
 *   EventRow         one row of the event store (event-row.ts)
 */

/** One tracking request as read from HTTP. Params are already merged (query wins over body). */
export interface TrackingRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly headers: RequestHeaders;
  /** Client IP as seen by the server (after trusted-proxy handling). */
  readonly ip: string;
  /** Server receive time, ms since epoch. */
  readonly receivedAt: number;
  /** Whether the request's token_auth was valid for write/admin on the hit's site (checked by the server). */
  readonly authenticated: boolean;
}

export interface RequestHeaders {
  readonly userAgent: string;
  readonly acceptLanguage: string;
  readonly referer: string;
  readonly dnt: string;
  readonly xDoNotTrack: string;
  readonly xPurpose: string;
  readonly xMoz: string;
  /** Cookie header names present on the request (only names we care about are looked at). */
  readonly cookies: Readonly<Record<string, string>>;
  /** Sec-CH-UA* client hints, lower-case header name → value. */
  readonly clientHints: Readonly<Record<string, string>>;
}

/** Action kinds we store, in Matomo's priority order (download > outlink > event > content > search > pageview). */
export const ACTION_TYPES = [
  'pageview',
  'event',
  'site_search',
  'outlink',
  'download',
  'goal',
  'ecommerce_order',
  'ecommerce_cart',
  'content_impression',
  'content_interaction',
  'ping',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Numeric codes stored in the event store's `action_type` column. Never renumber. */
export const ACTION_TYPE_CODE: Readonly<Record<ActionType, number>> = {
  pageview: 1,
  event: 2,
  site_search: 3,
  outlink: 4,
  download: 5,
  goal: 6,
  ecommerce_order: 7,
  ecommerce_cart: 8,
  content_impression: 9,
  content_interaction: 10,
  ping: 11,
};

export interface EcommerceItem {
  readonly sku: string;
  readonly name: string;
  readonly category: readonly string[];
  readonly price: number;
  readonly quantity: number;
}

/** Where the visitor id came from (Matomo precedence uid > cid > _id, else the cookieless hash). */
export type VisitorIdSource = 'uid' | 'cid' | 'cookie' | 'hash';

/**
 * A validated hit. Optional fields are absent when the parameter was not sent. Strings are trimmed and
 * truncated to Matomo's limits (URLs 1024, titles 1024, event fields 255 …) by the parser.
 */
export interface Hit {
  siteId: number;
  /** Hit time, ms since epoch (server time, or cdt/cdo when allowed). */
  ts: number;
  receivedAt: number;
  actionType: ActionType;

  /** Client IP. Full until the anonymisation step, anonymised afterwards (what gets stored). */
  ip: string;
  /** The full IP, kept only in memory for enrichment when the site wants it; cleared before spooling. */
  fullIp?: string;

  // Identity
  /** 16 lowercase hex chars once the visitor-id step ran. */
  visitorId?: string;
  visitorIdSource?: VisitorIdSource;
  /** Cookieless recognition keys: [hash with today's salt, hash with yesterday's salt]. */
  configIds?: string[];
  userId?: string;
  /** Raw `cid` / `_id` values as sent (validated), before the visitor-id step picks one. */
  cid?: string;
  cookieVisitorId?: string;
  newVisit: boolean;

  // Page / action
  url?: string;
  title?: string;
  urlref?: string;
  pageViewId?: string;
  /** For outlinks and downloads. */
  linkUrl?: string;
  eventCategory?: string;
  eventAction?: string;
  eventName?: string;
  eventValue?: number;
  searchKeyword?: string;
  searchCategory?: string;
  searchCount?: number;
  contentName?: string;
  contentPiece?: string;
  contentTarget?: string;
  contentInteraction?: string;

  // Goals and ecommerce
  goalId?: number;
  revenue?: number;
  orderId?: string;
  items?: EcommerceItem[];
  subtotal?: number;
  tax?: number;
  shipping?: number;
  discount?: number;
  /** Product / category page view: _pkc, _pkp, _pks, _pkn. */
  productCategory?: string[];
  productPrice?: number;
  productSku?: string;
  productName?: string;

  // Attribution (from the tracker's _pk_ref cookie)
  attributionReferrer?: string;
  attributionTs?: number;
  attributionCampaignName?: string;
  attributionCampaignKeyword?: string;

  /** Campaign parameters sent as tracking parameters (mtm_*, pk_*, utm_* …), lower-case name → value. */
  campaignParams?: Record<string, string>;

  // Client
  userAgent: string;
  /** `uadata` JSON client hints as sent (validated JSON object text), or Sec-CH-UA* headers. */
  clientHints?: Record<string, unknown>;
  language: string;
  resolution?: string;
  /** Visitor local time as seconds since local midnight (h*3600+m*60+s), from h/m/s. */
  localTimeSeconds?: number;
  /** Plugin flags fla, java, qt, realp, pdf, wma, ag, cookie (0/1) as a compact string in that order. */
  pluginFlags?: string;

  /** Custom dimensions dimensionN → value. */
  dimensions?: Record<number, string>;
  /** Legacy custom variables: visit scope (_cvar), page scope (cvar), event scope (e_cvar): index → [name, value]. */
  customVariables?: {
    visit?: Record<string, [string, string]>;
    page?: Record<string, [string, string]>;
    event?: Record<string, [string, string]>;
  };

  // Performance timings, ms
  perf?: { network?: number; server?: number; transfer?: number; domProcessing?: number; domCompletion?: number; onload?: number };

  /** bots=1: keep bot hits. */
  keepBots: boolean;
  /** consent=1 sent by the tracker. */
  consent: boolean;

  /** Geo overrides sent with a token (country, region, city, lat, long). */
  geoOverride?: { country?: string; region?: string; city?: string; lat?: number; long?: number };

  /** Raw `rec` as an integer (0 when missing or not a number); the dropNotRecorded step drops rec ≠ 1. */
  rec?: number;
  /** `ca=1` and nothing claims the request (Matomo throws): the dropInvalidAction step drops it. */
  invalidAction?: boolean;
  /** Features the site's privacy mode refused on this hit, e.g. "user-id" (counted, the hit is kept). */
  refused?: string[];

  /** Filled by enrichment steps (issue: enrichment); absent means not computed. */
  geo?: { country?: string; region?: string; city?: string; lat?: number; long?: number };
}
