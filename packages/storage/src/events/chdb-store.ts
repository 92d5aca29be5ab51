/**
 * The embedded event store: chDB in a supervised child process (see chdb-supervisor.ts).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EventRow } from '@sillage/core';
import type { EventStore, MigrationReport, QueryParams } from '../ports.js';
import { bindParams } from './bind-params.js';
import { type EngineEvent, EngineSupervisor } from './chdb-supervisor.js';
import { runEventMigrations } from './migrate.js';
import { parseJsonEachRow } from './parse-rows.js';
import { type EncodedEvents, EVENT_INSERT_FORMAT, EVENT_INSERT_SETTINGS, insertRowsEncoded } from './row-encoding.js';

export interface ChdbStoreOptions {
  readonly dataDir: string;
  /** Engine memory cap (ClickHouse max_server_memory_usage). Default 1 GiB. */
  readonly memoryLimitBytes?: number;
  /** Time a call may take before it fails with STORE_UNAVAILABLE. Default 60 s. */
  readonly queryTimeoutMs?: number;
  /** A child that does not answer a heartbeat this long is killed and restarted. Default 60 s. */
  readonly hangTimeoutMs?: number;
  /** Called on every engine start, exit, restart and hang; by default exits and hangs go to stderr. */
  readonly onEngineEvent?: (event: EngineEvent) => void;
}

/** An event store with a supervised engine process. */
export interface SupervisedEventStore extends EventStore {
  /** Pid of the engine process, or undefined while it is down. */
  engineProcessId(): number | undefined;
}

const GIB = 1024 ** 3;

export async function openChdbEventStore(options: ChdbStoreOptions): Promise<SupervisedEventStore> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const memoryLimitBytes = options.memoryLimitBytes ?? GIB;
  const callTimeoutMs = options.queryTimeoutMs ?? 60_000;
  const supervisor = new EngineSupervisor({
    child: {
      dataDir,
      memoryLimitBytes,
      // The mark cache defaults to 5 GiB in ClickHouse; on a small box it would crowd out queries.
      markCacheBytes: Math.min(64 * 1024 ** 2, Math.floor(memoryLimitBytes / 16)),
    },
    pidFile: join(dataDir, 'engine.pid'),
    callTimeoutMs,
    ...(options.hangTimeoutMs === undefined ? {} : { hangTimeoutMs: options.hangTimeoutMs }),
  });
  supervisor.on('engine', options.onEngineEvent ?? logEngineTrouble);
  await supervisor.start();

  const store: SupervisedEventStore = {
    kind: 'chdb',
    engineProcessId: () => supervisor.pid(),
    migrate: (): Promise<MigrationReport> => runEventMigrations(store),
    insertEvents: (rows: readonly EventRow[], token: string): Promise<void> => insertRowsEncoded(store, rows, token),
    async insertEncodedEvents(events: EncodedEvents, token: string): Promise<void> {
      if (events.rows === 0) return;
      await supervisor.call({
        op: 'insert',
        table: 'sillage.events',
        format: EVENT_INSERT_FORMAT,
        columns: [...events.columns],
        data: events.data,
        // async_insert would bypass the token (and is a no-op embedded anyway): say so explicitly.
        settings: { ...EVENT_INSERT_SETTINGS, insert_deduplication_token: token, async_insert: 0 },
      });
    },
    async query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]> {
      const reply = await supervisor.call(params ? { op: 'query', sql, params: bindParams(sql, params) } : { op: 'query', sql });
      return reply.data ? parseJsonEachRow<T>(reply.data) : [];
    },
    async command(sql: string, params?: QueryParams): Promise<void> {
      await supervisor.call(params ? { op: 'command', sql, params: bindParams(sql, params) } : { op: 'command', sql });
    },
    async ping(): Promise<boolean> {
      try {
        await supervisor.call({ op: 'ping' }, Math.min(callTimeoutMs, 5_000));
        return true;
      } catch {
        return false;
      }
    },
    close: () => supervisor.close(),
  };
  return store;
}

/** Default reporting: a crash, hang or restart is worth a line on stderr for whoever runs the server. */
function logEngineTrouble(event: EngineEvent): void {
  if ((event.type === 'started' && event.restarts === 0) || (event.type === 'exited' && event.expected)) return;
  // The engine's last output usually names the cause of a crash; keep a readable tail of it.
  const line = event.type === 'exited' ? { ...event, output: event.output.slice(-1000) } : event;
  process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'event engine', ...line })}\n`);
}
