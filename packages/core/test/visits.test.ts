import { beforeAll, describe, expect, it } from 'vitest';
import { type Drop, isDrop } from '../src/drop.js';
import type { EventRow } from '../src/event-row.js';
// Helpers: hits with sensible defaults and a runner.
import type { Hit } from '../src/hit.js';
import { ACTION_TYPE_CODE } from '../src/hit.js';
import { buildEventRow } from '../src/visits/build-event-row.js';
import type { VisitorHistory, VisitorHistoryLoader } from '../src/visits/history.js';
import { bigintToHexId } from '../src/visits/ids.js';
import {
  Sessionizer,
  type SessionizerOptions,
  VISIT_RESTORE_COLUMNS,
  type VisitAssignment,
  type VisitRestoreRow,
} from '../src/visits/sessionizer.js';

export const SITE_UTC = 1;
export const SITE_PARIS = 2;
export const SITE_LA = 3;
export const TIMEZONES: Record<number, string> = { [SITE_UTC]: 'UTC', [SITE_PARIS]: 'Europe/Paris', [SITE_LA]: 'America/Los_Angeles' };
export const SITE_URLS = ['https://example.org', 'https://www.shop.example/store'];

export const VISITOR_A = 'aaaaaaaaaaaaaaaa';
export const VISITOR_B = 'bbbbbbbbbbbbbbbb';
export const CONFIG_1 = 'c000000000000001';
export const CONFIG_2 = 'c000000000000002';

/** ms since epoch of an ISO instant. */
export const at = (iso: string): number => Date.parse(iso);

export function makeHit(over: Partial<Hit> = {}): Hit {
  const ts = over.ts ?? at('2024-06-10T10:00:00Z');
  return {
    siteId: SITE_UTC,
    ts,
    receivedAt: ts,
    actionType: 'pageview',
    ip: '192.168.0.0',
    userAgent: 'Mozilla/5.0',
    language: 'en',
    newVisit: false,
    keepBots: false,
    consent: false,
    visitorId: VISITOR_A,
    visitorIdSource: 'cookie',
    configIds: [CONFIG_1],
    url: 'https://example.org/page',
    ...over,
  };
}

export function makeSessionizer(
  over: Partial<SessionizerOptions> = {},
  histories: Record<string, VisitorHistory> = {},
): { sessionizer: Sessionizer; loaderCalls: Array<[number, string[]]> } {
  const loaderCalls: Array<[number, string[]]> = [];
  const sessionizer = new Sessionizer({
    siteTimezone: (siteId) => TIMEZONES[siteId] ?? 'UTC',
    siteUrls: () => SITE_URLS,
    loader: async (siteId, ids) => {
      loaderCalls.push([siteId, [...ids]]);
      return new Map(ids.filter((id) => histories[id] !== undefined).map((id) => [id, histories[id] as VisitorHistory]));
    },
    ...over,
  });
  return { sessionizer, loaderCalls };
}

/** Prepares and assigns the hits in order (seq 1, 2, …); returns each outcome. */
export async function assignAll(sessionizer: Sessionizer, hits: Hit[], firstSeq = 1n): Promise<Array<VisitAssignment | Drop>> {
  await sessionizer.prepare(hits);
  return hits.map((hit, i) => sessionizer.assign(hit, firstSeq + BigInt(i)));
}

export function visitOf(outcome: VisitAssignment | Drop): VisitAssignment {
  if (isDrop(outcome)) throw new Error(`expected a visit, got drop ${outcome.drop}`);
  return outcome;
}

const T = at('2024-06-10T10:00:00Z');
const sec = (s: number) => T + s * 1000;

describe('inactivity window', () => {
  it.each([
    { gap: 1, same: true },
    { gap: 1799, same: true },
    { gap: 1800, same: false },
    { gap: 3600, same: false },
    // Out-of-order: a hit older than the last action stays while less than a visit length older.
    { gap: -1799, same: true },
    { gap: -1800, same: false },
  ])('second hit $gap s after the first: same visit $same', async ({ gap, same }) => {
    const { sessionizer } = makeSessionizer();
    const [a, b] = (await assignAll(sessionizer, [makeHit({ ts: T }), makeHit({ ts: sec(gap) })])).map(visitOf);
    expect(a?.visitId).toBe(1n);
    expect(b?.visitId).toBe(same ? 1n : 2n);
    expect(b?.isVisitStart).toBe(!same);
    if (!same) expect(b?.newVisitReason).toBe('idle');
  });
});

