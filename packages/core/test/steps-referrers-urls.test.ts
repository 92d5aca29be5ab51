import { describe, expect, it } from 'vitest';
import { parseHostList } from '../src/referrers/lists/spam-hosts.js';
import { BUILTIN_SPAM_HOSTS, createSpamHostMatcher } from '../src/referrers/spam.js';
import { detectSiteSearch, siteSearchFromUrl } from '../src/steps/detect-site-search.js';
import { createDropSpamReferrer, dropSpamReferrer } from '../src/steps/drop-spam-referrer.js';
import { cleanPageUrl } from '../src/steps/strip-excluded-query-parameters.js';
import { lowerCaseHost, pageUrlLabel, urlPrefixId } from '../src/urls/page-url.js';
import { context, hit, site } from './fixtures/tracking.js';

describe('dropSpamReferrer', () => {
  it.each([
    ['https://semalt.com/', true],
    ['http://semalt.semalt.com/crawler.php?u=x', true],
    ['https://www.darodar.com/', true],
    ['https://SEMALT.COM./', true],
    ['//buttons-for-website.com/', true],
    ['https://ilovevitaly.ru/x', true],
    ['https://notsemalt.com/', false],
    ['https://semalt.com.example.org/', false],
    ['https://www.google.com/', false],
    ['semalt.com', false], // not a URL: ignored, as Matomo ignores it as a referrer
    ['', false],
  ])('%s → dropped %s', (urlref, dropped) => {
    const h = hit(urlref === '' ? {} : { urlref });
    const outcome = dropSpamReferrer.run(h, context());
    expect(outcome?.drop).toBe(dropped ? 'spam-referrer' : undefined);
  });

  it('adds the installation list, subdomains included', () => {
    const step = createDropSpamReferrer(['# ours', 'spam.example', 'https://www.other-spam.example/path']);
    expect(step.run(hit({ urlref: 'https://a.spam.example/' }), context())?.drop).toBe('spam-referrer');
    expect(step.run(hit({ urlref: 'https://other-spam.example/' }), context())?.drop).toBe('spam-referrer');
    expect(step.run(hit({ urlref: 'https://semalt.com/' }), context())?.drop).toBe('spam-referrer');
    expect(dropSpamReferrer.run(hit({ urlref: 'https://spam.example/' }), context())).toBeUndefined();
  });
});

describe('spam list', () => {
  it('parses one host per line, ignoring comments, blanks, schemes, paths and www.', () => {
    expect(parseHostList('# c\n\n  Spam.Example  # trailing\nhttps://www.x.example/a?b\r\ny.example.\n')).toEqual([
      'spam.example',
      'x.example',
      'y.example',
    ]);
  });

  it('ships a non-trivial built-in list of plain hosts', () => {
    expect(BUILTIN_SPAM_HOSTS.length).toBeGreaterThanOrEqual(80);
    for (const host of BUILTIN_SPAM_HOSTS) expect(host).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(new Set(BUILTIN_SPAM_HOSTS).size).toBe(BUILTIN_SPAM_HOSTS.length);
  });

  it('matches a host and its subdomains only', () => {
    const isSpam = createSpamHostMatcher(['a.example']);
    expect([isSpam('a.example'), isSpam('x.y.a.example'), isSpam('ba.example'), isSpam('example')]).toEqual([true, true, false, false]);
  });
});

