/**
 * Visit-level referrer of a hit, first match wins as in Matomo [matomo: plugins/Referrers/Columns/Base.php]:
 * campaign (6), direct entry (1: no referrer, or a referrer on one of the site's own hosts), then the
 * channel of the referrer URL (referrers/classify.ts): search engine (2), social network (7), AI
 * assistant (8), website (3).
 */
import { REFERRER_TYPE } from '../event-row.js';
import type { Hit } from '../hit.js';
import { classifyParsedReferrer } from '../referrers/classify.js';
import type { ReferrerChannel } from '../referrers/host-index.js';
import { type Campaign, detectCampaign } from './campaign.js';

export interface VisitReferrer {
  /** Matomo referrer type code (REFERRER_TYPE). */
  readonly type: number;
  readonly name: string;
  readonly keyword: string;
  readonly url: string;
  readonly campaign?: Campaign;
}

export const DIRECT_ENTRY: VisitReferrer = { type: REFERRER_TYPE.direct, name: '', keyword: '', url: '' };

// Matomo UrlHelper::isLookLikeUrl: an optional scheme, then "//".
const LOOKS_LIKE_URL = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i;

/** Lower-case host of a URL without a leading "www.", or "" when it has none. */
export function comparableHost(url: string): string {
  return withoutWww(hostOf(url));
}

function withoutWww(host: string): string {
  return host.startsWith('www.') ? host.slice(4) : host;
}

/** Lower-case host of a URL, or "" when it does not parse. */
export function hostOf(url: string): string {
  return parseLooseUrl(url)?.hostname.toLowerCase() ?? '';
}

/** The URL parsed when it looks like one (Matomo's test), else undefined. */
function parseLooseUrl(url: string): URL | undefined {
  if (!LOOKS_LIKE_URL.test(url)) return undefined;
  try {
    // Scheme-relative referrers ("//host/path") need a base to parse.
    return new URL(url, 'http://base.invalid');
  } catch {
    return undefined;
  }
}

const CHANNEL_TYPE: Readonly<Record<ReferrerChannel, number>> = {
  search: REFERRER_TYPE.search,
  social: REFERRER_TYPE.social,
  ai: REFERRER_TYPE.ai,
  website: REFERRER_TYPE.website,
};

/**
 * The referrer this hit would give its visit. `visitCampaign` is the campaign of the visit the hit may
 * belong to (for the keyword fallback, see detectCampaign).
 */
export function referrerOfHit(hit: Hit, siteUrls: readonly string[], visitCampaign?: Campaign): VisitReferrer {
  const parsed = hit.urlref ? parseLooseUrl(hit.urlref) : undefined;
  const refUrl = parsed === undefined ? '' : (hit.urlref as string);
  const refHost = parsed?.hostname.toLowerCase() ?? '';
  const campaign = detectCampaign(hit, refHost, visitCampaign);
  if (campaign) return { type: REFERRER_TYPE.campaign, name: campaign.name, keyword: campaign.keyword, url: refUrl, campaign };
  if (refHost === '') return { ...DIRECT_ENTRY, url: refUrl };
  const refComparable = withoutWww(refHost);
  const ownHosts = comparableHostsOf(siteUrls);
  // Matomo's fallback when the site lists no URL matching: a referrer on the page's own host is direct too.
  if (ownHosts.includes(refComparable) || refComparable === comparableHost(hit.url ?? '')) {
    return { ...DIRECT_ENTRY, url: refUrl };
  }
  const channel = classifyParsedReferrer(parsed as URL, refHost);
  return { type: CHANNEL_TYPE[channel.channel], name: channel.name, keyword: channel.keyword, url: refUrl };
}

/** comparableHost of each URL, remembered per list: a site's URLs are asked for on every hit. */
const hostsOfLists = new WeakMap<readonly string[], readonly string[]>();

function comparableHostsOf(urls: readonly string[]): readonly string[] {
  let hosts = hostsOfLists.get(urls);
  if (hosts === undefined) {
    hosts = urls.map(comparableHost);
    hostsOfLists.set(urls, hosts);
  }
  return hosts;
}

/** Matomo compares campaign referrers on type, name and keyword, case-insensitively. */
export function sameReferrer(a: VisitReferrer, b: VisitReferrer): boolean {
  return a.type === b.type && a.name.toLowerCase() === b.name.toLowerCase() && a.keyword.toLowerCase() === b.keyword.toLowerCase();
}