describe('ping', () => {
  it.each([
    { label: 'without any visit', hits: [{ ts: T, actionType: 'ping' as const }] },
    { label: 'after 31 minutes', hits: [{ ts: T }, { ts: sec(31 * 60), actionType: 'ping' as const }] },
    {
      label: 'after midnight',
      hits: [{ ts: at('2024-06-10T23:59:00Z') }, { ts: at('2024-06-11T00:01:00Z'), actionType: 'ping' as const }],
    },
    { label: 'with new_visit=1', hits: [{ ts: T }, { ts: sec(60), actionType: 'ping' as const, newVisit: true }] },
  ])('is dropped $label', async ({ hits }) => {
    const { sessionizer } = makeSessionizer();
    const outcomes = await assignAll(sessionizer, hits.map(makeHit));
    expect(outcomes.at(-1)).toMatchObject({ drop: 'ping-without-visit' });
  });

  it('extends the total time only, never the last action time', async () => {
    const { sessionizer } = makeSessionizer();
    const outcomes = await assignAll(sessionizer, [
      makeHit({ ts: T }),
      makeHit({ ts: sec(1500), actionType: 'ping' }),
      makeHit({ ts: sec(1700), actionType: 'ping' }),
      // 1900 s after the page view but only 200 s after the ping: still a new visit.
      makeHit({ ts: sec(1900) }),
    ]);
    const [view, ping1, ping2, next] = outcomes.map(visitOf);
    expect(view).toMatchObject({ visitTotalTime: 0, visitTotalActions: 1 });
    expect(ping1).toMatchObject({
      visitId: 1n,
      visitTotalTime: 1501,
      isAction: false,
      actionIndex: 0,
      timeSpentRefAction: 0,
      visitTotalActions: 1,
    });
    expect(ping2).toMatchObject({ visitId: 1n, visitTotalTime: 1701 });
    expect(next).toMatchObject({ visitId: 4n, isVisitStart: true, newVisitReason: 'idle' });
  });

  it('does not count as the previous action for time spent', async () => {
    const { sessionizer } = makeSessionizer();
    const outcomes = (
      await assignAll(sessionizer, [makeHit({ ts: T }), makeHit({ ts: sec(100), actionType: 'ping' }), makeHit({ ts: sec(130) })])
    ).map(visitOf);
    expect(outcomes[2]).toMatchObject({ timeSpentRefAction: 130, visitTotalTime: 131, actionIndex: 2 });
  });
});

