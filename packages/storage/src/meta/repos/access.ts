import { SillageError } from '@sillage/core';
import type { AccessRepo, Role, SqlExecutor } from '../../ports.js';
import { constraintOf, sqlStateOf } from '../executor.js';

const ROLES: readonly Role[] = ['view', 'write', 'admin'];

export class SqlAccessRepo implements AccessRepo {
  constructor(private readonly sql: SqlExecutor) {}

  /** Grants `role` on the site, replacing any earlier role; `null` removes the user's access to it. */
  async set(login: string, siteId: number, role: Role | null): Promise<void> {
    if (role === null) {
      await this.sql.query('DELETE FROM access WHERE login = $1 AND site_id = $2', [login, siteId]);
      return;
    }
    if (!ROLES.includes(role)) throw new SillageError('USER_INVALID', [`role must be one of ${ROLES.join(', ')}`]);
    try {
      await this.sql.query(
        `INSERT INTO access (login, site_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (login, site_id) DO UPDATE SET role = EXCLUDED.role`,
        [login, siteId, role],
      );
    } catch (err) {
      if (sqlStateOf(err) === '23503') {
        // Which foreign key failed tells whether the user or the site is missing.
        if (constraintOf(err)?.includes('site')) throw new SillageError('SITE_NOT_FOUND', [siteId], { cause: err });
        throw new SillageError('USER_NOT_FOUND', [login], { cause: err });
      }
      throw err;
    }
  }

  async forUser(login: string): Promise<Map<number, Role>> {
    const rows = await this.sql.query<{ site_id: number; role: Role }>(
      'SELECT site_id, role FROM access WHERE login = $1 ORDER BY site_id',
      [login],
    );
    return new Map(rows.map((r) => [r.site_id, r.role]));
  }
}
