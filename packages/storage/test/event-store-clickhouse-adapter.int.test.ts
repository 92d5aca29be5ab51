/**
 * The ClickHouse-server adapter (clickhouse-store.ts) run through @clickhouse/client over chdb/connection:
 * the client talks to an in-process chDB instead of an HTTP server, so the adapter's own code (exec-based
 * insert with a dedup token, query_params, JSON results) is covered on every run, server or not.
 *
 * The engine runs inside this test worker here; that is fine for a test, never for the server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { eventStoreOnClient } from '../src/events/index.js';
import { eventStoreContract } from './event-store-contract.js';

type ClickHouseConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

eventStoreContract('clickhouse adapter over chdb/connection', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sillage-events-ch-'));
  const client = createClient({
    // chdb ships its own copy of the client's Connection type; the shapes match at run time.
    connection: createChdbConnection({ path: dataDir }) as unknown as ClickHouseConnection,
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
  });
  return { store: eventStoreOnClient(client), cleanup: () => rm(dataDir, { recursive: true, force: true }) };
});
