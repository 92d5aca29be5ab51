/**
 * Period arithmetic on calendar dates (YYYY-MM-DD, no time of day), as the Reporting API understands
 * periods: day, week (Monday to Sunday), month, year, range "A,B". Dates are computed in UTC so that
 * no local daylight-saving change can shift a day; "today" is taken in the site's time zone.
 */
export type Period = 'day' | 'week' | 'month' | 'year' | 'range';
export const PERIODS: readonly Period[] = ['day', 'week', 'month', 'year', 'range'];

export interface PeriodSel {
  readonly period: Period;
  /** YYYY-MM-DD, or "A,B" for a range. */
  readonly date: string;
}

const DAY = 86_400_000;

export function parseDay(s: string): Date {
  return new Date(`${s}T00:00:00Z`);
}

export function fmtDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(s: string, n: number): string {
  return fmtDay(new Date(parseDay(s).getTime() + n * DAY));
}

/** Today's date in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return fmtDay(now);
  }
}

export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(parseDay(s).getTime());
}

/** First and last day of the period containing `date`. */
export function bounds(sel: PeriodSel): [string, string] {
  if (sel.period === 'range') {
    const [a = '', b = ''] = sel.date.split(',');
    return [a, b];
  }
  const d = parseDay(sel.date);
  switch (sel.period) {
    case 'day':
      return [sel.date, sel.date];
    case 'week': {
      const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY);
      return [fmtDay(monday), fmtDay(new Date(monday.getTime() + 6 * DAY))];
    }
    case 'month': {
      const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
      return [fmtDay(first), fmtDay(last)];
    }
    case 'year':
      return [`${d.getUTCFullYear()}-01-01`, `${d.getUTCFullYear()}-12-31`];
  }
}

/** The period just before (same length for ranges), for comparisons. */
export function previous(sel: PeriodSel): PeriodSel {
  const [start, end] = bounds(sel);
  switch (sel.period) {
    case 'day':
    case 'week':
      return { period: sel.period, date: addDays(start, sel.period === 'day' ? -1 : -7) };
    case 'month':
    case 'year':
      return { period: sel.period, date: addDays(start, -1) };
    case 'range': {
      const days = Math.round((parseDay(end).getTime() - parseDay(start).getTime()) / DAY) + 1;
      return { period: 'range', date: `${addDays(start, -days)},${addDays(start, -1)}` };
    }
  }
}

/** What the evolution chart asks for: the selected period and the ones before it, one point each. */
export function evolution(sel: PeriodSel): { period: Period; date: string } {
  const [start, end] = bounds(sel);
  switch (sel.period) {
    case 'day':
      return { period: 'day', date: `${addDays(end, -29)},${end}` };
    case 'week':
      return { period: 'week', date: `${addDays(start, -7 * 11)},${end}` };
    case 'month': {
      const d = parseDay(start);
      return { period: 'month', date: `${fmtDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 11, 1)))},${end}` };
    }
    case 'year':
      return { period: 'year', date: `${Number(start.slice(0, 4)) - 4}-01-01,${end}` };
    case 'range':
      return { period: 'day', date: `${start},${end}` };
  }
}

export interface Preset {
  readonly key: 'today' | 'yesterday' | 'last7' | 'last30' | 'thisMonth' | 'thisYear';
  make(today: string): PeriodSel;
}

export const PRESETS: readonly Preset[] = [
  { key: 'today', make: (t) => ({ period: 'day', date: t }) },
  { key: 'yesterday', make: (t) => ({ period: 'day', date: addDays(t, -1) }) },
  { key: 'last7', make: (t) => ({ period: 'range', date: `${addDays(t, -6)},${t}` }) },
  { key: 'last30', make: (t) => ({ period: 'range', date: `${addDays(t, -29)},${t}` }) },
  { key: 'thisMonth', make: (t) => ({ period: 'month', date: t }) },
  { key: 'thisYear', make: (t) => ({ period: 'year', date: t }) },
];

/** Reads the period from the URL, falling back to today in the site's time zone. */
export function periodFromQuery(q: URLSearchParams, timeZone: string): PeriodSel {
  const p = q.get('period') as Period | null;
  const d = q.get('date') ?? '';
  const period: Period = p !== null && PERIODS.includes(p) ? p : 'day';
  if (period === 'range') {
    const [a = '', b = ''] = d.split(',');
    if (isDay(a) && isDay(b) && a <= b) return { period, date: `${a},${b}` };
    const t = todayIn(timeZone);
    return { period, date: `${addDays(t, -6)},${t}` };
  }
  return { period, date: isDay(d) ? d : todayIn(timeZone) };
}
