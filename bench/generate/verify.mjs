// Sanity report on a generated data set: does it look like real traffic, and are the rows consistent the
// way the shipper writes them? Prints tables; exits 1 when a consistency check fails.
//
//   node bench/generate/verify.mjs [--data-dir ./data-bench] [--clickhouse-url URL]

import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEventStore } from '../../packages/storage/dist/index.js';
import { siteTimezone } from './sites.mjs';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: './data-bench' },
    'clickhouse-url': { type: 'string' },
  },
});
const store = args['clickhouse-url']
  ? await createEventStore({ kind: 'clickhouse', url: args['clickhouse-url'] })
  : await createEventStore({
      kind: 'chdb',
      dataDir: join(resolve(args['data-dir']), 'events'),
      memoryLimitBytes: 2 * 1024 ** 3,
      queryTimeoutMs: 600_000,
    });

const query = (sql) => store.query(sql);
/** Numbers come back as strings for 64-bit types; show them as numbers. */
const numeric = (rows) =>
  rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v])),
  );
async function show(title, sql) {
  const started = performance.now();
  const rows = numeric(await query(sql));
  console.log(`\n${title} (${((performance.now() - started) / 1000).toFixed(2)} s)`);
  console.table(rows);
  return rows;
}

/** One row per visit with its visit-level aggregates; shared by several queries. */
const VISITS = `
  SELECT site_id, visit_id, any(visitor_id) AS visitor, min(ts) AS first_ts, max(visit_total_time) AS duration,
         sum(is_action) AS actions, any(visitor_returning) AS returning, any(ref_type) AS ref_type
  FROM sillage.events GROUP BY site_id, visit_id`;

const [totals] = numeric(
  await query(`SELECT count() AS rows, uniqExact(site_id, visit_id) AS visits, uniqExact(site_id, visitor_id) AS visitors,
                      toString(min(ts)) AS first_hit, toString(max(ts)) AS last_hit FROM sillage.events`),
);
console.log('totals', totals);

await show(
  'Visits per site',
  `SELECT site_id, count() AS visits, uniqExact(visitor) AS visitors,
          round(100 * countIf(returning > 0) / count(), 1) AS returning_pct,
          round(100 * countIf(actions <= 1) / count(), 1) AS bounce_pct,
          round(avg(actions), 2) AS actions_per_visit, round(avg(duration)) AS avg_duration_s
   FROM (${VISITS}) GROUP BY site_id ORDER BY site_id`,
);

await show(
  'Hits by action type',
  `SELECT action_type, is_action, count() AS rows, round(100 * count() / (SELECT count() FROM sillage.events), 2) AS pct
   FROM sillage.events GROUP BY action_type, is_action ORDER BY action_type`,
);

await show(
  'Top pages of site 1',
  `SELECT url, any(title) AS title, count() AS pageviews, uniqExact(visit_id) AS visits
   FROM sillage.events WHERE site_id = 1 AND action_type = 1 GROUP BY url ORDER BY pageviews DESC LIMIT 12`,
);

await show(
  'Referrer type share per day (%, last 14 days, all sites)',
  `SELECT toString(toDate(first_ts)) AS day, count() AS visits,
          round(100 * countIf(ref_type = 1) / count(), 1) AS direct, round(100 * countIf(ref_type = 2) / count(), 1) AS search,
          round(100 * countIf(ref_type = 3) / count(), 1) AS website, round(100 * countIf(ref_type = 6) / count(), 1) AS campaign,
          round(100 * countIf(ref_type = 7) / count(), 1) AS social, round(100 * countIf(ref_type = 8) / count(), 1) AS ai
   FROM (${VISITS}) GROUP BY day ORDER BY day DESC LIMIT 14`,
);

await show(
  'Top referrers (visits)',
  `SELECT ref_type, ref_name, count() AS visits FROM sillage.events WHERE is_visit_start = 1 AND ref_type != 1
   GROUP BY ref_type, ref_name ORDER BY visits DESC LIMIT 12`,
);

await show(
  'Visits by local hour of day, site 1 (' + siteTimezone(1) + ')',
  `SELECT toHour(ts, '${siteTimezone(1)}') AS hour, count() AS visits, bar(count(), 0, max(count()) OVER (), 40) AS chart
   FROM sillage.events WHERE site_id = 1 AND is_visit_start = 1 GROUP BY hour ORDER BY hour`,
);

await show(
  'Visits by weekday, site 1',
  `SELECT toDayOfWeek(ts, 0, '${siteTimezone(1)}') AS weekday, count() AS visits FROM sillage.events
   WHERE site_id = 1 AND is_visit_start = 1 GROUP BY weekday ORDER BY weekday`,
);

await show(
  'Devices, browsers, countries (visits)',
  `SELECT * FROM (
     SELECT 'device' AS dimension, device_type AS value, count() AS visits FROM sillage.events WHERE is_visit_start = 1 GROUP BY value
     UNION ALL SELECT 'browser', browser_name, count() FROM sillage.events WHERE is_visit_start = 1 GROUP BY browser_name
     UNION ALL SELECT 'os', os_name, count() FROM sillage.events WHERE is_visit_start = 1 GROUP BY os_name
     UNION ALL SELECT 'country', country, count() FROM sillage.events WHERE is_visit_start = 1 GROUP BY country
     UNION ALL SELECT 'language', language, count() FROM sillage.events WHERE is_visit_start = 1 GROUP BY language)
   ORDER BY dimension, visits DESC LIMIT 6 BY dimension`,
);

