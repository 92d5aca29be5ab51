import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuperUserToken } from './support/fixtures.js';
import { api, healthz, runCli, startServer, type TestServer, tempDataDir } from './support/harness.js';

/**
 * Thousands of malformed tracking requests against the real server: bad encodings, huge values, wrong
 * types, broken JSON, oversized bodies. None may get a 5xx, the server must stay up, and none may store
 * anything (each one is invalid or excluded by construction; the generator never makes a valid hit).
 */

// Deterministic PRNG so a failure can be replayed.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [
  '%',
  '%%',
  '%C3%28',
  '%ED%A0%80',
  '%00',
  '\u0000',
  '\uFFFF',
  '💥'.repeat(50),
  'a'.repeat(70_000),
  '[[[[',
  '{"a":',
  'null',
  '-1',
  '1e309',
  'NaN',
  '0x10',
  '__proto__',
  'constructor',
  '<script>',
  "'; DROP TABLE x; --",
  '../../etc/passwd',
  '2026-13-45 99:99:99',
];

const PARAMS = [
  'url',
  'action_name',
  'urlref',
  '_id',
  'cid',
  'uid',
  'res',
  'h',
  'm',
  's',
  'e_c',
  'e_a',
  'e_v',
  'ec_items',
  'cvar',
  '_cvar',
  'uadata',
  'dimension1',
  'pf_net',
  'lang',
  'ua',
  'search_count',
  'revenue',
  'idgoal',
  'ping',
  'new_visit',
  'pv_id',
  'link',
  'download',
  'c_n',
  'bots',
];

describe('malformed tracking requests', () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let token: string;
  let site: number;

  beforeAll(async () => {
    data = tempDataDir();
    const env = { SILLAGE_DATA_DIR: data.dir, SILLAGE_MAX_BODY_BYTES: String(256 * 1024) };
    site = Number((await runCli(['site', 'add', '--name', 'Fuzz', '--url', 'https://fuzz.example'], env)).stdout);
    token = await createSuperUserToken(env);
    server = await startServer(env);
  });
  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
    data?.remove();
  });

  it('never answers 5xx, never crashes, never stores', async () => {
    const rand = rng(20261123);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const statuses = new Map<number, number>();
    const N = 3000;

    // Every request is invalid (bad/unknown idsite, or a bad cid/cip/cdt) or excluded (rec missing).
    const spoiler = (): Record<string, string> => ({
      ...pick<Record<string, string>>([
        { idsite: pick(['', '0', '-3', 'abc', '1.5', '99999999999', '%', '💥']), rec: '1' },
        { idsite: '424242', rec: '1' },
        { idsite: String(site) }, // rec missing: excluded
        { idsite: String(site), rec: pick(['0', '2', 'yes', '']) },
        { idsite: String(site), rec: '1', cid: pick(['abc', 'zzzzzzzzzzzzzzzz', '0123456789abcdef0']) },
        { idsite: String(site), rec: '1', cip: '10.0.0.1' },
        { idsite: String(site), rec: '1', cdt: '2020-01-01 00:00:00' },
      ]),
    });

    const requests: (() => Promise<Response>)[] = [];
    for (let i = 0; i < N; i++) {
      const params: Record<string, string> = spoiler();
      for (let k = 0; k < 1 + Math.floor(rand() * 5); k++) params[pick(PARAMS)] = pick(NASTY);
      const raw = Object.entries(params)
        .map(([k, v]) => `${encodeURIComponent(k)}=${rand() < 0.2 ? v.replace(/[^\x20-\x7e]/g, '%ZZ') : encodeURIComponent(v)}`)
        .join('&');
      const kind = rand();
      if (kind < 0.4) {
        requests.push(() => fetch(`${server.url}/matomo.php?${raw.slice(0, 60_000)}`));
      } else if (kind < 0.6) {
        requests.push(() =>
          fetch(`${server.url}/piwik.php`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: raw }),
        );
      } else if (kind < 0.75) {
        // Bulk with wrong types inside.
        const entries = [params, `?${raw}`, 42, null, ['x'], 'no-question-mark', { idsite: { nested: true } }];
        requests.push(() =>
          fetch(`${server.url}/matomo.php`, {
            method: 'POST',
            body: JSON.stringify({ requests: entries.slice(0, 1 + Math.floor(rand() * entries.length)), token_auth: pick(['', 'x', 42]) }),
          }),
        );
      } else if (kind < 0.85) {
        // Broken JSON that still mentions "requests".
        requests.push(() => fetch(`${server.url}/matomo.php`, { method: 'POST', body: `{"requests": ${pick(NASTY).slice(0, 1000)}` }));
      } else if (kind < 0.95) {
        // Random bytes with random content types.
        const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 4096) }, () => Math.floor(rand() * 256)));
        requests.push(() =>
          fetch(`${server.url}/matomo.php?idsite=${site}`, {
            method: 'POST',
            headers: {
              'content-type': pick(['application/json', 'text/plain', 'application/octet-stream', 'multipart/form-data; boundary=x']),
            },
            body: bytes,
          }),
        );
      } else {
        // Oversized body: refused before parsing.
        requests.push(() => fetch(`${server.url}/matomo.php`, { method: 'POST', body: `{"requests":["${'x'.repeat(300 * 1024)}"]}` }));
      }
    }

    // A few at a time, like real clients.
    for (let i = 0; i < requests.length; i += 16) {
      const batch = await Promise.all(requests.slice(i, i + 16).map((r) => r()));
      for (const res of batch) {
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        await res.arrayBuffer();
      }
    }
    const fiveHundreds = [...statuses].filter(([s]) => s >= 500);
    expect(fiveHundreds).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(N);
    expect(statuses.get(413)).toBeGreaterThan(0);

    const h = await healthz(server.url);
    expect(h.status).toBe(200);
    expect((h.body['ingest'] as { accepted: number }).accepted).toBe(0);
    expect((h.body['spool'] as { lastSeq: number }).lastSeq).toBe(0);
    const summary = await api(server.url, {
      method: 'VisitsSummary.get',
      idSite: String(site),
      period: 'year',
      date: 'today',
      token_auth: token,
    });
    expect(summary).toEqual([]);
  });
});
