import { drop } from '../drop.js';
import type { Step } from '../pipeline.js';

/** Matomo excludes a request without rec=1 silently: the JS tracker always sends it, probes do not. */
export const dropNotRecorded: Step = {
  name: 'dropNotRecorded',
  run: (hit) => (hit.rec === 1 ? undefined : drop('not-recorded')),
};
