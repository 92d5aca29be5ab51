/**
 * cdt / cdo: tracking a hit at another time than now (log import, queued requests). Matomo's rules
 * [matomo: core/Tracker/Request.php getCustomTimestamp, isTimestampValid]: a time in the future or more
 * than 20 years old is silently ignored; a time more than 24 h old needs an authenticated request.
 */
import { SillageError } from '../errors.js';
import { parseDecimal } from './params.js';

const TWENTY_YEARS_S = 20 * 365 * 86_400;
/** [Tracker] tracking_requests_require_authentication_when_custom_timestamp_newer_than */
export const CUSTOM_TIME_WITHOUT_AUTH_S = 86_400;

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?(?:Z|\+00:?00)?$/;

/** Seconds since epoch for a unix timestamp or a 'YYYY-MM-DD[ HH:MM[:SS]]' UTC datetime; else undefined. */
export function parseCustomTime(raw: string): number | undefined {
  const text = raw.trim();
  const numeric = parseDecimal(text);
  if (numeric !== undefined) return numeric;
  const m = DATETIME.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? '0')) as number[];
  const ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const check = new Date(ms);
  // Date.UTC rolls 2024-02-31 over to March; refuse instead of guessing.
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day! || hour! > 23 || minute! > 59 || second! > 59) {
    return undefined;
  }
  return ms / 1000;
}

/**
 * The hit time in ms, from cdt/cdo when valid, else `receivedAt`. Throws TRACKING_AUTH_REQUIRED when
 * the valid custom time is older than 24 h and the request is not authenticated.
 */
export function resolveHitTime(cdt: string | undefined, cdo: string | undefined, receivedAt: number, authenticated: boolean): number {
  const nowS = receivedAt / 1000;
  const custom = cdt === undefined || cdt.trim() === '' ? undefined : parseCustomTime(cdt);
  const offset = cdo === undefined ? undefined : parseDecimal(cdo);
  if (custom === undefined && !offset) return receivedAt;
  // cdo says "this happened that many seconds before cdt (or before now)": Matomo subtracts |cdo|.
  const timeS = (custom ?? nowS) - Math.abs(offset ?? 0);
  if (!(timeS <= nowS && timeS > nowS - TWENTY_YEARS_S)) return receivedAt;
  if (nowS - timeS > CUSTOM_TIME_WITHOUT_AUTH_S && !authenticated) {
    throw new SillageError('TRACKING_AUTH_REQUIRED', ['cdt']);
  }
  return Math.round(timeS * 1000);
}
