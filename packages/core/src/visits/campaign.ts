/**
 * A hit's campaign, decided the way Matomo decides a visit's campaign referrer: the campaign parameters
 * sent as tracking parameters, else the page URL's query string, else its #fragment
 * [matomo: plugins/Referrers/Columns/Base.php detectReferrerCampaign]. A later enrichment step may refine
 * referrers; this helper only needs the hit.
 */
import type { Hit } from '../hit.js';

export interface Campaign {
  /** Lower case, as Matomo stores it. */
  readonly name: string;
  /** Lower case; "" when none. */
  readonly keyword: string;
  readonly source: string;
  readonly medium: string;
  readonly content: string;
  readonly id: string;
  readonly group: string;
  readonly placement: string;
}

// Parameter names per dimension, first non-empty wins, in the order of precedence Matomo's
// MarketingCampaignsReporting applies: mtm_*, then pk_* (and the older piwik_*), then matomo_*, then utm_*
// [matomo: config/global.ini.php campaign_var_name / campaign_keyword_var_name; MarketingCampaignsReporting].
// utm_source and utm_medium still name a campaign that has no name parameter, as Matomo core does.
const NAME_PARAMS = [
  'mtm_campaign',
  'mtm_cpn',
  'pk_campaign',
  'pk_cpn',
  'piwik_campaign',
  'matomo_campaign',
  'utm_campaign',
  'utm_source',
  'utm_medium',
];
const KEYWORD_PARAMS = ['mtm_keyword', 'mtm_kwd', 'pk_keyword', 'pk_kwd', 'piwik_kwd', 'matomo_keyword', 'matomo_kwd', 'utm_term'];
const SOURCE_PARAMS = ['mtm_source', 'pk_source', 'matomo_source', 'utm_source'];
const MEDIUM_PARAMS = ['mtm_medium', 'pk_medium', 'matomo_medium', 'utm_medium'];
const CONTENT_PARAMS = ['mtm_content', 'pk_content', 'matomo_content', 'utm_content'];
const ID_PARAMS = ['mtm_cid', 'mtm_id', 'mtm_clid', 'pk_cid', 'matomo_cid', 'utm_id'];
const GROUP_PARAMS = ['mtm_group', 'pk_group', 'matomo_group'];
const PLACEMENT_PARAMS = ['mtm_placement', 'pk_placement', 'matomo_placement'];

/** Parameters that carry channel-level campaign data only (name, source, medium): what the exempt mode keeps. */
export const CAMPAIGN_CHANNEL_PARAMETERS: ReadonlySet<string> = new Set([...NAME_PARAMS, ...SOURCE_PARAMS, ...MEDIUM_PARAMS]);

type ParamSource = ReadonlyMap<string, string>;

function first(params: ParamSource, names: readonly string[]): string {
  for (const name of names) {
    const value = params.get(name)?.trim();
    if (value) return value;
  }
  return '';
}

/** Parses `a=1&b=2` into a map with lower-case names; the first occurrence of a name wins. */
function parseQuery(query: string): ParamSource {
  const out = new Map<string, string>();
  if (query === '') return out;
  for (const [name, value] of new URLSearchParams(query)) {
    const key = name.toLowerCase();
    if (!out.has(key)) out.set(key, value);
  }
  return out;
}

/** The candidate parameter sets, in Matomo's order: tracking parameters, URL query, URL fragment. */
function parameterSources(hit: Hit): ParamSource[] {
  const sources: ParamSource[] = [];
  if (hit.campaignParams) sources.push(new Map(Object.entries(hit.campaignParams).map(([k, v]) => [k.toLowerCase(), v])));
  const url = hit.url ?? '';
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  if (queryAt !== -1) sources.push(parseQuery(beforeHash.slice(queryAt + 1)));
  if (hashAt !== -1) sources.push(parseQuery(url.slice(hashAt + 1).replace(/^[^?=&]*\?/, '')));
  return sources;
}

/**
 * The campaign a hit carries, or undefined. Every dimension comes from the parameter set the name was
 * found in, so a tracking-parameter campaign is never mixed with leftovers from the URL.
 *
 * `referrerHost` and `visitCampaign` implement Matomo's keyword fallback: a campaign without a keyword
 * keeps the keyword of the visit's campaign of the same name, else takes the referrer's host
 * (Matomo issue 9299: otherwise a visit's second page would look like a campaign change).
 */
export function detectCampaign(hit: Hit, referrerHost: string, visitCampaign?: Campaign): Campaign | undefined {
  for (const params of parameterSources(hit)) {
    const name = first(params, NAME_PARAMS).toLowerCase();
    if (name === '') continue;
    let keyword = first(params, KEYWORD_PARAMS).toLowerCase();
    if (keyword === '') keyword = visitCampaign?.name === name ? visitCampaign.keyword : referrerHost.toLowerCase();
    return {
      name,
      keyword,
      source: first(params, SOURCE_PARAMS).toLowerCase(),
      medium: first(params, MEDIUM_PARAMS).toLowerCase(),
      content: first(params, CONTENT_PARAMS),
      id: first(params, ID_PARAMS),
      group: first(params, GROUP_PARAMS),
      placement: first(params, PLACEMENT_PARAMS),
    };
  }
  return undefined;
}
