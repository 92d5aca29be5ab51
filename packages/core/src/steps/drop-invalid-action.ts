import { drop } from '../drop.js';
import type { Step } from '../pipeline.js';

/** ca=1 that no action kind claims: Matomo stores nothing, so neither do we (but we say why). */
export const dropInvalidAction: Step = {
  name: 'dropInvalidAction',
  run: (hit) => (hit.invalidAction === true ? drop('invalid-action', 'ca=1 without an action') : undefined),
};
