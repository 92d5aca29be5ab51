/**
 * When shipping may wait: under a burst of tracking requests, the CPU the shipper would spend (parsing,
 * sessionising, encoding, the event engine's insert and merges: about as much again as the request path
 * itself, bench/ingest) goes to answering requests instead, and the durable spool holds the hits. The
 * wait is bounded: once the oldest unshipped hit is `maxLagMs` old, shipping runs whatever the load, so
 * under sustained overload the server settles at the throughput it can ship, with reports at most
 * `maxLagMs` behind.
 *
 * Only the decision lives here (pure, tested in ship-deferral.test.ts); the shipper measures and waits.
 */

export interface ShipDeferralOptions {
  /** Longest an unshipped hit may wait because the server is busy; 0 never defers. */
  readonly maxLagMs: number;
  /** Share (0–1) of the last window the HTTP thread spent working, at or above which it counts as busy. */
  readonly busyUtilization: number;
  /** Below this many unshipped hits nothing is deferred: light traffic ships as it always did. */
  readonly minBacklog: number;
}

export interface ShipLoad {
  /** Hits durable in the spool and not yet shipped. */
  readonly backlog: number;
  /** Age of the oldest of them, in ms. */
  readonly oldestAgeMs: number;
  /** Event-loop utilisation of the HTTP thread over the last window, 0–1. */
  readonly utilization: number;
}

export function shouldDeferShipping(load: ShipLoad, options: ShipDeferralOptions): boolean {
  return (
    options.maxLagMs > 0 &&
    load.backlog >= options.minBacklog &&
    load.oldestAgeMs < options.maxLagMs &&
    load.utilization >= options.busyUtilization
  );
}

/**
 * When spool records became durable, coarsely: (last seq, time) marks, at most one per `resolutionMs`.
 * The age of the oldest record after a cursor is then known to within one resolution step (rounded up,
 * so a deferral never outlasts the bound).
 */
export class DurableTimes {
  readonly #seqs: number[] = [];
  readonly #times: number[] = [];

  constructor(private readonly resolutionMs = 100) {}

  /** Records that every seq up to `lastSeq` is durable at `now`. */
  mark(lastSeq: number, now: number): void {
    const n = this.#times.length;
    if (n > 0 && now - this.#times[n - 1]! < this.resolutionMs) {
      this.#seqs[n - 1] = lastSeq;
      return;
    }
    this.#seqs.push(lastSeq);
    this.#times.push(now);
  }

  /** Age at `now` of the oldest record with seq > `cursor`; 0 when none is known. Forgets older marks. */
  oldestAgeAfter(cursor: number, now: number): number {
    // Marks wholly at or below the cursor are shipped; keep the last of them as the lower time bound.
    let drop = 0;
    while (drop + 1 < this.#seqs.length && this.#seqs[drop + 1]! <= cursor) drop++;
    if (drop > 0) {
      this.#seqs.splice(0, drop);
      this.#times.splice(0, drop);
    }
    if (this.#seqs.length === 0) return 0;
    if (this.#seqs[0]! > cursor) return now - this.#times[0]!;
    // The first mark is at or below the cursor: the next records became durable after it.
    return this.#seqs.length > 1 ? now - this.#times[0]! : 0;
  }
}
