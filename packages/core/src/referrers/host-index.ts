/**
 * Host → referrer channel lookup over the curated lists and the Ghost table, built once at load.
 *
 * A lookup strips "www.", then walks the host from most to least specific ("a.b.example.co.uk",
 * "b.example.co.uk", "example.co.uk", "co.uk"), trying at each level the exact key and its any-TLD form
 * ("example.*"), so a subdomain with its own entry (gemini.google.com: AI) wins over its parent
 * (google.*: search). Ghost's rows are exact hosts: they are consulted for the full host only. Its
 * search/social rows are a fallback after our lists (so names stay ours); its webmail/ads/news rows
 * ("mail.yahoo.com", "maps.google.com") shadow our parent-domain entries and make those hosts websites.
 * Cost: a handful of Map lookups per referrer, whatever the list sizes.
 */
import { AI_ASSISTANTS, WEBSITE_OVERRIDES } from './lists/ai-assistants.js';
import { GHOST_REFERRERS } from './lists/ghost-referrers.js';
import { SEARCH_ENGINES } from './lists/search-engines.js';
import { SOCIAL_NETWORKS } from './lists/social-networks.js';

export type ReferrerChannel = 'search' | 'social' | 'ai' | 'website';

export interface ChannelEntry {
  readonly channel: ReferrerChannel;
  readonly name: string;
  /** Lower-case path prefix the referrer must start with; "" matches any path. */
  readonly path: string;
  /** Search engines: the keyword's query parameters, first non-empty wins. */
  readonly keywordParameters: readonly string[];
}

/** Keyword parameters for search engines known only from the Ghost table (it lists none). */
export const GENERIC_KEYWORD_PARAMETERS: readonly string[] = [
  'q',
  'query',
  'p',
  'text',
  'wd',
  'word',
  'keyword',
  'keywords',
  'search',
  'qs',
  'qt',
  'k',
  'searchfor',
  'terms',
];

// Second-level labels under which country domains register names (google.co.uk, yandex.com.tr).
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'or', 'ne', 'ac', 'go', 'gob', 'gov', 'edu', 'ltd', 'plc']);

/** "example.co.uk" → "example.*"; "example.com" → "example.*"; "" when nothing is left before the TLD. */
export function anyTldForm(host: string): string {
  const labels = host.split('.');
  const n = labels.length;
  const tldLabels = n >= 3 && SECOND_LEVEL.has(labels[n - 2] as string) && (labels[n - 1] as string).length === 2 ? 2 : 1;
  if (n - tldLabels < 1) return '';
  return `${labels.slice(0, n - tldLabels).join('.')}.*`;
}

type Table = Map<string, ChannelEntry[]>;

function add(table: Table, pattern: string, entry: Omit<ChannelEntry, 'path'>): void {
  const lower = pattern.toLowerCase();
  const slash = lower.indexOf('/');
  const key = slash === -1 ? lower : lower.slice(0, slash);
  const path = slash === -1 ? '' : lower.slice(slash);
  const list = table.get(key) ?? [];
  list.push({ ...entry, path });
  // Longest path prefix first, so "bing.com/chat" is tried before "bing.com".
  list.sort((a, b) => b.path.length - a.path.length);
  table.set(key, list);
}

function buildCurated(): Table {
  const table: Table = new Map();
  for (const engine of SEARCH_ENGINES) {
    for (const host of engine.hosts)
      add(table, host, { channel: 'search', name: engine.name, keywordParameters: engine.keywordParameters });
  }
  for (const network of SOCIAL_NETWORKS) {
    for (const host of network.hosts) add(table, host, { channel: 'social', name: network.name, keywordParameters: [] });
  }
  for (const assistant of AI_ASSISTANTS) {
    for (const host of assistant.hosts) add(table, host, { channel: 'ai', name: assistant.name, keywordParameters: [] });
  }
  for (const host of WEBSITE_OVERRIDES) add(table, host, { channel: 'website', name: '', keywordParameters: [] });
  return table;
}

function buildGhost(): Table {
  const table: Table = new Map();
  for (const [key, medium, source] of GHOST_REFERRERS) {
    // Ghost's email, paid, referral and unknown rows are plain websites in Matomo's model.
    const channel: ReferrerChannel = medium === 'search' ? 'search' : medium === 'social' ? 'social' : 'website';
    add(table, key, {
      channel,
      name: channel === 'website' ? '' : source,
      keywordParameters: channel === 'search' ? GENERIC_KEYWORD_PARAMETERS : [],
    });
  }
  return table;
}

const CURATED = buildCurated();
const GHOST = buildGhost();

function pick(table: Table, key: string, path: string): ChannelEntry | undefined {
  if (key === '') return undefined;
  const list = table.get(key);
  if (list === undefined) return undefined;
  for (const entry of list) if (entry.path === '' || path.startsWith(entry.path)) return entry;
  return undefined;
}

/**
 * The entry for a referrer host (lower case) and path (lower case), or undefined for an unknown host.
 * A "website" entry means the host is known not to be a search engine, social network or assistant.
 */
export function lookupHost(host: string, path: string): ChannelEntry | undefined {
  // "www." never distinguishes two referrers; the lists are written without it.
  const bare = host.startsWith('www.') ? host.slice(4) : host;
  const ghost = pick(GHOST, bare, path) ?? (bare === host ? undefined : pick(GHOST, host, path));
  let level = bare;
  for (let depth = 0; ; depth++) {
    // Ghost's exact "not an engine" rows (webmail, ads) beat our entries for a parent domain.
    if (depth > 0 && ghost?.channel === 'website') return ghost;
    const found = pick(CURATED, level, path) ?? pick(CURATED, anyTldForm(level), path);
    if (found !== undefined) return found;
    const dot = level.indexOf('.');
    if (dot === -1) return ghost;
    level = level.slice(dot + 1);
  }
}