await show(
  'Site search',
  `SELECT count() AS searches, round(100 * countIf(search_count = 0) / count(), 1) AS no_result_pct, uniqExact(search_keyword) AS keywords
   FROM sillage.events WHERE action_type = 3`,
);

// ───────────── Consistency: the invariants the shipper guarantees ─────────────
const failures = [];
async function check(name, sql) {
  const [row] = numeric(await query(sql));
  const bad = Number(Object.values(row)[0]);
  console.log(`${bad === 0 ? 'ok  ' : 'FAIL'} ${name}${bad === 0 ? '' : `: ${bad}`}`);
  if (bad !== 0) failures.push(name);
}
console.log('\nConsistency checks');
await check('seq is unique', 'SELECT count() - uniqExact(seq) FROM sillage.events');
await check(
  'one visit start per visit, on its first hit (visit_id = its seq, ts = visit_first_ts)',
  `SELECT count() FROM (SELECT visit_id, sum(is_visit_start) AS starts, argMin(seq, seq) AS first_seq,
     argMin(is_visit_start, seq) AS first_is_start, min(ts) AS first_ts, any(visit_first_ts) AS vft
   FROM sillage.events GROUP BY site_id, visit_id)
   WHERE starts != 1 OR first_seq != visit_id OR first_is_start != 1 OR first_ts != vft`,
);
await check(
  'visit-level columns equal on all rows of a visit',
  `SELECT count() FROM (SELECT visit_id FROM sillage.events GROUP BY site_id, visit_id
   HAVING uniqExact(visitor_id, visit_first_ts, visitor_returning, visit_count, ref_type, ref_name, country, device_type, language, resolution, ip) != 1)`,
);
await check(
  'visitor_returning = 1 exactly when visit_count > 1',
  'SELECT countIf((visitor_returning = 1) != (visit_count > 1)) FROM sillage.events',
);
await check(
  'is_action matches action_type (1–5 actions; goals and pings not)',
  'SELECT countIf(is_action != (action_type BETWEEN 1 AND 5)) FROM sillage.events',
);
await check(
  'visit_action_index counts actions 1..n (0 on non-actions)',
  `SELECT count() FROM (SELECT visit_action_index AS idx, is_action,
     sum(is_action) OVER (PARTITION BY site_id, visit_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS expected
   FROM sillage.events) WHERE idx != if(is_action = 1, expected, 0)`,
);
await check(
  'visit_total_time = 0 on the first hit, then 1 + ts - visit_first_ts',
  'SELECT countIf(visit_total_time != if(is_visit_start = 1, 0, 1 + toUInt32(ts) - toUInt32(visit_first_ts))) FROM sillage.events',
);
await check(
  'time_spent_ref_action = min(gap to the previous non-ping hit, 1800) on actions, 0 otherwise',
  `SELECT count() FROM (SELECT is_action, is_visit_start, time_spent_ref_action AS spent, toUInt32(ts) AS t,
     lagInFrame(toUInt32(ts)) OVER (PARTITION BY site_id, visit_id ORDER BY seq ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS prev
   FROM sillage.events WHERE action_type != 11)
   WHERE spent != if(is_action = 1 AND is_visit_start = 0, least(t - prev, 1800), 0)`,
);
await check(
  'gaps between hits of a visit < 30 min',
  `SELECT count() FROM (SELECT toUInt32(ts) - lagInFrame(toUInt32(ts)) OVER (PARTITION BY site_id, visit_id ORDER BY seq ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS gap,
     is_visit_start FROM sillage.events) WHERE is_visit_start = 0 AND gap >= 1800`,
);
await check(
  'seq order is time order',
  `SELECT count() FROM (SELECT ts, lagInFrame(ts) OVER (ORDER BY seq ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS prev, seq FROM sillage.events) WHERE seq > 1 AND ts < prev`,
);
const sites = numeric(await query('SELECT DISTINCT site_id FROM sillage.events ORDER BY site_id'));
let crossing = 0;
for (const { site_id } of sites) {
  const tz = siteTimezone(site_id);
  const [row] = numeric(
    await query(`SELECT count() AS n FROM (SELECT visit_id FROM sillage.events WHERE site_id = ${site_id} GROUP BY visit_id
                 HAVING toDate(min(ts), '${tz}') != toDate(max(ts), '${tz}'))`),
  );
  crossing += row.n;
}
console.log(`${crossing === 0 ? 'ok  ' : 'FAIL'} no visit crosses midnight in its site's timezone${crossing === 0 ? '' : `: ${crossing}`}`);
if (crossing !== 0) failures.push('midnight');

await store.close();
if (failures.length > 0) {
  console.error(`\n${failures.length} consistency check(s) failed`);
  process.exit(1);
}
