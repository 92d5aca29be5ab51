import { describe, expect, it } from 'vitest';
import { isSillageError } from '../src/errors.js';
import { parsePeriodSelection, periodBounds } from '../src/reports/periods.js';
import { localDate, startOfLocalDay } from '../src/time/zoned.js';

// 2026-03-10 12:00 UTC, a Tuesday.
const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);

const labels = (period: string, date: string, tz = 'UTC', now = NOW) =>
  parsePeriodSelection(period, date, tz, now).periods.map((p) => p.label);

describe('parsePeriodSelection', () => {
  it.each([
    ['day', 'today', ['2026-03-10']],
    ['day', 'yesterday', ['2026-03-09']],
    ['day', '2026-02-28', ['2026-02-28']],
    ['week', '2026-03-10', ['2026-03-09,2026-03-15']],
    ['week', '2026-03-15', ['2026-03-09,2026-03-15']], // Sunday belongs to the week that began on Monday
    ['week', '2026-03-16', ['2026-03-16,2026-03-22']],
    ['month', '2026-02-14', ['2026-02']],
    ['year', 'today', ['2026']],
    ['day', 'last3', ['2026-03-08', '2026-03-09', '2026-03-10']],
    ['day', 'previous2', ['2026-03-08', '2026-03-09']],
    ['month', 'last3', ['2026-01', '2026-02', '2026-03']],
    ['week', 'last2', ['2026-03-02,2026-03-08', '2026-03-09,2026-03-15']],
    ['year', 'previous1', ['2025']],
    ['day', '2026-02-27,2026-03-02', ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']],
    ['month', '2025-12-15,2026-01-02', ['2025-12', '2026-01']],
    ['range', '2026-03-01,2026-03-05', ['2026-03-01,2026-03-05']],
    ['range', 'last7', ['2026-03-04,2026-03-10']],
    ['range', 'previous7', ['2026-03-03,2026-03-09']],
    ['range', '2026-03-01,today', ['2026-03-01,2026-03-10']],
    ['day', 'lastWeek', ['2026-03-03']],
    ['day', 'lastMonth', ['2026-02-10']],
    ['day', 'lastYear', ['2025-03-10']],
  ])('%s / %s', (period, date, expected) => {
    expect(labels(period, date)).toEqual(expected);
  });

  it('marks lastN, previousN and A,B as multi-period, a single date as one period', () => {
    expect(parsePeriodSelection('day', 'last3', 'UTC', NOW).multiple).toBe(true);
    expect(parsePeriodSelection('day', '2026-03-01,2026-03-02', 'UTC', NOW).multiple).toBe(true);
    expect(parsePeriodSelection('day', 'today', 'UTC', NOW).multiple).toBe(false);
    expect(parsePeriodSelection('range', 'last7', 'UTC', NOW).multiple).toBe(false);
  });

  it('lastN crosses month and year boundaries', () => {
    const jan2 = Date.UTC(2026, 0, 2, 12);
    expect(labels('day', 'last4', 'UTC', jan2)).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
    expect(labels('month', 'last2', 'UTC', jan2)).toEqual(['2025-12', '2026-01']);
  });

  it("uses the site's timezone for today", () => {
    // 2026-03-10 23:30 UTC is already the 11th in Tokyo and still the 10th in Los Angeles.
    const late = Date.UTC(2026, 2, 10, 23, 30);
    expect(labels('day', 'today', 'Asia/Tokyo', late)).toEqual(['2026-03-11']);
    expect(labels('day', 'today', 'America/Los_Angeles', late)).toEqual(['2026-03-10']);
  });

  it.each([
    ['hour', 'today', 'API_INVALID_PERIOD'],
    ['day', 'tomorrowish', 'API_INVALID_DATE'],
    ['day', '2026-02-30', 'API_INVALID_DATE'],
    ['day', 'last0', 'API_INVALID_DATE'],
    ['day', 'last100000', 'API_INVALID_DATE'],
    ['range', 'today', 'API_INVALID_DATE'],
    ['day', '2026-03-05,2026-03-01', 'API_INVALID_DATE'],
    ['day', '', 'API_MISSING_PARAMETER'],
  ])('rejects %s / %s with %s', (period, date, code) => {
    let caught: unknown;
    try {
      parsePeriodSelection(period, date, 'UTC', NOW);
    } catch (e) {
      caught = e;
    }
    expect(isSillageError(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe(code);
  });
});

describe('site-local day bounds', () => {
  it.each([
    // [tz, day, expected UTC start ISO]
    ['UTC', '2026-03-10', '2026-03-10T00:00:00.000Z'],
    ['Europe/Paris', '2026-01-15', '2026-01-14T23:00:00.000Z'],
    ['Europe/Paris', '2026-07-15', '2026-07-14T22:00:00.000Z'],
    ['America/Los_Angeles', '2026-01-15', '2026-01-15T08:00:00.000Z'],
    // DST days: Paris springs forward on 2026-03-29 and falls back on 2026-10-25.
    ['Europe/Paris', '2026-03-29', '2026-03-28T23:00:00.000Z'],
    ['Europe/Paris', '2026-03-30', '2026-03-29T22:00:00.000Z'],
    ['Europe/Paris', '2026-10-26', '2026-10-25T23:00:00.000Z'],
    ['America/Los_Angeles', '2026-03-08', '2026-03-08T08:00:00.000Z'],
    ['America/Los_Angeles', '2026-03-09', '2026-03-09T07:00:00.000Z'],
    // Santiago moves its clocks at midnight: the day begins at 01:00 local.
    ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00.000Z'],
  ])('%s %s starts at %s', (tz, day, iso) => {
    const start = startOfLocalDay(day, tz);
    expect(new Date(start).toISOString()).toBe(iso);
    expect(localDate(start, tz)).toBe(day);
    expect(localDate(start - 1, tz)).not.toBe(day);
  });

  it('a DST day is 23 or 25 hours long', () => {
    const [spring] = parsePeriodSelection('day', '2026-03-29', 'Europe/Paris', NOW).periods;
    const [autumn] = parsePeriodSelection('day', '2026-10-25', 'Europe/Paris', NOW).periods;
    const len = (p: typeof spring) => {
      const b = periodBounds(p!, 'Europe/Paris');
      return (b.to - b.from) / 3_600_000;
    };
    expect(len(spring)).toBe(23);
    expect(len(autumn)).toBe(25);
  });
});

describe('localDate agrees with Intl at every quarter hour of a DST year', () => {
  it.each(['Europe/Paris', 'America/Los_Angeles', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham'])(
    '%s',
    (tz) => {
      const f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
      const start = Date.UTC(2026, 0, 1);
      for (let ms = start; ms < start + 366 * 86_400_000; ms += 7 * 60_000 + 13_000) {
        expect(localDate(ms, tz)).toBe(f.format(new Date(ms)));
      }
    },
  );
});
