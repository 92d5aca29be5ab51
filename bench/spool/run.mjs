// Micro benchmark of the durable spool: appends/s and append latency (write + fdatasync, group
// commit) at several concurrencies, on real files in a temp directory. Uses the built code:
//   npx tsc -b packages/storage && node bench/spool/run.mjs [seconds per level, default 3]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Spool } from '../../packages/storage/dist/spool/index.js';

const seconds = Number(process.argv[2] ?? 3);
const levels = [1, 16, 256];
// About the size of one serialised event row.
const payload = JSON.stringify({ idsite: 1, url: `https://example.org/${'p'.repeat(120)}`, ua: 'u'.repeat(180), pad: 'x'.repeat(200) });

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function runLevel(concurrency) {
  const dir = await mkdtemp(join(tmpdir(), 'sillage-spool-bench-'));
  const spool = await Spool.open(dir);
  const latencies = [];
  const deadline = performance.now() + seconds * 1000;
  async function worker() {
    while (performance.now() < deadline) {
      const start = performance.now();
      await spool.append(payload);
      latencies.push(performance.now() - start);
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const stats = spool.stats();
  await spool.close();
  await rm(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    appendsPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: Number(percentile(latencies, 50).toFixed(3)),
    p99Ms: Number(percentile(latencies, 99).toFixed(3)),
    fsyncsPerSecond: Math.round(stats.batches / elapsed),
    appendsPerFsync: Number((stats.appends / stats.batches).toFixed(1)),
  };
}

console.log(`spool benchmark: ${payload.length}-byte records, ${seconds} s per level, tmpdir ${tmpdir()}`);
const results = [];
for (const level of levels) results.push(await runLevel(level));
console.table(results);
