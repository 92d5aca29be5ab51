import { DEFAULT_PRIVACY, effectivePrivacy, isSillageError, type SillageError } from '@sillage/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptExecutor } from '../src/meta/executor.js';
import { runMigrations } from '../src/meta/migrate.js';
import { MIGRATIONS } from '../src/meta/migrations/index.js';
import type { MetaStore, NewSite } from '../src/ports.js';

/** A fresh, empty place to open metadata stores on: a copied PGlite directory or a new PostgreSQL database. */
export interface MetaStoreTarget {
  /** Opens a store on this target (not migrated). May be called again after close to reopen the same data. */
  open(): Promise<MetaStore>;
  /** True when two stores may be open on the target at the same time (a server; not PGlite). */
  readonly concurrentOpen: boolean;
  /** Removes the target; stores opened on it must be closed first. */
  dispose(): Promise<void>;
}

async function expectCode(promise: Promise<unknown>, code: SillageError['code']): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeDefined();
  expect(isSillageError(err) ? err.code : err).toBe(code);
}

/** Every table but schema_migrations. */
const DATA_TABLES = ['sites', 'users', 'tokens', 'access', 'settings', 'salts', 'audit_log'];

const site = (overrides: Partial<NewSite> = {}): NewSite => ({ name: 'Example', urls: ['https://example.org'], ...overrides });

/**
 * Registers the MetaStore contract for one engine. Every test gets its own target (fresh database),
 * so tests are independent and can assert exact lists and counts.
 */
