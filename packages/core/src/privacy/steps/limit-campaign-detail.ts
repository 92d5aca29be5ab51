import type { Hit } from '../../hit.js';
import type { Step } from '../../pipeline.js';

// Channel-level campaign data: which campaign, from which source, through which medium. Keywords,
// content, ids, groups and placements can single out a recipient (one link per person), so the
// exempt mode drops them.
const CHANNEL_PARAMETERS = new Set([
  'pk_cpn',
  'pk_campaign',
  'piwik_campaign',
  'mtm_campaign',
  'matomo_campaign',
  'utm_campaign',
  'mtm_source',
  'pk_source',
  'matomo_source',
  'utm_source',
  'mtm_medium',
  'pk_medium',
  'matomo_medium',
  'utm_medium',
]);

/** With campaignDetail "channel", keeps only campaign name, source and medium on the hit. */
export const limitCampaignDetail: Step = {
  name: 'limitCampaignDetail',
  run: (hit: Hit, ctx) => {
    if (ctx.site.privacy.campaignDetail !== 'channel') return undefined;
    delete hit.attributionCampaignKeyword;
    const params = hit.campaignParams;
    if (params === undefined) return undefined;
    for (const name of Object.keys(params)) if (!CHANNEL_PARAMETERS.has(name.toLowerCase())) delete params[name];
    if (Object.keys(params).length === 0) delete hit.campaignParams;
    return undefined;
  },
};
