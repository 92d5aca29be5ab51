/**
 * Channel of an external referrer URL, as Matomo classifies it after campaigns and direct entries are
 * ruled out [matomo: plugins/Referrers/Columns/Base.php]: search engine (with its keyword), social
 * network, AI assistant, else website.
 *
 * Keywords are trimmed and lower-cased as Matomo stores them. A search engine that hides the keyword
 * (Google, Bing over HTTPS …) gives "": reports show such rows as "Keyword not defined".
 */

import { isFediverse } from './fediverse.js';
import { type ChannelEntry, lookupHost, type ReferrerChannel } from './host-index.js';

export interface ReferrerClassification {
  readonly channel: ReferrerChannel;
  /** Engine / network / assistant name; the lower-case host for websites. */
  readonly name: string;
  /** Search keyword, lower case; "" for other channels and hidden keywords. */
  readonly keyword: string;
}

function keywordOf(url: URL, entry: ChannelEntry): string {
  if (url.search === '' && url.hash === '') return '';
  const query = url.searchParams;
  for (const name of entry.keywordParameters) {
    const value = query.get(name)?.trim();
    if (value) return value.toLowerCase();
  }
  // Some result pages keep the query in the fragment ("#q=…", single-page result UIs).
  if (url.hash.length > 1) {
    const fragment = new URLSearchParams(url.hash.slice(1).replace(/^[^?=&]*\?/, ''));
    for (const name of entry.keywordParameters) {
      const value = fragment.get(name)?.trim();
      if (value) return value.toLowerCase();
    }
  }
  return '';
}

/** Classifies a parsed external referrer URL; `host` is its lower-case hostname. */
export function classifyParsedReferrer(url: URL, host: string): ReferrerClassification {
  const path = url.pathname.toLowerCase();
  const entry = lookupHost(host, path);
  if (entry !== undefined && entry.channel !== 'website') {
    return { channel: entry.channel, name: entry.name, keyword: entry.channel === 'search' ? keywordOf(url, entry) : '' };
  }
  if (entry === undefined && isFediverse(host, path)) return { channel: 'social', name: 'Mastodon', keyword: '' };
  return { channel: 'website', name: host, keyword: '' };
}

/** Classifies a referrer URL; undefined when it is not an absolute URL with a host. */
export function classifyReferrerUrl(url: string): ReferrerClassification | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  if (host === '') return undefined;
  return classifyParsedReferrer(parsed, host);
}
