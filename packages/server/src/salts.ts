import { randomBytes } from 'node:crypto';
import { addDays, localDate, startOfLocalDay } from '@sillage/core';
import type { MetaStore } from '@sillage/storage';

/** Salts are destroyed this long after their creation; then no hash made with them can be recomputed. */
export const SALT_LIFETIME_MS = 48 * 3_600_000;

/**
 * The random daily salts of the cookieless visitor hash: one per site and site-local day, created on the
 * first hit of the day (shared by every app node through the metadata store), kept in memory, and
 * destroyed 48 hours after creation with an audit-log entry saying which were destroyed and when.
 */
export class SaltKeeper {
  private readonly cache = new Map<string, string>();
  /**
   * cachedForSite's last answer per site, valid until the site-local day ends: working out the local
   * date for every hit cost more than the rest of the salt lookup. Cleared whenever `cache` changes.
   */
  private readonly answers = new Map<number, CachedAnswer>();

  constructor(private readonly meta: MetaStore) {}

  /** Today's salt (created if needed) and yesterday's if it still exists, for a site at `now`. */
  async forSite(siteId: number, timeZone: string, now: number): Promise<{ current: string; previous?: string }> {
    const today = localDate(now, timeZone);
    const yesterday = addDays(today, -1);
    const current = await this.today(siteId, today);
    const previous = await this.existing(siteId, yesterday);
    return previous === undefined ? { current } : { current, previous };
  }

  /** forSite() answered from memory without a promise, or undefined when it must ask the store. */
  cachedForSite(siteId: number, timeZone: string, now: number): { current: string; previous?: string } | undefined {
    const known = this.answers.get(siteId);
    if (known !== undefined && known.timeZone === timeZone && now >= known.from && now < known.until) return known.salts;
    const today = localDate(now, timeZone);
    const current = this.cache.get(`${siteId}:${today}`);
    const previous = this.cache.get(`${siteId}:${addDays(today, -1)}`);
    if (current === undefined || current === '' || previous === undefined) return undefined;
    const salts = previous === '' ? { current } : { current, previous };
    const from = startOfLocalDay(today, timeZone);
    const until = startOfLocalDay(addDays(today, 1), timeZone);
    this.answers.set(siteId, { timeZone, from, until, salts });
    return salts;
  }

  private async today(siteId: number, day: string): Promise<string> {
    const key = `${siteId}:${day}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const salt = await this.meta.salts.getOrCreate(siteId, day, randomBytes(32).toString('hex'));
    this.remember(key, salt);
    return salt;
  }

  private async existing(siteId: number, day: string): Promise<string | undefined> {
    const key = `${siteId}:${day}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached === '' ? undefined : cached;
    const salt = await this.meta.salts.get(siteId, day);
    // Remember absence too ('' marker) so every hit does not ask again; destroy() clears it.
    this.remember(key, salt ?? '');
    return salt;
  }

  private remember(key: string, salt: string): void {
    this.cache.set(key, salt);
    this.answers.clear();
  }

  /** Deletes salts older than their lifetime, forgets them from memory, and records it in the audit log. */
  async destroyExpired(now: number): Promise<number> {
    const deleted = await this.meta.salts.deleteCreatedBefore(new Date(now - SALT_LIFETIME_MS));
    this.answers.clear();
    for (const d of deleted) this.cache.delete(`${d.siteId}:${d.day}`);
    // Every node forgets salts of days that can no longer be today or yesterday anywhere on Earth,
    // whether or not it was the node that deleted them from the store.
    const oldestKept = addDays(localDate(now, 'UTC'), -2);
    for (const key of this.cache.keys()) {
      if (key.slice(key.indexOf(':') + 1) < oldestKept) this.cache.delete(key);
    }
    if (deleted.length > 0) {
      await this.meta.audit.append({
        actor: 'system',
        action: 'salts.destroyed',
        details: {
          count: deleted.length,
          lifetimeHours: SALT_LIFETIME_MS / 3_600_000,
          salts: deleted.map((d) => ({ siteId: d.siteId, day: d.day, createdAt: d.createdAt.toISOString() })),
        },
      });
    }
    return deleted.length;
  }
}

interface CachedAnswer {
  readonly timeZone: string;
  /** The site-local day the answer is for, as [from, until) in UTC ms. */
  readonly from: number;
  readonly until: number;
  readonly salts: { current: string; previous?: string };
}
