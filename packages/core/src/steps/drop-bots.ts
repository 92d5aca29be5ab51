import { isbot } from 'isbot';
import { drop } from '../drop.js';
import type { Step } from '../pipeline.js';

/**
 * Drops hits whose user agent is a known bot, unless the tracker sent bots=1. An empty user agent is
 * not treated as a bot (isbot would): server-side trackers often send none, and Matomo's device
 * detector does not call an empty agent a bot either.
 */
export const dropBots: Step = {
  name: 'dropBots',
  run: (hit) => (!hit.keepBots && hit.userAgent.trim() !== '' && isbot(hit.userAgent) ? drop('bot') : undefined),
};
