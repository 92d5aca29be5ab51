export { type ActionSignals, type ResolvedAction, resolveActionType } from './action-type.js';
export { isCampaignParameter } from './campaign.js';
export { CUSTOM_TIME_WITHOUT_AUTH_S, parseCustomTime } from './custom-time.js';
export { anonymiseIp, canonicalIp, formatIp, isValidIp, matchesIpRange, parseIpRange } from './ip.js';
export { parseHit } from './parse-hit.js';
export { MAX_LENGTH as TRACKING_MAX_LENGTH } from './text.js';
