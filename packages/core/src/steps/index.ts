export { anonymiseIpStep } from './anonymise-ip.js';
export { assignVisitorIds, configId, userIdVisitorId } from './assign-visitor-ids.js';
export { defaultTrackingSteps, type TrackingStepOptions } from './default-steps.js';
export { detectSiteSearch, type SiteSearchInUrl, siteSearchFromUrl } from './detect-site-search.js';
export { dropBots } from './drop-bots.js';
export { dropDoNotTrack, requestsDoNotTrack } from './drop-do-not-track.js';
export { dropExcludedIp } from './drop-excluded-ip.js';
export { dropExcludedUserAgent, matchesUserAgent } from './drop-excluded-user-agent.js';
export { dropInvalidAction } from './drop-invalid-action.js';
export { dropNotRecorded } from './drop-not-recorded.js';
export { dropOptOutCookie } from './drop-opt-out-cookie.js';
export { dropPrefetch } from './drop-prefetch.js';
export { createDropSpamReferrer, dropSpamReferrer } from './drop-spam-referrer.js';
export { refuseUserId } from './refuse-user-id.js';
export {
  type CleanedUrl,
  cleanPageUrl,
  GLOBAL_EXCLUDED_QUERY_PARAMETERS,
  stripExcludedQueryParameters,
} from './strip-excluded-query-parameters.js';
