import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../src/auth/access.js';
import { LoginRateLimiter } from '../src/auth/login-limiter.js';
import { checkNewPassword, MIN_PASSWORD_LENGTH, validateNewUser } from '../src/auth/passwords.js';
import {
  base32Decode,
  base32Encode,
  generateRecoveryCodes,
  hashRecoveryCode,
  hotp,
  otpauthUri,
  totpAt,
  verifyTotp,
} from '../src/auth/totp.js';
import { parseCookies, sessionCookie } from '../src/http/cookies.js';
import { checkRouteAccess, type RouteAccess } from '../src/http/json-routes.js';

// RFC 6238 Appendix B, SHA-1 rows: the seed is the ASCII string "12345678901234567890".
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('account rules', () => {
  it('refuses short passwords and bad logins with USER_INVALID, wherever an account is made', () => {
    expect(() => checkNewPassword('x'.repeat(MIN_PASSWORD_LENGTH - 1))).toThrow(expect.objectContaining({ code: 'USER_INVALID' }));
    expect(() => checkNewPassword('x'.repeat(MIN_PASSWORD_LENGTH))).not.toThrow();
    expect(() => validateNewUser('a', 'long enough')).toThrow('the login must be 2 to 100 letters');
    expect(() => validateNewUser('ann', 'short')).toThrow(`at least ${MIN_PASSWORD_LENGTH} characters`);
    expect(() => validateNewUser('ann.b@x', 'long enough')).not.toThrow();
  });

  it('the dashboard asks for the same password length as the server', () => {
    const ui = readFileSync(new URL('../../web/src/ui.tsx', import.meta.url), 'utf8');
    expect(Number(/export const MIN_PASSWORD_LENGTH = (\d+);/.exec(ui)?.[1])).toBe(MIN_PASSWORD_LENGTH);
  });
});

describe('TOTP (RFC 6238)', () => {
  it.each(RFC_VECTORS)('T=%i gives %s', (t, expected) => {
    expect(hotp(RFC_SEED, Math.floor(t / 30), 8)).toBe(expected);
  });

  it('base32 round-trips and ignores case, spaces and padding', () => {
    const secret = base32Encode(RFC_SEED);
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode(secret.toLowerCase().replace(/(.{4})/g, '$1 ') + '==')).toEqual(RFC_SEED);
    expect(() => base32Decode('GEZ1')).toThrow();
  });

  it('accepts the current step and one either side, nothing further, and no malformed code', () => {
    const secret = base32Encode(RFC_SEED);
    const now = 1_700_000_000_000;
    expect(verifyTotp(secret, totpAt(secret, now), now)).toBe(true);
    expect(verifyTotp(secret, totpAt(secret, now - 30_000), now)).toBe(true);
    expect(verifyTotp(secret, totpAt(secret, now + 30_000), now)).toBe(true);
    expect(verifyTotp(secret, totpAt(secret, now - 90_000), now)).toBe(false);
    expect(verifyTotp(secret, `${totpAt(secret, now).slice(0, 3)} ${totpAt(secret, now).slice(3)}`, now)).toBe(true);
    for (const bad of ['', '12345', '1234567', 'abcdef']) expect(verifyTotp(secret, bad, now)).toBe(false);
  });

  it('otpauth URI carries the secret, the issuer and the account', () => {
    expect(otpauthUri('ABC', 'ann@x')).toBe('otpauth://totp/Sillage%3Aann%40x?secret=ABC&issuer=Sillage&algorithm=SHA1&digits=6&period=30');
  });

  it('recovery codes are distinct, well-formed, and hash the same whatever the case and dashes', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    const c = codes[0]!;
    expect(hashRecoveryCode(c.toUpperCase().replace('-', ''))).toBe(hashRecoveryCode(c));
    expect(hashRecoveryCode(codes[1]!)).not.toBe(hashRecoveryCode(c));
  });
});

describe('cookies', () => {
  it('parses a Cookie header, first occurrence wins, percent-decoded', () => {
    const c = parseCookies('a=1; sillage_session=x%2By; a=2; bad; q="quoted"');
    expect(c.get('a')).toBe('1');
    expect(c.get('sillage_session')).toBe('x+y');
    expect(c.get('q')).toBe('quoted');
    expect(parseCookies(undefined).size).toBe(0);
  });

  it.each([
    [false, 'sid=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60'],
    [true, 'sid=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure'],
  ])('session cookie with secure=%s', (secure, expected) => {
    expect(sessionCookie('sid', 'v', { secure, maxAgeSeconds: 60 })).toBe(expected);
  });
});

describe('LoginRateLimiter', () => {
  it('allows maxAttempts per window per address, then says how long to wait', () => {
    let now = 0;
    const limiter = new LoginRateLimiter(3, 60_000, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(60);
    expect(limiter.take('b')).toBe(0);
    now = 30_000;
    expect(limiter.take('a')).toBe(30);
    now = 60_001;
    expect(limiter.take('a')).toBe(0);
    limiter.reset('a');
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 0]);
  });
});

describe('checkRouteAccess', () => {
  const viewer: Principal = { login: 'v', superuser: false, roles: new Map([[1, 'view']]) };
  const admin1: Principal = { login: 'a', superuser: false, roles: new Map([[1, 'admin']]) };
  const root: Principal = { login: 'r', superuser: true, roles: new Map() };
  const rules: Record<string, RouteAccess> = {
    public: { kind: 'public' },
    signedIn: { kind: 'signed-in' },
    superuser: { kind: 'superuser' },
    siteView: { kind: 'site', role: 'view' },
    siteAdmin: { kind: 'site', role: 'admin' },
    publicView: { kind: 'site', role: 'view', publicDashboard: true },
    publicAdmin: { kind: 'site', role: 'admin', publicDashboard: true },
  };
  // Site 1 has a public dashboard; site 2 does not.
  const isPublicSite = async (id: number) => id === 1;
  const outcome = async (rule: RouteAccess, p: Principal | undefined, site: number) => {
    try {
      await checkRouteAccess(rule, p, () => site, isPublicSite);
      return 'ok';
    } catch (err) {
      return (err as { code: string }).code;
    }
  };
  it.each([
    ['public', undefined, 1, 'ok'],
    ['signedIn', undefined, 1, 'AUTH_REQUIRED'],
    ['signedIn', viewer, 1, 'ok'],
    ['superuser', viewer, 1, 'AUTH_FORBIDDEN'],
    ['superuser', root, 1, 'ok'],
    ['siteView', viewer, 1, 'ok'],
    ['siteView', viewer, 2, 'AUTH_FORBIDDEN'],
    ['siteAdmin', viewer, 1, 'AUTH_FORBIDDEN'],
    ['siteAdmin', admin1, 1, 'ok'],
    ['siteAdmin', admin1, 2, 'AUTH_FORBIDDEN'],
    ['siteAdmin', root, 99, 'ok'],
    ['siteView', undefined, 1, 'AUTH_REQUIRED'],
    // Anonymous on a public dashboard: 'view' routes that allow it, on the public site only.
    ['publicView', undefined, 1, 'ok'],
    ['publicView', undefined, 2, 'AUTH_REQUIRED'],
    ['publicView', viewer, 2, 'AUTH_FORBIDDEN'],
    ['publicAdmin', undefined, 1, 'AUTH_REQUIRED'],
    ['siteAdmin', undefined, 1, 'AUTH_REQUIRED'],
  ] as const)('%s as %o on site %i → %s', async (rule, p, site, expected) => {
    expect(await outcome(rules[rule]!, p, site)).toBe(expected);
  });
});
