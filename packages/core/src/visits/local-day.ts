/**
 * The site-local calendar day of an instant, for the "new visit after midnight" rule. Called for every
 * hit, so the last answer per timezone is memoised by quarter-hour: every current timezone offset and
 * every DST transition falls on a multiple of 15 minutes in UTC, hence a local midnight never falls
 * inside a UTC quarter-hour.
 */
import { localDate } from '../time/zoned.js';

const QUARTER_HOUR_SEC = 900;
const lastByZone = new Map<string, { bucket: number; day: string }>();

/** 'YYYY-MM-DD' in `timeZone` at `tsSec` (seconds since epoch). An unknown zone counts as UTC. */
export function localDayOf(tsSec: number, timeZone: string): string {
  const bucket = Math.floor(tsSec / QUARTER_HOUR_SEC);
  const cached = lastByZone.get(timeZone);
  if (cached !== undefined && cached.bucket === bucket) return cached.day;
  let day: string;
  try {
    day = localDate(bucket * QUARTER_HOUR_SEC * 1000, timeZone);
  } catch {
    // Site timezones are validated when sites are saved; a stray value must not lose hits.
    day = localDate(bucket * QUARTER_HOUR_SEC * 1000, 'UTC');
  }
  lastByZone.set(timeZone, { bucket, day });
  return day;
}
