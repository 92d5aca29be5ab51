/**
 * Sign-in attempts per client address in a sliding window, in memory: it slows a password-spraying
 * client across many logins. The per-account lock-out (UserSecurityStore) stops guessing one account
 * and is shared between app nodes; this per-address limit is per node, which is enough to throttle.
 */
export class LoginRateLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    readonly maxAttempts: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before this address may try again, or 0 when it may try now. Counts the attempt when allowed. */
  take(address: string): number {
    const now = this.now();
    const recent = (this.attempts.get(address) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.maxAttempts) {
      this.attempts.set(address, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    recent.push(now);
    if (this.attempts.size > 50_000) this.attempts.clear();
    this.attempts.set(address, recent);
    return 0;
  }

  /** A successful sign-in forgets the address's earlier failures. */
  reset(address: string): void {
    this.attempts.delete(address);
  }
}

/** Account lock-out policy: this many consecutive failures lock the account for `lockMs`. */
export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60_000 };
