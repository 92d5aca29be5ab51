import type { ApiMethod } from '../context.js';

/** The Matomo version we are compatible with, reported to clients that check it. */
export const MATOMO_COMPATIBLE_VERSION = '5.2.0';

export const apiModuleMethods: ApiMethod[] = [
  {
    name: 'API.getMatomoVersion',
    access: { kind: 'some-view' },
    async run() {
      return { kind: 'scalar', value: MATOMO_COMPATIBLE_VERSION };
    },
  },
  {
    name: 'API.getPiwikVersion',
    access: { kind: 'some-view' },
    async run() {
      return { kind: 'scalar', value: MATOMO_COMPATIBLE_VERSION };
    },
  },
];
