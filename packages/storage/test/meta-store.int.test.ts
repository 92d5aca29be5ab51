import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetaStore } from '../src/meta/index.js';
import type { MetaStore } from '../src/ports.js';
import { describeMetaStoreContract, type MetaStoreTarget } from './meta-store-contract.js';

// ───────────── PGlite: every target is a copy of one freshly initialised (not migrated) data dir ─────────────
// initdb costs ~3 s and ~700 MB once; copying the result costs milliseconds.

let scratch: string;
let template: string;
let pgliteTargets = 0;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sillage-meta-test-'));
  template = join(scratch, 'template');
  const s = await createMetaStore({ kind: 'pglite', dataDir: template });
  await s.close();
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('PGlite engine settings', () => {
  it('runs with fsync on and 16 MB of shared buffers', async () => {
    const dataDir = join(scratch, 'settings');
    await cp(template, dataDir, { recursive: true });
    const s = await createMetaStore({ kind: 'pglite', dataDir });
    try {
      expect(await s.sql.query('SHOW fsync')).toEqual([{ fsync: 'on' }]);
      expect(await s.sql.query('SHOW shared_buffers')).toEqual([{ shared_buffers: '16MB' }]);
      expect(s.kind).toBe('pglite');
    } finally {
      await s.close();
    }
  });

  it('refuses a query on the store from inside its own transaction instead of deadlocking', async () => {
    const dataDir = join(scratch, 'reentry');
    await cp(template, dataDir, { recursive: true });
    const s = await createMetaStore({ kind: 'pglite', dataDir, transactionWaitMs: 300 });
    try {
      await s.migrate();
      const err = await s.sql.transaction(async () => s.users.count()).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'STORE_QUERY_FAILED' });
      // Queries from other async contexts still just wait their turn.
      const [inTx, outside] = await Promise.all([
        s.sql.transaction(async (tx) => (await tx.query<{ n: number }>('SELECT 1 AS n'))[0]!.n),
        s.users.count(),
      ]);
      expect([inTx, outside]).toEqual([1, 0]);
    } finally {
      await s.close();
    }
  });

  it('creates its data directory on a cold start', async () => {
    const s = await createMetaStore({ kind: 'pglite', dataDir: join(scratch, 'cold', 'nested', 'meta') });
    try {
      expect((await s.migrate()).applied.length).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });
});

describeMetaStoreContract('PGlite', async (): Promise<MetaStoreTarget> => {
  const dataDir = join(scratch, `t${++pgliteTargets}`);
  await cp(template, dataDir, { recursive: true });
  return {
    concurrentOpen: false,
    open: () => createMetaStore({ kind: 'pglite', dataDir }),
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  };
});

// ───────────── PostgreSQL server: every target is a new database on TEST_DATABASE_URL ─────────────

const serverUrl = process.env.TEST_DATABASE_URL;

if (serverUrl) {
  let admin: pg.Pool;
  let databases = 0;
  beforeAll(() => {
    admin = new pg.Pool({ connectionString: serverUrl, max: 2 });
  });
  afterAll(async () => {
    await admin?.end();
  });

  describe('PostgreSQL engine', () => {
    it('answers STORE_UNAVAILABLE for an unreachable server', async () => {
      const err = await createMetaStore({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/nothing' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    });
  });

  describeMetaStoreContract('PostgreSQL', async (): Promise<MetaStoreTarget> => {
    const name = `sillage_t_${process.pid}_${++databases}`;
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      concurrentOpen: true,
      open: (): Promise<MetaStore> => createMetaStore({ kind: 'postgres', url: url.toString() }),
      dispose: async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  });
} else if (process.env.CI) {
  // CI must never silently drop the server half of the contract: a missing URL is a failure there.
  describe('MetaStore contract on PostgreSQL', () => {
    it('needs TEST_DATABASE_URL in CI (start one with scripts/start-postgres.sh)', () => {
      expect.fail('TEST_DATABASE_URL is not set while CI is: run `export TEST_DATABASE_URL=$(scripts/start-postgres.sh)` first');
    });
  });
} else {
  describe.skip('MetaStore contract on PostgreSQL (set TEST_DATABASE_URL, e.g. from scripts/start-postgres.sh)', () => {
    it('is skipped locally without a server', () => {});
  });
}