describe('midnight in the site timezone', () => {
  it.each([
    // Paris in summer is UTC+2: 21:50Z is 23:50, 22:05Z is 00:05 the next day.
    { site: SITE_PARIS, from: '2024-06-10T21:50:00Z', to: '2024-06-10T22:05:00Z', same: false },
    { site: SITE_UTC, from: '2024-06-10T21:50:00Z', to: '2024-06-10T22:05:00Z', same: true },
    { site: SITE_PARIS, from: '2024-06-10T23:50:00Z', to: '2024-06-11T00:05:00Z', same: true },
    // Los Angeles in summer is UTC−7: midnight is 07:00Z.
    { site: SITE_LA, from: '2024-06-11T06:50:00Z', to: '2024-06-11T07:05:00Z', same: false },
    { site: SITE_LA, from: '2024-06-10T23:50:00Z', to: '2024-06-11T00:05:00Z', same: true },
    // Paris DST day 2024-03-31 (02:00 → 03:00): the day starts at 23:00Z (UTC+1) …
    { site: SITE_PARIS, from: '2024-03-30T22:50:00Z', to: '2024-03-30T23:05:00Z', same: false },
    // … the jump inside the day does not split (01:50 → 03:05 local, 15 min) …
    { site: SITE_PARIS, from: '2024-03-31T00:50:00Z', to: '2024-03-31T01:05:00Z', same: true },
    // … and it ends at 22:00Z (UTC+2).
    { site: SITE_PARIS, from: '2024-03-31T21:50:00Z', to: '2024-03-31T22:05:00Z', same: false },
    { site: SITE_PARIS, from: '2024-03-31T22:50:00Z', to: '2024-03-31T23:05:00Z', same: true },
    // Los Angeles DST day 2024-11-03 (02:00 PDT → 01:00 PST): it ends at 08:00Z (UTC−8), not 07:00Z.
    { site: SITE_LA, from: '2024-11-04T06:50:00Z', to: '2024-11-04T07:05:00Z', same: true },
    { site: SITE_LA, from: '2024-11-04T07:50:00Z', to: '2024-11-04T08:05:00Z', same: false },
    // The repeated hour 01:00–02:00 inside that day does not split.
    { site: SITE_LA, from: '2024-11-03T08:50:00Z', to: '2024-11-03T09:05:00Z', same: true },
  ])('site $site: $from → $to same visit $same', async ({ site, from, to, same }) => {
    const { sessionizer } = makeSessionizer();
    const [, second] = (await assignAll(sessionizer, [makeHit({ siteId: site, ts: at(from) }), makeHit({ siteId: site, ts: at(to) })])).map(
      visitOf,
    );
    expect(second?.visitId).toBe(same ? 1n : 2n);
    if (!same) expect(second?.newVisitReason).toBe('midnight');
  });

  it('a midnight split keeps the visitor: returning, visit count 2', async () => {
    const { sessionizer } = makeSessionizer();
    const [, second] = (
      await assignAll(sessionizer, [
        makeHit({ siteId: SITE_PARIS, ts: at('2024-06-10T21:50:00Z') }),
        makeHit({ siteId: SITE_PARIS, ts: at('2024-06-10T22:05:00Z') }),
      ])
    ).map(visitOf);
    expect(second).toMatchObject({ visitorReturning: 1, visitCount: 2, secondsSinceLastVisit: 900, secondsSinceFirstVisit: 900 });
  });
});

describe('campaigns', () => {
  const landing = (query: string) => `https://example.org/landing?${query}`;
  it.each([
    {
      label: 'a different campaign name splits',
      first: { url: landing('mtm_campaign=spring') },
      second: { url: landing('mtm_campaign=summer') },
      same: false,
    },
    {
      label: 'a different keyword splits',
      first: { url: landing('pk_campaign=spring&pk_kwd=a') },
      second: { url: landing('pk_campaign=spring&pk_kwd=b') },
      same: false,
    },
    {
      label: 'the same campaign, other case, continues',
      first: { url: landing('utm_campaign=Spring') },
      second: { url: landing('utm_campaign=SPRING') },
      same: true,
    },
    {
      label: 'a page without campaign continues',
      first: { url: landing('mtm_campaign=spring') },
      second: { url: 'https://example.org/next' },
      same: true,
    },
    {
      label: 'tracking parameters count like URL parameters',
      first: { campaignParams: { mtm_campaign: 'spring' } },
      second: { campaignParams: { mtm_campaign: 'summer' } },
      same: false,
    },
    // Matomo: a direct-entry visit takes the campaign instead of splitting.
    {
      label: 'direct entry then a campaign continues',
      first: { url: 'https://example.org/' },
      second: { url: landing('mtm_campaign=spring') },
      same: true,
    },
    {
      label: 'a website referrer then a campaign splits',
      first: { urlref: 'https://blog.example/post' },
      second: { url: landing('mtm_campaign=spring'), urlref: 'https://blog.example/post' },
      same: false,
    },
    {
      // The keyword defaults to the referrer host, and a later page of the same campaign keeps the visit's keyword.
      label: 'a keyword-less campaign seen again from an own page continues',
      first: { url: landing('mtm_campaign=spring'), urlref: 'https://news.example/a' },
      second: { url: landing('mtm_campaign=spring'), urlref: 'https://example.org/landing' },
      same: true,
    },
  ])('$label', async ({ first, second, same }) => {
    const { sessionizer } = makeSessionizer();
    const [, b] = (await assignAll(sessionizer, [makeHit({ ts: T, ...first }), makeHit({ ts: sec(60), ...second })])).map(visitOf);
    expect(b?.visitId).toBe(same ? 1n : 2n);
    if (!same) expect(b?.newVisitReason).toBe('campaign-change');
  });

  it('a direct-entry visit takes the campaign for its following hits', async () => {
    const { sessionizer } = makeSessionizer();
    const [a, b, c] = (
      await assignAll(sessionizer, [
        makeHit({ ts: T }),
        makeHit({ ts: sec(60), url: 'https://example.org/?mtm_campaign=Spring&mtm_kwd=Shoes&mtm_source=News' }),
        makeHit({ ts: sec(120), url: 'https://example.org/other' }),
      ])
    ).map(visitOf);
    expect(a?.referrer).toMatchObject({ type: 1 });
    expect(b?.referrer).toMatchObject({ type: 6, name: 'spring', keyword: 'shoes', campaign: { source: 'news' } });
    expect(c).toMatchObject({ visitId: 1n, referrer: { type: 6, name: 'spring' } });
  });
});

