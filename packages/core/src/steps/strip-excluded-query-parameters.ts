/**
 * Cleans the stored page URL as Matomo's PageUrl does (matomo-compat §2.10): lower-cases the scheme and
 * host (hosts are case-insensitive; "www." stays, reports drop it with pageUrlLabel), removes the site's
 * excluded parameters, Matomo's global list (click ids, session ids), ignore_referrer and every
 * campaign parameter, and drops the #fragment unless the site keeps it. Never drops the hit.
 *
 * Campaign parameters are removed from the URL but not lost: they are merged into hit.campaignParams
 * first, because referrer attribution (which runs later, in the shipper) reads campaigns from the
 * landing URL. Matomo looks at the URL's query, then its fragment, then the tracking parameters, so
 * query values win over fragment values, which win over tracking-parameter values.
 */
import type { Hit } from '../hit.js';
import type { Step } from '../pipeline.js';
import { collectCampaignParameter, isCampaignParameter } from '../tracking/campaign.js';
import { cleanText, MAX_LENGTH } from '../tracking/text.js';
import { parseQuery, splitUrl } from '../tracking/url.js';
import { lowerCaseHost } from '../urls/page-url.js';
import { slashRegex } from './patterns.js';

/** [Tracker] url_query_parameter_to_exclude_from_url, plus ignore_referrer / ignore_referer. */
export const GLOBAL_EXCLUDED_QUERY_PARAMETERS: readonly string[] = [
  'gclid',
  'fbclid',
  'msclkid',
  'twclid',
  'wbraid',
  'gbraid',
  'yclid',
  'fb_xd_fragment',
  'fb_comment_id',
  'phpsessid',
  'jsessionid',
  'sessionid',
  'aspsessionid',
  'doing_wp_cron',
  'sid',
  'pk_vid',
  'ignore_referrer',
  'ignore_referer',
];
const GLOBAL_SET = new Set(GLOBAL_EXCLUDED_QUERY_PARAMETERS);

function isExcluded(name: string, siteExcluded: readonly string[]): boolean {
  const lower = name.toLowerCase();
  if (GLOBAL_SET.has(lower) || isCampaignParameter(lower)) return true;
  return siteExcluded.some((raw) => {
    const entry = raw.trim();
    if (entry === '') return false;
    const regex = slashRegex(entry);
    return regex !== null ? regex.test(name) : entry.toLowerCase() === lower;
  });
}

function campaignParamsOf(text: string | undefined): Record<string, string> {
  const found: Record<string, string> = {};
  if (text === undefined) return found;
  for (const pair of parseQuery(text)) collectCampaignParameter(found, pair.name, pair.value);
  return found;
}

export interface CleanedUrl {
  readonly url: string;
  /** Campaign parameters found in the URL (query wins over fragment). */
  readonly campaign: Record<string, string>;
}

/** The URL without excluded parameters (and fragment unless kept), plus the campaign params it carried. */
export function cleanPageUrl(url: string, siteExcluded: readonly string[], keepFragment: boolean): CleanedUrl {
  const parts = splitUrl(url);
  // A fragment may carry "#?mtm_campaign=x" or "#mtm_campaign=x" (single-page apps).
  const fragmentQuery = parts.fragment?.startsWith('?') ? parts.fragment.slice(1) : parts.fragment;
  const campaign = { ...campaignParamsOf(fragmentQuery), ...campaignParamsOf(parts.query) };
  let cleaned = lowerCaseHost(parts.base);
  if (parts.query !== undefined) {
    const pairs = parseQuery(parts.query);
    const kept = pairs.filter((pair) => !isExcluded(pair.name, siteExcluded));
    // Untouched queries are kept byte for byte; a query emptied by the removal loses its "?".
    if (kept.length === pairs.length) cleaned += `?${parts.query}`;
    else if (kept.length > 0) cleaned += `?${kept.map((pair) => pair.raw).join('&')}`;
  }
  if (keepFragment && parts.fragment !== undefined) cleaned += `#${parts.fragment}`;
  return { url: cleanText(cleaned, MAX_LENGTH.url), campaign };
}

export const stripExcludedQueryParameters: Step = {
  name: 'stripExcludedQueryParameters',
  run: (hit: Hit, ctx) => {
    if (hit.url === undefined) return undefined;
    const { url, campaign } = cleanPageUrl(hit.url, ctx.site.excludedParameters, ctx.site.keepUrlFragment);
    hit.url = url;
    if (Object.keys(campaign).length > 0) hit.campaignParams = { ...hit.campaignParams, ...campaign };
    return undefined;
  },
};
