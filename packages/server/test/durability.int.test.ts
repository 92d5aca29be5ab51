import { mkdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createEventStore, Spool } from '@sillage/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNREADABLE_RECORDS_FILE } from '../src/ingest/shipper.js';
import { createSuperUserToken } from './support/fixtures.js';
import { api, healthz, runCli, startServer, type TestServer, tempDataDir, waitFor, waitShipped } from './support/harness.js';

/**
 * The ingest guarantee, tested on the real server: every hit that got a 2xx answer is in the event store
 * exactly once — after `kill -9` of the server at arbitrary moments, and after the event engine was
 * frozen or killed while hits kept arriving.
 */

// Node's fetch says "node", which bot detection rightly drops: send what a browser sends.
const BROWSER = {
  'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
};

async function storedUrlCounts(dataDir: string, prefix: string): Promise<Map<string, number>> {
  const events = await createEventStore({ kind: 'chdb', dataDir: join(dataDir, 'events') });
  try {
    const rows = await events.query<{ url: string; n: string }>(
      'SELECT url, count() AS n FROM sillage.events WHERE startsWith(url, {p:String}) GROUP BY url',
      { p: prefix },
    );
    return new Map(rows.map((r) => [r.url, Number(r.n)]));
  } finally {
    await events.close();
  }
}