describe('other new-visit rules', () => {
  it('new_visit=1 starts a visit', async () => {
    const { sessionizer } = makeSessionizer();
    const [, b] = (await assignAll(sessionizer, [makeHit({ ts: T }), makeHit({ ts: sec(5), newVisit: true })])).map(visitOf);
    expect(b).toMatchObject({ visitId: 2n, isVisitStart: true, newVisitReason: 'new-visit-param', visitCount: 2, visitorReturning: 1 });
  });

  it('the 10,001st action starts a new visit; non-actions do not count', async () => {
    const { sessionizer } = makeSessionizer();
    const hits = Array.from({ length: 10_000 }, (_, i) => makeHit({ ts: T + i * 100 }));
    hits.push(makeHit({ ts: T + 1_000_000, actionType: 'goal', goalId: 1 }));
    hits.push(makeHit({ ts: T + 1_000_100 }));
    const outcomes = (await assignAll(sessionizer, hits)).map(visitOf);
    expect(outcomes[9_999]).toMatchObject({ visitId: 1n, actionIndex: 10_000, visitTotalActions: 10_000 });
    // The visit is full: even a goal starts a new one (Matomo treats a full visit as not found).
    expect(outcomes[10_000]).toMatchObject({
      visitId: 10_001n,
      newVisitReason: 'max-actions',
      isAction: false,
      actionIndex: 0,
      visitTotalActions: 0,
    });
    expect(outcomes[10_001]).toMatchObject({ visitId: 10_001n, actionIndex: 1 });
  });

  it('non-action hits do not count in total actions', async () => {
    const { sessionizer } = makeSessionizer({ maxActionsPerVisit: 2 });
    const types = ['pageview', 'goal', 'ecommerce_order', 'content_impression', 'event', 'ecommerce_cart', 'outlink'] as const;
    const outcomes = (
      await assignAll(
        sessionizer,
        types.map((actionType, i) => makeHit({ ts: sec(i), actionType })),
      )
    ).map(visitOf);
    expect(outcomes.map((o) => [o.visitId, o.actionIndex, o.visitTotalActions])).toEqual([
      [1n, 1, 1],
      [1n, 0, 1],
      [1n, 0, 1],
      [1n, 0, 1],
      [1n, 2, 2],
      [6n, 0, 0],
      [6n, 1, 1],
    ]);
  });
});

describe('out-of-order timestamps', () => {
  it('never moves the last action backwards nor shrinks the total time', async () => {
    const { sessionizer } = makeSessionizer();
    const outcomes = (
      await assignAll(sessionizer, [
        makeHit({ ts: sec(0) }),
        makeHit({ ts: sec(600) }),
        makeHit({ ts: sec(300) }),
        makeHit({ ts: sec(-1000) }),
        // 2350 s after the out-of-order hit at 300, but 1750 s after the last action at 600: same visit.
        makeHit({ ts: sec(2350) }),
      ])
    ).map(visitOf);
    expect(outcomes.map((o) => [o.visitId, o.visitTotalTime, o.timeSpentRefAction, o.visitFirstTs])).toEqual([
      [1n, 0, 0, T / 1000],
      [1n, 601, 600, T / 1000],
      [1n, 601, 0, T / 1000],
      [1n, 601, 0, T / 1000],
      [1n, 2351, 1750, T / 1000],
    ]);
  });
});

