/**
 * Site search detected from the page URL, as Matomo does for sites with site search enabled
 * [matomo: plugins/Actions/Actions/ActionSiteSearch.php]: a page view whose URL carries one of the site's
 * keyword parameters (Matomo's defaults q, query, s, search, searchword, k, keyword, keywords when the
 * site sets none) becomes a site-search action with that keyword (and category, from the category
 * parameters), and those parameters are removed from the stored URL. Parameter names match
 * case-insensitively; the first keyword parameter of the list that has a non-empty value wins.
 * SPA URLs carrying the search in the fragment ("#/search?q=…") are recognised too.
 *
 * Runs before stripExcludedQueryParameters, which then cleans the rest of the URL (and the fragment).
 */
import type { Hit } from '../hit.js';
import type { Step } from '../pipeline.js';
import { DEFAULT_SITE_SEARCH_CATEGORY_PARAMETERS, DEFAULT_SITE_SEARCH_KEYWORD_PARAMETERS } from '../site.js';
import { cleanText, MAX_LENGTH } from '../tracking/text.js';
import { parseQuery, type QueryPair, splitUrl } from '../tracking/url.js';

export interface SiteSearchInUrl {
  readonly keyword: string;
  /** "" when no category parameter was present. */
  readonly category: string;
  /** The URL without the keyword and category parameters. */
  readonly url: string;
}

function firstValue(pairs: readonly QueryPair[], names: readonly string[]): string {
  for (const name of names) {
    const pair = pairs.find((p) => p.name.toLowerCase() === name && p.value.trim() !== '');
    if (pair !== undefined) return pair.value.trim();
  }
  return '';
}

function withoutParameters(pairs: readonly QueryPair[], remove: ReadonlySet<string>): string {
  return pairs
    .filter((p) => !remove.has(p.name.toLowerCase()))
    .map((p) => p.raw)
    .join('&');
}

/** The site search a URL carries, or undefined. Parameter lists are matched lower-cased. */
export function siteSearchFromUrl(
  url: string,
  keywordParameters: readonly string[],
  categoryParameters: readonly string[],
): SiteSearchInUrl | undefined {
  const parts = splitUrl(url);
  if (parts.query === undefined && parts.fragment === undefined) return undefined;
  const keywordNames = keywordParameters.map((n) => n.trim().toLowerCase()).filter(Boolean);
  const categoryNames = categoryParameters.map((n) => n.trim().toLowerCase()).filter(Boolean);
  const remove = new Set([...keywordNames, ...categoryNames]);

  const queryPairs = parts.query === undefined ? [] : parseQuery(parts.query);
  // A fragment query: "#/search?q=x" or "#q=x".
  const fragmentQueryAt = parts.fragment === undefined ? -1 : parts.fragment.indexOf('?');
  const fragmentQuery =
    parts.fragment === undefined
      ? undefined
      : fragmentQueryAt === -1
        ? parts.fragment.includes('=')
          ? parts.fragment
          : undefined
        : parts.fragment.slice(fragmentQueryAt + 1);
  const fragmentPairs = fragmentQuery === undefined ? [] : parseQuery(fragmentQuery);

  let keyword = firstValue(queryPairs, keywordNames);
  let fromFragment = false;
  if (keyword === '') {
    keyword = firstValue(fragmentPairs, keywordNames);
    fromFragment = keyword !== '';
  }
  if (keyword === '') return undefined;
  const category = firstValue(fromFragment ? fragmentPairs : queryPairs, categoryNames);

  let cleaned = parts.base;
  if (parts.query !== undefined) {
    const query = fromFragment ? parts.query : withoutParameters(queryPairs, remove);
    if (query !== '') cleaned += `?${query}`;
  }
  if (parts.fragment !== undefined) {
    if (!fromFragment) cleaned += `#${parts.fragment}`;
    else {
      const head = fragmentQueryAt === -1 ? '' : (parts.fragment.slice(0, fragmentQueryAt) as string);
      const rest = withoutParameters(fragmentPairs, remove);
      const fragment = rest === '' ? head : fragmentQueryAt === -1 ? rest : `${head}?${rest}`;
      if (fragment !== '') cleaned += `#${fragment}`;
    }
  }
  return { keyword: cleanText(keyword, MAX_LENGTH.search), category: cleanText(category, MAX_LENGTH.search), url: cleaned };
}

export const detectSiteSearch: Step = {
  name: 'detectSiteSearch',
  run: (hit: Hit, ctx) => {
    const site = ctx.site;
    if (hit.actionType !== 'pageview' || hit.url === undefined || !site.siteSearchEnabled) return undefined;
    const keywordParameters =
      site.siteSearchKeywordParameters.length > 0 ? site.siteSearchKeywordParameters : DEFAULT_SITE_SEARCH_KEYWORD_PARAMETERS;
    const categoryParameters =
      site.siteSearchCategoryParameters.length > 0 ? site.siteSearchCategoryParameters : DEFAULT_SITE_SEARCH_CATEGORY_PARAMETERS;
    const found = siteSearchFromUrl(hit.url, keywordParameters, categoryParameters);
    if (found === undefined) return undefined;
    hit.actionType = 'site_search';
    hit.searchKeyword = found.keyword;
    if (found.category !== '') hit.searchCategory = found.category;
    hit.url = found.url;
    return undefined;
  },
};
