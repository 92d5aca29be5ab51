import type { DropReason } from '@sillage/core';

/**
 * Counters the admin can read (GET /healthz?details=1 and the logs): hits accepted, hits dropped by
 * reason, invalid requests by error code. Process-local; they restart at zero with the server.
 */
export class IngestCounters {
  accepted = 0;
  readonly dropped = new Map<DropReason | string, number>();
  readonly invalid = new Map<string, number>();
  /** Parameters removed from otherwise accepted hits (e.g. a refused uid), by reason. */
  readonly stripped = new Map<string, number>();

  countDrop(reason: string): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
  }

  countInvalid(code: string): void {
    this.invalid.set(code, (this.invalid.get(code) ?? 0) + 1);
  }

  countStripped(reason: string): void {
    this.stripped.set(reason, (this.stripped.get(reason) ?? 0) + 1);
  }

  snapshot(): { accepted: number; dropped: Record<string, number>; invalid: Record<string, number>; stripped: Record<string, number> } {
    return {
      accepted: this.accepted,
      dropped: Object.fromEntries(this.dropped),
      invalid: Object.fromEntries(this.invalid),
      stripped: Object.fromEntries(this.stripped),
    };
  }
}
