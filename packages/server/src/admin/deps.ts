import { SillageError } from '@sillage/core';
import type { MetaStore } from '@sillage/storage';
import type { AccessControl } from '../auth/access.js';
import type { LockoutPolicy, LoginRateLimiter } from '../auth/login-limiter.js';
import type { RequestAuth } from '../auth/request-auth.js';
import type { UserSecurityStore } from '../auth/user-security.js';
import type { SiteOptOutProbe } from '../optout/probe.js';
import type { SiteCache } from '../sites-cache.js';

/** What the sign-in and administration routes use. */
export interface AdminDeps {
  readonly meta: MetaStore;
  readonly sites: SiteCache;
  readonly access: AccessControl;
  readonly auth: RequestAuth;
  readonly security: UserSecurityStore;
  readonly limiter: LoginRateLimiter;
  readonly lockout: LockoutPolicy;
  readonly now: () => number;
  /** The compliance audit's opt-out check (optout/probe.ts); absent = reported as not checked. */
  readonly optOutProbe?: SiteOptOutProbe;
}

export function str(body: Record<string, unknown>, name: string, options: { optional?: boolean; max?: number } = {}): string {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (options.optional) return '';
    throw new SillageError('REQUEST_INVALID', [`${name} is required`]);
  }
  if (typeof v !== 'string' || v.length > (options.max ?? 10_000))
    throw new SillageError('REQUEST_INVALID', [`${name}: expected a string`]);
  return v;
}

export function strList(body: Record<string, unknown>, name: string): string[] | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new SillageError('REQUEST_INVALID', [`${name}: expected a list of strings`]);
  return (v as string[]).map((s) => s.trim()).filter(Boolean);
}

export function bool(body: Record<string, unknown>, name: string): boolean | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new SillageError('REQUEST_INVALID', [`${name}: expected true or false`]);
  return v;
}

export const LANGUAGES = ['en', 'fr'] as const;
