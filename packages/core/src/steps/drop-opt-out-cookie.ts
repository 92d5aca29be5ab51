import { drop } from '../drop.js';
import type { Step } from '../pipeline.js';

/**
 * The visitor opted out: one of the ignore cookies (matomo_ignore, piwik_ignore) is present with a
 * value. Matomo also looks inside the value for `ignore=*`; any non-empty value is enough here, since
 * only the opt-out page ever sets these cookies.
 */
export const dropOptOutCookie: Step = {
  name: 'dropOptOutCookie',
  run: (_hit, ctx) => {
    const cookies = ctx.request.headers.cookies ?? {};
    for (const name of ctx.ignoreCookieNames) {
      const value = Object.hasOwn(cookies, name) ? cookies[name] : undefined;
      if (typeof value === 'string' && value.trim() !== '') return drop('opt-out-cookie', name);
    }
    return undefined;
  },
};
