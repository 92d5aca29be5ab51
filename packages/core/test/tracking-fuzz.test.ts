/**
 * Property test for parseHit: whatever the parameters (random names, random code units, lone
 * surrogates, JSON fragments, megabyte values), the outcome is a SillageError or a Hit that satisfies
 * every invariant the later steps and the stores rely on. A seeded PRNG keeps failures reproducible.
 */
import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, type Hit, parseHit, SillageError, TRACKING_MAX_LENGTH } from '../src/index.js';
import { NOW, request } from './fixtures/tracking.js';

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KNOWN = [
  'idsite',
  'rec',
  'url',
  'action_name',
  'urlref',
  'pv_id',
  '_id',
  'cid',
  'uid',
  'new_visit',
  'ping',
  'ca',
  'link',
  'download',
  'search',
  'search_cat',
  'search_count',
  'e_c',
  'e_a',
  'e_n',
  'e_v',
  'c_n',
  'c_p',
  'c_t',
  'c_i',
  'idgoal',
  'revenue',
  'ec_id',
  'ec_items',
  'ec_st',
  'ec_tx',
  'ec_sh',
  'ec_dt',
  '_pkc',
  '_pkp',
  '_pks',
  '_pkn',
  '_ref',
  '_refts',
  '_rcn',
  '_rck',
  'mtm_campaign',
  'utm_source',
  'pk_kwd',
  'res',
  'h',
  'm',
  's',
  'fla',
  'java',
  'cookie',
  'ua',
  'uadata',
  'lang',
  'dimension1',
  'dimension999',
  'dimension0',
  'cvar',
  '_cvar',
  'e_cvar',
  'pf_net',
  'pf_onl',
  'bots',
  'consent',
  'cdt',
  'cdo',
  'cip',
  'country',
  'region',
  'city',
  'lat',
  'long',
  '__proto__',
  'constructor',
  'hasOwnProperty',
];

const SAMPLES = [
  '',
  ' ',
  '0',
  '1',
  '-1',
  '1.5',
  '1e309',
  'NaN',
  'Infinity',
  '0x10',
  '9'.repeat(40),
  '[]',
  '{}',
  'null',
  '[[',
  '[["a","b",["c"],1,2]]',
  '{"1":["a","b"]}',
  '{"__proto__":{"x":1}}',
  '['.repeat(5000),
  '0123456789abcdef',
  '0123456789ABCDEF0',
  '1920x1080',
  '::1',
  '1.2.3.4',
  '::ffff:1.2.3.4',
  'fe80::1%eth0',
  '2024-02-30 10:00:00',
  '2024-06-15 11:00:00',
  String(Math.floor(NOW / 1000) - 100),
  '\u0000\u0001\u007f',
  '\ud800',
  '\udc00x',
  '😀',
  'https://example.org/?utm_source=x#frag',
];

function randomString(rand: () => number): string {
  const pick = rand();
  if (pick < 0.2) return SAMPLES[Math.floor(rand() * SAMPLES.length)]!;
  if (pick < 0.22) {
    // A huge value: 200 kB .. 1 MB made of a sample repeated.
    const seed = SAMPLES[Math.floor(rand() * SAMPLES.length)] || 'x';
    const length = 200_000 + Math.floor(rand() * 800_000);
    return seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
  }
  const length = Math.floor(rand() * 300);
  const units: number[] = [];
  for (let i = 0; i < length; i++) {
    // Mix ASCII, control characters, Latin-1, BMP and surrogate halves.
    const band = rand();
    units.push(
      band < 0.5
        ? 32 + Math.floor(rand() * 95)
        : band < 0.6
          ? Math.floor(rand() * 32)
          : band < 0.8
            ? Math.floor(rand() * 0x10000)
            : 0xd800 + Math.floor(rand() * 0x800),
    );
  }
  return String.fromCharCode(...units);
}

