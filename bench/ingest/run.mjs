#!/usr/bin/env node
/**
 * bench/ingest: realistic Matomo hits against /matomo.php with wrk, beside a bare Fastify 204 route
 * measured in the same run. Reports requests/s (and the ratio to the bare route), latency percentiles,
 * peak RSS of the server and of its event engine, and counts every acknowledged hit in the event store.
 *
 *   apt-get install -y wrk && npm run build && node bench/ingest/run.mjs [--duration 20] [--connections 50]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    threads: { type: 'string', default: '1' },
    visitors: { type: 'string', default: '20000' },
  },
});

function requireWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    // wrk --version exits 1 but prints its version; only a missing binary is fatal.
    if (err.code === 'ENOENT') {
      console.error('wrk is not installed: apt-get install -y wrk');
      process.exit(1);
    }
  }
}

/** Starts a process that prints a JSON line with `url` (or a pino line "sillage listening"). */
function startProcess(cmd, argv, env) {
  const proc = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout });
    rl.on('line', (line) => {
      try {
        const j = JSON.parse(line);
        if (j.url) resolve({ proc, url: j.url });
      } catch {}
    });
    proc.on('exit', (code) => reject(new Error(`${argv.join(' ')} exited with ${code}`)));
  });
}

function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs wrk with the hit script; returns its numbers. */
function runWrk(url, env) {
  const out = execFileSync(
    'wrk',
    ['-t', args.threads, '-c', args.connections, '-d', `${args.duration}s`, '--latency', '-s', join(here, 'hits.lua'), url],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  const num = (re) => {
    const m = re.exec(out);
    return m ? Number(m[1]) : undefined;
  };
  const ms = (label) => {
    const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!m) return undefined;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const total = num(/(\d+) requests in/);
  const non2xx = num(/Non-2xx or 3xx responses: (\d+)/) ?? 0;
  const errors = /Socket errors: (.*)/.exec(out)?.[1] ?? 'none';
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    total,
    non2xx,
    acknowledged: total - non2xx,
    p50: ms('50'),
    p90: ms('90'),
    p99: ms('99'),
    errors,
    raw: out,
  };
}

async function waitShipped(url) {
  for (let i = 0; i < 600; i++) {
    const h = await (await fetch(`${url}/healthz`)).json().catch(() => ({}));
    if (h.spool && h.spool.shippedSeq >= h.spool.lastSeq) return h;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('hits were not shipped in 5 minutes');
}

requireWrk();
const dataDir = mkdtempSync(join(tmpdir(), 'sillage-bench-ingest-'));
const bin = join(root, 'packages', 'cli', 'bin', 'sillage.js');
const env = { SILLAGE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0' };
const result = { date: new Date().toISOString(), duration_s: Number(args.duration), connections: Number(args.connections) };
try {
  // 1. Baseline in the same run.
  const bare = await startProcess(process.execPath, [join(here, 'bare-fastify.mjs')], {});
  runWrk(bare.url, { BENCH_SITE: '1' }); // warm-up pass is the first; measure the second
  result.bare = runWrk(bare.url, { BENCH_SITE: '1' });
  bare.proc.kill('SIGTERM');

  // 2. Sillage on the embedded engines.
  const site = execFileSync(process.execPath, [bin, 'site', 'add', '--name', 'Bench', '--url', 'https://bench.example'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  }).trim();
  // The flag the `sillage` command and `npm start` run the server with (packages/cli/bin/sillage.js).
  // Started as `npm start` and the `sillage` command start it: the same V8 flag and malloc arenas.
  const server = spawn(process.execPath, ['--max-semi-space-size=32', bin, 'serve'], {
    env: { MALLOC_ARENA_MAX: '2', ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: server.stdout }).on('line', (line) => {
      try {
        const j = JSON.parse(line);
        if (j.msg === 'sillage listening') resolve(j.url);
      } catch {}
    });
    server.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  const enginePid = () => Number(readFileSync(join(dataDir, 'events', 'engine.pid'), 'utf8'));
  let peakServer = 0;
  let peakEngine = 0;
  let peakTotal = 0;
  const sampler = setInterval(() => {
    const s = rssMb(server.pid);
    const e = rssMb(enginePid());
    peakServer = Math.max(peakServer, s);
    peakEngine = Math.max(peakEngine, e);
    peakTotal = Math.max(peakTotal, s + e);
  }, 250);
  result.sillage = runWrk(url, { BENCH_SITE: site, BENCH_VISITORS: args.visitors });
  const health = await waitShipped(url);
  clearInterval(sampler);
  result.rss_mb = { server_peak: Math.round(peakServer), engine_peak: Math.round(peakEngine), total_peak: Math.round(peakTotal) };
  result.ingest = health.ingest;
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));

  // 3. Count what the event store holds.
  const { createEventStore } = await import(join(root, 'packages', 'storage', 'dist', 'index.js'));
  const events = await createEventStore({ kind: 'chdb', dataDir: join(dataDir, 'events') });
  const [row] = await events.query('SELECT count() AS n FROM sillage.events');
  await events.close();
  result.stored_rows = Number(row.n);
  const dropped = Object.values(health.ingest.dropped).reduce((a, b) => a + b, 0);
  // Every acknowledged hit is accepted or dropped with a reason (pings that would open a visit).
  result.acknowledged = result.sillage.acknowledged;
  result.accounted = result.stored_rows + dropped;
  result.ratio_to_bare = result.sillage.rps / result.bare.rps;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const fmt = (r) =>
  `${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms, ${r.total} requests, ${r.non2xx} non-2xx, socket errors: ${r.errors}`;
console.log(`bare Fastify 204 : ${fmt(result.bare)}`);
console.log(`sillage /matomo.php: ${fmt(result.sillage)}`);
console.log(`ratio             : ${(result.ratio_to_bare * 100).toFixed(1)} % of the bare route`);
console.log(
  `RSS peak (MB)     : server ${result.rss_mb.server_peak}, event engine ${result.rss_mb.engine_peak}, together ${result.rss_mb.total_peak}`,
);
console.log(
  `hits              : ${result.acknowledged} acknowledged, ${result.stored_rows} stored + ${result.accounted - result.stored_rows} dropped with a reason = ${result.accounted}`,
);
console.log(`drops             : ${JSON.stringify(result.ingest.dropped)}`);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
for (const r of [result.bare, result.sillage]) delete r.raw;
writeFileSync(join(root, 'bench', 'results', `ingest-${result.date.replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2));
// wrk stops counting at the deadline while up to one request per connection is still in flight: those
// may be stored without being counted as acknowledged, never the other way round.
if (result.accounted < result.acknowledged || result.accounted > result.acknowledged + result.connections) {
  console.error(`MISMATCH: ${result.acknowledged} acknowledged, ${result.accounted} stored or dropped with a reason`);
  process.exit(1);
}
