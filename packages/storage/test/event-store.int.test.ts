/**
 * The event-store contract on every engine: chDB always (in a temp dir), a ClickHouse server when
 * TEST_CLICKHOUSE_URL points at one, and the ClickHouse adapter over chdb/connection (no server needed).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { createEventStore } from '../src/events/index.js';
import { eventStoreContract } from './event-store-contract.js';

eventStoreContract('chdb (supervised child process)', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sillage-events-'));
  const store = await createEventStore({ kind: 'chdb', dataDir });
  return { store, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
});

const clickhouseUrl = process.env.TEST_CLICKHOUSE_URL;
if (clickhouseUrl) {
  eventStoreContract(`clickhouse server (${clickhouseUrl})`, async () => ({
    store: await createEventStore({ kind: 'clickhouse', url: clickhouseUrl }),
  }));
} else {
  describe('EventStore contract: clickhouse server', () => {
    it.skip('needs TEST_CLICKHOUSE_URL=http://user:pass@host:8123 pointing at a ClickHouse server (≥ 23.x) to run', () => {});
  });
}
