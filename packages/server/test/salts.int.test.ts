import { createMetaStore, type MetaStore } from '@sillage/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALT_LIFETIME_MS, SaltKeeper } from '../src/salts.js';
import { tempDataDir } from './support/harness.js';

/** The cookieless hash's salts on the real metadata store (PGlite): daily, random, destroyed after 48 h. */
let data: ReturnType<typeof tempDataDir>;
let meta: MetaStore;

beforeAll(async () => {
  data = tempDataDir();
  meta = await createMetaStore({ kind: 'pglite', dataDir: `${data.dir}/meta` });
  await meta.migrate();
});
afterAll(async () => {
  await meta?.close();
  data?.remove();
});

describe('SaltKeeper', () => {
  const noon = Date.UTC(2026, 10, 23, 12);

  it('gives one random salt per site and site-local day, shared by every keeper', async () => {
    const a = new SaltKeeper(meta);
    const b = new SaltKeeper(meta);
    const s1 = await a.forSite(1, 'UTC', noon);
    expect(s1.current).toMatch(/^[0-9a-f]{64}$/);
    expect(s1.previous).toBeUndefined();
    expect((await b.forSite(1, 'UTC', noon)).current).toBe(s1.current);
    expect((await a.forSite(2, 'UTC', noon)).current).not.toBe(s1.current);
    // At 16:00 UTC it is still the 23rd in UTC but already the 24th in Tokyo: another day, another salt.
    const late = noon + 4 * 3_600_000;
    expect((await a.forSite(1, 'UTC', late)).current).toBe(s1.current);
    expect((await a.forSite(1, 'Asia/Tokyo', late)).current).not.toBe(s1.current);
  });

  it("offers yesterday's salt the next day, without creating one for a day that had none", async () => {
    const keeper = new SaltKeeper(meta);
    const today = await keeper.forSite(1, 'UTC', noon);
    const tomorrow = await keeper.forSite(1, 'UTC', noon + 86_400_000);
    expect(tomorrow.previous).toBe(today.current);
    expect(tomorrow.current).not.toBe(today.current);
    expect((await keeper.forSite(3, 'UTC', noon)).previous).toBeUndefined();
  });

  it('destroys salts 48 hours after creation, forgets them, and records it in the audit log', async () => {
    const keeper = new SaltKeeper(meta);
    const before = await keeper.forSite(7, 'UTC', Date.now());
    // Nothing is old enough yet.
    expect(await keeper.destroyExpired(Date.now())).toBe(0);
    const later = Date.now() + SALT_LIFETIME_MS + 60_000;
    const destroyed = await keeper.destroyExpired(later);
    expect(destroyed).toBeGreaterThan(0);
    const audit = await meta.audit.list({ action: 'salts.destroyed' });
    expect(audit[0]?.actor).toBe('system');
    expect(audit[0]?.details).toMatchObject({ count: destroyed, lifetimeHours: 48 });
    expect(JSON.stringify(audit[0]?.details)).not.toContain(before.current);
    // The same day now gets a new salt: the old one cannot be recomputed from anything kept.
    const after = await keeper.forSite(7, 'UTC', Date.now());
    expect(after.current).not.toBe(before.current);
  });

  it('answers cachedForSite from memory until the site-local day ends, then for the new day', async () => {
    const keeper = new SaltKeeper(meta);
    // Paris is UTC+1 on 23 November: its day ends at 23:00 UTC.
    const beforeMidnight = Date.UTC(2026, 10, 23, 22, 59, 59, 999);
    const afterMidnight = beforeMidnight + 1;
    expect(keeper.cachedForSite(11, 'Europe/Paris', beforeMidnight)).toBeUndefined();
    const day1 = await keeper.forSite(11, 'Europe/Paris', beforeMidnight);
    expect(keeper.cachedForSite(11, 'Europe/Paris', beforeMidnight)).toEqual(day1);
    // Asked again within the day: the same answer.
    expect(keeper.cachedForSite(11, 'Europe/Paris', beforeMidnight - 3_600_000)).toEqual(day1);
    // One millisecond later it is the 24th in Paris: nothing known yet for that day, so the store is asked.
    expect(keeper.cachedForSite(11, 'Europe/Paris', afterMidnight)).toBeUndefined();
    const day2 = await keeper.forSite(11, 'Europe/Paris', afterMidnight);
    expect(day2.previous).toBe(day1.current);
    expect(keeper.cachedForSite(11, 'Europe/Paris', afterMidnight)).toEqual(day2);
    // Another timezone for the same site (its settings changed) is another local day.
    expect(keeper.cachedForSite(11, 'UTC', afterMidnight)).toEqual(day1);
  });

  it('forgets cached answers when salts are destroyed', async () => {
    const keeper = new SaltKeeper(meta);
    const now = Date.now();
    const before = await keeper.forSite(12, 'UTC', now);
    expect(keeper.cachedForSite(12, 'UTC', now)).toEqual(before);
    await keeper.destroyExpired(now + SALT_LIFETIME_MS + 60_000);
    expect(keeper.cachedForSite(12, 'UTC', now)).toBeUndefined();
  });
});
