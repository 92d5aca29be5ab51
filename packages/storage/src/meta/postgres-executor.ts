import pg from 'pg';
import { type RawConnection, type ScriptExecutor, TransactionScope, withEngineErrors } from './executor.js';

function rawConnection(client: pg.Pool | pg.PoolClient): RawConnection {
  return {
    query: <T>(sql: string, params?: readonly unknown[]) =>
      withEngineErrors(async () => (await client.query(sql, params ? [...params] : undefined)).rows as T[]),
    // Without parameters `pg` uses the simple protocol, which accepts several statements at once.
    exec: (script: string) => withEngineErrors(async () => void (await client.query(script))),
  };
}

export function openPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would kill the
  // process. The next query gets a fresh client or reports STORE_UNAVAILABLE, so nothing is lost here.
  pool.on('error', () => {});
  return pool;
}

/** A PostgreSQL server through a pool; a transaction pins one client for BEGIN … COMMIT/ROLLBACK. */
export class PostgresExecutor implements ScriptExecutor {
  readonly #conn: RawConnection;

  constructor(private readonly pool: pg.Pool) {
    this.#conn = rawConnection(pool);
  }

  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.#conn.query<T>(sql, params);
  }

  exec(script: string): Promise<void> {
    return this.#conn.exec(script);
  }

  async transaction<T>(fn: (tx: ScriptExecutor) => Promise<T>): Promise<T> {
    const client = await withEngineErrors(() => this.pool.connect());
    const conn = rawConnection(client);
    let broken: Error | undefined;
    try {
      await conn.exec('BEGIN');
      const result = await fn(new TransactionScope(conn));
      await conn.exec('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        // A client that cannot roll back is in an unknown state: destroy it rather than reuse it.
        broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }
}
