export * from './modes.js';
export * from './pii/detectors.js';
export * from './pii/scrub.js';
export * from './record.js';
export { limitCampaignDetail } from './steps/limit-campaign-detail.js';
export { refuseEcommerce } from './steps/refuse-ecommerce.js';
export { scrubPii } from './steps/scrub-pii.js';
