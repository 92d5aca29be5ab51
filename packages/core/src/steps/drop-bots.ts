import { isbot } from 'isbot';
import { drop } from '../drop.js';
import type { Step } from '../pipeline.js';

/**
 * Bot verdicts by user agent. isbot runs one large regular expression (tens of µs a call) and real
 * traffic repeats a few thousand user agents, so verdicts are remembered; the map is simply emptied when
 * full, which keeps it bounded without bookkeeping on the hot path.
 */
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 10_000;

export function isBotUserAgent(userAgent: string): boolean {
  let verdict = verdicts.get(userAgent);
  if (verdict === undefined) {
    verdict = isbot(userAgent);
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(userAgent, verdict);
  }
  return verdict;
}

/**
 * Drops hits whose user agent is a known bot, unless the tracker sent bots=1. An empty user agent is
 * not treated as a bot (isbot would): server-side trackers often send none, and Matomo's device
 * detector does not call an empty agent a bot either.
 */
export const dropBots: Step = {
  name: 'dropBots',
  run: (hit) => (!hit.keepBots && hit.userAgent.trim() !== '' && isBotUserAgent(hit.userAgent) ? drop('bot') : undefined),
};
