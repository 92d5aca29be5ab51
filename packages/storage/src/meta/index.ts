import { mkdir } from 'node:fs/promises';
import type { MetaStore } from '../ports.js';
import { withEngineErrors } from './executor.js';
import { SqlMetaStore } from './meta-store.js';
import { openPglite, PgliteExecutor } from './pglite-executor.js';
import { openPool, PostgresExecutor } from './postgres-executor.js';

export type MetaStoreOptions =
  | {
      kind: 'pglite';
      dataDir: string;
      /** How long a store query waits for an open transaction before it is taken for re-entry (pglite-executor.ts). */
      transactionWaitMs?: number;
    }
  | { kind: 'postgres'; url: string };

/**
 * Opens the metadata store (it does not migrate: call `migrate()`). PGlite runs in this process on
 * `dataDir` with fsync on; PostgreSQL is reached through a connection pool, checked with one query
 * so a wrong URL fails here (STORE_UNAVAILABLE) rather than on the first request.
 */
export async function createMetaStore(options: MetaStoreOptions): Promise<MetaStore> {
  if (options.kind === 'pglite') {
    await mkdir(options.dataDir, { recursive: true });
    const db = await openPglite(options.dataDir);
    return new SqlMetaStore('pglite', new PgliteExecutor(db, options.transactionWaitMs), () => db.close());
  }
  const pool = openPool(options.url);
  const sql = new PostgresExecutor(pool);
  try {
    await withEngineErrors(() => pool.query('SELECT 1'));
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return new SqlMetaStore('postgres', sql, () => pool.end());
}

export { durableStartParams } from './pglite-executor.js';
export { normalizeHost } from './site-hosts.js';
