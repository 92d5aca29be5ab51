import type { Step } from '../pipeline.js';
import { limitCampaignDetail } from '../privacy/steps/limit-campaign-detail.js';
import { refuseEcommerce } from '../privacy/steps/refuse-ecommerce.js';
import { scrubPii } from '../privacy/steps/scrub-pii.js';
import { anonymiseIpStep } from './anonymise-ip.js';
import { assignVisitorIds } from './assign-visitor-ids.js';
import { detectSiteSearch } from './detect-site-search.js';
import { dropBots } from './drop-bots.js';
import { dropDoNotTrack } from './drop-do-not-track.js';
import { dropExcludedIp } from './drop-excluded-ip.js';
import { dropExcludedUserAgent } from './drop-excluded-user-agent.js';
import { dropInvalidAction } from './drop-invalid-action.js';
import { dropNotRecorded } from './drop-not-recorded.js';
import { dropOptOutCookie } from './drop-opt-out-cookie.js';
import { dropPrefetch } from './drop-prefetch.js';
import { createDropSpamReferrer } from './drop-spam-referrer.js';
import { refuseUserId } from './refuse-user-id.js';
import { stripExcludedQueryParameters } from './strip-excluded-query-parameters.js';

export interface TrackingStepOptions {
  /** Referrer-spam hosts added to the built-in list (SILLAGE_SPAM_LIST_FILE). */
  readonly extraSpamHosts?: readonly string[];
}

/**
 * The tracking steps in order. Cheap drops that need nothing but the request come first; the IP
 * exclusion must see the full address, so it precedes anonymisation; the visitor hash must see the
 * anonymised address and the final uid, so it comes last. Site search is read from the raw URL, before
 * stripExcludedQueryParameters drops the fragment it may sit in.
 */
export function defaultTrackingSteps(options: TrackingStepOptions = {}): Step[] {
  return [
    dropNotRecorded,
    dropInvalidAction,
    dropPrefetch,
    dropOptOutCookie,
    dropDoNotTrack,
    dropExcludedIp,
    dropExcludedUserAgent,
    dropBots,
    createDropSpamReferrer(options.extraSpamHosts),
    detectSiteSearch,
    stripExcludedQueryParameters,
    refuseUserId,
    refuseEcommerce,
    limitCampaignDetail,
    scrubPii,
    anonymiseIpStep,
    assignVisitorIds,
  ];
}
