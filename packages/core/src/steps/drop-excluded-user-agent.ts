import { drop } from '../drop.js';
import type { Step } from '../pipeline.js';
import { slashRegex } from './patterns.js';

/** Whether `userAgent` matches an entry: case-insensitive substring, or a regex when written /…/. */
export function matchesUserAgent(userAgent: string, entries: readonly string[]): boolean {
  const lower = userAgent.toLowerCase();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const regex = slashRegex(entry);
    if (regex !== null ? regex.test(userAgent) : lower.includes(entry.toLowerCase())) return true;
  }
  return false;
}

/** Drops hits whose user agent the site excludes (monitoring tools, internal crawlers …). */
export const dropExcludedUserAgent: Step = {
  name: 'dropExcludedUserAgent',
  run: (hit, ctx) => (matchesUserAgent(hit.userAgent, ctx.site.excludedUserAgents) ? drop('excluded-user-agent') : undefined),
};
