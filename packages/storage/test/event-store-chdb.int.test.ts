/**
 * What only the embedded engine has: a supervised child process. Real signals on the real child:
 * kill -9 (restart, outage fails fast, data intact), SIGSTOP/SIGCONT (timeouts, then recovery), a hung
 * child (killed and restarted), the memory cap, the data-directory lock, and a clean close.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EventRow, emptyEventRow, isSillageError } from '@sillage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineEnv } from '../src/events/chdb-supervisor.js';
import { createEventStore, type EngineEvent, type SupervisedEventStore } from '../src/events/index.js';

function rows(siteId: number, count: number, firstSeq: number): EventRow[] {
  return Array.from({ length: count }, (_, i) => ({
    ...emptyEventRow(),
    site_id: siteId,
    ts: 1_735_689_600 + i,
    seq: BigInt(firstSeq + i),
    visit_id: BigInt(firstSeq),
  }));
}

async function count(store: SupervisedEventStore, siteId: number): Promise<number> {
  const [row] = await store.query<{ n: string }>('SELECT count() AS n FROM sillage.events WHERE site_id = {site:UInt32}', { site: siteId });
  return Number(row?.n);
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('chDB event store: supervision', () => {
  let dataDir: string;
  let store: SupervisedEventStore;
  const events: EngineEvent[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sillage-events-sup-'));
    store = await createEventStore({
      kind: 'chdb',
      dataDir,
      memoryLimitBytes: 512 * 1024 ** 2,
      queryTimeoutMs: 1_500,
      hangTimeoutMs: 30_000,
      onEngineEvent: (e) => events.push(e),
    });
    await store.migrate();
  });

  afterAll(async () => {
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs the engine in a child process whose pid is in <dataDir>/engine.pid', () => {
    const pid = store.engineProcessId();
    expect(pid).toBeTypeOf('number');
    expect(pid).not.toBe(process.pid);
    expect(readFileSync(join(dataDir, 'engine.pid'), 'utf8').trim()).toBe(String(pid));
  });

  it('starts the engine with two malloc arenas unless MALLOC_ARENA_MAX is set', () => {
    const environ = readFileSync(`/proc/${store.engineProcessId()}/environ`, 'utf8').split('\0');
    expect(environ).toContain(`MALLOC_ARENA_MAX=${process.env['MALLOC_ARENA_MAX'] ?? '2'}`);
    expect(engineEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '2' });
    expect(engineEnv({ MALLOC_ARENA_MAX: '4' })).toEqual({ MALLOC_ARENA_MAX: '4' });
  });

  it('survives kill -9 of the engine: the outage fails fast, the engine restarts, data is intact', async () => {
    await store.insertEvents(rows(1, 1_000, 1), 'before-kill');
    expect(await count(store, 1)).toBe(1_000);
    const oldPid = store.engineProcessId()!;

    // A long query in flight when the engine dies must fail, not hang.
    const inFlight = store.query('SELECT count() FROM numbers(100000000000) WHERE NOT ignore(sipHash64(number))').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    process.kill(oldPid, 'SIGKILL');
    const started = Date.now();
    const inFlightError = await inFlight;
    expect(isSillageError(inFlightError, 'STORE_UNAVAILABLE')).toBe(true);

    // Calls while the engine is down fail at once with STORE_UNAVAILABLE.
    const during = await store.query('SELECT 1').catch((e: unknown) => e);
    expect(isSillageError(during, 'STORE_UNAVAILABLE')).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);

    const newPid = await waitFor(() => {
      const pid = store.engineProcessId();
      return pid !== undefined && pid !== oldPid ? pid : undefined;
    }, 20_000);
    expect(isAlive(oldPid)).toBe(false);
    expect(readFileSync(join(dataDir, 'engine.pid'), 'utf8').trim()).toBe(String(newPid));
    expect(await count(store, 1)).toBe(1_000);
    // And it takes writes again; a batch retried after the crash is still deduplicated.
    await store.insertEvents(rows(1, 1_000, 1), 'before-kill');
    await store.insertEvents(rows(1, 10, 5_000), 'after-kill');
    expect(await count(store, 1)).toBe(1_010);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['exited', 'restarting', 'started']));
    const exit = events.find((e) => e.type === 'exited');
    expect(exit).toMatchObject({ pid: oldPid, signal: 'SIGKILL', expected: false });
  });

  it('times out calls to a stopped engine with STORE_UNAVAILABLE, and answers again after SIGCONT', async () => {
    const pid = store.engineProcessId()!;
    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const [query, insert] = await Promise.all([
        store.query('SELECT 1').catch((e: unknown) => e),
        store.insertEvents(rows(2, 10, 1), 'while-stopped').catch((e: unknown) => e),
      ]);
      const waited = Date.now() - started;
      expect(isSillageError(query, 'STORE_UNAVAILABLE')).toBe(true);
      expect(isSillageError(insert, 'STORE_UNAVAILABLE')).toBe(true);
      expect((query as Error).message).toMatch(/did not answer within 1500 ms/);
      expect(waited).toBeGreaterThanOrEqual(1_400);
      expect(waited).toBeLessThan(5_000);
      expect(await store.ping()).toBe(false);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(await store.query('SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
    expect(store.engineProcessId()).toBe(pid);
    // The insert that timed out was not lost, only unacknowledged: retrying with its token is safe.
    await store.insertEvents(rows(2, 10, 1), 'while-stopped');
    expect(await count(store, 2)).toBe(10);
  });

  it('fails an oversized query cleanly under the memory cap, and keeps answering', async () => {
    const pid = store.engineProcessId();
    const err = await store.query("SELECT length(groupArray(repeat('x', 200))) AS n FROM numbers(50000000)").catch((e: unknown) => e);
    expect(isSillageError(err, 'STORE_QUERY_FAILED')).toBe(true);
    expect((err as Error).message).toMatch(/MEMORY_LIMIT_EXCEEDED|memory limit/i);
    expect(await store.ping()).toBe(true);
    expect(store.engineProcessId()).toBe(pid);
    expect(await count(store, 1)).toBe(1_010);
  });

  it('plans a query on as many threads as max_threads allows, even under a small memory cap', async () => {
    // ClickHouse's default of one thread per GiB of free memory made every query single-threaded here.
    const [setting] = await store.query<{ threads: number }>("SELECT getSetting('max_threads') AS threads");
    const plan = await store.query<{ explain: string }>('EXPLAIN PIPELINE SELECT sum(number) FROM numbers_mt(10000000)');
    const streams = /NumbersRange × (\d+)/.exec(plan.map((r) => r.explain).join('\n'))?.[1] ?? '1';
    expect(Number(streams)).toBe(Number(setting?.threads));
  });

  it('refuses a second engine on the same data directory with STORE_LOCKED', async () => {
    const err = await createEventStore({ kind: 'chdb', dataDir, onEngineEvent: () => {} }).catch((e: unknown) => e);
    expect(isSillageError(err, 'STORE_LOCKED')).toBe(true);
    expect((err as Error).message).toContain(String(store.engineProcessId()));
    // The running engine is untouched, pid file included.
    expect(readFileSync(join(dataDir, 'engine.pid'), 'utf8').trim()).toBe(String(store.engineProcessId()));
    expect(await store.ping()).toBe(true);
  });
});

describe('chDB event store: hang detection and close', () => {
  it('kills and restarts an engine that stops answering heartbeats', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sillage-events-hang-'));
    const seen: EngineEvent[] = [];
    const store = await createEventStore({
      kind: 'chdb',
      dataDir,
      queryTimeoutMs: 500,
      hangTimeoutMs: 600,
      onEngineEvent: (e) => seen.push(e),
    });
    try {
      const pid = store.engineProcessId()!;
      process.kill(pid, 'SIGSTOP');
      const newPid = await waitFor(() => {
        const p = store.engineProcessId();
        return p !== undefined && p !== pid ? p : undefined;
      }, 20_000);
      expect(newPid).not.toBe(pid);
      expect(seen.some((e) => e.type === 'hung' && e.pid === pid)).toBe(true);
      expect(await store.ping()).toBe(true);
    } finally {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('close() stops the engine, removes the pid file, and later calls fail with STORE_UNAVAILABLE', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sillage-events-close-'));
    const seen: EngineEvent[] = [];
    const store = await createEventStore({ kind: 'chdb', dataDir, onEngineEvent: (e) => seen.push(e) });
    const pid = store.engineProcessId()!;
    await store.migrate();
    await store.insertEvents(rows(3, 100, 1), 'before-close');
    await store.close();
    expect(isAlive(pid)).toBe(false);
    expect(seen.filter((e) => e.type === 'exited')).toMatchObject([{ pid, code: 0, expected: true }]);
    expect(seen.some((e) => e.type === 'restarting')).toBe(false);
    expect(existsSync(join(dataDir, 'engine.pid'))).toBe(false);
    const err = await store.query('SELECT 1').catch((e: unknown) => e);
    expect(isSillageError(err, 'STORE_UNAVAILABLE')).toBe(true);
    // The data survives the clean stop.
    const reopened = await createEventStore({ kind: 'chdb', dataDir, onEngineEvent: () => {} });
    try {
      expect(await count(reopened, 3)).toBe(100);
    } finally {
      await reopened.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('chDB engine process: orphan protection', () => {
  it('exits by itself when its parent dies, releasing the data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sillage-events-orphan-'));
    const childScript = fileURLToPath(new URL('../engine/chdb-child.mjs', import.meta.url));
    const config = JSON.stringify({ dataDir, memoryLimitBytes: 512 * 1024 ** 2, markCacheBytes: 32 * 1024 ** 2 });
    // A stand-in server: forks the engine, prints its pid once ready, then waits to be killed.
    const parentSource = `
      const { fork } = require('node:child_process');
      const child = fork(${JSON.stringify(childScript)}, [${JSON.stringify(config)}], { serialization: 'advanced', execArgv: [], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
      child.on('message', (m) => { if (m.type === 'ready') console.log(String(m.pid)); });`;
    const parent = spawn(process.execPath, ['-e', parentSource], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const enginePid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(d.toString()))));
      expect(isAlive(enginePid)).toBe(true);
      parent.kill('SIGKILL');
      await waitFor(() => (isAlive(enginePid) ? undefined : true), 10_000);
      // The directory is free again: a new store opens it.
      const store = await createEventStore({ kind: 'chdb', dataDir, onEngineEvent: () => {} });
      expect(await store.ping()).toBe(true);
      await store.close();
    } finally {
      parent.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
