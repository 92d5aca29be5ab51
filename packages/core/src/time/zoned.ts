/**
 * Calendar arithmetic in a named timezone with nothing but Intl: converting a site-local date to the UTC
 * instant of its midnight (daylight-saving days included) and back. Dates are 'YYYY-MM-DD' strings,
 * which sort and compare as calendar days.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone (IANA names such as Europe/Paris, and UTC). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading in `timeZone` at the instant `ms`. */
export function wallClock(ms: number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Offset of `timeZone` from UTC at instant `ms`, in ms (Paris in winter: +3 600 000). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * Offsets cached per zone and quarter hour: every hit asks for its site-local day, and Intl is slow
 * (microseconds a call). Zones change offset only at whole quarter hours (UTC), so the offset at the
 * start of a quarter hour holds for all of it.
 */
const QUARTER_HOUR_MS = 900_000;
const offsetCache = new Map<string, number>();

function cachedOffsetMs(ms: number, timeZone: string): number {
  const bucket = Math.floor(ms / QUARTER_HOUR_MS);
  const key = `${timeZone}|${bucket}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = zoneOffsetMs(bucket * QUARTER_HOUR_MS, timeZone);
    if (offsetCache.size >= 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/** The site-local calendar day of instant `ms`. */
export function localDate(ms: number, timeZone: string): string {
  const local = new Date(ms + cachedOffsetMs(ms, timeZone));
  return formatYmd(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
}

/** The UTC instant (ms) at which `date` begins in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): number {
  const { year, month, day } = parseYmd(date);
  const naive = Date.UTC(year, month - 1, day);
  // Two passes: the offset at the naive instant may differ from the one at the true instant on DST days.
  let guess = naive - zoneOffsetMs(naive, timeZone);
  guess = naive - zoneOffsetMs(guess, timeZone);
  // A zone that skips midnight (DST at 00:00) starts the day at the first existing instant after it.
  if (localDate(guess, timeZone) !== date) guess += 3_600_000;
  return guess;
}

export function formatYmd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseYmd(date: string): { year: number; month: number; day: number } {
  const m = YMD.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return { year, month, day };
}

export function isYmd(date: string): boolean {
  try {
    parseYmd(date);
    return true;
  } catch {
    return false;
  }
}

/** Calendar arithmetic on 'YYYY-MM-DD' strings (no timezone involved). */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseYmd(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return formatYmd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addMonths(date: string, months: number): string {
  const { year, month } = parseYmd(date);
  const d = new Date(Date.UTC(year, month - 1 + months, 1));
  return formatYmd(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** ISO weekday, Monday = 1 … Sunday = 7. */
export function isoWeekday(date: string): number {
  const { year, month, day } = parseYmd(date);
  const wd = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return wd === 0 ? 7 : wd;
}
