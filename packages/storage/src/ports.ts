import type { EventRow, PrivacySwitches, SiteConfig } from '@sillage/core';
import type { EncodedEvents } from './events/row-encoding.js';

/** What a migration run did, for logs and `sillage migrate`. */
export interface MigrationReport {
  readonly applied: readonly string[];
  readonly current: string;
}

// ───────────────────────────── Event store (ClickHouse SQL) ─────────────────────────────

/** Query parameters for `{name:Type}` placeholders in ClickHouse SQL. */
export type QueryParams = Readonly<Record<string, string | number | bigint | boolean | readonly (string | number)[]>>;

/**
 * The event store: ClickHouse SQL on chDB (embedded, default) or on a ClickHouse server.
 * 64-bit integers come back as strings in query results (ClickHouse JSON convention).
 */
export interface EventStore {
  readonly kind: 'chdb' | 'clickhouse';
  /** Creates or upgrades the schema; idempotent. */
  migrate(): Promise<MigrationReport>;
  /**
   * Inserts rows as one atomic batch. `token` makes it idempotent: inserting the same token twice
   * stores the rows once (ClickHouse insert_deduplication_token).
   */
  insertEvents(rows: readonly EventRow[], token: string): Promise<void>;
  /**
   * The same, for rows already encoded by encodeEventRows / EventRowEncoder: the shipper encodes in its
   * worker thread, so the bytes arrive ready and the request thread does not pay for encoding.
   */
  insertEncodedEvents(events: EncodedEvents, token: string): Promise<void>;
  /** Runs a SELECT with `{name:Type}` parameters; rows as plain objects. */
  query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]>;
  /** Runs a statement with no result (DDL, ALTER … DELETE, OPTIMIZE). */
  command(sql: string, params?: QueryParams): Promise<void>;
  /** True when the store answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// ───────────────────────────── Metadata store (PostgreSQL SQL) ─────────────────────────────

/** The SQL door both metadata engines (PGlite, PostgreSQL server) implement: `$1` placeholders. */
export interface SqlExecutor {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

export type PrivacyMode = 'exempt' | 'consented' | 'custom';
export type Role = 'view' | 'write' | 'admin';

export interface SiteRecord extends SiteConfig {
  /** urls[0]; kept apart because Matomo's API answers main_url. */
  readonly mainUrl: string;
  readonly privacyMode: PrivacyMode;
  readonly createdAt: Date;
}

export interface NewSite {
  name: string;
  /** Main URL first, then aliases. */
  urls: string[];
  timezone?: string; // default UTC
  currency?: string; // default EUR
  excludedIps?: string[];
  excludedUserAgents?: string[];
  excludedParameters?: string[];
  siteSearchEnabled?: boolean; // default true
  siteSearchKeywordParameters?: string[];
  siteSearchCategoryParameters?: string[];
  keepUrlFragment?: boolean;
  excludeUnknownUrls?: boolean;
  ecommerce?: boolean;
  privacyMode?: PrivacyMode; // default exempt
  privacy?: Partial<PrivacySwitches>;
}

export interface SiteRepo {
  create(site: NewSite): Promise<SiteRecord>;
  get(id: number): Promise<SiteRecord | undefined>;
  list(): Promise<SiteRecord[]>;
  update(id: number, patch: Partial<NewSite>): Promise<SiteRecord>;
  /** Sites whose main URL or an alias has this host (case-insensitive, ignoring scheme and a leading "www."). */
  findByHost(host: string): Promise<SiteRecord[]>;
}

export interface UserRecord {
  readonly login: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly superuser: boolean;
  readonly createdAt: Date;
}

export interface UserRepo {
  create(user: { login: string; email?: string; passwordHash: string; superuser?: boolean }): Promise<UserRecord>;
  get(login: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  count(): Promise<number>;
  setPassword(login: string, passwordHash: string): Promise<void>;
}

export interface TokenRecord {
  readonly id: number;
  readonly login: string;
  readonly description: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

export interface TokenRepo {
  /** Stores a token by its hash (SHA-256 hex of the secret); the secret itself is never stored. */
  create(token: { login: string; hash: string; description?: string }): Promise<TokenRecord>;
  findByHash(hash: string): Promise<TokenRecord | undefined>;
  listForUser(login: string): Promise<TokenRecord[]>;
  revoke(id: number): Promise<boolean>;
  touch(id: number, at: Date): Promise<void>;
}

export interface AccessRepo {
  set(login: string, siteId: number, role: Role | null): Promise<void>;
  /** site id → role for a user. */
  forUser(login: string): Promise<Map<number, Role>>;
}

export interface SettingsRepo {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export interface SaltRepo {
  /**
   * Returns the salt for (site, day), creating it with `candidate` when none exists. Safe against
   * races between app nodes: whoever inserts first wins and everyone gets the same salt.
   */
  getOrCreate(siteId: number, day: string, candidate: string): Promise<string>;
  get(siteId: number, day: string): Promise<string | undefined>;
  /** Deletes salts created before `cutoff`; returns what was deleted (without the salt values). */
  deleteCreatedBefore(cutoff: Date): Promise<{ siteId: number; day: string; createdAt: Date }[]>;
}

export interface AuditEntry {
  readonly id: number;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly details: Record<string, unknown>;
}

export interface AuditRepo {
  append(entry: { actor: string; action: string; details?: Record<string, unknown> }): Promise<AuditEntry>;
  list(filter?: { action?: string; since?: Date; limit?: number }): Promise<AuditEntry[]>;
}

export interface MetaStore {
  readonly kind: 'pglite' | 'postgres';
  readonly sql: SqlExecutor;
  readonly sites: SiteRepo;
  readonly users: UserRepo;
  readonly tokens: TokenRepo;
  readonly access: AccessRepo;
  readonly settings: SettingsRepo;
  readonly salts: SaltRepo;
  readonly audit: AuditRepo;
  migrate(): Promise<MigrationReport>;
  close(): Promise<void>;
}
