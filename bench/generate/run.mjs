// Writes N realistic events straight into the event store, for the reports benchmarks. See README.md.
//
//   npx tsc -b packages/core packages/storage
//   node bench/generate/run.mjs --events 10000000 --sites 10 --days 90 --data-dir ./data-bench \
//        [--end 2026-11-22] [--seed 1] [--batch 50000] [--engine-memory-mb 2048] [--clickhouse-url URL]
//
// How: day by day (site-local days), every site's visits are built (visit.mjs), the rows that can no longer
// be preceded by a later day's rows are sorted by time and numbered (seq, visit_id = seq of the visit's
// first hit, as the shipper numbers spool records), and inserted in batches, two in flight: the next
// batch is built and encoded while the engine stores the previous one.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addDays, startOfLocalDay } from '../../packages/core/dist/index.js';
import { createEventStore } from '../../packages/storage/dist/index.js';
import { Random } from './random.mjs';
import { buildSites } from './sites.mjs';
import { pickHour, runDates, splitBudget } from './traffic.mjs';
import { buildVisit } from './visit.mjs';
import { newVisitor } from './visitors.mjs';

/** Probability that a visit is by a visitor seen on an earlier day (once there is one). */
const RETURNING_SHARE = 0.23;

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    sites: { type: 'string', default: '10' },
    days: { type: 'string', default: '90' },
    'data-dir': { type: 'string', default: './data-bench' },
    end: { type: 'string' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string', default: '50000' },
    'engine-memory-mb': { type: 'string', default: '2048' },
    'clickhouse-url': { type: 'string' },
  },
});

const totalEvents = Number(args.events);
const siteCount = Number(args.sites);
const dayCount = Number(args.days);
const seed = Number(args.seed);
const batchSize = Number(args.batch);
// Default: the 90 days up to yesterday (UTC), so "last N days" reports see the whole set.
const end = args.end ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
for (const [name, value] of Object.entries({ events: totalEvents, sites: siteCount, days: dayCount, seed, batch: batchSize })) {
  if (!Number.isInteger(value) || value < (name === 'seed' ? 0 : 1)) throw new Error(`--${name} must be a positive integer`);
}
if (!/^\d{4}-\d{2}-\d{2}$/.test(end)) throw new Error('--end must be YYYY-MM-DD');

const dataDir = resolve(args['data-dir']);
const eventsDir = join(dataDir, 'events');
const store = args['clickhouse-url']
  ? await createEventStore({ kind: 'clickhouse', url: args['clickhouse-url'] })
  : await createEventStore({
      kind: 'chdb',
      dataDir: eventsDir,
      memoryLimitBytes: Number(args['engine-memory-mb']) * 1024 ** 2,
      queryTimeoutMs: 300_000,
    });
await store.migrate();
const [{ n: existing }] = await store.query('SELECT count() AS n FROM sillage.events');
if (Number(existing) > 0) {
  await store.close();
  // Insert tokens repeat from run to run (gen-<seed>-<batch>): a second run into the same table would be
  // partly deduplicated away, and mixing two data sets makes benchmarks meaningless anyway.
  console.error(`sillage.events already holds ${existing} rows: remove ${eventsDir} (or truncate the table) first`);
  process.exit(1);
}

const random = new Random(seed);
const sites = buildSites(siteCount, seed);
const dates = runDates(end, dayCount);
const budgets = splitBudget(totalEvents, sites, dates, random);
const dayStart = (site, date) => startOfLocalDay(date, site.timezone) / 1000;
console.log(
  `generating ${totalEvents.toLocaleString('en')} events: ${siteCount} sites, ${dates[0]} … ${end} (${dayCount} days), seed ${seed}, ` +
    `into ${args['clickhouse-url'] ?? eventsDir}`,
);

// Per site: visitors seen on earlier days (one entry per visit, so loyal visitors come back more often).
const pools = sites.map(() => []);
let visitorCount = 0;
let visitCount = 0;
let returningVisits = 0;
let userIdSeq = 0;

/** Rows built but not yet numbered: { row, visit, ord }. */
let pending = [];
let ord = 0;
let nextSeq = 1n;
let outBatch = [];
let batchNo = 0;
let inserted = 0;
/** Inserts under way: two, so the next batch is encoded (on this thread) while the engine stores one. */
const inFlight = [];
const MAX_IN_FLIGHT = 2;
const started = performance.now();

