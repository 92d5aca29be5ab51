import type { MetaStore, MigrationReport } from '../ports.js';
import type { ScriptExecutor } from './executor.js';
import { runMigrations } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { SqlAccessRepo } from './repos/access.js';
import { SqlAuditRepo } from './repos/audit.js';
import { SqlSaltRepo } from './repos/salts.js';
import { SqlSettingsRepo } from './repos/settings.js';
import { SqlSiteRepo } from './repos/sites.js';
import { SqlTokenRepo } from './repos/tokens.js';
import { SqlUserRepo } from './repos/users.js';

/** The repositories over one executor: the same code for both engines, only the executor differs. */
export class SqlMetaStore implements MetaStore {
  readonly sites: SqlSiteRepo;
  readonly users: SqlUserRepo;
  readonly tokens: SqlTokenRepo;
  readonly access: SqlAccessRepo;
  readonly settings: SqlSettingsRepo;
  readonly salts: SqlSaltRepo;
  readonly audit: SqlAuditRepo;
  #closed = false;

  constructor(
    readonly kind: 'pglite' | 'postgres',
    readonly sql: ScriptExecutor,
    private readonly closeEngine: () => Promise<void>,
  ) {
    this.sites = new SqlSiteRepo(sql);
    this.users = new SqlUserRepo(sql);
    this.tokens = new SqlTokenRepo(sql);
    this.access = new SqlAccessRepo(sql);
    this.settings = new SqlSettingsRepo(sql);
    this.salts = new SqlSaltRepo(sql);
    this.audit = new SqlAuditRepo(sql);
  }

  migrate(): Promise<MigrationReport> {
    return runMigrations(this.sql, MIGRATIONS);
  }

  /** Idempotent, so shutdown paths can call it without tracking who closed first. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.closeEngine();
  }
}
