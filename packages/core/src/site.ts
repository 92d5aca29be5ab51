/**
 * What the tracking pipeline needs to know about a site. The metadata store holds more (name,
 * creation date, …); this is the part read on every hit, kept in memory by the server.
 */
export interface SiteConfig {
  readonly id: number;
  readonly name: string;
  /** The site's main URL and its aliases, e.g. ["https://example.org", "https://www.example.org"]. */
  readonly urls: readonly string[];
  /** IANA timezone name; visits split at midnight in it and reports use it. */
  readonly timezone: string;
  readonly currency: string;
  /** IPv4/IPv6 addresses, CIDR ranges or `a.b.c.*` wildcards whose hits are dropped. */
  readonly excludedIps: readonly string[];
  /** Case-insensitive substrings (or /regex/ entries) of user agents whose hits are dropped. */
  readonly excludedUserAgents: readonly string[];
  /** Query parameters removed from stored URLs (Matomo "excluded parameters"). */
  readonly excludedParameters: readonly string[];
  /** Site-search keyword / category parameters; empty = Matomo's defaults. */
  readonly siteSearchKeywordParameters: readonly string[];
  readonly siteSearchCategoryParameters: readonly string[];
  readonly siteSearchEnabled: boolean;
  readonly keepUrlFragment: boolean;
  readonly excludeUnknownUrls: boolean;
  readonly ecommerce: boolean;
  /** Collection switches derived from the privacy mode (see privacy issue); the pipeline reads these. */
  readonly privacy: PrivacySwitches;
}

export interface PrivacySwitches {
  /** Bytes of the IP zeroed before storage: 1..4 (4 = whole address). Default 2. */
  readonly anonymizeIpBytes: 1 | 2 | 3 | 4;
  /** Geolocate from the anonymised IP instead of the full one (held in memory only). */
  readonly useAnonymizedIpForEnrichment: boolean;
  /** Honour DNT / X-Do-Not-Track request headers. */
  readonly honourDoNotTrack: boolean;
  /** Accept the uid parameter (User ID). */
  readonly allowUserId: boolean;
  /** Accept ecommerce orders and cart updates. */
  readonly allowEcommerce: boolean;
  /** Trust visitor ids sent by the tracker (_id from the _pk_id cookie, cid). */
  readonly allowVisitorIdFromClient: boolean;
  /** Serve the visits log (Live.getLastVisitsDetails); off = Matomo's "disable visits log" site setting. */
  readonly visitsLog: boolean;
  /** Serve the visitor profile (Live.getVisitorProfile); needs the visits log too. */
  readonly visitorProfile: boolean;
  /** Store the visitor's city (and its coordinates); off keeps country and region only. */
  readonly collectCity: boolean;
  /** Months raw events are kept before the retention job deletes them; 0 = no limit. */
  readonly retentionMonths: number;
  /** Replace personal data (e-mail addresses, phone numbers, IBANs, card numbers …) in stored text with placeholders. */
  readonly scrubPii: boolean;
  /** Query parameters always removed from stored URLs, on top of the built-in personal-data list (privacy/pii). */
  readonly removedQueryParameters: readonly string[];
  /** Lifetime of the tracker's visitor cookie in months (the snippet and the audit read it); 0 = cookieless. */
  readonly cookieLifetimeMonths: number;
  /** Campaign data kept: "channel" = name, source and medium only; "full" = keyword, content, ids too. */
  readonly campaignDetail: 'channel' | 'full';
}

export const DEFAULT_PRIVACY: PrivacySwitches = {
  anonymizeIpBytes: 2,
  useAnonymizedIpForEnrichment: false,
  honourDoNotTrack: false,
  allowUserId: false,
  allowEcommerce: false,
  allowVisitorIdFromClient: true,
  // Privacy by default: the per-visit log and the visitor profile stay off until a site turns them on.
  visitsLog: false,
  visitorProfile: false,
  collectCity: true,
  retentionMonths: 25,
  scrubPii: true,
  removedQueryParameters: [],
  cookieLifetimeMonths: 13,
  // Matomo keeps every campaign dimension; the exempt privacy mode narrows this to "channel".
  campaignDetail: 'full',
};

/** Matomo's default site-search keyword parameters [matomo: plugins/SitesManager/API.php]. */
export const DEFAULT_SITE_SEARCH_KEYWORD_PARAMETERS = ['q', 'query', 's', 'search', 'searchword', 'k', 'keyword', 'keywords'] as const;
export const DEFAULT_SITE_SEARCH_CATEGORY_PARAMETERS = [] as const;
