/**
 * The scale-out event store: a ClickHouse server over HTTP via @clickhouse/client. Same SQL, same
 * migrations, same row encoding as the embedded engine.
 */
import { Readable } from 'node:stream';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { type EventRow, SillageError } from '@sillage/core';
import type { EventStore, MigrationReport, QueryParams } from '../ports.js';
import { bindParams } from './bind-params.js';
import { runEventMigrations } from './migrate.js';
import { type EncodedEvents, EVENT_INSERT_FORMAT, EVENT_INSERT_SETTINGS, insertRowsEncoded } from './row-encoding.js';

export interface ClickHouseStoreOptions {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Per-request timeout. Default 60 s. */
  readonly queryTimeoutMs?: number;
}

/** Settings every request carries, so results look the same as from the embedded engine. */
const SESSION_SETTINGS = {
  // 64-bit integers as strings (the server's default too, but a profile may change it).
  output_format_json_quote_64bit_integers: 1,
} as const;

export function openClickHouseEventStore(options: ClickHouseStoreOptions): EventStore {
  const client = createClient({
    url: options.url,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    request_timeout: options.queryTimeoutMs ?? 60_000,
    clickhouse_settings: SESSION_SETTINGS,
  });
  return eventStoreOnClient(client);
}

/**
 * The store on any @clickhouse/client instance. Tests also run it over `chdb/connection`, which makes
 * the client talk to an in-process engine: the same adapter code is then exercised without a server.
 */
export function eventStoreOnClient(client: ClickHouseClient): EventStore {
  const store: EventStore = {
    kind: 'clickhouse',
    migrate: (): Promise<MigrationReport> => runEventMigrations(store),
    insertEvents: (rows: readonly EventRow[], token: string): Promise<void> => insertRowsEncoded(store, rows, token),
    async insertEncodedEvents(events: EncodedEvents, token: string): Promise<void> {
      if (events.rows === 0) return;
      const { data } = events;
      // Column names come from EVENT_COLUMNS, never from input; quoted all the same.
      const columns = events.columns.map((name) => `\`${name}\``).join(', ');
      await failingAs(async () => {
        // exec() streams our ready-made bytes as they are; insert() would want objects to re-serialise.
        const result = await client.exec({
          query: `INSERT INTO sillage.events (${columns}) FORMAT ${EVENT_INSERT_FORMAT}`,
          values: Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]),
          // On a server async_insert may be on by profile; it would ignore the token and ack before writing.
          clickhouse_settings: { ...EVENT_INSERT_SETTINGS, insert_deduplication_token: token, async_insert: 0 },
        });
        result.stream.resume();
        await new Promise<void>((resolve, reject) => {
          result.stream.once('end', resolve);
          result.stream.once('error', reject);
        });
      });
    },
    async query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]> {
      return failingAs(async () => {
        const result = await client.query({
          query: sql,
          format: 'JSONEachRow',
          ...(params ? { query_params: bindParams(sql, params) } : {}),
        });
        return (await result.json()) as T[];
      });
    },
    async command(sql: string, params?: QueryParams): Promise<void> {
      await failingAs(() => client.command({ query: sql, ...(params ? { query_params: bindParams(sql, params) } : {}) }));
    },
    async ping(): Promise<boolean> {
      const result = await client.ping().catch(() => ({ success: false }));
      return result.success;
    },
    close: () => client.close(),
  };
  return store;
}

/** Server-side errors (bad SQL, limits) are query failures; transport errors mean the store is unavailable. */
async function failingAs<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof SillageError) throw err;
    const e = err as Error & { code?: string; type?: string };
    const transport = typeof e.code === 'string' && /^(E[A-Z]+|ERR_|ECONN|ETIMEDOUT|UND_ERR)/.test(e.code) && e.type === undefined;
    const timeout = /timeout/i.test(e.message) && e.type === undefined;
    throw new SillageError(transport || timeout ? 'STORE_UNAVAILABLE' : 'STORE_QUERY_FAILED', ['event', e.message], { cause: err });
  }
}
