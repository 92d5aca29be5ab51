export { renderIframePage } from './iframe-page.js';
export { renderOptOutScript } from './js-page.js';
export { createNonce, verifyNonce } from './nonce.js';
export { parseOptOutParams, pickLanguage } from './params.js';
export * from './probe.js';
export { BINDING_COOKIE, type OptOutOptions, registerOptOutRoutes } from './routes.js';
export { loadOptOutSecret, OPTOUT_SECRET_SETTING } from './secret.js';
