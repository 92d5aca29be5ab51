// Time of the compliance audit and of erasing one visitor on a generated data set (bench/generate).
// Works on a COPY of the data set: erasing changes it.
//   cp -r data-bench/events /tmp/copy/events && node bench/privacy/audit-erase.mjs --data-dir /tmp/copy
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { complianceReport, eraseDataSubject, findDataSubjects } from '../../packages/server/dist/index.js';
import { createEventStore, createMetaStore } from '../../packages/storage/dist/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const dataDir = arg('data-dir', undefined);
if (!dataDir) throw new Error('--data-dir <copy of a generated data set> is required');

const events = await createEventStore({ kind: 'chdb', dataDir: join(dataDir, 'events'), memoryLimitBytes: 4 * 2 ** 30 });
const metaDir = mkdtempSync(join(tmpdir(), 'sillage-bench-meta-'));
const meta = await createMetaStore({ kind: 'pglite', dataDir: metaDir });
try {
  await meta.migrate();
  const [{ rows, sites, maxTs }] = await events.query(
    'SELECT count() AS rows, groupUniqArray(site_id) AS sites, toUnixTimestamp(max(ts)) AS maxTs FROM sillage.events',
  );
  const siteIds = sites.map(Number).sort((a, b) => a - b);
  // Site ids in the data set, one exempt site record each (ids are assigned 1..n in order).
  for (const id of siteIds) await meta.sites.create({ name: `Site ${id}`, urls: [`https://site${id}.example`] });
  const nowMs = (Number(maxTs) + 86_400) * 1000;

  let t = performance.now();
  const report = await complianceReport(meta, events, { nowMs });
  const auditSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  await complianceReport(meta, events, { nowMs, siteIds: [siteIds[0]] });
  const auditOneSiteSeconds = (performance.now() - t) / 1000;

  // The visitor with the most rows on the first site: the worst case for one data subject.
  const [v] = await events.query(
    "SELECT leftPad(lower(hex(visitor_id)), 16, '0') AS visitor, count() AS n FROM sillage.events WHERE site_id = {s:UInt32} GROUP BY visitor_id ORDER BY n DESC LIMIT 1",
    { s: siteIds[0] },
  );
  const criteria = { siteIds: [siteIds[0]], visitorId: v.visitor };
  t = performance.now();
  const found = await findDataSubjects(events, criteria);
  const findSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const erased = await eraseDataSubject(events, criteria);
  const eraseSeconds = (performance.now() - t) / 1000;
  console.log(
    JSON.stringify({
      rows: Number(rows),
      sites: siteIds.length,
      auditSeconds: +auditSeconds.toFixed(2),
      auditOneSiteSeconds: +auditOneSiteSeconds.toFixed(2),
      auditStatus: report.map((s) => s.status),
      visitorRows: Number(v.n),
      visitsFound: found.length,
      findSeconds: +findSeconds.toFixed(2),
      eraseSeconds: +eraseSeconds.toFixed(2),
      erased,
    }),
  );
} finally {
  await events.close();
  await meta.close();
  rmSync(metaDir, { recursive: true, force: true });
}
