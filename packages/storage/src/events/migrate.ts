/**
 * Applies the event store's migrations in order and records each in `sillage.schema_migrations`.
 * Idempotent: applied versions are skipped, and every statement is itself re-runnable, so two nodes
 * migrating at once, or a run interrupted half-way, end in the same schema.
 */
import { SillageError } from '@sillage/core';
import type { MigrationReport } from '../ports.js';
import { EVENT_MIGRATIONS, type EventMigration } from './migrations/index.js';

/** The part of a store the migrator needs. */
export interface MigrationTarget {
  command(sql: string, params?: Record<string, string>): Promise<void>;
  query<T>(sql: string): Promise<T[]>;
}

const BOOTSTRAP = [
  'CREATE DATABASE IF NOT EXISTS sillage',
  `CREATE TABLE IF NOT EXISTS sillage.schema_migrations
(
    version String,
    applied_at DateTime('UTC') DEFAULT now()
)
ENGINE = MergeTree
ORDER BY version`,
];

export async function runEventMigrations(
  target: MigrationTarget,
  migrations: readonly EventMigration[] = EVENT_MIGRATIONS,
): Promise<MigrationReport> {
  try {
    for (const sql of BOOTSTRAP) await target.command(sql);
  } catch (err) {
    throw new SillageError('STORE_MIGRATION_FAILED', ['bootstrap', 'event', (err as Error).message], { cause: err });
  }
  const done = new Set(
    (await target.query<{ version: string }>('SELECT DISTINCT version FROM sillage.schema_migrations')).map((r) => r.version),
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    try {
      for (const sql of migration.statements) await target.command(sql);
      await target.command('INSERT INTO sillage.schema_migrations (version) SELECT {version:String}', { version: migration.version });
    } catch (err) {
      throw new SillageError('STORE_MIGRATION_FAILED', [migration.version, 'event', (err as Error).message], { cause: err });
    }
    applied.push(migration.version);
  }
  return { applied, current: migrations.at(-1)?.version ?? '' };
}
