import { drop } from '../drop.js';
import type { Step } from '../pipeline.js';
import { matchesIpRange } from '../tracking/ip.js';

/** Drops hits from the site's excluded IPs / ranges. Runs on the full IP, before anonymisation. */
export const dropExcludedIp: Step = {
  name: 'dropExcludedIp',
  run: (hit, ctx) => (ctx.site.excludedIps.length > 0 && matchesIpRange(hit.ip, ctx.site.excludedIps) ? drop('excluded-ip') : undefined),
};
