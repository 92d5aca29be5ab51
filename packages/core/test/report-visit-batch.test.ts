import { describe, expect, it } from 'vitest';
import type { ReportQuery } from '../src/index.js';
import { compileReportQuery, compileVisitBatch, parsePeriodSelection, parseSegment, REPORTS, visitBatchKey } from '../src/index.js';

const TZ = 'Europe/Paris';
const NOW = Date.parse('2026-11-23T12:00:00Z');

function query(id: string, { segment = '', kind = 'range' }: { segment?: string; kind?: 'range' | 'day' } = {}): ReportQuery {
  const report = REPORTS.get(id);
  if (report === undefined) throw new Error(`no report ${id}`);
  const periods = parsePeriodSelection(kind, '2026-11-16,2026-11-22', TZ, NOW).periods;
  return { report, siteId: 1, timeZone: TZ, periods, segment: parseSegment(segment) };
}

describe('visit report batches', () => {
  it.each([
    ['UserCountry.getCountry', 'DevicesDetection.getBrowsers', {}, {}, true],
    ['Referrers.getWebsites', 'Referrers.getReferrerType', {}, {}, true],
    ['UserCountry.getCountry', 'UserCountry.getCountry', { segment: 'deviceType==Tablet' }, {}, false],
    ['UserCountry.getCountry', 'UserCountry.getCountry', { kind: 'day' as const }, {}, false],
  ])('%s and %s share a key: %j %j → %s', (a, b, qa, qb, same) => {
    expect(visitBatchKey(query(a, qa)) === visitBatchKey(query(b, qb))).toBe(same);
  });

  it.each(['VisitsSummary.get', 'Actions.getPageUrls', 'Actions.getOutlinks', 'Referrers.get'])('%s is never batched', (id) => {
    expect(visitBatchKey(query(id))).toBeUndefined();
  });

  it('refuses queries that cannot share a query', () => {
    expect(() =>
      compileVisitBatch([query('UserCountry.getCountry'), query('UserCountry.getCity', { segment: 'deviceType==Tablet' })]),
    ).toThrow(RangeError);
    expect(() => compileVisitBatch([])).toThrow(RangeError);
  });

  it('numbers each report and keeps its where and its bound values', () => {
    const batch = compileVisitBatch([query('Referrers.getReferrerType'), query('Referrers.getWebsites', { segment: '' })]);
    expect(batch.sql).toContain('AS report_index');
    expect(batch.sql).toContain('(1, toUInt8(ref_type = 3), toString(ref_name))');
    expect(batch.params).toEqual(compileReportQuery(query('Referrers.getWebsites')).params);
    expect(batch.metrics.map((m) => m.name)).toEqual(compileReportQuery(query('UserCountry.getCountry')).metrics.map((m) => m.name));
  });
});
