import { describe, expect, it } from 'vitest';
import type { ReportQuery } from '../src/index.js';
import { compileReportQuery, compileVisitBatch, parsePeriodSelection, parseSegment, REPORTS } from '../src/index.js';

const TZ = 'Europe/Paris';
const NOW = Date.parse('2026-11-23T12:00:00Z');

function query(id: string, kind: 'range' | 'day', segment = ''): ReportQuery {
  const report = REPORTS.get(id);
  if (report === undefined) throw new Error(`no report ${id}`);
  const periods = parsePeriodSelection(kind, '2026-11-16,2026-11-22', TZ, NOW).periods;
  return { report, siteId: 1, timeZone: TZ, periods, segment: parseSegment(segment) };
}

const groupBy = (sql: string) => sql.split('\n').filter((line) => line.startsWith('GROUP BY'));

// One source of each kind (visits, actions, pages), a single-row report and the visit batch.
const REPORT_IDS = ['UserCountry.getCountry', 'Events.getName', 'Actions.getPageUrls', 'Actions.get', 'VisitsSummary.get'];

describe('period keys of the compiled SQL', () => {
  it.each(REPORT_IDS)('%s over one period: period_index is 0 and the final GROUP BY keys on the label alone', (id) => {
    const { sql } = compileReportQuery(query(id, 'range', 'deviceType==Tablet'));
    expect(sql).not.toContain('{starts:Array(UInt32)}');
    expect(sql).toMatch(/\b0 AS period_index\b/);
    expect(groupBy(sql).at(-1)).toBe('GROUP BY label');
  });

  it.each(REPORT_IDS)('%s over several periods: each row or visit is placed in its period', (id) => {
    const { sql } = compileReportQuery(query(id, 'day'));
    expect(sql).toContain('{starts:Array(UInt32)}');
    expect(groupBy(sql).at(-1)).toBe('GROUP BY period_index, label');
  });

  it('the visit batch keys on the report, then the period when there are several', () => {
    const ids = ['Referrers.getReferrerType', 'UserCountry.getCountry'];
    expect(groupBy(compileVisitBatch(ids.map((id) => query(id, 'range'))).sql)).toEqual(['GROUP BY report_index, label']);
    expect(groupBy(compileVisitBatch(ids.map((id) => query(id, 'day'))).sql)).toEqual(['GROUP BY report_index, period_index, label']);
  });
});
