import type { Hit } from '../../hit.js';
import type { Step } from '../../pipeline.js';
import { CAMPAIGN_CHANNEL_PARAMETERS } from '../../visits/campaign.js';

// Channel-level campaign data: which campaign, from which source, through which medium, in every parameter
// family the campaign detection reads. Keywords, content, ids, groups and placements can single out a
// recipient (one link per person), so the exempt mode drops them.
/** With campaignDetail "channel", keeps only campaign name, source and medium on the hit. */
export const limitCampaignDetail: Step = {
  name: 'limitCampaignDetail',
  run: (hit: Hit, ctx) => {
    if (ctx.site.privacy.campaignDetail !== 'channel') return undefined;
    delete hit.attributionCampaignKeyword;
    const params = hit.campaignParams;
    if (params === undefined) return undefined;
    for (const name of Object.keys(params)) if (!CAMPAIGN_CHANNEL_PARAMETERS.has(name.toLowerCase())) delete params[name];
    if (Object.keys(params).length === 0) delete hit.campaignParams;
    return undefined;
  },
};
