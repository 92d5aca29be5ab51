#!/usr/bin/env node
/**
 * Referrer classification cost per hit: µs per hit (median, p99) for the visit referrer decision
 * (referrerOfHit: campaign → direct → search/social/AI/website), the referrer-spam step and the URL
 * steps (site search + cleaning), on a realistic mix of referrers. Runs the built core (`npx tsc -b`).
 *
 *   node bench/enrich/referrers.mjs [hits=200000]
 */
import { performance } from 'node:perf_hooks';
import {
  classifyReferrerUrl,
  detectSiteSearch,
  dropSpamReferrer,
  referrerOfHit,
  stripExcludedQueryParameters,
} from '../../packages/core/dist/index.js';

const HITS = Number(process.argv[2] ?? 200_000);
const SITE_URLS = ['https://www.example.org', 'https://shop.example.net'];

// A deterministic mix close to a content site's: many internal navigations, search with hidden
// keywords, some social/AI, a long tail of unique websites, a few campaigns and spam.
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
function referrer(i) {
  const r = rand();
  if (r < 0.4) return { urlref: `https://www.example.org/blog/post-${i % 500}`, url: `https://www.example.org/p/${i % 900}` };
  if (r < 0.47) return { url: 'https://www.example.org/' };
  if (r < 0.62) return { urlref: 'https://www.google.com/', url: 'https://www.example.org/p/1' };
  if (r < 0.66) return { urlref: `https://www.bing.com/search?q=term+${i % 50}&form=QBLH`, url: 'https://www.example.org/' };
  if (r < 0.68) return { urlref: `https://yandex.ru/search/?text=word${i % 30}`, url: 'https://www.example.org/' };
  if (r < 0.69) return { urlref: 'https://duckduckgo.com/', url: 'https://www.example.org/' };
  if (r < 0.74) return { urlref: 'https://t.co/abc', url: 'https://www.example.org/' };
  if (r < 0.77) return { urlref: 'https://l.facebook.com/l.php?u=x', url: 'https://www.example.org/' };
  if (r < 0.78) return { urlref: `https://mastodon.social/@user/${i}`, url: 'https://www.example.org/' };
  if (r < 0.8) return { urlref: 'https://chatgpt.com/', url: 'https://www.example.org/' };
  if (r < 0.81) return { urlref: 'https://www.perplexity.ai/search/x', url: 'https://www.example.org/' };
  if (r < 0.93) return { urlref: `https://blog${i}.site${i % 7000}.example.com/some/article?ref=${i}`, url: 'https://www.example.org/' };
  if (r < 0.98) return { urlref: '', url: `https://www.example.org/?utm_campaign=spring&utm_source=news&utm_medium=email&x=${i}` };
  if (r < 0.99) return { urlref: 'https://www.example.org/', url: `https://www.example.org/search?q=term${i % 40}&page=2` };
  return { urlref: 'http://semalt.semalt.com/crawler.php', url: 'https://www.example.org/' };
}

const site = {
  id: 1,
  urls: SITE_URLS,
  excludedParameters: [],
  siteSearchEnabled: true,
  siteSearchKeywordParameters: [],
  siteSearchCategoryParameters: [],
  keepUrlFragment: false,
};
const ctx = { site };

function makeHit(i) {
  const { urlref, url } = referrer(i);
  const hit = {
    siteId: 1,
    ts: 0,
    receivedAt: 0,
    actionType: 'pageview',
    ip: '10.0.0.0',
    userAgent: 'UA',
    language: 'en',
    newVisit: false,
    keepBots: false,
    consent: false,
    url,
  };
  if (urlref) hit.urlref = urlref;
  return hit;
}

function measure(label, fn) {
  const hits = Array.from({ length: HITS }, (_, i) => makeHit(i));
  for (let i = 0; i < Math.min(20_000, HITS); i++) fn(makeHit(i)); // warm-up
  const samples = new Float64Array(HITS);
  const started = performance.now();
  for (let i = 0; i < HITS; i++) {
    const t0 = performance.now();
    fn(hits[i]);
    samples[i] = performance.now() - t0;
  }
  const total = performance.now() - started;
  samples.sort();
  const us = (ms) => Math.round(ms * 1000 * 100) / 100;
  const row = {
    step: label,
    hits: HITS,
    median_us: us(samples[Math.floor(HITS * 0.5)]),
    p99_us: us(samples[Math.floor(HITS * 0.99)]),
    mean_us: us(total / HITS),
  };
  console.log(JSON.stringify(row));
  return row;
}

const results = [
  measure('referrerOfHit (visit referrer incl. channel)', (h) => referrerOfHit(h, SITE_URLS)),
  measure('classifyReferrerUrl (external referrers only)', (h) => (h.urlref ? classifyReferrerUrl(h.urlref) : undefined)),
  measure('dropSpamReferrer step', (h) => dropSpamReferrer.run(h, ctx)),
  measure('detectSiteSearch + stripExcludedQueryParameters', (h) => {
    detectSiteSearch.run(h, ctx);
    stripExcludedQueryParameters.run(h, ctx);
  }),
];
console.log(`node ${process.version}; performance.now() per sample adds ~0.03-0.05 µs`);
export default results;
