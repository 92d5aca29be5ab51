/**
 * The event-store contract, registered once per engine: every implementation of EventStore must pass
 * the same tests. Rows of each test use their own site id, so a shared ClickHouse server that keeps
 * data between runs does not disturb them.
 */
import { EVENT_COLUMNS, type EventRow, emptyEventRow, isSillageError } from '@sillage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_MIGRATIONS, EventRowEncoder, encodeEventRows } from '../src/events/index.js';
import type { EventStore } from '../src/ports.js';

export interface EventStoreUnderTest {
  readonly store: EventStore;
  /** Releases what the factory made (temp dirs …); the store itself is closed by the suite. */
  cleanup?(): Promise<void>;
}

/** A site id unlikely to collide with earlier runs against a persistent server. */
function freshSiteId(): number {
  return 100_000 + Math.floor(Math.random() * 4_000_000_000);
}

/** A row where every column holds a non-default value (nullables filled). */
export function fullRow(siteId: number, seq: bigint): EventRow {
  return {
    site_id: siteId,
    ts: 1_735_689_600 + 3_661, // 2025-01-01 01:01:01 UTC
    seq,
    visit_id: 18_446_744_073_709_551_614n, // 2^64 - 2: beyond double precision
    visitor_id: 18_446_744_073_709_551_615n, // 2^64 - 1
    config_id: 9_007_199_254_740_993n, // 2^53 + 1: the first integer a double cannot hold
    user_id: 'user@example.com',
    action_type: 7,
    is_action: 1,
    is_visit_start: 1,
    visit_first_ts: 1_735_689_600,
    visit_action_index: 4_000_000_000,
    visit_total_time: 3_662,
    visitor_returning: 2,
    visit_count: 12,
    seconds_since_last_visit: 86_400,
    seconds_since_first_visit: 864_000,
    time_spent_ref_action: 1_800,
    ip: '192.168.0.0',
    url: 'https://example.com/caf\u00e9?q=1&r="2"#frag',
    title: "Caf\u00e9 \u2615 \u65e5\u672c\u8a9e \ud83d\ude80 tab\there, newline\nthere, back\\slash, quote's",
    page_view_id: 'Ab12Cd',
    referrer_url: 'https://www.google.com/search?q=caf%C3%A9',
    ref_type: 2,
    ref_name: 'Google',
    ref_keyword: 'caf\u00e9',
    ref_url: 'https://www.google.com/',
    campaign_name: 'spring',
    campaign_keyword: 'kw',
    campaign_source: 'newsletter',
    campaign_medium: 'email',
    campaign_content: 'banner',
    campaign_id: 'c-1',
    campaign_group: 'g',
    campaign_placement: 'top',
    event_category: 'Video',
    event_action: 'Play',
    event_name: 'Intro',
    event_value: -12.25,
    search_keyword: 'shoes',
    search_category: 'all',
    search_count: -3,
    link_url: 'https://example.org/file.pdf',
    content_name: 'hero',
    content_piece: 'image.png',
    content_target: '/target',
    content_interaction: 'click',
    goal_id: -1,
    revenue: 1_234.5,
    order_id: 'A-100',
    items: '[["SKU1","Shirt",["Clothes","Men"],19.99,2]]',
    subtotal: 39.98,
    tax: 7.5,
    shipping: 4.25,
    discount: 0.5,
    product_sku: 'SKU1',
    product_name: 'Shirt',
    product_category: ['Clothes', 'M\u00e4nner', ''],
    product_price: 19.99,
    dimensions: { 1: 'gold', 65535: '\u00e9t\u00e9' },
    custom_variables: '{"visit":{"1":["k","v"]}}',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
    client_hints: '{"brands":[]}',
    language: 'fr-ca',
    resolution: '1920x1080',
    local_time: 86_399,
    plugin_flags: '10010011',
    device_type: 'desktop',
    device_brand: 'Apple',
    device_model: 'MacBook',
    os_name: 'Mac',
    os_version: '14.1',
    browser_name: 'Firefox',
    browser_version: '128.0',
    browser_engine: 'Gecko',
    country: 'fr',
    region: 'IDF',
    city: 'Paris',
    latitude: 48.5, // exactly representable in Float32
    longitude: -2.25,
    pf_network: 0,
    pf_server: 4_294_967_295,
    pf_transfer: 12,
    pf_dom_processing: 13,
    pf_dom_completion: 14,
    pf_onload: 15,
  };
}

/** What a row looks like when read back: ClickHouse JSON conventions (64-bit ints and dates as strings). */
function asReadBack(row: EventRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of EVENT_COLUMNS) {
    const value = row[name];
    if (typeof value === 'bigint') out[name] = value.toString();
    else if (type.startsWith('DateTime')) out[name] = new Date((value as number) * 1000).toISOString().slice(0, 19).replace('T', ' ');
    else if (name === 'dimensions') out[name] = Object.fromEntries(Object.entries(value as object));
    else out[name] = value;
  }
  return out;
}

