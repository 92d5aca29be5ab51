#!/usr/bin/env node
/**
 * Reports benchmark: every report of the catalogue for one site over 30 days, warm (p50/p95 over
 * --runs) and right after an engine restart (first query on a freshly started engine), then the default
 * dashboard (overview graph, totals, pages, entry pages, referrer types, websites, search engines,
 * countries, devices, browsers) run together as the dashboard runs them, without and with a
 * two-condition segment. Reads the dataset written by bench/generate (see its README); runs the server's
 * own report engine (packages/server/dist) on the embedded chDB store, so the figures include SQL
 * compilation, the engine and the JS shaping (trees, labels, processed metrics).
 *
 *   npx tsc -b
 *   node bench/reports/run.mjs --data-dir ./data-bench --site 1 --end 2026-11-22 [--runs 7] [--only 'Actions\.']
 *
 * --only: a regular expression on report ids, to time a subset while iterating (the dashboard still runs).
 * The dataset is migrated first (event migrations, e.g. 0002's projection), and the benchmark waits until
 * the engine has finished materialising what they add.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addDays, parsePeriodSelection, parseSegment, REPORT_DEFINITIONS, REPORTS } from '../../packages/core/dist/index.js';
import { runReport } from '../../packages/server/dist/reports/engine.js';
import { createEventStore } from '../../packages/storage/dist/index.js';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: './data-bench' },
    site: { type: 'string', default: '1' },
    end: { type: 'string', default: '2026-11-22' },
    days: { type: 'string', default: '30' },
    runs: { type: 'string', default: '7' },
    timezone: { type: 'string', default: 'Europe/Paris' },
    segment: { type: 'string', default: 'deviceType==Smartphone;pageUrl=@products' },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});

const siteId = Number(args.site);
const runs = Number(args.runs);
const end = args.end;
const start = addDays(end, -(Number(args.days) - 1));
const timeZone = args.timezone;
const dataDir = join(resolve(args['data-dir']), 'events');
const now = Date.parse(`${addDays(end, 1)}T12:00:00Z`);
const range = parsePeriodSelection('range', `${start},${end}`, timeZone, now);
const days = parsePeriodSelection('day', `${start},${end}`, timeZone, now);

let engineMaxRss = 0;
/** Closes the store after noting its engine's peak RSS (each restart starts a new engine process). */
async function closeStore(store) {
  engineMaxRss = Math.max(engineMaxRss, rssMiB(store.engineProcessId?.()) ?? 0);
  await store.close();
}
const open = () => createEventStore({ kind: 'chdb', dataDir, memoryLimitBytes: 2 * 1024 ** 3, queryTimeoutMs: 600_000 });

/** RSS of a process in MiB, from /proc (Linux). */
function rssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return hwm ? Math.round(Number(hwm[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const ms = (t) => Math.round(t * 10) / 10;

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const query = (report, selection, segment = '') => ({
  report,
  siteId,
  timeZone,
  periods: selection.periods,
  segment: parseSegment(segment),
  params: report.params ?? {},
});

const DASHBOARD = [
  ['VisitsSummary.get', days], // overview graph: one point per day
  ['VisitsSummary.get', range], // totals
  ['Actions.getPageUrls', range],
  ['Actions.getEntryPageUrls', range],
  ['Referrers.getReferrerType', range],
  ['Referrers.getWebsites', range],
  ['Referrers.getSearchEngines', range],
  ['UserCountry.getCountry', range],
  ['DevicesDetection.getType', range],
  ['DevicesDetection.getBrowsers', range],
];

async function dashboard(store, segment) {
  return timed(() => Promise.all(DASHBOARD.map(([id, sel]) => runReport(store, query(REPORTS.get(id), sel, segment)))));
}

const only = args.only === undefined ? undefined : new RegExp(args.only);
const timedReports = REPORT_DEFINITIONS.filter((r) => only === undefined || only.test(r.id));

const results = { site: siteId, start, end, timeZone, runs, segment: args.segment, reports: [], dashboard: {} };
let store = await open();
const migrated = await store.migrate();
if (migrated.applied.length > 0) console.log(`migrated the dataset: ${migrated.applied.join(', ')}`);
for (;;) {
  const [pending] = await store.query(
    "SELECT count() AS n FROM system.mutations WHERE database = 'sillage' AND table = 'events' AND NOT is_done",
  );
  if (Number(pending.n) === 0) break;
  await new Promise((r) => setTimeout(r, 500));
}
const [{ rows }] = await store.query(
  `SELECT count() AS rows FROM sillage.events WHERE site_id = {s:UInt32} AND ts >= toDateTime({f:UInt32}) AND ts < toDateTime({t:UInt32})`,
  {
    s: siteId,
    f: Math.floor(Date.parse(`${start}T00:00:00Z`) / 1000) - 86400,
    t: Math.floor(Date.parse(`${end}T00:00:00Z`) / 1000) + 2 * 86400,
  },
);
const [{ total }] = await store.query('SELECT count() AS total FROM sillage.events');
results.rowsInSpan = Number(rows);
results.rowsTotal = Number(total);
console.log(`site ${siteId}, ${start}..${end} (${timeZone}): ${rows} rows of ${total}`);

// After a restart: a fresh engine per report, first query timed (the OS page cache stays warm, as on a
// restarted server).
for (const report of timedReports) {
  await closeStore(store);
  store = await open();
  const cold = await timed(() => runReport(store, query(report, range)));
  results.reports.push({ id: report.id, coldMs: ms(cold) });
}

// Warm: one warm-up, then `runs` timed runs, without and with the segment.
for (const entry of results.reports) {
  const report = REPORTS.get(entry.id);
  for (const [key, segment] of [
    ['', ''],
    ['seg', args.segment],
  ]) {
    await runReport(store, query(report, range, segment));
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await timed(() => runReport(store, query(report, range, segment))));
    times.sort((a, b) => a - b);
    entry[`${key}p50Ms`] = ms(quantile(times, 0.5));
    entry[`${key}p95Ms`] = ms(quantile(times, 0.95));
  }
  console.log(
    `${entry.id.padEnd(52)} cold ${String(entry.coldMs).padStart(7)}  p50 ${String(entry.p50Ms).padStart(7)}  p95 ${String(entry.p95Ms).padStart(7)}  seg p95 ${String(entry.segp95Ms).padStart(7)}`,
  );
}

// Dashboard: after a restart, then warm (p95 over runs), without and with the segment.
for (const [key, segment] of [
  ['plain', ''],
  ['segment', args.segment],
]) {
  await closeStore(store);
  store = await open();
  const cold = await dashboard(store, segment);
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await dashboard(store, segment));
  times.sort((a, b) => a - b);
  results.dashboard[key] = { coldMs: ms(cold), p50Ms: ms(quantile(times, 0.5)), p95Ms: ms(quantile(times, 0.95)) };
  console.log(
    `dashboard (${key}): after restart ${ms(cold)} ms, warm p50 ${ms(quantile(times, 0.5))} ms, p95 ${ms(quantile(times, 0.95))} ms`,
  );
}

await closeStore(store);
results.engineMaxRssMiB = engineMaxRss;
results.benchMaxRssMiB = rssMiB(process.pid);
console.log(
  `peak RSS: engine ${results.engineMaxRssMiB} MiB (highest of the engine processes), bench process ${results.benchMaxRssMiB} MiB`,
);
const out = args.out ?? `bench/results/reports-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written ${out}`);