function randomParams(rand: () => number): Record<string, string> {
  const params: Record<string, string> = {};
  if (rand() < 0.8) params.idsite = rand() < 0.8 ? '1' : randomString(rand);
  const count = Math.floor(rand() * 25);
  for (let i = 0; i < count; i++) {
    const name = rand() < 0.85 ? KNOWN[Math.floor(rand() * KNOWN.length)]! : randomString(rand).slice(0, 40);
    Object.defineProperty(params, name, { value: randomString(rand), enumerable: true, configurable: true, writable: true });
  }
  return params;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Every invariant a Hit from parseHit must hold. */
function assertValidHit(hit: Hit): void {
  expect(Number.isInteger(hit.siteId) && hit.siteId > 0).toBe(true);
  expect(Number.isFinite(hit.ts)).toBe(true);
  expect(ACTION_TYPES).toContain(hit.actionType);
  expect(typeof hit.newVisit === 'boolean' && typeof hit.keepBots === 'boolean' && typeof hit.consent === 'boolean').toBe(true);
  expect(hit.ip === '' || /^[0-9a-f.:]+$/.test(hit.ip)).toBe(true);
  const limits: [keyof Hit, number][] = [
    ['url', TRACKING_MAX_LENGTH.url],
    ['title', TRACKING_MAX_LENGTH.title],
    ['urlref', TRACKING_MAX_LENGTH.url],
    ['linkUrl', TRACKING_MAX_LENGTH.url],
    ['eventCategory', 255],
    ['eventAction', 255],
    ['eventName', 255],
    ['searchKeyword', 255],
    ['userId', 200],
    ['orderId', 100],
    ['userAgent', TRACKING_MAX_LENGTH.userAgent],
    ['language', 20],
  ];
  for (const [field, max] of limits) {
    const value = hit[field];
    if (value === undefined) continue;
    expect(typeof value).toBe('string');
    const text = value as string;
    expect(codePoints(text) <= max, `${field} length`).toBe(true);
    expect(CONTROL.test(text), `${field} control chars`).toBe(false);
    expect(LONE_SURROGATE.test(text), `${field} lone surrogate`).toBe(false);
  }
  if (hit.cid !== undefined) expect(hit.cid).toMatch(/^[0-9a-f]{16}$/);
  if (hit.cookieVisitorId !== undefined) expect(hit.cookieVisitorId).toMatch(/^[0-9a-f]{16}$/);
  if (hit.pageViewId !== undefined) expect(hit.pageViewId).toMatch(/^[0-9a-zA-Z]{6}$/);
  if (hit.resolution !== undefined) expect(hit.resolution).toMatch(/^\d+x\d+$/);
  if (hit.localTimeSeconds !== undefined) expect(hit.localTimeSeconds >= 0 && hit.localTimeSeconds < 86_400).toBe(true);
  for (const value of [hit.eventValue, hit.revenue, hit.subtotal, hit.tax, hit.shipping, hit.discount, hit.productPrice]) {
    if (value !== undefined) expect(Number.isFinite(value)).toBe(true);
  }
  for (const item of hit.items ?? []) {
    expect(item.sku.length > 0 && Number.isFinite(item.price) && Number.isFinite(item.quantity)).toBe(true);
    expect(item.category.length <= 5).toBe(true);
  }
  for (const [id, value] of Object.entries(hit.dimensions ?? {})) {
    expect(Number(id) >= 1 && Number(id) <= 999 && value.length > 0 && codePoints(value) <= 255).toBe(true);
  }
  // The spool serialises hits as JSON: it must round-trip.
  expect(() => JSON.stringify(hit)).not.toThrow();
}

describe('parseHit fuzz', () => {
  it('random requests give a valid Hit or a SillageError', () => {
    const rand = prng(20240615);
    let hits = 0;
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      const params = randomParams(rand);
      const req = request(params, {
        authenticated: rand() < 0.5,
        ip: rand() < 0.9 ? '203.0.113.9' : randomString(rand),
        headers: { userAgent: randomString(rand), acceptLanguage: randomString(rand), referer: randomString(rand) },
      });
      try {
        assertValidHit(parseHit(req));
        hits++;
      } catch (err) {
        if (!(err instanceof SillageError)) throw new Error(`seed case ${i}: ${String(err)} for ${JSON.stringify(Object.keys(params))}`);
        errors++;
      }
    }
    // Both outcomes must actually occur, or the generator is not exercising the parser.
    expect(hits).toBeGreaterThan(500);
    expect(errors).toBeGreaterThan(100);
  });

  it('megabyte values of every known parameter stay bounded and fast', () => {
    const huge = `${'é😀\u0000'.repeat(400_000)}`;
    const params: Record<string, string> = { idsite: '1', rec: '1' };
    for (const name of KNOWN)
      if (!['idsite', 'cid', 'cip', 'country', 'region', 'city', 'lat', 'long', 'cdt', 'cdo'].includes(name)) params[name] = huge;
    const started = performance.now();
    const hit = parseHit(request(params));
    const elapsed = performance.now() - started;
    assertValidHit(hit);
    expect(hit.url).toBe('é😀'.repeat(512));
    expect(elapsed).toBeLessThan(2000);
  });

  it('a throwing case really throws a SillageError (the fuzz oracle can fail)', () => {
    expect(() => parseHit(request({ idsite: '1', cid: 'nothex' }))).toThrow(SillageError);
  });
});
