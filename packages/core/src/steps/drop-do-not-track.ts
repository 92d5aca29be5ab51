import { drop } from '../drop.js';
import type { RequestHeaders } from '../hit.js';
import type { Step } from '../pipeline.js';

/** Matomo's DoNotTrackHeaderChecker: `DNT` starting with 1, or `X-Do-Not-Track: 1`. */
export function requestsDoNotTrack(headers: RequestHeaders): boolean {
  return (headers.dnt ?? '').trim().startsWith('1') || (headers.xDoNotTrack ?? '').trim() === '1';
}

/** Drops hits whose browser asks not to be tracked, on sites that honour it. */
export const dropDoNotTrack: Step = {
  name: 'dropDoNotTrack',
  run: (_hit, ctx) => (ctx.site.privacy.honourDoNotTrack && requestsDoNotTrack(ctx.request.headers) ? drop('do-not-track') : undefined),
};
