import { describe, expect, it } from 'vitest';
import { compileReportQuery, parsePeriodSelection, REPORTS } from '../src/index.js';

const TZ = 'Europe/Paris';
const NOW = Date.parse('2026-11-23T12:00:00Z');

function sqlOf(id: string, segment: string): string {
  const report = REPORTS.get(id);
  if (report === undefined) throw new Error(`no report ${id}`);
  const periods = parsePeriodSelection('range', '2026-10-24,2026-11-22', TZ, NOW).periods;
  const segments = segment === '' ? [] : [[{ name: 'deviceType', op: '==' as const, value: segment }]];
  return compileReportQuery({ report, siteId: 1, timeZone: TZ, periods, segment: segments }).sql;
}

// The engine runs identical queries in flight once; the dashboard asks for these reports together.
describe('page reports compile to one shared query', () => {
  it.each([
    ['Actions.getEntryPageUrls', 'Actions.getPageUrls', ''],
    ['Actions.getExitPageUrls', 'Actions.getPageUrls', 'Smartphone'],
    ['Actions.getEntryPageTitles', 'Actions.getPageTitles', ''],
    ['Actions.getExitPageTitles', 'Actions.getPageTitles', 'Tablet'],
  ])('%s has the SQL of %s (segment %j)', (variant, base, segment) => {
    expect(sqlOf(variant, segment)).toBe(sqlOf(base, segment));
  });

  it('URLs and titles stay different queries', () => {
    expect(sqlOf('Actions.getPageUrls', '')).not.toBe(sqlOf('Actions.getPageTitles', ''));
  });

  it('entry and exit variants keep only their rows', () => {
    expect(REPORTS.get('Actions.getEntryPageUrls')?.keepRowsWith).toBe('entry_nb_visits');
    expect(REPORTS.get('Actions.getExitPageTitles')?.keepRowsWith).toBe('exit_nb_visits');
    expect(REPORTS.get('Actions.getPageUrls')?.keepRowsWith).toBeUndefined();
  });
});