describe('visitor history', () => {
  const DAY = 86_400;
  it.each([
    {
      label: 'unknown visitor',
      history: undefined,
      expected: { visitorReturning: 0, visitCount: 1, secondsSinceLastVisit: 0, secondsSinceFirstVisit: 0 },
    },
    {
      label: 'returning visitor',
      history: { visitCount: 4, lastVisitTs: T / 1000 - DAY, firstVisitTs: T / 1000 - 10 * DAY, hasOrdered: false },
      expected: { visitorReturning: 1, visitCount: 5, secondsSinceLastVisit: DAY, secondsSinceFirstVisit: 10 * DAY },
    },
    {
      label: 'returning customer',
      history: { visitCount: 1, lastVisitTs: T / 1000 - 60, firstVisitTs: T / 1000 - 7200, hasOrdered: true },
      expected: { visitorReturning: 2, visitCount: 2, secondsSinceLastVisit: 60, secondsSinceFirstVisit: 7200 },
    },
  ])('loaded: $label', async ({ history, expected }) => {
    const { sessionizer, loaderCalls } = makeSessionizer({}, history ? { [VISITOR_A]: history } : {});
    const [a, b] = (await assignAll(sessionizer, [makeHit({ ts: T }), makeHit({ ts: sec(10) })])).map(visitOf);
    expect(loaderCalls).toEqual([[SITE_UTC, [VISITOR_A]]]);
    expect(a).toMatchObject({ isVisitStart: true, ...expected });
    expect(b).toMatchObject({ isVisitStart: false, ...expected });
  });

  it('loads only explicit-id visitors not already in memory, once per site', async () => {
    const { sessionizer, loaderCalls } = makeSessionizer();
    await assignAll(sessionizer, [makeHit({ ts: T })]);
    await assignAll(
      sessionizer,
      [
        makeHit({ ts: sec(10) }), // in memory
        makeHit({ ts: sec(10), visitorId: VISITOR_B, visitorIdSource: 'uid', configIds: [CONFIG_2] }),
        makeHit({ ts: sec(10), visitorId: 'cccccccccccccccc', visitorIdSource: 'hash', configIds: ['cccccccccccccccc'] }),
        makeHit({ ts: sec(10), siteId: SITE_PARIS, visitorId: 'dddddddddddddddd', visitorIdSource: 'cid' }),
        makeHit({ ts: sec(11), siteId: SITE_PARIS, visitorId: 'dddddddddddddddd', visitorIdSource: 'cid' }),
      ],
      2n,
    );
    expect(loaderCalls).toEqual([
      [SITE_UTC, [VISITOR_A]],
      [SITE_UTC, [VISITOR_B]],
      [SITE_PARIS, ['dddddddddddddddd']],
    ]);
  });

  it('visit count increments across visits of a visitor', async () => {
    const { sessionizer } = makeSessionizer();
    const outcomes = (
      await assignAll(sessionizer, [makeHit({ ts: T }), makeHit({ ts: sec(3600) }), makeHit({ ts: sec(3700) }), makeHit({ ts: sec(9000) })])
    ).map(visitOf);
    expect(outcomes.map((o) => [o.visitId, o.visitCount, o.visitorReturning, o.secondsSinceLastVisit, o.secondsSinceFirstVisit])).toEqual([
      [1n, 1, 0, 0, 0],
      [2n, 2, 1, 3600, 3600],
      [2n, 2, 1, 3600, 3600],
      [4n, 3, 1, 5300, 9000],
    ]);
  });

  it('history survives eviction of the visit (kept in the cache)', async () => {
    const { sessionizer, loaderCalls } = makeSessionizer();
    await assignAll(sessionizer, [makeHit({ ts: T })]);
    expect(sessionizer.evictIdle(sec(3 * 3600))).toBe(1);
    expect(sessionizer.activeVisits).toBe(0);
    const [b] = (await assignAll(sessionizer, [makeHit({ ts: sec(3 * 3600) })], 2n)).map(visitOf);
    expect(b).toMatchObject({ visitId: 2n, visitCount: 2, visitorReturning: 1, newVisitReason: 'no-active-visit' });
    expect(loaderCalls).toHaveLength(1);
  });

  it('an ecommerce order makes the next visit a returning customer', async () => {
    const { sessionizer } = makeSessionizer();
    const outcomes = (
      await assignAll(sessionizer, [makeHit({ ts: T, actionType: 'ecommerce_order', orderId: 'o1' }), makeHit({ ts: sec(4000) })])
    ).map(visitOf);
    expect(outcomes[0]?.visitorReturning).toBe(0);
    expect(outcomes[1]).toMatchObject({ visitId: 2n, visitorReturning: 2 });
  });
});

