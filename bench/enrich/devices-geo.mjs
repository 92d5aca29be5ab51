#!/usr/bin/env node
/**
 * Device detection and geolocation cost per hit, in µs (median, p99), on a realistic mix: the 211 real
 * user agents of the fixture table (desktop, phones, tablets, TVs, consoles, in-app, bots, client hints)
 * drawn with Zipf weights (a few browsers make most traffic), plus a long tail of never-seen user agents
 * (new browser builds), and public IPv4/IPv6 addresses.
 *
 * - device, cold: a fresh detector on the mix, from an empty cache (first parses included);
 * - device, warm: the same detector on a second draw of the mix, whose long tail is new again (the
 *   steady state of a running server);
 * - device, miss: one uncached parse once the detector's regexes are compiled (what a new UA costs);
 * - geo: core geolocate on the bundled DB-IP database (request path);
 * - whole enrichment: geolocate + shipper screen (bot check) + device columns on the row, warm (the
 *   second draw: its 0.5 % unseen user agents are parsed inside the measurement).
 *
 * Runs the built packages (`npx tsc -b`).   node bench/enrich/devices-geo.mjs [hits=200000]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PRIVACY, emptyEventRow, putDevice } from '../../packages/core/dist/index.js';
import { CachedDeviceDetector, createEnrichment } from '../../packages/server/dist/enrich/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const HITS = Number(process.argv[2] ?? 200_000);
const LONG_TAIL_SHARE = 0.005; // 0.5 % of hits carry a user agent never seen before

let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

const fixture = JSON.parse(readFileSync(join(here, '../../packages/server/test/fixtures/user-agents.json'), 'utf8'));
// Zipf(s=1.1) over the fixture order shuffled once: realistic concentration without favouring a kind.
const pool = fixture.map((c) => ({ ua: c.ua, hints: c.hints })).sort(() => rand() - 0.5);
const weights = pool.map((_, i) => 1 / (i + 1) ** 1.1);
const total = weights.reduce((a, b) => a + b, 0);
const cumulative = [];
let running = 0;
for (const w of weights) {
  running += w;
  cumulative.push(running / total);
}
function pickClient(i) {
  if (rand() < LONG_TAIL_SHARE) {
    // A Chrome build nobody sent before: same shape, unseen string.
    return {
      ua: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.${i}.${i % 97} Safari/537.36`,
    };
  }
  const r = rand();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return pool[lo];
}

function publicIp() {
  if (rand() < 0.2) {
    const prefixes = ['2a01:e0a', '2a02:6b8', '2001:da8', '2804:14c', '2600:1f18', '2a00:1450'];
    const p = prefixes[Math.floor(rand() * prefixes.length)];
    return `${p}:${Math.floor(rand() * 0xffff).toString(16)}::${Math.floor(rand() * 0xffff).toString(16)}`;
  }
  for (;;) {
    const a = 1 + Math.floor(rand() * 223);
    if (a === 10 || a === 127 || a === 100 || a === 169 || a === 172 || a === 192) continue;
    return `${a}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
  }
}

// Two draws of the same mix: the second one's long tail is new again, as tomorrow's traffic would be.
const makeHits = (offset) =>
  Array.from({ length: HITS }, (_, i) => {
    const client = pickClient(offset + i);
    return {
      siteId: 1,
      ip: '0.0.0.0',
      fullIp: publicIp(),
      userAgent: client.ua,
      ...(client.hints ? { clientHints: client.hints } : {}),
      keepBots: false,
    };
  });
const hits = makeHits(0);
const laterHits = makeHits(HITS);
const site = { id: 1, privacy: DEFAULT_PRIVACY };

function stats(samplesNs) {
  const sorted = Float64Array.from(samplesNs).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length / 1000;
  return { median_us: +at(0.5).toFixed(2), p99_us: +at(0.99).toFixed(2), mean_us: +mean.toFixed(2), n: sorted.length };
}

function time(fn, items) {
  const samples = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const t = process.hrtime.bigint();
    fn(items[i]);
    samples[i] = Number(process.hrtime.bigint() - t);
  }
  return stats(samples);
}

const distinct = new Set(hits.map((h) => `${h.userAgent}\u0000${JSON.stringify(h.clientHints ?? {})}`)).size;
const result = { date: new Date().toISOString(), hits: HITS, distinct_clients: distinct, node: process.version };

// Device detection, cold then warm, on one detector.
const t0 = performance.now();
const detector = new CachedDeviceDetector();
result.detector_init_ms = +(performance.now() - t0).toFixed(1);
const coldStart = performance.now();
result.device_cold = time((h) => detector.detect(h.userAgent, h.clientHints), hits);
result.device_cold.total_ms = +(performance.now() - coldStart).toFixed(0);
const before = { hits: detector.hits, misses: detector.misses };
result.device_warm = time((h) => detector.detect(h.userAgent, h.clientHints), laterHits);
result.device_warm.cache_hit_rate = +(
  (detector.hits - before.hits) /
  (detector.hits - before.hits + detector.misses - before.misses)
).toFixed(4);

// One uncached parse per distinct client, regexes already compiled (a second detector shares them).
const fresh = new CachedDeviceDetector();
const unique = [...new Map(hits.map((h) => [`${h.userAgent}\u0000${JSON.stringify(h.clientHints ?? {})}`, h])).values()].slice(0, 2000);
result.device_miss = time((h) => fresh.detect(h.userAgent, h.clientHints), unique);

// Geolocation and the whole enrichment, through the server's wiring.
const openStart = performance.now();
const enrichment = await createEnrichment({ geoipMmdb: undefined });
result.geo_open_ms = +(performance.now() - openStart).toFixed(0);
const geoHits = hits.map((h) => ({ ...h }));
result.geo = time((h) => enrichment.enrichHit(h, site), geoHits);
result.geo.located_share = +(geoHits.filter((h) => h.geo?.country).length / geoHits.length).toFixed(3);
// Warm the enrichment's own detector cache, then measure the whole per-hit enrichment.
for (const h of hits) enrichment.screen(h);
const wholeHits = laterHits.map((h) => ({ ...h }));
result.whole_enrichment_warm = time((h) => {
  enrichment.enrichHit(h, site);
  if (enrichment.screen(h) === undefined) {
    const verdict = enrichment.devices.detect(h.userAgent, h.clientHints);
    if (!verdict.bot) putDevice(emptyEventRow(), verdict.device);
  }
}, wholeHits);
result.rss_mb = Math.round(process.memoryUsage().rss / 1024 / 1024);

console.log(JSON.stringify(result, null, 2));
