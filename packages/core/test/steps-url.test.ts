import { describe, expect, it } from 'vitest';
import { cleanPageUrl, runPipeline, stripExcludedQueryParameters } from '../src/index.js';
import { context, hit, site } from './fixtures/tracking.js';

describe('cleanPageUrl', () => {
  it.each([
    { url: 'https://e.org/a?x=1&y=2', excluded: [], keep: false, expected: 'https://e.org/a?x=1&y=2' },
    { url: 'https://e.org/a?x=1&gclid=abc&y=2', excluded: [], keep: false, expected: 'https://e.org/a?x=1&y=2' },
    { url: 'https://e.org/a?FBCLID=abc', excluded: [], keep: false, expected: 'https://e.org/a' },
    { url: 'https://e.org/a?PHPSESSID=1&sid=2&pk_vid=3&ignore_referrer=1', excluded: [], keep: false, expected: 'https://e.org/a' },
    { url: 'https://e.org/a?mtm_campaign=s&utm_medium=m&page=2', excluded: [], keep: false, expected: 'https://e.org/a?page=2' },
    { url: 'https://e.org/a?token=secret&page=2', excluded: ['token'], keep: false, expected: 'https://e.org/a?page=2' },
    { url: 'https://e.org/a?Token=secret', excluded: ['TOKEN'], keep: false, expected: 'https://e.org/a' },
    { url: 'https://e.org/a?tok_1=a&tok_2=b&x=1', excluded: ['/^tok_\\d$/'], keep: false, expected: 'https://e.org/a?x=1' },
    { url: 'https://e.org/a?x=1#section', excluded: [], keep: false, expected: 'https://e.org/a?x=1' },
    { url: 'https://e.org/a?x=1#section', excluded: [], keep: true, expected: 'https://e.org/a?x=1#section' },
    { url: 'https://e.org/a?gclid=1#/route?y=2', excluded: [], keep: true, expected: 'https://e.org/a#/route?y=2' },
    { url: 'https://e.org/a?x=%ZZ&y', excluded: [], keep: false, expected: 'https://e.org/a?x=%ZZ&y' }, // malformed escapes kept
    { url: 'https://e.org/a?utm%5Fsource=x&q=%C3%A9', excluded: [], keep: false, expected: 'https://e.org/a?q=%C3%A9' }, // encoded names decoded
    { url: 'https://e.org/a?', excluded: [], keep: false, expected: 'https://e.org/a?' }, // untouched query kept byte for byte
    { url: 'https://e.org/a?x=1&&y=2', excluded: [], keep: false, expected: 'https://e.org/a?x=1&&y=2' },
  ])('$url (excluded $excluded, keep fragment $keep) → $expected', ({ url, excluded, keep, expected }) => {
    expect(cleanPageUrl(url, excluded, keep).url).toBe(expected);
  });

  it('collects campaign params from the query and the fragment, the query winning', () => {
    const { campaign } = cleanPageUrl('https://e.org/?mtm_campaign=Q&x=1#mtm_campaign=F&mtm_kwd=k', [], false);
    expect(campaign).toEqual({ mtm_campaign: 'Q', mtm_kwd: 'k' });
  });
});

describe('stripExcludedQueryParameters step', () => {
  it('never drops, cleans the url and merges URL campaign params over tracking ones', () => {
    const h = hit({
      url: 'https://e.org/?utm_source=news&utm_campaign=Spring&fbclid=x#top',
      campaignParams: { utm_source: 'param', pk_kwd: 'kw' },
    });
    const result = runPipeline([stripExcludedQueryParameters], h, context({ site: site({ keepUrlFragment: false }) }));
    expect(result.ok).toBe(true);
    expect(h.url).toBe('https://e.org/');
    expect(h.campaignParams).toEqual({ utm_source: 'news', utm_campaign: 'Spring', pk_kwd: 'kw' });
  });

  it('leaves a hit without url alone', () => {
    const h = hit();
    expect(runPipeline([stripExcludedQueryParameters], h, context()).ok).toBe(true);
    expect(h.url).toBeUndefined();
    expect(h.campaignParams).toBeUndefined();
  });
});
