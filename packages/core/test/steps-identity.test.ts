import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assignVisitorIds, configId, type Hit, refuseUserId, runPipeline, userIdVisitorId, type VisitorIdSource } from '../src/index.js';
import { context, hit, site } from './fixtures/tracking.js';

const SALTS = { current: 'today-salt', previous: 'yesterday-salt' };
const expectedHash = (salt: string, h: Hit) =>
  createHmac('sha256', salt).update(`${h.siteId}\n${h.ip}\n${h.userAgent}\n${h.language}`).digest('hex').slice(0, 16);

describe('refuseUserId', () => {
  it.each([
    { allow: false, uid: 'alice', keptUid: undefined, refused: ['refused-user-id'] },
    { allow: true, uid: 'alice', keptUid: 'alice', refused: undefined },
    { allow: false, uid: undefined, keptUid: undefined, refused: undefined },
  ])('allowUserId=$allow uid=$uid', ({ allow, uid, keptUid, refused }) => {
    const h = hit(uid === undefined ? {} : { userId: uid });
    const result = runPipeline([refuseUserId], h, context({ site: site({ privacy: { allowUserId: allow } }) }));
    expect(result.ok).toBe(true);
    expect(h.userId).toBe(keptUid);
    expect(h.refused).toEqual(refused);
  });
});

describe('assignVisitorIds precedence', () => {
  const CID = 'aaaaaaaaaaaaaaaa';
  const COOKIE = 'bbbbbbbbbbbbbbbb';
  const UID_ID = createHash('sha1').update('alice').digest('hex').slice(0, 16);
  it.each<{ name: string; hit: Partial<Hit>; allowUserId: boolean; allowClient: boolean; id: string | 'hash'; source: VisitorIdSource }>([
    {
      name: 'uid > cid > _id',
      hit: { userId: 'alice', cid: CID, cookieVisitorId: COOKIE },
      allowUserId: true,
      allowClient: true,
      id: UID_ID,
      source: 'uid',
    },
    {
      name: 'uid not allowed: cid',
      hit: { userId: 'alice', cid: CID, cookieVisitorId: COOKIE },
      allowUserId: false,
      allowClient: true,
      id: CID,
      source: 'cid',
    },
    { name: 'cid > _id', hit: { cid: CID, cookieVisitorId: COOKIE }, allowUserId: true, allowClient: true, id: CID, source: 'cid' },
    { name: '_id alone', hit: { cookieVisitorId: COOKIE }, allowUserId: true, allowClient: true, id: COOKIE, source: 'cookie' },
    {
      name: 'client ids not trusted: hash',
      hit: { cid: CID, cookieVisitorId: COOKIE },
      allowUserId: true,
      allowClient: false,
      id: 'hash',
      source: 'hash',
    },
    {
      name: 'uid allowed even when client ids are not',
      hit: { userId: 'alice', cookieVisitorId: COOKIE },
      allowUserId: true,
      allowClient: false,
      id: UID_ID,
      source: 'uid',
    },
    { name: 'nothing: hash', hit: {}, allowUserId: true, allowClient: true, id: 'hash', source: 'hash' },
  ])('$name', (c) => {
    const h = hit(c.hit);
    const ctx = context({ salts: SALTS, site: site({ privacy: { allowUserId: c.allowUserId, allowVisitorIdFromClient: c.allowClient } }) });
    expect(runPipeline([assignVisitorIds], h, ctx).ok).toBe(true);
    expect(h.visitorIdSource).toBe(c.source);
    expect(h.visitorId).toBe(c.id === 'hash' ? expectedHash(SALTS.current, h) : c.id);
    expect(h.visitorId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('userIdVisitorId is Matomo substr(sha1(uid), 0, 16)', () => {
    // sha1("alice") = 522b276a356bdf39013dfabea2cd43e141ecc9e8
    expect(userIdVisitorId('alice')).toBe('522b276a356bdf39');
  });
});

describe('configIds and salt rotation', () => {
  const run = (overrides: Partial<Hit>, salts: { current: string; previous?: string }) => {
    const h = hit(overrides);
    runPipeline([assignVisitorIds], h, context({ salts }));
    return h;
  };

  it('computes [today, yesterday] with HMAC-SHA256 and always, even with an explicit id', () => {
    const h = run({ cid: 'aaaaaaaaaaaaaaaa' }, SALTS);
    expect(h.configIds).toEqual([expectedHash(SALTS.current, h), expectedHash(SALTS.previous, h)]);
    expect(h.visitorId).toBe('aaaaaaaaaaaaaaaa');
  });

  it('has one id when there is no previous salt', () => {
    expect(run({}, { current: 'only' }).configIds).toHaveLength(1);
  });

  it.each([
    { name: 'same inputs, same salt → same id', a: [{}, 's1'], b: [{}, 's1'], same: true },
    { name: 'different salt → different id', a: [{}, 's1'], b: [{}, 's2'], same: false },
    { name: 'different IP → different id', a: [{ ip: '203.0.0.0' }, 's1'], b: [{ ip: '198.51.0.0' }, 's1'], same: false },
    { name: 'different user agent → different id', a: [{ userAgent: 'A' }, 's1'], b: [{ userAgent: 'B' }, 's1'], same: false },
    { name: 'different language → different id', a: [{ language: 'fr' }, 's1'], b: [{ language: 'de' }, 's1'], same: false },
    { name: 'different site → different id', a: [{ siteId: 1 }, 's1'], b: [{ siteId: 2 }, 's1'], same: false },
  ] as const)('$name', ({ a, b, same }) => {
    const first = run(a[0], { current: a[1] }).configIds![0];
    const second = run(b[0], { current: b[1] }).configIds![0];
    expect(first === second).toBe(same);
  });

  it("yesterday's id under today's salt matches after rotation", () => {
    const before = run({}, { current: 'day1' });
    const after = run({}, { current: 'day2', previous: 'day1' });
    expect(after.configIds![1]).toBe(before.configIds![0]);
    expect(after.configIds![0]).not.toBe(before.configIds![0]);
  });

  it('remembers recent ids per salt pair: the same inputs under changing salts always get their own hashes', () => {
    const sequence = [
      { current: 'r1' },
      { current: 'r2', previous: 'r1' },
      { current: 'r1' },
      { current: 'r2' },
      { current: 'r2', previous: 'r1' },
    ];
    for (const salts of sequence) {
      const h = run({}, salts);
      const expected = [expectedHash(salts.current, h)];
      if (salts.previous !== undefined) expected.push(expectedHash(salts.previous, h));
      expect(h.configIds).toEqual(expected);
    }
    // Each hit gets its own array: changing one cannot change another's.
    const a = run({}, { current: 'r1' });
    const b = run({}, { current: 'r1' });
    expect(a.configIds).not.toBe(b.configIds);
  });

  it('configId separates fields so they cannot run into each other', () => {
    expect(configId('s', 1, '1.2.3.4', 'ab', 'c')).not.toBe(configId('s', 1, '1.2.3.4', 'a', 'bc'));
  });
});
