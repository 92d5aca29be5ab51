import { SillageError } from '@sillage/core';
import type { SqlExecutor } from '../ports.js';

/**
 * The executor both engines implement internally: the public `SqlExecutor` plus `exec` for
 * multi-statement scripts (migrations), which neither engine accepts through parameterised `query`.
 */
export interface ScriptExecutor extends SqlExecutor {
  exec(script: string): Promise<void>;
  transaction<T>(fn: (tx: ScriptExecutor) => Promise<T>): Promise<T>;
}

/** The two primitives an open transaction (one connection) offers. */
export interface RawConnection {
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  exec(script: string): Promise<void>;
}

/**
 * The executor handed to a transaction's callback. Nested `transaction` calls become savepoints, so
 * a repository that needs atomicity can open one whether or not its caller already did.
 */
export class TransactionScope implements ScriptExecutor {
  #depth = 0;

  constructor(private readonly conn: RawConnection) {}

  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.conn.query<T>(sql, params);
  }

  exec(script: string): Promise<void> {
    return this.conn.exec(script);
  }

  async transaction<T>(fn: (tx: ScriptExecutor) => Promise<T>): Promise<T> {
    const name = `sillage_sp_${++this.#depth}`;
    await this.conn.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(this);
      await this.conn.exec(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      await this.conn.exec(`ROLLBACK TO SAVEPOINT ${name}`);
      throw err;
    } finally {
      this.#depth--;
    }
  }
}

/** The SQLSTATE of a database error (e.g. '23505' unique violation), looking through our wrapping. */
export function sqlStateOf(err: unknown): string | undefined {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** The constraint a database error names (pg and PGlite both expose it), for telling FK failures apart. */
export function constraintOf(err: unknown): string | undefined {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const c = (e as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
  }
  return undefined;
}

/**
 * Turns an engine error into a catalogue error, keeping the original as `cause` so repositories can
 * still read its SQLSTATE. Errors without a SQLSTATE (refused connection, closed pool) mean the store
 * cannot be reached rather than that the query was wrong.
 */
export function wrapEngineError(err: unknown): SillageError {
  if (err instanceof SillageError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (sqlStateOf(err) === undefined) return new SillageError('STORE_UNAVAILABLE', ['metadata', message], { cause: err });
  return new SillageError('STORE_QUERY_FAILED', ['metadata', message], { cause: err });
}

/** Runs `op`, rethrowing engine errors as catalogue errors. */
export async function withEngineErrors<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw wrapEngineError(err);
  }
}