function rowsFor(siteId: number, count: number, firstSeq = 1n): EventRow[] {
  return Array.from({ length: count }, (_, i) => ({
    ...emptyEventRow(),
    site_id: siteId,
    ts: 1_735_689_600 + i,
    seq: firstSeq + BigInt(i),
    visit_id: firstSeq,
    url: `https://example.com/page/${i}`,
  }));
}

async function countRows(store: EventStore, siteId: number): Promise<number> {
  const [row] = await store.query<{ n: string }>('SELECT count() AS n FROM sillage.events WHERE site_id = {site:UInt32}', { site: siteId });
  return Number(row?.n);
}

export function eventStoreContract(name: string, open: () => Promise<EventStoreUnderTest>): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: EventStoreUnderTest;
    let store: EventStore;

    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });

    afterAll(async () => {
      await store?.close();
      await subject?.cleanup?.();
    });

    it('migrates, and a second migrate is a no-op', async () => {
      const first = await store.migrate();
      const latest = EVENT_MIGRATIONS.at(-1)!.version;
      expect(first.current).toBe(latest);
      const second = await store.migrate();
      expect(second).toEqual({ applied: [], current: latest });
      const recorded = await store.query<{ version: string }>('SELECT DISTINCT version FROM sillage.schema_migrations ORDER BY version');
      expect(recorded.map((r) => r.version)).toEqual(EVENT_MIGRATIONS.map((m) => m.version));
    });

    it('creates sillage.events with exactly EVENT_COLUMNS, in order', async () => {
      const columns = await store.query<{ name: string; type: string }>('DESCRIBE TABLE sillage.events');
      expect(columns.map((c) => [c.name, c.type])).toEqual(EVENT_COLUMNS.map(([n, t]) => [n, t]));
    });

    it('answers ping', async () => {
      expect(await store.ping()).toBe(true);
    });

    it('round-trips a row with every column filled, and one with every nullable null', async () => {
      const site = freshSiteId();
      const filled = fullRow(site, 1n);
      const nulls: EventRow = {
        ...fullRow(site, 2n),
        event_value: null,
        search_count: null,
        revenue: null,
        subtotal: null,
        tax: null,
        shipping: null,
        discount: null,
        product_price: null,
        latitude: null,
        longitude: null,
        pf_network: null,
        pf_server: null,
        pf_transfer: null,
        pf_dom_processing: null,
        pf_dom_completion: null,
        pf_onload: null,
        product_category: [],
        dimensions: {},
      };
      await store.insertEvents([filled, nulls], `roundtrip-${site}`);
      const back = await store.query('SELECT * FROM sillage.events WHERE site_id = {site:UInt32} ORDER BY seq', { site });
      expect(back).toEqual([asReadBack(filled), asReadBack(nulls)]);
    });

    it('stores a batch once when its token is inserted twice', async () => {
      const site = freshSiteId();
      const batch = rowsFor(site, 50);
      await store.insertEvents(batch, `dedup-${site}`);
      await store.insertEvents(batch, `dedup-${site}`);
      expect(await countRows(store, site)).toBe(50);
      // The token, not the content, decides: the same rows under a new token are a new batch.
      await store.insertEvents(batch, `dedup-${site}-again`);
      expect(await countRows(store, site)).toBe(100);
    });

    it('stores rows encoded ahead of time as insertEvents would, once per token', async () => {
      const site = freshSiteId();
      const batch = rowsFor(site, 30);
      const encoded = encodeEventRows(batch);
      await store.insertEncodedEvents(encoded, `encoded-${site}`);
      await store.insertEncodedEvents(encoded, `encoded-${site}`);
      expect(await countRows(store, site)).toBe(30);
      // A Uint8Array view into a larger buffer (as a worker thread hands it over) is read from its offset.
      const framed = new Uint8Array(encoded.data.byteLength + 8);
      framed.set(encoded.data, 4);
      await store.insertEncodedEvents({ ...encoded, data: framed.subarray(4, 4 + encoded.data.byteLength) }, `encoded-${site}-view`);
      expect(await countRows(store, site)).toBe(60);
      await store.insertEncodedEvents(encodeEventRows([]), `encoded-${site}-empty`);
      expect(await countRows(store, site)).toBe(60);
    });

    it('reads back every value of a batch whose lines name only some columns, each stopping early', async () => {
      // Slices with different columns (one encoder, as the shipper uses it): the engine must store a left-out
      // value exactly as the value itself, our non-zero defaults (visit_count, ref_type) included.
      const site = freshSiteId();
      const [a, b, c] = rowsFor(site, 3) as [EventRow, EventRow, EventRow];
      const bare: EventRow = { ...emptyEventRow(), site_id: site, ts: a.ts, seq: 1n };
      const page: EventRow = { ...a, seq: 2n, dimensions: {}, product_category: [], revenue: null, visit_count: 1 };
      const shop: EventRow = { ...b, seq: 3n, revenue: 0, product_category: ['Tea', ''], dimensions: { 4: 'gold' }, visit_count: 0 };
      const geo: EventRow = { ...c, seq: 4n, country: 'fr', city: 'Paris', latitude: 48.85, longitude: 2.35 };
      const encoder = new EventRowEncoder();
      encoder.add([bare]);
      encoder.add([page, shop]);
      encoder.add([geo]);
      const encoded = encoder.finish();
      expect(encoded.columns.length).toBeLessThan(EVENT_COLUMNS.length);
      await store.insertEncodedEvents(encoded, `sparse-${site}`);
      const back = await store.query('SELECT * FROM sillage.events WHERE site_id = {site:UInt32} ORDER BY seq', { site });
      expect(back).toEqual([bare, page, shop, geo].map(asReadBack));
    });

    it('treats an empty batch as a no-op', async () => {
      const site = freshSiteId();
      await store.insertEvents([], `empty-${site}`);
      expect(await countRows(store, site)).toBe(0);
    });

    it.each([
      [
        'String with quotes, backslash, newline, unicode',
        '{v:String}',
        'it\'s a \\ "test"\nline 2 \u00e9 \ud83d\ude80',
        'it\'s a \\ "test"\nline 2 \u00e9 \ud83d\ude80',
      ],
      ['UInt64 as bigint near 2^64', '{v:UInt64}', 18_446_744_073_709_551_615n, '18446744073709551615'],
      ['UInt64 as string', '{v:UInt64}', '18446744073709551614', '18446744073709551614'],
      ['Int32 negative', '{v:Int32}', -42, -42],
      ['Float64', '{v:Float64}', 0.125, 0.125],
      ['Bool', '{v:Bool}', true, true],
      ['Array(UInt32)', '{v:Array(UInt32)}', [1, 2, 3], [1, 2, 3]],
      ['Array(String)', '{v:Array(String)}', ["a'b", 'c,d', ''], ["a'b", 'c,d', '']],
      ['empty Array(String)', '{v:Array(String)}', [], []],
      ['Date', '{v:Date}', '2025-03-30', '2025-03-30'],
    ] as const)('binds a parameter: %s', async (_label, placeholder, value, expected) => {
      const rows = await store.query<{ v: unknown }>(`SELECT ${placeholder} AS v`, { v: value });
      expect(rows).toEqual([{ v: expected }]);
    });

    it('filters stored rows with array parameters', async () => {
      const site = freshSiteId();
      await store.insertEvents(rowsFor(site, 10), `params-${site}`);
      const rows = await store.query<{ seq: string }>(
        'SELECT seq FROM sillage.events WHERE site_id = {site:UInt32} AND seq IN {seqs:Array(UInt64)} AND url IN {urls:Array(String)} ORDER BY seq',
        { site, seqs: ['2', '3', '4'], urls: ['https://example.com/page/2', 'https://example.com/page/3'] },
      );
      expect(rows).toEqual([{ seq: '3' }, { seq: '4' }]);
    });

    it('runs commands, with and without parameters', async () => {
      const site = freshSiteId();
      await store.insertEvents(rowsFor(site, 5), `command-${site}`);
      await store.command(
        'ALTER TABLE sillage.events DELETE WHERE site_id = {site:UInt32} AND seq <= {upTo:UInt64} SETTINGS mutations_sync = 1',
        { site, upTo: 2 },
      );
      expect(await countRows(store, site)).toBe(3);
    });

    it('rejects bad SQL with STORE_QUERY_FAILED, and keeps answering', async () => {
      const err = await store.query('SELECT no_such_column FROM sillage.events').catch((e: unknown) => e);
      expect(isSillageError(err, 'STORE_QUERY_FAILED')).toBe(true);
      expect(String((err as Error).message)).toMatch(/no_such_column/);
      expect(await store.ping()).toBe(true);
    });

    it('answers many concurrent queries while inserts run', async () => {
      const site = freshSiteId();
      const batches = 20;
      const perBatch = 200;
      const inserts = Array.from({ length: batches }, (_, b) =>
        store.insertEvents(rowsFor(site, perBatch, BigInt(b * perBatch + 1)), `concurrent-${site}-${b}`),
      );
      const queries = Array.from({ length: 60 }, (_, q) =>
        q % 2 === 0
          ? store.query<{ n: string }>('SELECT count() AS n FROM sillage.events WHERE site_id = {site:UInt32}', { site })
          : store.query<{ n: string }>(`SELECT count() AS n FROM sillage.events WHERE site_id = ${site} AND seq > ${q}`),
      );
      const results = await Promise.all(queries);
      await Promise.all(inserts);
      for (const rows of results) {
        const n = Number(rows[0]?.n);
        expect(n).toBeGreaterThanOrEqual(0);
        expect(n).toBeLessThanOrEqual(batches * perBatch);
      }
      expect(await countRows(store, site)).toBe(batches * perBatch);
    });
  });
}
