import { readFileSync } from 'node:fs';
import { type DeviceInfo, dropBots, type Hit, type PipelineContext } from '@sillage/core';
import { describe, expect, it } from 'vitest';
import { CachedDeviceDetector, majorMinor, toDeviceInfo } from '../src/enrich/device-detector.js';

interface UaCase {
  readonly kind: string;
  readonly name?: string;
  readonly ua: string;
  readonly hints?: Record<string, unknown>;
  /** Dropped as a bot by the hot-path isbot check or by DeviceDetector. */
  readonly droppedAsBot: boolean;
  readonly expected: DeviceInfo | { readonly bot: string };
}

/**
 * Real user agents (desktop, phones, tablets, TVs, consoles, wearables, cars, in-app browsers, bots)
 * and client-hint cases, with the fields Matomo would show for them.
 */
const CASES = JSON.parse(readFileSync(new URL('./fixtures/user-agents.json', import.meta.url), 'utf8')) as UaCase[];
const detector = new CachedDeviceDetector();

const hotPathBot = (ua: string) =>
  dropBots.run({ userAgent: ua, keepBots: false } as Hit, undefined as unknown as PipelineContext) !== undefined;

describe('user-agent fixture table', () => {
  it('covers every kind of client with at least 150 user agents', () => {
    const kinds = new Set(CASES.map((c) => c.kind));
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    expect([...kinds].sort()).toEqual(['bot', 'client-hints', 'console', 'desktop', 'inapp', 'mobile', 'other', 'tablet', 'tv']);
    const types = new Set(CASES.map((c) => ('type' in c.expected ? c.expected.type : 'bot')));
    for (const type of ['Desktop', 'Smartphone', 'Tablet', 'Phablet', 'Console', 'TV', 'Car browser', 'Wearable', 'Feature phone', 'bot']) {
      expect(types, type).toContain(type);
    }
  });

  it.each(CASES.map((c) => [c.name ?? c.ua, c] as const))('%s', (_label, c) => {
    const verdict = detector.detect(c.ua, c.hints);
    expect(verdict.bot ? { bot: verdict.botName } : verdict.device).toEqual(c.expected);
    expect(verdict.bot || hotPathBot(c.ua)).toBe(c.droppedAsBot);
  });
});

describe('CachedDeviceDetector', () => {
  const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
  const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
  const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';

  it('answers a repeated user agent from its cache, with the same verdict', () => {
    const d = new CachedDeviceDetector();
    const first = d.detect(CHROME);
    const second = d.detect(CHROME);
    expect(second).toBe(first);
    expect({ hits: d.hits, misses: d.misses }).toEqual({ hits: 1, misses: 1 });
  });

  it('keys the cache on the client hints too', () => {
    const d = new CachedDeviceDetector();
    const plain = d.detect(CHROME);
    const win11 = d.detect(CHROME, { platform: 'Windows', platformVersion: '15.0.0' });
    expect(plain.bot === false && plain.device.osVersion).toBe('10');
    expect(win11.bot === false && win11.device.osVersion).toBe('11');
    expect(d.misses).toBe(2);
  });

  it('forgets the least recently used verdict when full', () => {
    const d = new CachedDeviceDetector({ cacheSize: 2 });
    d.detect(CHROME);
    d.detect(FIREFOX);
    d.detect(CHROME); // Chrome is now the most recent
    d.detect(SAFARI); // evicts Firefox
    expect(d.cacheSize).toBe(2);
    d.detect(CHROME);
    expect(d.misses).toBe(3);
    d.detect(FIREFOX);
    expect(d.misses).toBe(4);
  });

  it.each([
    ['an empty user agent', ''],
    ['blanks', '   '],
  ])('calls %s an unknown device, not a bot', (_name, ua) => {
    expect(new CachedDeviceDetector().detect(ua)).toEqual({
      bot: false,
      device: { type: '', brand: '', model: '', osName: '', osVersion: '', browserName: '', browserVersion: '', browserEngine: '' },
    });
  });
});

describe('toDeviceInfo', () => {
  it.each([
    [
      'a browser',
      { type: 'browser', name: 'Chrome Mobile', version: '131.0.6778.81', engine: 'Blink' },
      { browserName: 'Chrome Mobile', browserVersion: '131.0', browserEngine: 'Blink' },
    ],
    // Matomo fills the browser columns for browsers only; apps and libraries leave them unknown.
    [
      'a mobile app',
      { type: 'mobile app', name: 'Facebook', version: '471.0.0' },
      { browserName: '', browserVersion: '', browserEngine: '' },
    ],
    ['a library', { type: 'library', name: 'curl', version: '8.5.0' }, { browserName: '', browserVersion: '', browserEngine: '' }],
    ['nothing', {}, { browserName: '', browserVersion: '', browserEngine: '' }],
  ])('%s', (_name, client, expected) => {
    const info = toDeviceInfo({
      os: { name: 'Android', version: '14.0.0' },
      client,
      device: { id: 'SA', type: 'smartphone', brand: 'Samsung', model: 'Galaxy S23 Ultra' },
    } as never);
    expect(info).toEqual({
      type: 'Smartphone',
      brand: 'Samsung',
      model: 'Galaxy S23 Ultra',
      osName: 'Android',
      osVersion: '14.0',
      ...expected,
    });
  });
});

describe('majorMinor', () => {
  it.each([
    ['14.0.0', '14.0'],
    ['131.0.6778.81', '131.0'],
    ['10.15', '10.15'],
    ['14', '14'],
    ['', ''],
  ])('%s → %s', (version, expected) => {
    expect(majorMinor(version)).toBe(expected);
  });
});