async function insertBatch(rows) {
  if (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
  const token = `gen-${seed}-${batchNo++}`;
  inFlight.push(
    store.insertEvents(rows, token).then(() => {
      inserted += rows.length;
      const seconds = (performance.now() - started) / 1000;
      const pct = ((100 * inserted) / totalEvents).toFixed(1);
      console.log(
        `  ${inserted.toLocaleString('en')} rows (${pct} %) ${seconds.toFixed(1)} s, ${Math.round(inserted / seconds).toLocaleString('en')} rows/s`,
      );
    }),
  );
}

/** Numbers, in time order, every pending row before `beforeTs`, and queues full batches for insertion. */
async function flush(beforeTs) {
  const ready = [];
  const later = [];
  for (const item of pending) (item.row.ts < beforeTs ? ready : later).push(item);
  pending = later;
  // Ties keep build order, so a visit's first hit is numbered before its other hits.
  ready.sort((a, b) => a.row.ts - b.row.ts || a.ord - b.ord);
  for (const { row, visit } of ready) {
    row.seq = nextSeq++;
    if (visit.id === 0n) visit.id = row.seq;
    row.visit_id = visit.id;
    outBatch.push(row);
    if (outBatch.length === batchSize) {
      await insertBatch(outBatch);
      outBatch = [];
    }
  }
}

function pickVisitor(pool, dayIndex) {
  if (pool.length === 0 || !random.chance(RETURNING_SHARE)) return undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    // sqrt(u) leans towards the end of the pool: recent visitors come back more than old ones.
    const visitor = pool[Math.floor(pool.length * Math.sqrt(random.next()))];
    if (visitor.lastDay !== dayIndex) return visitor;
  }
  return undefined;
}

for (let d = 0; d < dates.length; d++) {
  for (let s = 0; s < sites.length; s++) {
    const site = sites[s];
    const start = dayStart(site, dates[d]);
    const endTs = dayStart(site, addDays(dates[d], 1));
    const today = [];
    let budget = budgets[s][d];
    while (budget > 0) {
      let startTs;
      do startTs = start + pickHour(random) * 3600 + random.int(3600);
      while (startTs >= endTs); // the 23-hour day of a DST change
      let visitor = pickVisitor(pools[s], d);
      const returning = visitor !== undefined;
      if (visitor === undefined) {
        visitor = newVisitor(site, random, ++userIdSeq);
        visitorCount++;
      } else {
        returningVisits++;
      }
      visitor.lastDay = d;
      today.push(visitor);
      const rows = buildVisit({ site, visitor, returning, startTs, dayEndTs: endTs, maxRows: budget, random });
      const visit = { id: 0n };
      for (const row of rows) pending.push({ row, visit, ord: ord++ });
      budget -= rows.length;
      visitCount++;
    }
    for (const visitor of today) pools[s].push(visitor);
  }
  // No later day of any site starts before the earliest next local midnight: rows before it are final.
  const nextDay = addDays(dates[d], 1);
  await flush(Math.min(...sites.map((site) => dayStart(site, nextDay))));
}
await flush(Number.POSITIVE_INFINITY);
if (outBatch.length > 0) await insertBatch(outBatch);
await Promise.all(inFlight);
const seconds = (performance.now() - started) / 1000;

const [{ n: stored }] = await store.query('SELECT count() AS n FROM sillage.events');
// The directory also holds merged-away parts until the engine's cleanup (a minute or so): report both.
const [{ bytes: activeBytes }] = await store.query(
  "SELECT sum(bytes_on_disk) AS bytes FROM system.parts WHERE database = 'sillage' AND table = 'events' AND active",
);
const enginePeak = store.engineProcessId ? peakRssOf(store.engineProcessId()) : undefined;
await store.close();
const generatorPeakMb = process.resourceUsage().maxRSS / 1024;

if (Number(stored) !== inserted) console.error(`WARNING: ${inserted} rows inserted but the table holds ${stored}`);
const mib = (bytes) => `${(Number(bytes) / 1024 ** 2).toFixed(1)} MiB`;
const disk = `${args['clickhouse-url'] ? '' : `${mib(diskBytes(eventsDir))} (`}active parts ${mib(activeBytes)}${args['clickhouse-url'] ? '' : ')'}`;
console.log(
  `done: ${inserted.toLocaleString('en')} rows, ${visitCount.toLocaleString('en')} visits, ${visitorCount.toLocaleString('en')} visitors ` +
    `(${((100 * returningVisits) / visitCount).toFixed(1)} % returning visits), ${seconds.toFixed(1)} s, ` +
    `${Math.round(inserted / seconds).toLocaleString('en')} rows/s, events dir ${disk}, ` +
    `peak RSS generator ${generatorPeakMb.toFixed(0)} MiB` +
    (enginePeak === undefined ? '' : `, engine ${enginePeak.toFixed(0)} MiB`),
);

/** Peak resident set of a process (VmHWM), in MiB; undefined when /proc does not say. */
function peakRssOf(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Bytes allocated on disk under `dir` (like `du`). */
function diskBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += diskBytes(path);
    else if (entry.isFile()) total += statSync(path).blocks * 512;
  }
  return total;
}
