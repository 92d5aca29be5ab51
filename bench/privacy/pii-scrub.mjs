// Cost of the scrubPii pipeline step per hit (µs), on a mix of realistic hits: most carry no personal
// data (the common case the guards make cheap), some carry an e-mail, a phone number or a token.
// Usage: node bench/privacy/pii-scrub.mjs   (after npx tsc -b)
import { DEFAULT_PRIVACY, parseHit, scrubPii } from '../../packages/core/dist/index.js';

const site = {
  id: 1,
  name: 'b',
  urls: ['https://shop.example'],
  timezone: 'UTC',
  currency: 'EUR',
  excludedIps: [],
  excludedUserAgents: [],
  excludedParameters: [],
  siteSearchKeywordParameters: [],
  siteSearchCategoryParameters: [],
  siteSearchEnabled: true,
  keepUrlFragment: false,
  excludeUnknownUrls: false,
  ecommerce: false,
  privacy: DEFAULT_PRIVACY,
};
const ctx = { site, request: undefined, now: Date.now(), salts: { current: 'x' }, ignoreCookieNames: [] };
const headers = {
  userAgent: 'Mozilla/5.0',
  acceptLanguage: 'fr',
  referer: '',
  dnt: '',
  xDoNotTrack: '',
  xPurpose: '',
  xMoz: '',
  cookies: {},
  clientHints: {},
};
const templates = [
  {
    url: 'https://shop.example/products/shoes/running-1234?color=red&size=42',
    action_name: 'Running shoes 1234 – Shop',
    urlref: 'https://www.google.com/',
  },
  { url: 'https://shop.example/blog/2024/06/15/privacy-first-analytics', action_name: 'Privacy-first analytics | Blog' },
  { url: 'https://shop.example/order/100045678/confirmation', action_name: 'Order 100045678 – 1 299,00 €', dimension1: 'premium' },
  { url: 'https://shop.example/search?q=trail+shoes', action_name: 'Search', e_c: 'Video', e_a: 'Play', e_n: 'intro-2024.mp4' },
  { url: 'https://shop.example/account?email=jane%40doe.com&tab=orders', action_name: 'Welcome jane@doe.com' },
  { url: 'https://shop.example/contact', action_name: 'Contact', e_c: 'Form', e_a: 'Submit', e_n: 'phone +33 6 12 34 56 78' },
  { url: 'https://shop.example/reset?token=abc123def&lang=fr', action_name: 'Reset password' },
  { url: 'https://shop.example/', action_name: 'Home' },
];
// Weighting: 6 clean hits for every hit with personal data, as on a typical site.
const mix = [0, 1, 2, 3, 7, 0, 1, 4, 2, 3, 7, 0, 5, 1, 2, 3, 7, 6];
const hits = [];
for (let i = 0; i < 200_000; i++) {
  const t = templates[mix[i % mix.length]];
  hits.push(
    parseHit({ params: { idsite: '1', rec: '1', ...t }, headers, ip: '203.0.113.1', receivedAt: Date.now(), authenticated: false }),
  );
}
const clones = () => hits.map((h) => ({ ...h, dimensions: h.dimensions && { ...h.dimensions } }));
for (const h of clones().slice(0, 20_000)) scrubPii.run(h, ctx); // warm-up
const runs = [];
for (let r = 0; r < 5; r++) {
  const batch = clones();
  const t0 = process.hrtime.bigint();
  for (const h of batch) scrubPii.run(h, ctx);
  runs.push(Number(process.hrtime.bigint() - t0) / 1000 / batch.length);
}
runs.sort((a, b) => a - b);
const cleanOnly = clones().filter((_, i) => [0, 1, 2, 3, 7].includes(mix[i % mix.length]));
const t1 = process.hrtime.bigint();
for (const h of cleanOnly) scrubPii.run(h, ctx);
const clean = Number(process.hrtime.bigint() - t1) / 1000 / cleanOnly.length;
console.log(
  JSON.stringify({
    hits: hits.length,
    medianMicrosPerHit: +runs[2].toFixed(2),
    bestMicrosPerHit: +runs[0].toFixed(2),
    cleanHitMicros: +clean.toFixed(2),
  }),
);
