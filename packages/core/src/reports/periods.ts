import { SillageError } from '../errors.js';
import { addDays, addMonths, isoWeekday, isYmd, localDate, parseYmd, startOfLocalDay } from '../time/zoned.js';

/**
 * Matomo periods and dates (matomo-compat.md §6.2): `period` = day|week|month|year|range and `date` =
 * YYYY-MM-DD | today | yesterday | now | yesterdaySameTime | lastWeek | lastMonth | lastYear | lastN |
 * previousN | A,B — all in the site's timezone. Weeks run Monday to Sunday.
 */
export type PeriodKind = 'day' | 'week' | 'month' | 'year' | 'range';

export interface Period {
  readonly kind: PeriodKind;
  /** First and last site-local day, inclusive. */
  readonly start: string;
  readonly end: string;
  /** Matomo's key for multi-period answers: 2010-03-06 | 2010-03-01,2010-03-07 | 2010-03 | 2010. */
  readonly label: string;
}

export interface PeriodSelection {
  readonly periods: readonly Period[];
  /** True when Matomo answers with a map keyed by period label (lastN, previousN, A,B with a non-range period). */
  readonly multiple: boolean;
}

export const PERIOD_KINDS: readonly PeriodKind[] = ['day', 'week', 'month', 'year', 'range'];

function invalidDate(value: string): SillageError {
  return new SillageError('API_INVALID_DATE', [value]);
}

/** The period of `kind` containing `date`. */
export function periodContaining(kind: Exclude<PeriodKind, 'range'>, date: string): Period {
  const { year, month } = parseYmd(date);
  switch (kind) {
    case 'day':
      return { kind, start: date, end: date, label: date };
    case 'week': {
      const start = addDays(date, 1 - isoWeekday(date));
      const end = addDays(start, 6);
      return { kind, start, end, label: `${start},${end}` };
    }
    case 'month': {
      const start = `${date.slice(0, 7)}-01`;
      return { kind, start, end: addDays(addMonths(start, 1), -1), label: date.slice(0, 7) };
    }
    case 'year':
      return { kind, start: `${year}-01-01`, end: `${year}-12-31`, label: String(year) };
  }
  throw new RangeError(`unknown period kind ${kind as string} for month ${month}`);
}

/** The period of the same kind just after (`step` = 1) or before (-1) `p`. */
function shift(p: Period, step: 1 | -1): Period {
  const kind = p.kind as Exclude<PeriodKind, 'range'>;
  return periodContaining(kind, step === 1 ? addDays(p.end, 1) : addDays(p.start, -1));
}

function rangePeriod(start: string, end: string): Period {
  return { kind: 'range', start, end, label: `${start},${end}` };
}

/** Resolves a single date keyword or YYYY-MM-DD to a site-local day. */
export function resolveDay(value: string, today: string): string {
  switch (value) {
    case 'today':
    case 'now':
      return today;
    case 'yesterday':
    case 'yesterdaySameTime':
      return addDays(today, -1);
    case 'lastWeek':
      return addDays(today, -7);
    case 'lastMonth':
      return addMonths(today, -1).slice(0, 8) + clampDay(today, addMonths(today, -1));
    case 'lastYear':
      return `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
  }
  if (!isYmd(value)) throw invalidDate(value);
  return value;
}

/** Day of month of `today` clamped to the length of the month starting at `monthStart`. */
function clampDay(today: string, monthStart: string): string {
  const lastDay = Number(addDays(addMonths(monthStart, 1), -1).slice(8));
  return String(Math.min(Number(today.slice(8)), lastDay)).padStart(2, '0');
}

const LAST_N = /^(last|previous)(\d+)$/;
/** Matomo caps lastN; we do the same so a typo cannot ask for a million periods. */
export const MAX_PERIODS = 1000;

/**
 * Parses Matomo's period/date pair. `now` is the server clock (ms) and `timeZone` the site's; `today`
 * is the site-local day of `now`.
 */
export function parsePeriodSelection(period: string, date: string, timeZone: string, now: number): PeriodSelection {
  if (!PERIOD_KINDS.includes(period as PeriodKind)) throw new SillageError('API_INVALID_PERIOD', [period]);
  const kind = period as PeriodKind;
  if (date === '') throw new SillageError('API_MISSING_PARAMETER', ['date']);
  const today = localDate(now, timeZone);

  const lastN = LAST_N.exec(date);
  if (lastN) {
    const n = Number(lastN[2]);
    if (n < 1 || n > MAX_PERIODS) throw invalidDate(date);
    const previous = lastN[1] === 'previous';
    if (kind === 'range') {
      // For ranges, lastN/previousN count days and give one aggregated period.
      const end = previous ? addDays(today, -1) : today;
      return { periods: [rangePeriod(addDays(end, -(n - 1)), end)], multiple: false };
    }
    let last = periodContaining(kind, today);
    if (previous) last = shift(last, -1);
    const periods: Period[] = [last];
    for (let i = 1; i < n; i++) periods.unshift(shift(periods[0]!, -1));
    return { periods, multiple: true };
  }

  const comma = date.split(',');
  if (comma.length === 2) {
    const a = resolveDay(comma[0]!.trim(), today);
    const b = resolveDay(comma[1]!.trim(), today);
    if (a > b) throw invalidDate(date);
    if (kind === 'range') return { periods: [rangePeriod(a, b)], multiple: false };
    const periods: Period[] = [periodContaining(kind, a)];
    while (periods[periods.length - 1]!.end < b) {
      if (periods.length >= MAX_PERIODS) throw invalidDate(date);
      periods.push(shift(periods[periods.length - 1]!, 1));
    }
    return { periods, multiple: true };
  }
  if (comma.length > 2) throw invalidDate(date);

  const day = resolveDay(date, today);
  if (kind === 'range') throw invalidDate(date);
  return { periods: [periodContaining(kind, day)], multiple: false };
}

/** UTC instants [from, to) covering a period in the site's timezone. */
export function periodBounds(p: Period, timeZone: string): { from: number; to: number } {
  return { from: startOfLocalDay(p.start, timeZone), to: startOfLocalDay(addDays(p.end, 1), timeZone) };
}
