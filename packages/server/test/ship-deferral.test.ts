import { describe, expect, it } from 'vitest';
import { DurableTimes, shouldDeferShipping } from '../src/ingest/ship-deferral.js';

const options = { maxLagMs: 60_000, busyUtilization: 0.5, minBacklog: 2_000 };

describe('shouldDeferShipping', () => {
  it.each([
    ['busy, young backlog: wait', { backlog: 50_000, oldestAgeMs: 5_000, utilization: 0.9 }, options, true],
    ['exactly at the busy share: wait', { backlog: 50_000, oldestAgeMs: 5_000, utilization: 0.5 }, options, true],
    ['quiet: ship', { backlog: 50_000, oldestAgeMs: 5_000, utilization: 0.2 }, options, false],
    ['oldest hit at the lag bound: ship, however busy', { backlog: 50_000, oldestAgeMs: 60_000, utilization: 1 }, options, false],
    ['a trickle: ship', { backlog: 1_999, oldestAgeMs: 100, utilization: 1 }, options, false],
    ['deferral off (0): ship', { backlog: 50_000, oldestAgeMs: 5_000, utilization: 1 }, { ...options, maxLagMs: 0 }, false],
  ] as const)('%s', (_label, load, opts, expected) => {
    expect(shouldDeferShipping(load, opts)).toBe(expected);
  });
});

describe('DurableTimes', () => {
  it('tells the age of the oldest record after a cursor, rounded up to a mark', () => {
    const times = new DurableTimes(100);
    times.mark(10, 1_000);
    times.mark(20, 1_050); // same window: the mark now covers 20, still at 1,000
    times.mark(30, 2_000);
    times.mark(45, 3_000);
    expect(times.oldestAgeAfter(0, 5_000)).toBe(4_000); // seq 1 was durable by 1,000
    expect(times.oldestAgeAfter(20, 5_000)).toBe(4_000); // seq 21: after 1,000, by 2,000; never under-stated
    expect(times.oldestAgeAfter(30, 5_000)).toBe(3_000);
    expect(times.oldestAgeAfter(45, 5_000)).toBe(0); // nothing left
    // Shipped marks are forgotten, the last one kept as the lower bound of what follows.
    times.mark(60, 6_000);
    expect(times.oldestAgeAfter(45, 7_000)).toBe(4_000);
  });

  it('knows nothing before the first mark', () => {
    expect(new DurableTimes().oldestAgeAfter(0, 1_000)).toBe(0);
  });
});
