import type { Step } from '../pipeline.js';

/**
 * Sites whose privacy mode refuses User ID keep the hit but forget the uid. The refusal is recorded
 * on the hit (`refused`) so the server can count it; it is not a drop.
 */
export const refuseUserId: Step = {
  name: 'refuseUserId',
  run: (hit, ctx) => {
    if (hit.userId === undefined || ctx.site.privacy.allowUserId) return undefined;
    delete hit.userId;
    hit.refused = [...(hit.refused ?? []), 'user-id'];
    return undefined;
  },
};
