// When visits happen: a weekly pattern (weekends lower), a slow growth trend, day-to-day noise and the
// odd spike (a post that went viral), per site; and a diurnal curve in the site's local time that peaks
// in the afternoon. Together they split the run's event budget over site-days.

import { addDays, isoWeekday } from '../../packages/core/dist/index.js';
import { weighted } from './random.mjs';

/** Relative traffic by ISO weekday (1 = Monday … 7 = Sunday). */
const WEEKDAY = [0, 1.08, 1.1, 1.07, 1.04, 0.97, 0.72, 0.68];
/** Relative traffic by local hour 0–23: night trough, morning ramp, afternoon peak, evening tail. */
const HOURLY = [1.7, 1.1, 0.75, 0.55, 0.5, 0.6, 1.1, 2.2, 3.6, 4.8, 5.4, 5.7, 5.6, 5.9, 6.3, 6.5, 6.2, 5.7, 5.1, 4.8, 4.7, 4.3, 3.5, 2.5];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

export const pickHour = weighted(HOURS, HOURLY);

/** The run's days, oldest first. */
export function runDates(end, days) {
  return Array.from({ length: days }, (_, i) => addDays(end, i - days + 1));
}

/**
 * Rows per site-day: integers that add up to exactly `total`, in proportion to site share × day weight.
 * Returned as budgets[siteIndex][dayIndex].
 */
export function splitBudget(total, sites, dates, random) {
  const weights = sites.map(() =>
    dates.map((date, d) => {
      const trend = 1 + (0.15 * d) / Math.max(1, dates.length - 1);
      const noise = Math.exp(0.08 * random.normal());
      const spike = random.chance(1 / 45) ? 1.8 + random.next() * 1.5 : 1;
      return WEEKDAY[isoWeekday(date)] * trend * noise * spike;
    }),
  );
  const sums = weights.map((row) => row.reduce((a, b) => a + b, 0));
  const budgets = [];
  // Cumulative rounding: each budget is the difference of rounded running totals, so they add up exactly.
  let running = 0;
  let assigned = 0;
  for (let s = 0; s < sites.length; s++) {
    const row = [];
    for (let d = 0; d < dates.length; d++) {
      running += (total * sites[s].share * weights[s][d]) / sums[s];
      const upTo = Math.round(running);
      row.push(upTo - assigned);
      assigned = upTo;
    }
    budgets.push(row);
  }
  return budgets;
}
