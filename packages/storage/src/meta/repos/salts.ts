import { SillageError } from '@sillage/core';
import type { SaltRepo, SqlExecutor } from '../../ports.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkKey(siteId: number, day: string): void {
  if (!Number.isSafeInteger(siteId) || siteId <= 0 || siteId > 2_147_483_647) {
    throw new SillageError('STORE_QUERY_FAILED', ['metadata', `invalid site id for a salt: ${siteId}`]);
  }
  if (!DAY.test(day)) throw new SillageError('STORE_QUERY_FAILED', ['metadata', `invalid salt day "${day}", expected YYYY-MM-DD`]);
}

export class SqlSaltRepo implements SaltRepo {
  constructor(private readonly sql: SqlExecutor) {}

  async getOrCreate(siteId: number, day: string, candidate: string): Promise<string> {
    checkKey(siteId, day);
    // Two statements on purpose: when another node inserts first, ON CONFLICT waits for its commit
    // and does nothing; a fresh statement then sees the winner's row (one statement could not,
    // its snapshot predates the other commit).
    const [inserted] = await this.sql.query<{ salt: string }>(
      'INSERT INTO salts (site_id, day, salt) VALUES ($1, $2, $3) ON CONFLICT (site_id, day) DO NOTHING RETURNING salt',
      [siteId, day, candidate],
    );
    if (inserted) return inserted.salt;
    const existing = await this.get(siteId, day);
    if (existing === undefined) throw new SillageError('STORE_QUERY_FAILED', ['metadata', `salt for site ${siteId} on ${day} vanished`]);
    return existing;
  }

  async get(siteId: number, day: string): Promise<string | undefined> {
    checkKey(siteId, day);
    const [row] = await this.sql.query<{ salt: string }>('SELECT salt FROM salts WHERE site_id = $1 AND day = $2', [siteId, day]);
    return row?.salt;
  }

  async deleteCreatedBefore(cutoff: Date): Promise<{ siteId: number; day: string; createdAt: Date }[]> {
    const rows = await this.sql.query<{ site_id: number; day: string; created_at: Date }>(
      'DELETE FROM salts WHERE created_at < $1 RETURNING site_id, day, created_at',
      [cutoff],
    );
    return rows
      .map((r) => ({ siteId: r.site_id, day: r.day, createdAt: r.created_at }))
      .sort((a, b) => a.siteId - b.siteId || a.day.localeCompare(b.day));
  }
}
