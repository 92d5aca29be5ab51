import { describe, expect, it } from 'vitest';
import type { Hit } from '../src/hit.js';
import { detectCampaign } from '../src/visits/campaign.js';
import { referrerOfHit } from '../src/visits/referrer.js';
import { hit as trackingHit } from './fixtures/tracking.js';

const SITE_URLS = ['https://www.example.org', 'http://shop.example'];

function hit(over: Partial<Hit>): Hit {
  return trackingHit({ url: 'https://example.org/page', ...over });
}

describe('referrerOfHit', () => {
  it.each([
    { label: 'no referrer', over: {}, expected: { type: 1, name: '', url: '' } },
    {
      label: 'a referrer on a site URL (www ignored)',
      over: { urlref: 'https://example.org/a' },
      expected: { type: 1, name: '', url: 'https://example.org/a' },
    },
    { label: 'a referrer on an alias', over: { urlref: 'http://www.shop.example/x' }, expected: { type: 1, name: '' } },
    {
      label: 'a referrer on the page host',
      over: { url: 'https://other.example/p', urlref: 'https://other.example/' },
      expected: { type: 1 },
    },
    {
      label: 'another host',
      over: { urlref: 'https://Blog.Example/post?x=1' },
      expected: { type: 3, name: 'blog.example', url: 'https://Blog.Example/post?x=1' },
    },
    { label: 'a referrer that is not a URL', over: { urlref: 'android-app' }, expected: { type: 1, url: '' } },
    {
      label: 'a campaign wins over the referrer',
      over: { url: 'https://example.org/?pk_campaign=Spring&pk_kwd=Shoes', urlref: 'https://blog.example/' },
      expected: { type: 6, name: 'spring', keyword: 'shoes', url: 'https://blog.example/' },
    },
  ])('$label', ({ over, expected }) => {
    expect(referrerOfHit(hit(over), SITE_URLS)).toMatchObject(expected);
  });
});

describe('detectCampaign', () => {
  it.each([
    { label: 'none', over: {}, expected: undefined },
    {
      label: 'all dimensions from the URL query',
      over: {
        url: 'https://example.org/?mtm_campaign=Spring&mtm_kwd=Shoes&mtm_source=News&mtm_medium=Email&mtm_content=Hero&mtm_cid=42&mtm_group=G&mtm_placement=Top',
      },
      expected: {
        name: 'spring',
        keyword: 'shoes',
        source: 'news',
        medium: 'email',
        content: 'Hero',
        id: '42',
        group: 'G',
        placement: 'Top',
      },
    },
    { label: 'from the fragment', over: { url: 'https://example.org/#pk_campaign=fall' }, expected: { name: 'fall' } },
    {
      label: 'tracking parameters first',
      over: { url: 'https://example.org/?mtm_campaign=url', campaignParams: { mtm_campaign: 'param' } },
      expected: { name: 'param' },
    },
    {
      label: 'utm_source alone names it',
      over: { url: 'https://example.org/?utm_source=newsletter' },
      expected: { name: 'newsletter', source: 'newsletter' },
    },
    { label: 'parameter names are case-insensitive', over: { url: 'https://example.org/?MTM_CAMPAIGN=x' }, expected: { name: 'x' } },
    { label: 'an empty name is no campaign', over: { url: 'https://example.org/?mtm_campaign=&mtm_kwd=k' }, expected: undefined },
  ])('$label', ({ over, expected }) => {
    const found = detectCampaign(hit(over), '');
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject(expected);
  });

  it('a missing keyword falls back to the visit’s keyword for the same campaign, else the referrer host', () => {
    const h = hit({ url: 'https://example.org/?mtm_campaign=spring' });
    expect(detectCampaign(h, 'News.Example')?.keyword).toBe('news.example');
    const visitCampaign = { name: 'spring', keyword: 'kw', source: '', medium: '', content: '', id: '', group: '', placement: '' };
    expect(detectCampaign(h, 'example.org', visitCampaign)?.keyword).toBe('kw');
    expect(detectCampaign(h, 'example.org', { ...visitCampaign, name: 'other' })?.keyword).toBe('example.org');
  });
});

describe('campaign parameter precedence (mtm_*, pk_*, matomo_*, utm_*)', () => {
  const base = 'https://example.org/?';
  it.each([
    ['utm_campaign=u&matomo_campaign=m&pk_campaign=p&mtm_campaign=t', 't'],
    ['utm_campaign=u&matomo_campaign=m&pk_campaign=p', 'p'],
    ['utm_campaign=u&matomo_campaign=m', 'm'],
    ['utm_campaign=u&utm_source=s', 'u'],
    ['pk_cpn=short&piwik_campaign=old', 'short'],
    ['mtm_cpn=Short', 'short'],
  ])('%s → name %s', (query, name) => {
    expect(detectCampaign(hit({ url: base + query }), '')?.name).toBe(name);
  });

  it.each([
    ['mtm_campaign=c&utm_term=u&pk_kwd=p&mtm_kwd=T', 't'],
    ['mtm_campaign=c&utm_term=u&matomo_kwd=m', 'm'],
    ['mtm_campaign=c&utm_term=U', 'u'],
  ])('%s → keyword %s', (query, keyword) => {
    expect(detectCampaign(hit({ url: base + query }), '')?.keyword).toBe(keyword);
  });

  it('takes each dimension from its own family order', () => {
    const c = detectCampaign(
      hit({
        url: `${base}mtm_campaign=c&utm_source=U&pk_source=P&utm_medium=um&matomo_medium=mm&utm_content=x&pk_cid=9&utm_id=8&pk_group=g&pk_placement=pl`,
      }),
      '',
    );
    expect(c).toMatchObject({ source: 'p', medium: 'mm', content: 'x', id: '9', group: 'g', placement: 'pl' });
  });
});
