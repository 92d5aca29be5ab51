import { drop } from '../drop.js';
import type { Step } from '../pipeline.js';

const PREVIEW_PURPOSES = new Set(['preview', 'instant']);

/** Browsers prefetching or previewing a page are not visitors (Matomo: X-Purpose, X-Moz headers). */
export const dropPrefetch: Step = {
  name: 'dropPrefetch',
  run: (_hit, ctx) => {
    const { xPurpose, xMoz } = ctx.request.headers;
    if (PREVIEW_PURPOSES.has((xPurpose ?? '').trim().toLowerCase())) return drop('prefetch', 'X-Purpose');
    if ((xMoz ?? '').trim().toLowerCase() === 'prefetch') return drop('prefetch', 'X-Moz');
    return undefined;
  },
};
