/**
 * The event store: ClickHouse SQL on an embedded chDB engine (default) or on a ClickHouse server.
 * Tables always live in the database `sillage`; SQL names them in full (`sillage.events`).
 */
import { SillageError } from '@sillage/core';
import type { EventStore } from '../ports.js';
import { openChdbEventStore, type SupervisedEventStore } from './chdb-store.js';
import type { EngineEvent } from './chdb-supervisor.js';
import { openClickHouseEventStore } from './clickhouse-store.js';

export type { SupervisedEventStore } from './chdb-store.js';
export type { EngineEvent } from './chdb-supervisor.js';
export { eventStoreOnClient } from './clickhouse-store.js';
export { EVENT_MIGRATIONS, type EventMigration } from './migrations/index.js';
export { type EncodedEvents, EVENT_INSERT_FORMAT, EventRowEncoder, encodeEventRows } from './row-encoding.js';

export type EventStoreOptions =
  | {
      kind: 'chdb';
      dataDir: string;
      /** Engine memory cap; default 1 GiB. */
      memoryLimitBytes?: number;
      /** Time a call may take before it fails with STORE_UNAVAILABLE; default 60 s. */
      queryTimeoutMs?: number;
      /** An engine process that does not answer a heartbeat this long is killed and restarted; default 60 s. */
      hangTimeoutMs?: number;
      /** Engine starts, exits, restarts and hangs; by default exits and restarts are logged to stderr. */
      onEngineEvent?: (event: EngineEvent) => void;
    }
  | {
      kind: 'clickhouse';
      url: string;
      /** Only `sillage` (the default): every statement names its tables in full. */
      database?: string;
      username?: string;
      password?: string;
      /** Per-request timeout; default 60 s. */
      queryTimeoutMs?: number;
    };

/** The event store is `sillage` everywhere: reports name `sillage.events` in their SQL. */
export const EVENT_DATABASE = 'sillage';

export function createEventStore(options: EventStoreOptions & { kind: 'chdb' }): Promise<SupervisedEventStore>;
export function createEventStore(options: EventStoreOptions): Promise<EventStore>;
/** Opens the event store; for chDB this starts the engine process and waits until it answers. */
export async function createEventStore(options: EventStoreOptions): Promise<EventStore> {
  if (options.kind === 'chdb') return openChdbEventStore(options);
  if (options.database !== undefined && options.database !== EVENT_DATABASE) {
    throw new SillageError('CONFIG_INVALID', ['events.database', `only "${EVENT_DATABASE}" is supported, got "${options.database}"`]);
  }
  return openClickHouseEventStore(options);
}
