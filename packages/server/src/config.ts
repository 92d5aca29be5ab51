import { resolve } from 'node:path';
import { SillageError } from '@sillage/core';

/**
 * Every setting comes from the environment, so one process model serves `npm start`, containers and
 * tests alike. README.md lists the same variables; `configFromEnv` is the only place that reads them.
 */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** PostgreSQL server for metadata; unset = embedded PGlite under dataDir/meta. */
  readonly databaseUrl: string | undefined;
  /** ClickHouse server for events; unset = embedded chDB under dataDir/events. */
  readonly clickhouseUrl: string | undefined;
  readonly logLevel: string;
  /** Memory cap of the embedded event engine, bytes. */
  readonly engineMemoryBytes: number;
  /** Largest accepted tracking request body (bulk imports), bytes. */
  readonly maxBodyBytes: number;
  /** Trust X-Forwarded-For from these proxies: true (any), or a list of addresses / CIDR ranges. */
  readonly trustProxy: boolean | string[];
  /** Ignore-cookie names honoured by the tracking endpoint (opt-out). */
  readonly ignoreCookieNames: readonly string[];
  /** Shipper: most hits per event-store insert, and the longest a hit waits in the spool before shipping. */
  readonly shipBatchSize: number;
  readonly shipIntervalMs: number;
  /** Longest an accepted hit may wait in the spool while tracking requests keep the server busy; 0: never. */
  readonly shipMaxLagMs: number;
  /** Nice value of the shipper's worker thread (Linux): shipping yields the CPU to tracking requests. */
  readonly shipThreadNice: number;
  /** File of extra referrer-spam hosts (one per line) on top of the built-in list; unset = built-in only. */
  readonly spamListFile?: string | undefined;
  /** MaxMind GeoLite2/GeoIP2 City .mmdb replacing the bundled DB-IP data; "off" disables geolocation; unset = DB-IP. */
  readonly geoipMmdb: string | undefined;
  /** First-run super user created at start when no user exists (SILLAGE_SUPERUSER_LOGIN / _PASSWORD). */
  readonly superuserLogin: string | undefined;
  readonly superuserPassword: string | undefined;
  /** The built dashboard to serve under /app/; unset = packages/web/dist. */
  readonly webDir: string | undefined;
  /** Sign-in lock-out: this many consecutive failures lock an account for loginLockSeconds. */
  readonly loginMaxFailures: number;
  readonly loginLockSeconds: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new SillageError('CONFIG_INVALID', [name, `expected an integer from ${min} to ${max}, got "${raw}"`]);
  }
  return n;
}

function trustProxy(raw: string | undefined): boolean | string[] {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function geoipMmdb(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.trim() === 'off' ? 'off' : resolve(raw.trim());
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    host: env['HOST'] || '127.0.0.1',
    port: int(env, 'PORT', 8080, 0, 65535),
    dataDir: resolve(env['SILLAGE_DATA_DIR'] || './data'),
    databaseUrl: env['DATABASE_URL'] || undefined,
    clickhouseUrl: env['CLICKHOUSE_URL'] || undefined,
    logLevel: env['LOG_LEVEL'] || 'info',
    engineMemoryBytes: int(env, 'SILLAGE_ENGINE_MEMORY_MB', 1024, 256, 1 << 20) * 1024 * 1024,
    maxBodyBytes: int(env, 'SILLAGE_MAX_BODY_BYTES', 8 * 1024 * 1024, 1024, 1 << 30),
    trustProxy: trustProxy(env['SILLAGE_TRUST_PROXY']),
    ignoreCookieNames: (env['SILLAGE_IGNORE_COOKIE_NAMES'] || 'matomo_ignore,piwik_ignore')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    // Large: each insert makes a part the engine must write and later merge, which costs far more per row
    // in small parts (bench/ingest: engine CPU per hit 28 µs at 5,000 rows per insert, 13 µs at 50,000).
    // Not larger: a batch's bytes sit in the server (and its IPC copy) while it ships; at 50,000 the
    // server's RSS reached 690 MB in bench/ingest, at 25,000 650 MB.
    shipBatchSize: int(env, 'SILLAGE_SHIP_BATCH_SIZE', 25_000, 1, 1_000_000),
    shipIntervalMs: int(env, 'SILLAGE_SHIP_INTERVAL_MS', 1000, 10, 600_000),
    shipMaxLagMs: int(env, 'SILLAGE_SHIP_MAX_LAG_MS', 60_000, 0, 3_600_000),
    shipThreadNice: int(env, 'SILLAGE_SHIP_NICE', 5, 0, 19),
    spamListFile: env['SILLAGE_SPAM_LIST_FILE'] ? resolve(env['SILLAGE_SPAM_LIST_FILE']) : undefined,
    geoipMmdb: geoipMmdb(env['SILLAGE_GEOIP_MMDB']),
    superuserLogin: env['SILLAGE_SUPERUSER_LOGIN'] || undefined,
    superuserPassword: env['SILLAGE_SUPERUSER_PASSWORD'] || undefined,
    webDir: env['SILLAGE_WEB_DIR'] ? resolve(env['SILLAGE_WEB_DIR']) : undefined,
    loginMaxFailures: int(env, 'SILLAGE_LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginLockSeconds: int(env, 'SILLAGE_LOGIN_LOCK_SECONDS', 900, 1, 86_400 * 30),
  };
}
