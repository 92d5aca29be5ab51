import { SillageError } from '@sillage/core';
import type { MigrationReport } from '../ports.js';
import type { ScriptExecutor } from './executor.js';
import type { Migration } from './migrations/index.js';

/**
 * Key of the transaction-scoped advisory lock that serialises migration runs: app nodes starting
 * together against one PostgreSQL server queue here instead of racing on CREATE TABLE.
 * (An arbitrary constant: ASCII "sillmeta".)
 */
const MIGRATION_LOCK_KEY = '8317145168542791009';

/**
 * Applies the pending migrations in one transaction under an advisory lock. Idempotent: a second run
 * (or a process that waited for the lock) finds everything recorded and applies nothing. All or
 * nothing: a failing migration leaves the schema as it was.
 */
export async function runMigrations(sql: ScriptExecutor, migrations: readonly Migration[]): Promise<MigrationReport> {
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id         text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      try {
        await tx.exec(migration.sql);
        await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new SillageError('STORE_MIGRATION_FAILED', [migration.id, 'metadata', message], { cause: err });
      }
      applied.push(migration.id);
    }
    const all = [...done, ...applied].sort();
    return { applied, current: all.at(-1) ?? '' };
  });
}
