/**
 * Referrer-spam matching: a referrer is spam when its host, or any parent domain of it, is on the list
 * (so "semalt.semalt.com" and "www.semalt.com" match "semalt.com"). Matomo matches spam entries as
 * substrings of the whole referrer URL; domain matching avoids dropping "notsemalt.com"-style innocents.
 */
import { BUILTIN_SPAM_LIST, parseHostList } from './lists/spam-hosts.js';

export type SpamHostMatcher = (host: string) => boolean;

export const BUILTIN_SPAM_HOSTS: readonly string[] = parseHostList(BUILTIN_SPAM_LIST);

/** A matcher over the built-in list plus `extraHosts` (already parsed, e.g. from SILLAGE_SPAM_LIST_FILE). */
export function createSpamHostMatcher(extraHosts: readonly string[] = []): SpamHostMatcher {
  const hosts = new Set([...BUILTIN_SPAM_HOSTS, ...parseHostList(extraHosts.join('\n'))]);
  return (host: string): boolean => {
    let level = host.toLowerCase();
    if (level.endsWith('.')) level = level.slice(0, -1);
    for (;;) {
      if (hosts.has(level)) return true;
      const dot = level.indexOf('.');
      if (dot === -1) return false;
      level = level.slice(dot + 1);
    }
  };
}
