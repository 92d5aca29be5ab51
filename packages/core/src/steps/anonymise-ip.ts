import type { Step } from '../pipeline.js';
import { anonymiseIp as anonymise } from '../tracking/ip.js';

/**
 * Replaces hit.ip by its anonymised form (matomo-compat §5.1) before anything is stored. When the site
 * geolocates from the full address, the full IP is kept in hit.fullIp, in memory only: the server
 * clears it after enrichment, before the hit is spooled.
 */
export const anonymiseIpStep: Step = {
  name: 'anonymiseIp',
  run: (hit, ctx) => {
    const full = hit.ip;
    hit.ip = anonymise(full, ctx.site.privacy.anonymizeIpBytes);
    if (!ctx.site.privacy.useAnonymizedIpForEnrichment && full !== '') hit.fullIp = full;
    else hit.fullIp = undefined;
    return undefined;
  },
};
