import { describe, expect, it } from 'vitest';
import { buildTree, flattenTree, hostLabelPath, numberSubtables, urlLabelPath } from '../src/reports/hierarchy.js';
import { bucketSql, DURATION_BUCKETS, formatBucket, formatCountry, formatReferrerType, PAGE_BUCKETS } from '../src/reports/labels.js';

describe('page URL tree', () => {
  it.each([
    ['https://x.org', ['/index']],
    ['https://x.org/', ['/index']],
    ['https://x.org/a', ['/a']],
    ['https://x.org/store/', ['store', '/index']],
    ['https://x.org/store/cart?step=2', ['store', '/cart?step=2']],
    ['https://x.org/a/b/c', ['a', 'b', '/c']],
  ])('%s → %j', (url, path) => {
    expect(urlLabelPath(url)).toEqual(path);
  });

  it('folders sum their leaves; subtables are numbered depth first; flat joins labels', () => {
    const tree = buildTree(
      [
        { raw: 'https://x.org/', values: { nb_hits: 2 } },
        { raw: 'https://x.org/store/a', values: { nb_hits: 3 } },
        { raw: 'https://x.org/store/b', values: { nb_hits: 4 } },
      ],
      urlLabelPath,
      (raw) => ({ url: raw }),
    );
    numberSubtables(tree);
    expect(tree.map((r) => [r.label, r.values['nb_hits'], r.idsubdatatable])).toEqual([
      ['/index', 2, undefined],
      ['store', 7, 1],
    ]);
    expect(tree[1]!.children!.map((r) => [r.label, r.metadata['url']])).toEqual([
      ['/a', 'https://x.org/store/a'],
      ['/b', 'https://x.org/store/b'],
    ]);
    expect(flattenTree(tree).map((r) => r.label)).toEqual(['index', 'store/a', 'store/b']);
  });

  it('outlinks group by host', () => {
    expect(hostLabelPath('https://Docs.Example.org/a/b?x')).toEqual(['docs.example.org', '/a/b?x']);
  });
});

describe('labels', () => {
  it('countries have a name, a code, a flag and a segment; unknown is xx', () => {
    expect(formatCountry('fr')).toEqual({
      label: 'France',
      metadata: { code: 'fr', logo: 'plugins/Morpheus/icons/dist/flags/fr.png', segment: 'countryCode==fr' },
    });
    expect(formatCountry('').label).toBe('Unknown');
  });

  it('referrer types use Matomo labels', () => {
    expect(formatReferrerType('2')).toEqual({ label: 'Search Engines', metadata: { referrer_type: 2, segment: 'referrerType==search' } });
  });

  it('duration buckets have Matomo labels and the SQL picks the right index', () => {
    expect(DURATION_BUCKETS.map((b) => b.label)).toEqual([
      '0-10s',
      '11-30s',
      '31-60s',
      '1-2 min',
      '2-4 min',
      '4-7 min',
      '7-10 min',
      '10-15 min',
      '15-30 min',
      '30+ min',
    ]);
    expect(bucketSql('d', DURATION_BUCKETS)).toBe('toString(arrayCount(x -> x <= d, [11, 31, 61, 121, 241, 421, 601, 901, 1801]))');
    expect(formatBucket(PAGE_BUCKETS, 'actions')('5')).toEqual({ label: '6-7 pages', metadata: { segment: 'actions>=6;actions<=7' } });
  });
});