describe('siteSearchFromUrl', () => {
  const DEFAULTS = ['q', 'query', 's', 'search', 'searchword', 'k', 'keyword', 'keywords'];
  it.each([
    ['https://example.org/search?q=Red+Shoes', DEFAULTS, [], { keyword: 'Red Shoes', category: '', url: 'https://example.org/search' }],
    ['https://example.org/?s=tent&page=2', DEFAULTS, [], { keyword: 'tent', category: '', url: 'https://example.org/?page=2' }],
    ['https://example.org/?page=2&Query=caf%C3%A9', DEFAULTS, [], { keyword: 'café', category: '', url: 'https://example.org/?page=2' }],
    ['https://example.org/?q=&s=second', DEFAULTS, [], { keyword: 'second', category: '', url: 'https://example.org/' }],
    [
      'https://example.org/find?term=x&cat=Books&x=1',
      ['term'],
      ['cat'],
      { keyword: 'x', category: 'Books', url: 'https://example.org/find?x=1' },
    ],
    [
      'https://example.org/app#/search?q=spa&tab=1',
      DEFAULTS,
      [],
      { keyword: 'spa', category: '', url: 'https://example.org/app#/search?tab=1' },
    ],
    ['https://example.org/app#q=hash', DEFAULTS, [], { keyword: 'hash', category: '', url: 'https://example.org/app' }],
    ['https://example.org/?q=kw#section', DEFAULTS, [], { keyword: 'kw', category: '', url: 'https://example.org/#section' }],
  ])('%s', (url, keywordParams, categoryParams, expected) => {
    expect(siteSearchFromUrl(url, keywordParams, categoryParams)).toEqual(expected);
  });

  it.each([
    ['https://example.org/'],
    ['https://example.org/?page=1'],
    ['https://example.org/?q='],
    ['https://example.org/?q=%20%20'],
    ['https://example.org/#top'],
  ])('%s is no search', (url) => {
    expect(siteSearchFromUrl(url, DEFAULTS, [])).toBeUndefined();
  });
});

describe('detectSiteSearch step', () => {
  it('turns a page view into a site search with the keyword removed from the URL', () => {
    const h = hit({ url: 'https://example.org/search?q=boots&sort=asc' });
    expect(detectSiteSearch.run(h, context())).toBeUndefined();
    expect(h).toMatchObject({ actionType: 'site_search', searchKeyword: 'boots', url: 'https://example.org/search?sort=asc' });
  });

  it("uses the site's parameters instead of the defaults", () => {
    const ctx = context({ site: site({ siteSearchKeywordParameters: ['term'], siteSearchCategoryParameters: ['section'] }) });
    const h = hit({ url: 'https://example.org/?q=ignored&term=Tent&section=Camping' });
    detectSiteSearch.run(h, ctx);
    expect(h).toMatchObject({
      actionType: 'site_search',
      searchKeyword: 'Tent',
      searchCategory: 'Camping',
      url: 'https://example.org/?q=ignored',
    });
  });

  it.each([
    ['site search disabled', { url: 'https://example.org/?q=x' }, { siteSearchEnabled: false }],
    ['an event', { url: 'https://example.org/?q=x', actionType: 'event' as const }, {}],
    ['a download', { url: 'https://example.org/?q=x', actionType: 'download' as const }, {}],
  ])('leaves %s alone', (_label, over, siteOver) => {
    const h = hit(over);
    const before = { ...h };
    detectSiteSearch.run(h, context({ site: site(siteOver) }));
    expect(h).toEqual(before);
  });
});

describe('URL normalisation', () => {
  it.each([
    ['HTTPS://WWW.Example.ORG/Path/Page?Q=1', 'https://www.example.org/Path/Page?Q=1'],
    ['https://User:Pass@EXAMPLE.org:8080/A', 'https://User:Pass@example.org:8080/A'],
    ['https://example.org/Already', 'https://example.org/Already'],
    ['/relative/Path', '/relative/Path'],
    ['Example.ORG/no-scheme', 'Example.ORG/no-scheme'],
  ])('lowerCaseHost(%s)', (url, expected) => {
    expect(lowerCaseHost(url)).toBe(expected);
  });

  it('lower-cases the host of stored page URLs and keeps the rest', () => {
    expect(cleanPageUrl('https://WWW.Example.org/Shop?gclid=x&Color=Red#Top', [], false).url).toBe(
      'https://www.example.org/Shop?Color=Red',
    );
  });

  it.each([
    ['https://www.Example.org/a?b=1', 'example.org/a?b=1', 3],
    ['http://example.org/', 'example.org/', 0],
    ['http://www.example.org', 'example.org', 1],
    ['https://shop.example.org/Cart#x', 'shop.example.org/Cart#x', 2],
    ['ftp://files.example.org/a', 'ftp://files.example.org/a', null],
    ['https://wwwexample.org/', 'wwwexample.org/', 2],
  ])('pageUrlLabel(%s) = %s, prefix %s', (url, label, prefix) => {
    expect(pageUrlLabel(url)).toBe(label);
    expect(urlPrefixId(url)).toBe(prefix);
  });
});
