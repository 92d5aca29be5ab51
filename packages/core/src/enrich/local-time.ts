/**
 * Visitor local time. The tracker sends h/m/s (parseHit stores seconds since local midnight); Matomo's
 * VisitTime.getVisitInformationPerLocalTime groups visits by the hour of it, labels "00" … "23".
 */

/** Hour 0–23 of seconds since local midnight; out-of-range input is clamped into the day. */
export function localHourOf(secondsSinceMidnight: number): number {
  if (!Number.isFinite(secondsSinceMidnight) || secondsSinceMidnight < 0) return 0;
  return Math.min(23, Math.floor(secondsSinceMidnight / 3600));
}