describe('identities', () => {
  const hash = (configIds: string[], ts: number) => makeHit({ ts, visitorId: configIds[0], visitorIdSource: 'hash', configIds });

  it('salt rotation: a hash visitor is found by yesterday’s hash', async () => {
    const { sessionizer } = makeSessionizer();
    const [, b] = (await assignAll(sessionizer, [hash([CONFIG_1], T), hash([CONFIG_2, CONFIG_1], sec(600))])).map(visitOf);
    expect(b).toMatchObject({ visitId: 1n, configId: CONFIG_2 });
  });

  it('salt rotation at site midnight: new visit of a returning visitor', async () => {
    const { sessionizer } = makeSessionizer();
    const [, b, c] = (
      await assignAll(sessionizer, [
        hash([CONFIG_1], at('2024-06-10T23:55:00Z')),
        hash([CONFIG_2, CONFIG_1], at('2024-06-11T00:05:00Z')),
        hash([CONFIG_2, CONFIG_1], at('2024-06-11T00:06:00Z')),
      ])
    ).map(visitOf);
    expect(b).toMatchObject({ visitId: 2n, newVisitReason: 'midnight', visitorReturning: 1, visitCount: 2 });
    expect(c).toMatchObject({ visitId: 2n });
  });

  it('a hash visitor is not found after the look-back window', async () => {
    const { sessionizer } = makeSessionizer();
    const [, b] = (await assignAll(sessionizer, [hash([CONFIG_1], T), hash([CONFIG_1], sec(1801))])).map(visitOf);
    expect(b).toMatchObject({ visitId: 2n, newVisitReason: 'no-active-visit', visitorReturning: 0 });
  });

  it('a visitor who logs in continues the anonymous visit found by config id', async () => {
    const { sessionizer } = makeSessionizer();
    const [a, b, c] = (
      await assignAll(sessionizer, [
        hash([CONFIG_1], T),
        makeHit({ ts: sec(60), visitorId: VISITOR_B, visitorIdSource: 'uid', userId: 'alice', configIds: [CONFIG_1] }),
        hash([CONFIG_1], sec(120)),
      ])
    ).map(visitOf);
    expect(a).toMatchObject({ visitId: 1n, visitorId: CONFIG_1, userId: '' });
    expect(b).toMatchObject({ visitId: 1n, visitorId: VISITOR_B, userId: 'alice' });
    expect(c).toMatchObject({ visitId: 1n, visitorId: VISITOR_B, userId: 'alice' });
  });

  it('a known user id does not fall back to the config id (Matomo finds its old visit by id)', async () => {
    const history = { visitCount: 3, lastVisitTs: T / 1000 - 86_400, firstVisitTs: T / 1000 - 86_400, hasOrdered: false };
    const { sessionizer } = makeSessionizer({}, { [VISITOR_B]: history });
    const [, b] = (
      await assignAll(sessionizer, [
        hash([CONFIG_1], T),
        makeHit({ ts: sec(60), visitorId: VISITOR_B, visitorIdSource: 'uid', userId: 'alice' }),
      ])
    ).map(visitOf);
    expect(b).toMatchObject({ visitId: 2n, visitCount: 4, visitorReturning: 1 });
  });

  it('a user id does not continue another user’s visit on the same config', async () => {
    const { sessionizer } = makeSessionizer();
    const [, b] = (
      await assignAll(sessionizer, [
        makeHit({ ts: T, visitorId: VISITOR_A, visitorIdSource: 'uid', userId: 'alice' }),
        makeHit({ ts: sec(60), visitorId: VISITOR_B, visitorIdSource: 'uid', userId: 'bob' }),
      ])
    ).map(visitOf);
    expect(b).toMatchObject({ visitId: 2n, visitorReturning: 0 });
  });

  it.each([
    { source: 'cookie' as const, same: true },
    { source: 'uid' as const, same: true },
    { source: 'cid' as const, same: false },
  ])('a new $source id on the same config continues: $same', async ({ source, same }) => {
    const { sessionizer } = makeSessionizer();
    const [, b] = (
      await assignAll(sessionizer, [makeHit({ ts: T }), makeHit({ ts: sec(60), visitorId: VISITOR_B, visitorIdSource: source })])
    ).map(visitOf);
    expect(b?.visitId).toBe(same ? 1n : 2n);
  });
});

