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
 * callback would therefore wait forever. On a PostgreSQL server the same code would take another pooled
 * connection, so this is the one place the engines differ.
 *
 * We turn that deadlock into an error without AsyncLocalStorage: in Node 20 one AsyncLocalStorage.run()
 * switches on promise hooks for the whole process, which cost ~3 µs on every tracking request (measured,
 * bench/ingest). Instead a store query that finds a transaction open waits for it, and a wait longer than
 * `transactionWaitMs` can only be that re-entry (our transactions take milliseconds), so it fails.
 */
export class PgliteExecutor implements ScriptExecutor {
  readonly #conn: RawConnection;
  /** Settles when the open transaction ends; undefined when none is open. */
  #openTransaction: Promise<void> | undefined;

  constructor(
    private readonly db: PGlite,
    private readonly transactionWaitMs = 2_000,
  ) {
    this.#conn = rawConnection(db);
  }

  async query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    if (this.#openTransaction) await this.#waitForTransactions();
    return this.#conn.query<T>(sql, params);
  }

  async exec(script: string): Promise<void> {
    if (this.#openTransaction) await this.#waitForTransactions();
    return this.#conn.exec(script);
  }

  async transaction<T>(fn: (tx: ScriptExecutor) => Promise<T>): Promise<T> {
    if (this.#openTransaction) await this.#waitForTransactions();
    let ended: () => void = () => {};
    const open = new Promise<void>((resolve) => {
      ended = resolve;
    });
    this.#openTransaction = open;
    // PGlite rolls back and rethrows when the callback throws. The callback's own error goes back to
    // the caller untouched; only failures of BEGIN/COMMIT/ROLLBACK themselves become catalogue errors.
    let callbackError: { error: unknown } | undefined;
    try {
      return await this.db.transaction(async (tx) => {
        try {
          return await fn(new TransactionScope(rawConnection(tx)));
        } catch (error) {
          callbackError = { error };
          throw error;
        }
      });
    } catch (err) {
      if (callbackError) throw callbackError.error;
      throw wrapEngineError(err);
    } finally {
      if (this.#openTransaction === open) this.#openTransaction = undefined;
      ended();
    }
  }

  /** Waits until no transaction is open (others may start meanwhile), or fails after transactionWaitMs. */
  async #waitForTransactions(): Promise<void> {
    const deadline = Date.now() + this.transactionWaitMs;
    while (this.#openTransaction) {
      const left = deadline - Date.now();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        this.#openTransaction.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), Math.max(0, left));
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        throw new SillageError('STORE_QUERY_FAILED', [
          'metadata',
          `waited ${this.transactionWaitMs} ms for a transaction to end: a query on the store from inside one of its transactions never runs; use the transaction executor passed to the callback`,
        ]);
      }
    }
  }
}
