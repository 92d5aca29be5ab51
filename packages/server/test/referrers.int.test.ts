import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEventStore } from '@sillage/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERRER_FIXTURES, SITE_PAGE, SITE_URLS } from '../../core/test/fixtures/referrer-urls.js';
import { createSites } from './support/fixtures.js';
import { startServer, type TestServer, tempDataDir, waitShipped } from './support/harness.js';

/**
 * Referrers, campaigns, referrer spam, site search and URL normalisation end to end: real hits through
 * the real tracking endpoint, rows read back from the event store after the server stopped.
 */
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

interface StoredRow {
  title: string;
  url: string;
  action_type: number;
  ref_type: number;
  ref_name: string;
  ref_keyword: string;
  search_keyword: string;
  search_category: string;
  campaign_source: string;
  campaign_medium: string;
  campaign_content: string;
  campaign_id: string;
  campaign_group: string;
  campaign_placement: string;
}

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
let site: number;
let rows: Map<string, StoredRow>;
const ignored = new Map<string, string | null>();

function visitorId(n: number): string {
  return n.toString(16).padStart(16, '0');
}

async function track(title: string, n: number, params: Record<string, string>): Promise<void> {
  const qs = new URLSearchParams({
    idsite: String(site),
    rec: '1',
    new_visit: '1',
    _id: visitorId(n),
    action_name: title,
    send_image: '0',
    ...params,
  });
  const res = await fetch(`${server.url}/matomo.php?${qs}`, { headers: { 'user-agent': UA } });
  expect(res.status).toBe(204);
  ignored.set(title, res.headers.get('x-sillage-ignored'));
}

beforeAll(async () => {
  data = tempDataDir();
  const spamFile = join(data.dir, 'spam.txt');
  writeFileSync(spamFile, '# installation list\nspam-of-our-own.example\n');
  [site] = (await createSites(data.dir, [{ name: 'Referrers', urls: [...SITE_URLS], privacy: { campaignDetail: 'full' } }])) as [number];
  server = await startServer({ SILLAGE_DATA_DIR: data.dir, SILLAGE_SPAM_LIST_FILE: spamFile });

  let n = 1;
  for (const [i, fixture] of REFERRER_FIXTURES.entries()) {
    await track(`fx-${i}`, n++, {
      url: fixture.url ?? SITE_PAGE,
      ...(fixture.urlref ? { urlref: fixture.urlref } : {}),
      ...(fixture.params ?? {}),
    });
  }
  await track('spam-builtin', n++, { url: SITE_PAGE, urlref: 'http://semalt.semalt.com/crawler.php?u=https://www.example.org' });
  await track('spam-installation', n++, { url: SITE_PAGE, urlref: 'https://www.spam-of-our-own.example/' });
  await track('not-spam', n++, { url: SITE_PAGE, urlref: 'https://notsemalt.com/' });
  await track('site-search', n++, { url: 'https://www.example.org/search?q=Red+Boots&page=2' });
  await track('explicit-search', n++, { url: 'https://www.example.org/search', search: 'tent', search_cat: 'Camping' });
  await track('normalised', n++, { url: 'HTTPS://WWW.Example.ORG/Path?gclid=abc&Color=Red&utm_source=x#Top' });
  await waitShipped(server.url);
  expect(await server.stop()).toBe(0);

  const events = await createEventStore({ kind: 'chdb', dataDir: join(data.dir, 'events') });
  try {
    const stored = await events.query<StoredRow>(
      `SELECT title, url, action_type, ref_type, ref_name, ref_keyword, search_keyword, search_category, campaign_source, campaign_medium,
              campaign_content, campaign_id, campaign_group, campaign_placement
       FROM sillage.events WHERE site_id = {s:UInt32}`,
      { s: site },
    );
    rows = new Map(stored.map((r) => [r.title, { ...r, action_type: Number(r.action_type), ref_type: Number(r.ref_type) }]));
  } finally {
    await events.close();
  }
}, 180_000);

afterAll(() => {
  data?.remove();
});

describe('referrer fixtures through the tracking endpoint', () => {
  it('stores every fixture hit', () => {
    const missing = REFERRER_FIXTURES.map((_, i) => `fx-${i}`).filter((t) => !rows.has(t));
    expect(missing).toEqual([]);
  });

  it.each(REFERRER_FIXTURES.map((f, i) => [`${i}: ${f.urlref || '(none)'} ${f.url ?? ''}`, i] as const))('%s', (_label, i) => {
    const fixture = REFERRER_FIXTURES[i]!;
    const row = rows.get(`fx-${i}`);
    expect({ type: row?.ref_type, name: row?.ref_name, keyword: row?.ref_keyword }).toEqual({
      type: fixture.type,
      name: fixture.name,
      keyword: fixture.keyword,
    });
    if (fixture.campaign) {
      const { source, medium, content, id, group, placement } = fixture.campaign;
      const expected = Object.fromEntries(
        Object.entries({
          campaign_source: source,
          campaign_medium: medium,
          campaign_content: content,
          campaign_id: id,
          campaign_group: group,
          campaign_placement: placement,
        }).filter(([, v]) => v !== undefined),
      );
      expect(row).toMatchObject(expected);
    }
    // Campaign parameters never stay in stored page URLs.
    expect(row?.url).not.toMatch(/[?&#](mtm|pk|piwik|matomo|utm)_/);
  });
});

describe('referrer spam', () => {
  it('drops hits from the built-in list and from SILLAGE_SPAM_LIST_FILE with reason spam-referrer', () => {
    expect(ignored.get('spam-builtin')).toBe('spam-referrer');
    expect(ignored.get('spam-installation')).toBe('spam-referrer');
    expect(rows.has('spam-builtin')).toBe(false);
    expect(rows.has('spam-installation')).toBe(false);
  });

  it('keeps look-alike hosts', () => {
    expect(ignored.get('not-spam')).toBeNull();
    expect(rows.get('not-spam')).toMatchObject({ ref_type: 3, ref_name: 'notsemalt.com' });
  });
});

describe('site search and URL normalisation', () => {
  it('turns a page view with a keyword parameter into a site search, parameter removed from the URL', () => {
    expect(rows.get('site-search')).toMatchObject({
      action_type: 3,
      search_keyword: 'Red Boots',
      url: 'https://www.example.org/search?page=2',
    });
  });

  it('keeps an explicitly tracked site search as sent', () => {
    expect(rows.get('explicit-search')).toMatchObject({
      action_type: 3,
      search_keyword: 'tent',
      search_category: 'Camping',
      url: 'https://www.example.org/search',
    });
  });

  it('lower-cases the host and drops click ids, campaign parameters and the fragment', () => {
    expect(rows.get('normalised')?.url).toBe('https://www.example.org/Path?Color=Red');
  });
});