describe('page tracking', () => {
  it('time spent, entry and exit pages', async () => {
    const { sessionizer } = makeSessionizer();
    const outcomes = (
      await assignAll(sessionizer, [
        makeHit({ ts: sec(0), url: 'https://example.org/a', title: 'A' }),
        makeHit({ ts: sec(40), url: 'https://example.org/b', title: 'B' }),
        makeHit({ ts: sec(100), actionType: 'event', eventCategory: 'c', eventAction: 'a' }),
        makeHit({ ts: sec(200), actionType: 'goal', goalId: 3 }),
        makeHit({ ts: sec(250), url: 'https://example.org/c', title: 'C' }),
        makeHit({ ts: sec(260), actionType: 'content_impression', contentName: 'banner' }),
      ])
    ).map(visitOf);
    expect(outcomes.map((o) => o.timeSpentRefAction)).toEqual([0, 40, 60, 0, 50, 10]);
    expect(outcomes.map((o) => [o.entryUrl, o.exitUrl, o.exitTitle])).toEqual([
      ['https://example.org/a', 'https://example.org/a', 'A'],
      ['https://example.org/a', 'https://example.org/b', 'B'],
      ['https://example.org/a', 'https://example.org/b', 'B'],
      ['https://example.org/a', 'https://example.org/b', 'B'],
      ['https://example.org/a', 'https://example.org/c', 'C'],
      ['https://example.org/a', 'https://example.org/c', 'C'],
    ]);
    expect(outcomes.map((o) => o.visitTotalTime)).toEqual([0, 41, 101, 201, 251, 261]);
  });
});

