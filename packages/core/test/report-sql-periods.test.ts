import { describe, expect, it } from 'vitest';
import type { ReportQuery } from '../src/index.js';
import { compileReportQuery, compileVisitBatch, needsExact, parsePeriodSelection, parseSegment, REPORTS } from '../src/index.js';

const TZ = 'Europe/Paris';
const NOW = Date.parse('2026-11-23T12:00:00Z');

function query(id: string, kind: 'range' | 'day', segment = ''): ReportQuery {
  const report = REPORTS.get(id);
  if (report === undefined) throw new Error(`no report ${id}`);
  const periods = parsePeriodSelection(kind, '2026-11-16,2026-11-22', TZ, NOW).periods;
  return { report, siteId: 1, timeZone: TZ, periods, segment: parseSegment(segment) };
}

/** The GROUP BY clauses that start a line (a subquery's may end with its closing parenthesis and alias). */
const groupBy = (sql: string) =>
  sql
    .split('\n')
    .filter((line) => line.startsWith('GROUP BY'))
    .map((line) => line.replace(/\).*$/, ''));
/** Page reports count by label hash (their names are joined afterwards). */
const keyOf = (id: string) => (id === 'Actions.getPageUrls' ? 'label_hash' : 'label');

// One source of each kind (visits, actions, pages), a single-row report and the visit batch.
const REPORT_IDS = ['UserCountry.getCountry', 'Events.getName', 'Actions.getPageUrls', 'Actions.get', 'VisitsSummary.get'];

describe('page labels', () => {
  it.each(['range', 'day'] as const)('page reports count by label hash, with an exact form by label string (%s)', (kind) => {
    const compiled = compileReportQuery(query('Actions.getPageTitles', kind, 'pageUrl=@shop'));
    expect(compiled.sql).toContain('cityHash64(title)');
    expect(compiled.sql).toContain('AS inexact');
    expect(compiled.exact?.sql).not.toContain('cityHash64');
    expect(groupBy(compiled.exact?.sql ?? '').at(-1)).toBe(kind === 'range' ? 'GROUP BY label' : 'GROUP BY period_index, label');
    expect(compiled.exact?.params).toEqual(compiled.params);
  });

  it('other reports have no exact form', () => {
    expect(compileReportQuery(query('Actions.getOutlinks', 'range')).exact).toBeUndefined();
  });

  it('the exact form is needed when any row is flagged inexact', () => {
    expect(needsExact([{ inexact: 0 }, { inexact: '0' }])).toBe(false);
    expect(needsExact([{ inexact: 0 }, { inexact: 1 }])).toBe(true);
    expect(needsExact([{ label: 'no flag column' }])).toBe(false);
  });
});

describe('period keys of the compiled SQL', () => {
  it.each(REPORT_IDS)('%s over one period: period_index is 0 and the final GROUP BY keys on the label alone', (id) => {
    const { sql } = compileReportQuery(query(id, 'range', 'deviceType==Tablet'));
    expect(sql).not.toContain('{starts:Array(UInt32)}');
    expect(sql).toMatch(/\b0 AS period_index\b/);
    expect(groupBy(sql)).toContain(`GROUP BY ${keyOf(id)}`);
    expect(groupBy(sql).filter((line) => line.includes('period_index'))).toEqual([]);
  });

  it.each(REPORT_IDS)('%s over several periods: each row or visit is placed in its period', (id) => {
    const { sql } = compileReportQuery(query(id, 'day'));
    expect(sql).toContain('{starts:Array(UInt32)}');
    expect(groupBy(sql)).toContain(`GROUP BY period_index, ${keyOf(id)}`);
  });

  it('the visit batch keys on the report, then the period when there are several', () => {
    const ids = ['Referrers.getReferrerType', 'UserCountry.getCountry'];
    expect(groupBy(compileVisitBatch(ids.map((id) => query(id, 'range'))).sql)).toEqual(['GROUP BY report_index, label']);
    expect(groupBy(compileVisitBatch(ids.map((id) => query(id, 'day'))).sql)).toEqual(['GROUP BY report_index, period_index, label']);
  });
});