export function describeMetaStoreContract(engine: string, makeTarget: () => Promise<MetaStoreTarget>): void {
  describe(`MetaStore contract on ${engine}`, () => {
    let target: MetaStoreTarget;
    let store: MetaStore;
    const extraStores: MetaStore[] = [];

    /** Opens another store on the same target, closed after the test. */
    async function openAnother(): Promise<MetaStore> {
      const s = await target.open();
      extraStores.push(s);
      return s;
    }

    // One migrated database for the block, emptied before each test: creating a PGlite data directory
    // per test would cost about a second each. Tests that need a brand-new database make their own.
    beforeAll(async () => {
      target = await makeTarget();
      store = await target.open();
      await store.migrate();
    });

    beforeEach(async () => {
      await store.sql.query(`TRUNCATE ${DATA_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
    });

    afterEach(async () => {
      for (const s of extraStores.splice(0)) await s.close();
    });

    afterAll(async () => {
      await store?.close();
      await target?.dispose();
    });

    describe('migrations', () => {
      it('are recorded once and a second run applies nothing', async () => {
        const rows = await store.sql.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
        expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
        const again = await store.migrate();
        expect(again).toEqual({ applied: [], current: MIGRATIONS.at(-1)!.id });
      });

      it('apply every migration on a fresh database and report them', async () => {
        const fresh = await makeTarget();
        const s = await fresh.open();
        try {
          const report = await s.migrate();
          expect(report.applied).toEqual(MIGRATIONS.map((m) => m.id));
          expect(report.current).toBe(MIGRATIONS.at(-1)!.id);
          const tables = await s.sql.query<{ t: string }>(
            `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
          );
          expect(tables.map((r) => r.t)).toEqual([
            'access',
            'audit_log',
            'salts',
            'saved_segments',
            'schema_migrations',
            'sessions',
            'settings',
            'sites',
            'tokens',
            'user_security',
            'users',
          ]);
        } finally {
          await s.close();
          await fresh.dispose();
        }
      });

      it('are safe when several runs race', async () => {
        const fresh = await makeTarget();
        const stores = [await fresh.open()];
        if (fresh.concurrentOpen) stores.push(await fresh.open(), await fresh.open());
        try {
          // On a server: three pools racing (the advisory lock serialises them); on PGlite: three calls on one store.
          const runs = stores.length > 1 ? stores.map((s) => s.migrate()) : [0, 1, 2].map(() => stores[0]!.migrate());
          const reports = await Promise.all(runs);
          expect(reports.flatMap((r) => r.applied).sort()).toEqual(MIGRATIONS.map((m) => m.id).sort());
          const [count] = await stores[0]!.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
          expect(count!.n).toBe(MIGRATIONS.length);
        } finally {
          for (const s of stores) await s.close();
          await fresh.dispose();
        }
      });

      it('roll back a failing migration entirely and name it', async () => {
        const bad = { id: '999_bad', sql: 'CREATE TABLE half_done (x int); SELECT no_such_column FROM half_done;' };
        await expectCode(runMigrations(store.sql as ScriptExecutor, [...MIGRATIONS, bad]), 'STORE_MIGRATION_FAILED');
        const [t] = await store.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'half_done'`,
        );
        expect(t!.n).toBe(0);
        const ids = await store.sql.query<{ id: string }>('SELECT id FROM schema_migrations');
        expect(ids.map((r) => r.id)).not.toContain('999_bad');
      });
    });

    describe('sql executor', () => {
      it('runs parameterised queries with arrays, JSON and timestamps', async () => {
        const [row] = await store.sql.query<{ a: string[]; j: unknown; t: Date; n: number }>(
          'SELECT $1::text[] AS a, $2::text::jsonb AS j, $3::timestamptz AS t, $4::int + 1 AS n',
          [['x', 'y'], JSON.stringify([1, { k: 'v' }]), new Date('2026-01-02T03:04:05Z'), 41],
        );
        expect(row).toEqual({ a: ['x', 'y'], j: [1, { k: 'v' }], t: new Date('2026-01-02T03:04:05Z'), n: 42 });
      });

      it('commits a transaction that resolves', async () => {
        const result = await store.sql.transaction(async (tx) => {
          await tx.query(`INSERT INTO settings (key, value) VALUES ('a', '1')`);
          await tx.query(`INSERT INTO settings (key, value) VALUES ('b', '2')`);
          return 'done';
        });
        expect(result).toBe('done');
        expect(await store.settings.get('a')).toBe(1);
        expect(await store.settings.get('b')).toBe(2);
      });

      it('rolls back a transaction that throws and rethrows the same error', async () => {
        const boom = new Error('boom');
        const err = await store.sql
          .transaction(async (tx) => {
            await tx.query(`INSERT INTO settings (key, value) VALUES ('a', '1')`);
            await tx.query(`INSERT INTO sites (name, urls) VALUES ('x', '{https://x.example}')`);
            throw boom;
          })
          .catch((e: unknown) => e);
        expect(err).toBe(boom);
        expect(await store.settings.get('a')).toBeUndefined();
        expect(await store.sites.list()).toEqual([]);
      });

      it('rolls back a transaction whose statement fails', async () => {
        await expectCode(
          store.sql.transaction(async (tx) => {
            await tx.query(`INSERT INTO settings (key, value) VALUES ('a', '1')`);
            await tx.query(`INSERT INTO settings (key, value) VALUES ('a', '2')`); // duplicate key
          }),
          'STORE_QUERY_FAILED',
        );
        expect(await store.settings.get('a')).toBeUndefined();
      });

      it('turns a nested transaction into a savepoint', async () => {
        await store.sql.transaction(async (tx) => {
          await tx.query(`INSERT INTO settings (key, value) VALUES ('outer', 'true')`);
          await tx
            .transaction(async (inner) => {
              await inner.query(`INSERT INTO settings (key, value) VALUES ('inner', 'true')`);
              throw new Error('inner fails');
            })
            .catch(() => undefined);
          await tx.transaction(async (inner) => {
            await inner.query(`INSERT INTO settings (key, value) VALUES ('inner2', 'true')`);
          });
        });
        expect(await store.settings.get('outer')).toBe(true);
        expect(await store.settings.get('inner')).toBeUndefined();
        expect(await store.settings.get('inner2')).toBe(true);
      });

      it('reports SQL errors as STORE_QUERY_FAILED with the engine error as cause', async () => {
        const err = await store.sql.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
        expect(isSillageError(err, 'STORE_QUERY_FAILED')).toBe(true);
        expect((err as SillageError).cause).toMatchObject({ code: '42P01' });
      });
    });

    describe('sites', () => {
      it('creates a site with the documented defaults', async () => {
        const before = Date.now();
        const s = await store.sites.create(site());
        expect(s).toMatchObject({
          name: 'Example',
          urls: ['https://example.org'],
          mainUrl: 'https://example.org',
          timezone: 'UTC',
          currency: 'EUR',
          excludedIps: [],
          excludedUserAgents: [],
          excludedParameters: [],
          siteSearchEnabled: true,
          siteSearchKeywordParameters: [],
          siteSearchCategoryParameters: [],
          keepUrlFragment: false,
          excludeUnknownUrls: false,
          ecommerce: false,
          privacyMode: 'exempt',
          // New sites are exempt: the switches are the exempt mode's (core/privacy/modes.ts).
          privacy: effectivePrivacy('exempt', {}),
        });
        expect(s.id).toBeGreaterThan(0);
        expect(s.createdAt).toBeInstanceOf(Date);
        expect(s.createdAt.getTime()).toBeGreaterThan(before - 60_000);
        expect(await store.sites.get(s.id)).toEqual(s);
      });

      it('stores every field and merges privacy overrides over the defaults', async () => {
        const input: NewSite = {
          name: '  Shop  ',
          urls: ['https://shop.example.com/', 'http://www.shop.example.com', 'https://shop.example.com'],
          timezone: 'Europe/Paris',
          currency: 'usd',
          excludedIps: ['10.0.0.0/8', '192.168.1.*'],
          excludedUserAgents: ['bot'],
          excludedParameters: ['sessionid'],
          siteSearchEnabled: false,
          siteSearchKeywordParameters: ['term'],
          siteSearchCategoryParameters: ['cat'],
          keepUrlFragment: true,
          excludeUnknownUrls: true,
          ecommerce: true,
          privacyMode: 'custom',
          privacy: { anonymizeIpBytes: 3, allowUserId: true },
        };
        const s = await store.sites.create(input);
        expect(s).toMatchObject({
          name: 'Shop',
          // trailing slash dropped, duplicate removed, main URL kept first
          urls: ['https://shop.example.com', 'http://www.shop.example.com'],
          mainUrl: 'https://shop.example.com',
          timezone: 'Europe/Paris',
          currency: 'USD',
          excludedIps: ['10.0.0.0/8', '192.168.1.*'],
          excludedUserAgents: ['bot'],
          excludedParameters: ['sessionid'],
          siteSearchEnabled: false,
          siteSearchKeywordParameters: ['term'],
          siteSearchCategoryParameters: ['cat'],
          keepUrlFragment: true,
          excludeUnknownUrls: true,
          ecommerce: true,
          privacyMode: 'custom',
          privacy: { ...DEFAULT_PRIVACY, anonymizeIpBytes: 3, allowUserId: true },
        });
        expect(await store.sites.get(s.id)).toEqual(s);
      });

      it.each<[string, Partial<NewSite>]>([
        ['empty name', { name: '  ' }],
        ['no URL', { urls: [] }],
        ['relative URL', { urls: ['example.org'] }],
        ['ftp URL', { urls: ['ftp://example.org'] }],
        ['javascript URL', { urls: ['javascript:alert(1)'] }],
        ['unknown timezone', { timezone: 'Mars/Olympus' }],
        ['empty timezone', { timezone: '' }],
        ['2-letter currency', { currency: 'EU' }],
        ['currency with digits', { currency: 'E1R' }],
        ['unknown privacy mode', { privacyMode: 'nope' as never }],
        ['bad anonymizeIpBytes', { privacy: { anonymizeIpBytes: 5 as never } }],
        ['unknown privacy switch', { privacy: { trackEverything: true } as never }],
        ['non-boolean switch', { privacy: { allowUserId: 'yes' as never } }],
        ['non-list excludedIps', { excludedIps: '1.2.3.4' as never }],
      ])('rejects %s with SITE_INVALID', async (_label, bad) => {
        await expectCode(store.sites.create(site(bad)), 'SITE_INVALID');
        expect(await store.sites.list()).toEqual([]);
      });

      it('gets undefined for unknown ids and lists sites by id', async () => {
        expect(await store.sites.get(12345)).toBeUndefined();
        expect(await store.sites.get(-1)).toBeUndefined();
        expect(await store.sites.get(1.5)).toBeUndefined();
        const a = await store.sites.create(site({ name: 'A' }));
        const b = await store.sites.create(site({ name: 'B', urls: ['https://b.example'] }));
        expect((await store.sites.list()).map((s) => [s.id, s.name])).toEqual([
          [a.id, 'A'],
          [b.id, 'B'],
        ]);
        expect(b.id).toBeGreaterThan(a.id);
      });

      it('updates only the fields in the patch and accumulates privacy overrides', async () => {
        // custom: every override in force as given (exempt would ignore allowUserId).
        const s = await store.sites.create(site({ privacyMode: 'custom', privacy: { allowUserId: true } }));
        const u = await store.sites.update(s.id, { name: 'Renamed', timezone: 'Asia/Tokyo', privacy: { honourDoNotTrack: true } });
        expect(u).toEqual({
          ...s,
          name: 'Renamed',
          timezone: 'Asia/Tokyo',
          privacy: { ...DEFAULT_PRIVACY, allowUserId: true, honourDoNotTrack: true },
        });
        expect(await store.sites.get(s.id)).toEqual(u);
      });

      it('exempt sites ignore overrides that break the exemption; custom sites apply them', async () => {
        const s = await store.sites.create(site({ privacy: { allowUserId: true, anonymizeIpBytes: 1, retentionMonths: 6 } }));
        expect(s.privacy).toMatchObject({ allowUserId: false, anonymizeIpBytes: 2, retentionMonths: 6 });
        const u = await store.sites.update(s.id, { privacyMode: 'custom' });
        expect(u.privacy).toMatchObject({ allowUserId: true, anonymizeIpBytes: 1, retentionMonths: 6 });
      });

      it('rejects an invalid patch and leaves the site unchanged', async () => {
        const s = await store.sites.create(site());
        await expectCode(store.sites.update(s.id, { currency: 'EURO' }), 'SITE_INVALID');
        await expectCode(store.sites.update(s.id, { urls: [] }), 'SITE_INVALID');
        expect(await store.sites.get(s.id)).toEqual(s);
      });

      it('answers SITE_NOT_FOUND when updating an unknown site', async () => {
        await expectCode(store.sites.update(999, { name: 'x' }), 'SITE_NOT_FOUND');
      });

      it.each<[string, string[]]>([
        ['example.org', ['Main']],
        ['EXAMPLE.ORG', ['Main']],
        ['www.example.org', ['Main']],
        ['https://www.Example.org/some/page?x=1', ['Main']],
        ['example.org:8080', ['Main']],
        ['shop.example.org', ['Main', 'Shop']],
        ['WWW.SHOP.EXAMPLE.ORG', ['Main', 'Shop']],
        ['other.example.org', []],
        ['example.org.evil.com', []],
        ['', []],
      ])('findByHost(%j) finds %j', async (host, names) => {
        await store.sites.create(site({ name: 'Main', urls: ['https://www.example.org', 'http://shop.example.org/path'] }));
        await store.sites.create(site({ name: 'Shop', urls: ['https://SHOP.example.org'] }));
        await store.sites.create(site({ name: 'Elsewhere', urls: ['https://elsewhere.net'] }));
        expect((await store.sites.findByHost(host)).map((s) => s.name)).toEqual(names);
      });

      it('findByHost follows URL changes made by update', async () => {
        const s = await store.sites.create(site());
        await store.sites.update(s.id, { urls: ['https://new.example.net'] });
        expect(await store.sites.findByHost('example.org')).toEqual([]);
        expect((await store.sites.findByHost('new.example.net')).map((x) => x.id)).toEqual([s.id]);
      });
    });

    describe('users', () => {
      it('creates, gets, lists and counts users', async () => {
        expect(await store.users.count()).toBe(0);
        const bob = await store.users.create({ login: 'bob', passwordHash: 'h1' });
        const alice = await store.users.create({ login: 'alice', email: 'a@example.org', passwordHash: 'h2', superuser: true });
        expect(bob).toMatchObject({ login: 'bob', email: '', passwordHash: 'h1', superuser: false });
        expect(alice).toMatchObject({ login: 'alice', email: 'a@example.org', passwordHash: 'h2', superuser: true });
        expect(alice.createdAt).toBeInstanceOf(Date);
        expect(await store.users.get('alice')).toEqual(alice);
        expect(await store.users.get('nobody')).toBeUndefined();
        expect((await store.users.list()).map((u) => u.login)).toEqual(['alice', 'bob']);
        expect(await store.users.count()).toBe(2);
      });

      it('refuses a duplicate login with USER_EXISTS and an empty one with USER_INVALID', async () => {
        await store.users.create({ login: 'bob', passwordHash: 'h1' });
        await expectCode(store.users.create({ login: 'bob', passwordHash: 'h2' }), 'USER_EXISTS');
        await expectCode(store.users.create({ login: ' ', passwordHash: 'h2' }), 'USER_INVALID');
        expect((await store.users.get('bob'))?.passwordHash).toBe('h1');
      });

      it('changes a password, and answers USER_NOT_FOUND for unknown users', async () => {
        await store.users.create({ login: 'bob', passwordHash: 'old' });
        await store.users.setPassword('bob', 'new');
        expect((await store.users.get('bob'))?.passwordHash).toBe('new');
        await expectCode(store.users.setPassword('nobody', 'x'), 'USER_NOT_FOUND');
      });
    });

    describe('tokens', () => {
      beforeEach(async () => {
        await store.users.create({ login: 'bob', passwordHash: 'h' });
        await store.users.create({ login: 'eve', passwordHash: 'h' });
      });

      it('creates tokens, finds them by hash and lists them per user', async () => {
        const t1 = await store.tokens.create({ login: 'bob', hash: 'a'.repeat(64), description: 'CI' });
        const t2 = await store.tokens.create({ login: 'bob', hash: 'b'.repeat(64) });
        await store.tokens.create({ login: 'eve', hash: 'c'.repeat(64) });
        expect(t1).toMatchObject({ login: 'bob', description: 'CI', lastUsedAt: null });
        expect(t1.createdAt).toBeInstanceOf(Date);
        expect(t2.description).toBe('');
        expect(await store.tokens.findByHash('a'.repeat(64))).toEqual(t1);
        expect(await store.tokens.findByHash('d'.repeat(64))).toBeUndefined();
        expect(await store.tokens.listForUser('bob')).toEqual([t1, t2]);
        expect(await store.tokens.listForUser('nobody')).toEqual([]);
      });

      it('revokes tokens', async () => {
        const t = await store.tokens.create({ login: 'bob', hash: 'a'.repeat(64) });
        expect(await store.tokens.revoke(t.id)).toBe(true);
        expect(await store.tokens.revoke(t.id)).toBe(false);
        expect(await store.tokens.findByHash('a'.repeat(64))).toBeUndefined();
      });

      it('records the last use', async () => {
        const t = await store.tokens.create({ login: 'bob', hash: 'a'.repeat(64) });
        const at = new Date('2026-03-04T05:06:07.000Z');
        await store.tokens.touch(t.id, at);
        expect((await store.tokens.findByHash('a'.repeat(64)))?.lastUsedAt).toEqual(at);
      });

      it('refuses a token for an unknown user and a reused hash', async () => {
        await expectCode(store.tokens.create({ login: 'nobody', hash: 'a'.repeat(64) }), 'USER_NOT_FOUND');
        await store.tokens.create({ login: 'bob', hash: 'a'.repeat(64) });
        await expectCode(store.tokens.create({ login: 'eve', hash: 'a'.repeat(64) }), 'STORE_QUERY_FAILED');
      });

      it('are deleted with their user', async () => {
        await store.tokens.create({ login: 'bob', hash: 'a'.repeat(64) });
        await store.sql.query(`DELETE FROM users WHERE login = 'bob'`);
        expect(await store.tokens.findByHash('a'.repeat(64))).toBeUndefined();
      });
    });

    describe('access', () => {
      it('sets, replaces and removes roles per site', async () => {
        await store.users.create({ login: 'bob', passwordHash: 'h' });
        const a = await store.sites.create(site({ name: 'A' }));
        const b = await store.sites.create(site({ name: 'B' }));
        expect(await store.access.forUser('bob')).toEqual(new Map());
        await store.access.set('bob', a.id, 'view');
        await store.access.set('bob', b.id, 'admin');
        await store.access.set('bob', a.id, 'write');
        expect(await store.access.forUser('bob')).toEqual(
          new Map([
            [a.id, 'write'],
            [b.id, 'admin'],
          ]),
        );
        await store.access.set('bob', b.id, null);
        await store.access.set('bob', b.id, null); // removing twice is fine
        expect(await store.access.forUser('bob')).toEqual(new Map([[a.id, 'write']]));
      });

      it('names what is missing when the user or the site does not exist', async () => {
        await store.users.create({ login: 'bob', passwordHash: 'h' });
        const a = await store.sites.create(site());
        await expectCode(store.access.set('bob', 999, 'view'), 'SITE_NOT_FOUND');
        await expectCode(store.access.set('nobody', a.id, 'view'), 'USER_NOT_FOUND');
        await expectCode(store.access.set('bob', a.id, 'owner' as never), 'USER_INVALID');
      });
    });

    describe('settings', () => {
      it.each<[string, unknown]>([
        ['string', 'hello'],
        ['number', 42.5],
        ['boolean', false],
        ['null', null],
        ['array', [1, 'two', { three: 3 }]],
        ['object', { nested: { list: [true] }, unicode: 'é ✓' }],
      ])('round-trips a %s', async (_label, value) => {
        await store.settings.set('k', value);
        expect(await store.settings.get('k')).toEqual(value);
      });

      it('overwrites, answers undefined for missing keys and deletes on undefined', async () => {
        expect(await store.settings.get('k')).toBeUndefined();
        await store.settings.set('k', 1);
        await store.settings.set('k', { v: 2 });
        expect(await store.settings.get('k')).toEqual({ v: 2 });
        await store.settings.set('k', undefined);
        expect(await store.settings.get('k')).toBeUndefined();
      });
    });

    describe('salts', () => {
      it('creates a salt once and returns the stored one afterwards', async () => {
        expect(await store.salts.get(1, '2026-05-01')).toBeUndefined();
        expect(await store.salts.getOrCreate(1, '2026-05-01', 'first')).toBe('first');
        expect(await store.salts.getOrCreate(1, '2026-05-01', 'second')).toBe('first');
        expect(await store.salts.get(1, '2026-05-01')).toBe('first');
        expect(await store.salts.getOrCreate(2, '2026-05-01', 'other site')).toBe('other site');
        expect(await store.salts.getOrCreate(1, '2026-05-02', 'next day')).toBe('next day');
      });

      it('gives every concurrent caller the same salt for one (site, day)', async () => {
        const stores = target.concurrentOpen ? [store, await openAnother(), await openAnother()] : [store];
        const calls = Array.from({ length: 30 }, (_, i) => stores[i % stores.length]!.salts.getOrCreate(7, '2026-05-01', `candidate-${i}`));
        const salts = new Set(await Promise.all(calls));
        expect(salts.size).toBe(1);
        expect([...salts][0]).toMatch(/^candidate-\d+$/);
        const [n] = await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM salts WHERE site_id = 7');
        expect(n!.n).toBe(1);
      });

      it('rejects malformed days', async () => {
        await expectCode(store.salts.getOrCreate(1, '2026-5-1', 'x'), 'STORE_QUERY_FAILED');
        await expectCode(store.salts.get(1, 'yesterday'), 'STORE_QUERY_FAILED');
      });

      it('deletes salts created before a cutoff and reports which, without their values', async () => {
        await store.salts.getOrCreate(1, '2026-04-01', 'old-1');
        await store.salts.getOrCreate(2, '2026-04-01', 'old-2');
        await store.salts.getOrCreate(1, '2026-05-01', 'new');
        await store.sql.query(`UPDATE salts SET created_at = '2026-04-01T00:00:00Z' WHERE day = '2026-04-01'`);
        const deleted = await store.salts.deleteCreatedBefore(new Date('2026-04-02T00:00:00Z'));
        expect(deleted).toEqual([
          { siteId: 1, day: '2026-04-01', createdAt: new Date('2026-04-01T00:00:00Z') },
          { siteId: 2, day: '2026-04-01', createdAt: new Date('2026-04-01T00:00:00Z') },
        ]);
        expect(await store.salts.get(1, '2026-04-01')).toBeUndefined();
        expect(await store.salts.get(1, '2026-05-01')).toBe('new');
        expect(await store.salts.deleteCreatedBefore(new Date('2026-04-02T00:00:00Z'))).toEqual([]);
      });
    });

    describe('audit log', () => {
      it('appends entries and lists them newest first with filters', async () => {
        const e1 = await store.audit.append({ actor: 'alice', action: 'site.create', details: { siteId: 1 } });
        const e2 = await store.audit.append({ actor: 'bob', action: 'user.create' });
        await store.sql.query(`UPDATE audit_log SET at = '2026-01-01T00:00:00Z' WHERE id = $1`, [e1.id]);
        const e3 = await store.audit.append({ actor: 'alice', action: 'site.create', details: { siteId: 2, nested: [1] } });
        expect(e1).toMatchObject({ actor: 'alice', action: 'site.create', details: { siteId: 1 } });
        expect(typeof e1.id).toBe('number');
        expect(e2.details).toEqual({});
        expect(e3.at).toBeInstanceOf(Date);

        expect((await store.audit.list()).map((e) => e.id)).toEqual([e3.id, e2.id, e1.id]);
        expect((await store.audit.list({ action: 'site.create' })).map((e) => e.details)).toEqual([
          { siteId: 2, nested: [1] },
          { siteId: 1 },
        ]);
        expect((await store.audit.list({ since: new Date('2026-01-02T00:00:00Z') })).map((e) => e.id)).toEqual([e3.id, e2.id]);
        expect((await store.audit.list({ limit: 1 })).map((e) => e.id)).toEqual([e3.id]);
        expect(await store.audit.list({ action: 'nothing' })).toEqual([]);
      });
    });

    describe('durability', () => {
      it('keeps data across close and reopen', async () => {
        const s = await store.sites.create(site());
        await store.users.create({ login: 'bob', passwordHash: 'h' });
        await store.salts.getOrCreate(s.id, '2026-05-01', 'kept');
        await store.settings.set('k', { v: 1 });
        await store.close();
        store = await target.open();
        expect(await store.migrate()).toEqual({ applied: [], current: MIGRATIONS.at(-1)!.id });
        expect(await store.sites.get(s.id)).toEqual(s);
        expect((await store.users.get('bob'))?.passwordHash).toBe('h');
        expect(await store.salts.get(s.id, '2026-05-01')).toBe('kept');
        expect(await store.settings.get('k')).toEqual({ v: 1 });
      });

      it('closing twice is harmless', async () => {
        await store.close();
        await store.close();
        store = await target.open(); // afterEach closes this one
        expect(await store.users.count()).toBe(0);
      });
    });
  });
}
