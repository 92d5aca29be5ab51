/**
 * Page reports count page views by a hash of their label and read the labels from the projection
 * page_labels (event migration 0002). On the real engine: the hashed query and its exact form (labels as
 * strings) give the same rows, for URLs and titles, one period and several, with and without a segment;
 * and the label dictionary is answered by the projection.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compileReportQuery,
  type EventRow,
  emptyEventRow,
  parsePeriodSelection,
  parseSegment,
  REPORTS,
  type ReportQuery,
} from '@sillage/core';
import { createEventStore, type EventStore } from '@sillage/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../src/reports/engine.js';

const TZ = 'Europe/Paris';
const NOW = Date.parse('2026-11-23T12:00:00Z');
const DAY = 86_400;
const START = Date.parse('2026-11-16T08:00:00Z') / 1000;

/** Visits over three days: page views (some labels repeated in a visit, an empty title), events and pings between them. */
function fixture(): EventRow[] {
  const rows: EventRow[] = [];
  let seq = 1000n;
  const pages = ['/', '/shop', '/shop/boots', '/blog/a', '/shop'];
  for (let v = 0; v < 60; v++) {
    const visitId = seq;
    let ts = START + (v % 3) * DAY + v * 600;
    const views = 1 + (v % 5);
    for (let p = 0; p < views; p++) {
      const path = pages[(v + p) % pages.length]!;
      for (const action of p === 0 ? [1] : [2, 11, 1]) {
        rows.push({
          ...emptyEventRow(),
          site_id: 1,
          ts,
          seq,
          visit_id: visitId,
          visitor_id: BigInt(100 + (v % 17)),
          action_type: action,
          is_action: action === 11 ? 0 : 1,
          visit_total_time: ts - START - (v % 3) * DAY - v * 600 + 1,
          time_spent_ref_action: p === 0 ? 0 : 7 + v + p,
          url: `https://example.org${path}`,
          title: path === '/blog/a' ? '' : `Title ${path}`,
          device_type: v % 2 === 0 ? 'Smartphone' : 'Desktop',
        });
        seq += 1n;
        ts += 20;
      }
    }
  }
  return rows;
}

let dataDir: string;
let events: EventStore;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sillage-page-labels-'));
  events = await createEventStore({ kind: 'chdb', dataDir });
  await events.migrate();
  await events.insertEvents(fixture(), 'page-labels-fixture');
});

afterAll(async () => {
  await events?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function query(id: string, kind: 'range' | 'day', segment: string): ReportQuery {
  const report = REPORTS.get(id);
  if (report === undefined) throw new Error(`no report ${id}`);
  const periods = parsePeriodSelection(kind, '2026-11-16,2026-11-19', TZ, NOW).periods;
  return { report, siteId: 1, timeZone: TZ, periods, segment: parseSegment(segment) };
}

const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(Object.entries(r).sort())).sort();

describe('page reports by label hash', () => {
  it.each([
    ['Actions.getPageUrls', 'range', ''],
    ['Actions.getPageUrls', 'day', 'deviceType==Smartphone'],
    ['Actions.getPageTitles', 'range', 'pageUrl=@shop'],
    ['Actions.getPageTitles', 'day', ''],
  ] as const)('%s (%s, segment %j): the hashed query gives the exact rows', async (id, kind, segment) => {
    const compiled = compileReportQuery(query(id, kind, segment));
    const hashed = await events.query<Record<string, unknown>>(compiled.sql, compiled.params);
    expect(hashed.length).toBeGreaterThan(3);
    expect(hashed.every((r) => Number(r['inexact']) === 0)).toBe(true);
    const exact = await events.query<Record<string, unknown>>(compiled.exact!.sql, compiled.exact!.params);
    expect(sorted(hashed.map(({ inexact: _, ...rest }) => rest))).toEqual(sorted(exact));
  });

  it('reads the labels from the projection page_labels', async () => {
    const compiled = compileReportQuery(query('Actions.getPageUrls', 'range', ''));
    // force_optimize_projection fails the query unless some projection answers part of it.
    const rows = await events.query(`${compiled.sql}\nSETTINGS force_optimize_projection = 1`, compiled.params);
    expect(rows.length).toBe(4);
  });

  it('forgets the label of an erased visit: the engine rebuilds the projection with the mutation', async () => {
    const secret = 'https://example.org/account?email=someone%40example.net';
    const visit = { ...emptyEventRow(), site_id: 1, ts: START + 3_600, seq: 1n, visit_id: 1n, action_type: 1, is_action: 1, url: secret };
    await events.insertEvents([visit], 'page-labels-secret');
    // Only the projection may answer: force_optimize_projection fails the query otherwise.
    const labels = async () =>
      (
        await events.query<{ url: string }>(
          "SELECT url FROM sillage.events WHERE site_id = 1 AND toDate(ts) >= '2026-11-01' AND toDate(ts) <= '2026-11-30' GROUP BY url SETTINGS force_optimize_projection = 1",
        )
      ).map((r) => r.url);
    expect(await labels()).toContain(secret);
    await events.command('ALTER TABLE sillage.events DELETE WHERE visit_id = 1 SETTINGS mutations_sync = 1');
    expect(await labels()).not.toContain(secret);
    expect(await labels()).toContain('https://example.org/shop');
  });

  it('shapes the report from the named rows (runReport)', async () => {
    const answer = await runReport(events, query('Actions.getPageTitles', 'range', ''));
    if (answer.shape !== 'table') throw new Error('expected a table');
    const labels = answer.periods[0]!.map((row) => row.label).sort();
    expect(labels).toEqual([' Title /', ' Title /shop', ' Title /shop/boots', 'Page Name not defined']);
  });
});
