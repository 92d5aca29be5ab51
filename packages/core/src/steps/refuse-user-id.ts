import type { Step } from '../pipeline.js';

/**
 * Sites whose privacy mode refuses User ID keep the hit but forget the uid. The refusal is recorded
 * on the hit (`refused`) as "refused-user-id" so the server counts it; the hit itself is kept.
 */
export const refuseUserId: Step = {
  name: 'refuseUserId',
  run: (hit, ctx) => {
    if (hit.userId === undefined || ctx.site.privacy.allowUserId) return undefined;
    delete hit.userId;
    hit.refused = [...(hit.refused ?? []), 'refused-user-id'];
    return undefined;
  },
};
