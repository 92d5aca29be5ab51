import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite } from '@electric-sql/pglite';
import { SillageError } from '@sillage/core';
import { type RawConnection, type ScriptExecutor, TransactionScope, withEngineErrors, wrapEngineError } from './executor.js';

/**
 * PGlite's defaults suit a browser tab: `-F` turns fsync off and shared_buffers is 128 MB. A server
 * must not lose committed metadata (users, tokens, salts) on power loss, and 16 MB is plenty for a
 * few thousand rows, so we keep PGlite's other defaults, drop `-F` and shrink the buffers.
 */
export function durableStartParams(): string[] {
  return [...PGlite.defaultStartParams.filter((p) => p !== '-F'), '-c', 'shared_buffers=16MB'];
}

export async function openPglite(dataDir: string): Promise<PGlite> {
  return withEngineErrors(() => PGlite.create({ dataDir, startParams: durableStartParams() }));
}

interface PgliteLike {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

function rawConnection(db: PgliteLike): RawConnection {
  return {
    query: <T>(sql: string, params?: readonly unknown[]) =>
      withEngineErrors(async () => (await db.query<T>(sql, params ? [...params] : undefined)).rows),
    exec: (script: string) => withEngineErrors(async () => void (await db.exec(script))),
  };
}

/**
 * PGlite is one connection: it queues queries itself, and its `transaction` holds the connection
 * exclusively until the callback settles. A query on the store (instead of on `tx`) from inside that
 * callback would therefore wait forever; we detect it and fail fast. On a PostgreSQL server the same
 * code would take another pooled connection, so this is the one place the engines differ.
 */
export class PgliteExecutor implements ScriptExecutor {
  readonly #conn: RawConnection;
  readonly #inTransaction = new AsyncLocalStorage<true>();

  constructor(private readonly db: PGlite) {
    this.#conn = rawConnection(db);
  }

  async query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    this.#refuseInsideTransaction();
    return this.#conn.query<T>(sql, params);
  }

  async exec(script: string): Promise<void> {
    this.#refuseInsideTransaction();
    return this.#conn.exec(script);
  }

  async transaction<T>(fn: (tx: ScriptExecutor) => Promise<T>): Promise<T> {
    this.#refuseInsideTransaction();
    // PGlite rolls back and rethrows when the callback throws. The callback's own error goes back to
    // the caller untouched; only failures of BEGIN/COMMIT/ROLLBACK themselves become catalogue errors.
    let callbackError: { error: unknown } | undefined;
    try {
      return await this.db.transaction((tx) =>
        this.#inTransaction.run(true, async () => {
          try {
            return await fn(new TransactionScope(rawConnection(tx)));
          } catch (error) {
            callbackError = { error };
            throw error;
          }
        }),
      );
    } catch (err) {
      if (callbackError) throw callbackError.error;
      throw wrapEngineError(err);
    }
  }

  #refuseInsideTransaction(): void {
    if (this.#inTransaction.getStore()) {
      throw new SillageError('STORE_QUERY_FAILED', [
        'metadata',
        'query on the store from inside one of its transactions; use the transaction executor passed to the callback',
      ]);
    }
  }
}