/** Sends hits with unique URLs as fast as `concurrency` allows until stopped; records the acknowledged ones. */
function hitStorm(baseUrl: () => string, site: number, prefix: string, concurrency: number) {
  const acked = new Set<string>();
  let sent = 0;
  let running = true;
  const worker = async () => {
    while (running) {
      const url = `${prefix}${sent++}`;
      const qs = new URLSearchParams({ idsite: String(site), rec: '1', url, send_image: '0', new_visit: '1', action_name: 'storm' });
      try {
        const res = await fetch(`${baseUrl()}/matomo.php?${qs}`, { method: 'POST', headers: BROWSER });
        if (res.status === 204 && res.headers.get('x-sillage-ignored') === null) acked.add(url);
      } catch {
        // connection refused or reset: the server is down, the hit was not acknowledged
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    acked,
    get sent() {
      return sent;
    },
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

describe('kill -9 of the server', () => {
  let data: ReturnType<typeof tempDataDir>;
  let env: Record<string, string>;
  let site: number;

  beforeAll(async () => {
    data = tempDataDir();
    env = { SILLAGE_DATA_DIR: data.dir };
    site = Number((await runCli(['site', 'add', '--name', 'Kill', '--url', 'https://kill.example'], env)).stdout);
  });
  afterAll(() => data?.remove());

  it('keeps every acknowledged hit exactly once across three kills', async () => {
    const prefix = 'https://kill.example/k/';
    let server = await startServer(env);
    const storm = hitStorm(() => server.url, site, prefix, 12);
    for (let round = 0; round < 3; round++) {
      // Let hits flow (some shipped, some only in the spool), then kill at an arbitrary moment.
      await new Promise((r) => setTimeout(r, 700 + Math.floor(Math.random() * 900)));
      await server.kill9();
      server = await startServer(env);
    }
    await new Promise((r) => setTimeout(r, 500));
    await storm.stop();
    await waitShipped(server.url);
    expect(await server.stop()).toBe(0);

    const counts = await storedUrlCounts(data.dir, prefix);
    expect(storm.acked.size).toBeGreaterThan(100);
    const missing = [...storm.acked].filter((u) => !counts.has(u));
    const duplicated = [...counts].filter(([, n]) => n !== 1);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
    // Hits in flight at a kill may be stored without an answer, never more than were sent.
    expect(counts.size).toBeGreaterThanOrEqual(storm.acked.size);
    expect(counts.size).toBeLessThanOrEqual(storm.sent);
  });
});

describe('event store outage', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let site: number;
  let token: string;

  beforeAll(async () => {
    data = tempDataDir();
    const env = { SILLAGE_DATA_DIR: data.dir };
    site = Number((await runCli(['site', 'add', '--name', 'Outage', '--url', 'https://outage.example'], env)).stdout);
    token = await createSuperUserToken(env);
    server = await startServer(env);
    await waitFor(async () => (await healthz(server.url)).status === 200);
  });
  afterAll(async () => {
    if (server) await server.stop();
    data?.remove();
  });

  const engineEvents = () => ({ pid: Number(readFileSync(join(data.dir, 'events', 'engine.pid'), 'utf8')) });

  async function send(n: number, tag: string): Promise<void> {
    for (let i = 0; i < n; i++) {
      const qs = new URLSearchParams({
        idsite: String(site),
        rec: '1',
        url: `https://outage.example/${tag}/${i}`,
        new_visit: '1',
        send_image: '0',
      });
      const started = Date.now();
      const res = await fetch(`${server.url}/matomo.php?${qs}`, { headers: BROWSER });
      expect(res.headers.get('x-sillage-ignored')).toBeNull();
      expect(res.status).toBe(204);
      // Accepted from the spool, without waiting for the engine.
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  }

  async function visitsToday(): Promise<number> {
    const r = (await api(server.url, {
      method: 'VisitsSummary.get',
      idSite: String(site),
      period: 'day',
      date: 'today',
      token_auth: token,
    })) as { nb_visits?: number };
    return r.nb_visits ?? 0;
  }

  it('accepts hits while the engine is frozen, reports it unhealthy, and ships them when it is back', async () => {
    const { pid } = engineEvents();
    process.kill(pid, 'SIGSTOP');
    try {
      await send(40, 'frozen');
      const h = await healthz(server.url);
      expect(h.status).toBe(503);
      expect(h.body['events']).toBe('unavailable');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await waitShipped(server.url);
    expect(await visitsToday()).toBe(40);
  });

  it('accepts hits while the engine process is killed and restarted', async () => {
    const { pid } = engineEvents();
    process.kill(pid, 'SIGKILL');
    await send(25, 'killed');
    await waitFor(async () => engineEvents().pid !== pid, 30_000);
    await waitShipped(server.url);
    expect(await visitsToday()).toBe(65);
  });
});

describe('graceful shutdown and restart', () => {
  let data: ReturnType<typeof tempDataDir>;
  let env: Record<string, string>;
  let site: number;
  let token: string;

  beforeAll(async () => {
    data = tempDataDir();
    env = { SILLAGE_DATA_DIR: data.dir, SILLAGE_SHIP_INTERVAL_MS: '60000' };
    site = Number((await runCli(['site', 'add', '--name', 'Restart', '--url', 'https://restart.example'], env)).stdout);
    token = await createSuperUserToken(env);
  });
  afterAll(() => data?.remove());

  const hit = (server: TestServer, path: string) =>
    fetch(
      `${server.url}/matomo.php?${new URLSearchParams({ idsite: String(site), rec: '1', url: `https://restart.example${path}`, _id: '0123456789abcdef', send_image: '0' })}`,
      {
        headers: BROWSER,
      },
    );

  it('SIGTERM ships every accepted hit to the event store before exiting', async () => {
    // A one-minute shipping interval: without the flush at shutdown these hits would still be in the spool.
    const server = await startServer(env);
    for (let i = 0; i < 30; i++) expect((await hit(server, `/flush/${i}`)).status).toBe(204);
    expect(await server.stop()).toBe(0);
    const counts = await storedUrlCounts(data.dir, 'https://restart.example/flush/');
    expect(counts.size).toBe(30);
  });

  it('a visit goes on across a restart: active visits are rebuilt from the event store', async () => {
    let server = await startServer(env);
    expect((await hit(server, '/before-restart')).status).toBe(204);
    expect(await server.stop()).toBe(0);
    server = await startServer(env);
    expect((await hit(server, '/after-restart')).status).toBe(204);
    expect(await server.stop()).toBe(0);
    server = await startServer({ ...env, SILLAGE_SHIP_INTERVAL_MS: '200' });
    try {
      // One visitor, one visit: the 30 flush hits, then 2 more page views in the same visit.
      const summary = (await api(server.url, {
        method: 'VisitsSummary.get',
        idSite: String(site),
        period: 'day',
        date: 'today',
        token_auth: token,
      })) as Record<string, number>;
      expect(summary).toMatchObject({ nb_visits: 1, nb_actions: 32, nb_uniq_visitors: 1 });
    } finally {
      await server.stop();
    }
  });
});

describe('ingest node ranges', () => {
  let data: ReturnType<typeof tempDataDir>;
  let env: Record<string, string>;
  let site: number;

  beforeAll(async () => {
    data = tempDataDir();
    env = { SILLAGE_DATA_DIR: data.dir };
    site = Number((await runCli(['site', 'add', '--name', 'Nodes', '--url', 'https://nodes.example'], env)).stdout);
  });
  afterAll(() => data?.remove());

  const send = async (server: TestServer, tag: string, n: number) => {
    for (let i = 0; i < n; i++) {
      const qs = new URLSearchParams({
        idsite: String(site),
        rec: '1',
        url: `https://nodes.example/${tag}/${i}`,
        new_visit: '1',
        send_image: '0',
      });
      expect((await fetch(`${server.url}/matomo.php?${qs}`, { headers: BROWSER })).status).toBe(204);
    }
  };

  it('a reset spool continues in a fresh sequence range: nothing hidden, no visit id reused', async () => {
    let server = await startServer(env);
    await send(server, 'first', 20);
    expect(await server.stop()).toBe(0);
    const firstNode = readFileSync(join(data.dir, 'node-id'), 'utf8').trim();
    // Lose the spool (a wiped disk, a copied data directory): its numbering starts again at 1.
    rmSync(join(data.dir, 'spool'), { recursive: true, force: true });
    server = await startServer(env);
    await send(server, 'second', 10);
    expect(await server.stop()).toBe(0);
    expect(readFileSync(join(data.dir, 'node-id'), 'utf8').trim()).not.toBe(firstNode);

    const events = await createEventStore({ kind: 'chdb', dataDir: join(data.dir, 'events') });
    try {
      const [row] = await events.query<{ n: string; visits: string; seqs: string }>(
        "SELECT count() AS n, uniqExact(visit_id) AS visits, uniqExact(seq) AS seqs FROM sillage.events WHERE startsWith(url, 'https://nodes.example/')",
      );
      expect(row).toEqual({ n: '30', visits: '30', seqs: '30' });
    } finally {
      await events.close();
    }
  });
});

describe('a spool record that cannot be stored', () => {
  let data: ReturnType<typeof tempDataDir>;

  beforeAll(() => {
    data = tempDataDir();
  });
  afterAll(() => data?.remove());

  it('is set aside in a file and counted once, even when the file cannot be written at first, and the hits after it are stored', async () => {
    const env = { SILLAGE_DATA_DIR: data.dir };
    const site = Number((await runCli(['site', 'add', '--name', 'Poison', '--url', 'https://poison.example'], env)).stdout);
    // Left in the spool as by an older version or a bug: a valid frame whose payload is no hit.
    const spool = await Spool.open(join(data.dir, 'spool'));
    const poisoned = [await spool.append('{"not":"a hit"'), await spool.append('{"siteId":"one"}')];
    // And a good hit in the same batch: were the batch prepared again on a retry, its visit would take it twice.
    const now = Date.now();
    await spool.append(
      JSON.stringify({
        siteId: site,
        ts: now,
        receivedAt: now,
        actionType: 'pageview',
        ip: '203.0.0.0',
        newVisit: false,
        userAgent: BROWSER['user-agent'],
        language: 'fr-fr',
        keepBots: false,
        consent: false,
        visitorId: '00000000000000aa',
        visitorIdSource: 'cookie',
        url: 'https://poison.example/spooled',
      }),
    );
    await spool.close();
    // A directory where the file goes: setting the records aside fails until it is removed.
    const setAsideFile = join(data.dir, 'spool', UNREADABLE_RECORDS_FILE);
    mkdirSync(setAsideFile);

    const server = await startServer(env);
    try {
      const qs = new URLSearchParams({ idsite: String(site), rec: '1', url: 'https://poison.example/after', send_image: '0' });
      expect((await fetch(`${server.url}/matomo.php?${qs}`, { headers: BROWSER })).status).toBe(204);
      // Shipping is stuck on the batch (retried, not prepared again: its drops are counted once).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const stuck = (await healthz(server.url)).body['spool'] as { shippedSeq: number; lastSeq: number };
      expect(stuck.shippedSeq).toBeLessThan(poisoned[1]!);
      rmdirSync(setAsideFile);
      await waitShipped(server.url);
      const dropped = ((await healthz(server.url)).body['ingest'] as { dropped: Record<string, number> }).dropped;
      expect(dropped['unreadable-record']).toBe(2);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const stored = await storedUrlCounts(data.dir, 'https://poison.example/');
    expect(Object.fromEntries(stored)).toEqual({ 'https://poison.example/after': 1, 'https://poison.example/spooled': 1 });
    const events = await createEventStore({ kind: 'chdb', dataDir: join(data.dir, 'events') });
    try {
      const [spooled] = await events.query<{ visit_action_index: number }>(
        "SELECT visit_action_index FROM sillage.events WHERE url = 'https://poison.example/spooled'",
      );
      expect(Number(spooled?.visit_action_index)).toBe(1);
    } finally {
      await events.close();
    }
    const setAside = readFileSync(setAsideFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number; error: string; record: string });
    expect(setAside.map((r) => [r.seq, r.record])).toEqual([
      [poisoned[0], '{"not":"a hit"'],
      [poisoned[1], '{"siteId":"one"}'],
    ]);
    expect(setAside[0]!.error).not.toBe('');
  });
});