describe('restore after a restart', () => {
  // A deterministic pseudo-random stream: mulberry32.
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function generateHits(count: number): Hit[] {
    const rnd = random(42);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
    const sources = ['cookie', 'hash', 'uid', 'cid'] as const;
    const visitors = Array.from({ length: 25 }, (_, i) => ({ n: i, source: sources[i % 4] as (typeof sources)[number] }));
    const hex = (prefix: string, n: number) => (prefix + n.toString(16)).padEnd(16, '0').slice(0, 16);
    const hits: Hit[] = [];
    let clock = at('2024-03-30T20:00:00Z');
    for (let i = 0; i < count; i++) {
      clock += Math.floor(rnd() * 240_000);
      const v = pick(visitors);
      // Salts rotate at Paris midnight: the config id depends on the local day.
      const day = new Date(clock + 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
      const prevDay = new Date(clock + 3_600_000 - 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
      const configIds = [hex(`c${day.slice(4)}`, v.n), hex(`c${prevDay.slice(4)}`, v.n)];
      const roll = rnd();
      const actionType =
        roll < 0.55
          ? 'pageview'
          : roll < 0.7
            ? 'event'
            : roll < 0.82
              ? 'ping'
              : roll < 0.86
                ? 'goal'
                : roll < 0.89
                  ? 'ecommerce_order'
                  : roll < 0.95
                    ? 'content_impression'
                    : 'outlink';
      const ts = rnd() < 0.05 ? clock - Math.floor(rnd() * 120_000) : clock;
      const campaign = rnd() < 0.06 ? `?mtm_campaign=c${Math.floor(rnd() * 3)}` : '';
      hits.push(
        makeHit({
          siteId: SITE_PARIS,
          ts,
          receivedAt: clock,
          actionType,
          visitorId: v.source === 'hash' ? configIds[0] : hex('f', v.n),
          visitorIdSource: v.source,
          configIds,
          userId: v.source === 'uid' ? `user${v.n}` : undefined,
          url: `https://example.org/p${Math.floor(rnd() * 5)}${campaign}`,
          urlref: rnd() < 0.1 ? 'https://news.example/x' : 'https://example.org/',
          newVisit: rnd() < 0.01,
        }),
      );
    }
    return hits;
  }

  /** The loader a server would run, answered from stored rows as documented on VisitorHistory. */
  function loaderOver(store: EventRow[]): VisitorHistoryLoader {
    return async (siteId, ids) => {
      const out = new Map<string, VisitorHistory>();
      for (const id of ids) {
        const rows = store.filter((r) => r.site_id === siteId && bigintToHexId(r.visitor_id) === id);
        if (rows.length === 0) continue;
        const actions = rows.filter((r) => r.action_type !== ACTION_TYPE_CODE.ping);
        out.set(id, {
          visitCount: Math.max(...rows.map((r) => r.visit_count)),
          lastVisitTs: Math.max(...actions.map((r) => r.ts)),
          firstVisitTs: Math.min(...rows.map((r) => r.visit_first_ts - r.seconds_since_first_visit)),
          hasOrdered: rows.some((r) => r.action_type === ACTION_TYPE_CODE.ecommerce_order || r.visitor_returning === 2),
        });
      }
      return out;
    };
  }

  /** Ships hits in batches as the shipper does; returns the rows and the drops by seq. */
  async function ship(sessionizer: Sessionizer, hits: Hit[], firstSeq: number, store: EventRow[], batchSize = 17): Promise<string[]> {
    const drops: string[] = [];
    for (let i = 0; i < hits.length; i += batchSize) {
      const batch = hits.slice(i, i + batchSize);
      await sessionizer.prepare(batch);
      const rows: EventRow[] = [];
      batch.forEach((hit, j) => {
        const seq = BigInt(firstSeq + i + j);
        const outcome = sessionizer.assign(hit, seq);
        if (isDrop(outcome)) drops.push(`${seq}:${outcome.drop}`);
        else rows.push(buildEventRow(hit, seq, outcome));
      });
      store.push(...rows);
      sessionizer.evictIdle(batch.at(-1)?.receivedAt ?? 0);
    }
    return drops;
  }

  const options = (store: EventRow[]) => ({
    siteTimezone: (siteId: number) => TIMEZONES[siteId] ?? 'UTC',
    siteUrls: () => SITE_URLS,
    loader: loaderOver(store),
    historyCacheSize: 10,
  });

  const hits = generateHits(1200);
  const continuousStore: EventRow[] = [];
  let continuousDrops: string[] = [];

  beforeAll(async () => {
    continuousDrops = await ship(new Sessionizer(options(continuousStore)), hits, 1, continuousStore);
  });

  it('an uninterrupted run exercises the rules', () => {
    const reasons = new Set(continuousStore.filter((r) => r.is_visit_start === 1).map((r) => r.visit_id));
    expect(reasons.size).toBeGreaterThan(100);
    expect(continuousStore.some((r) => r.visitor_returning === 2)).toBe(true);
    expect(continuousStore.some((r) => r.ref_type === 6)).toBe(true);
    expect(continuousStore.some((r) => r.user_id !== '')).toBe(true);
    expect(continuousDrops.length).toBeGreaterThan(0);
  });

  it.each([
    { cut: 300, batchSize: 17 },
    { cut: 700, batchSize: 17 },
    { cut: 701, batchSize: 1 },
    { cut: 450, batchSize: 3 },
    { cut: 1000, batchSize: 50 },
  ])('restoring at hit $cut (batches of $batchSize) then re-assigning gives the same rows', async ({ cut, batchSize }) => {
    const store: EventRow[] = [];
    const before = new Sessionizer(options(store));
    const dropsBefore = await ship(before, hits.slice(0, cut), 1, store, batchSize);
    // Restart: a fresh sessionizer restored from the rows of visits seen since restoreSince(now).
    const after = new Sessionizer(options(store));
    const since = after.restoreSince(hits[cut - 1]?.receivedAt ?? 0);
    const liveVisits = new Set(store.filter((r) => r.ts >= since).map((r) => r.visit_id));
    const restoreRows: VisitRestoreRow[] = store
      .filter((r) => liveVisits.has(r.visit_id))
      .map((r) => Object.fromEntries(VISIT_RESTORE_COLUMNS.map((c) => [c, r[c]])) as VisitRestoreRow)
      .reverse(); // any order
    after.restore(restoreRows);
    expect(after.activeVisits).toBeGreaterThan(0);
    const dropsAfter = await ship(after, hits.slice(cut), cut + 1, store, batchSize);

    expect([...dropsBefore, ...dropsAfter]).toEqual(continuousDrops);
    expect(store).toEqual(continuousStore);
  });
});
