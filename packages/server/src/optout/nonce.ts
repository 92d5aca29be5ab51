import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The opt-out form's anti-forgery token. Matomo binds its nonce to the PHP session; we have none, so the
 * token is bound to a random browser cookie (double submit): nonce = expiry + HMAC(server secret,
 * binding + expiry). Another site can fetch a nonce for its own cookie, but not for the visitor's one,
 * and cannot read the visitor's page inside the iframe: a forged POST never carries a matching pair.
 */
export const NONCE_TTL_MS = 3_600_000;

export function newBinding(): string {
  return randomBytes(18).toString('base64url');
}

function mac(secret: string, binding: string, expires: number): string {
  return createHmac('sha256', secret).update(`optout|${binding}|${expires}`).digest('base64url');
}

export function createNonce(secret: string, binding: string, now: number, ttlMs = NONCE_TTL_MS): string {
  const expires = now + ttlMs;
  return `${expires}.${mac(secret, binding, expires)}`;
}

export type NonceCheck = 'ok' | 'missing' | 'malformed' | 'expired' | 'mismatch';

export function verifyNonce(secret: string, binding: string | undefined, nonce: string | undefined, now: number): NonceCheck {
  if (!nonce || !binding) return 'missing';
  const m = /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(nonce);
  if (!m) return 'malformed';
  const expires = Number(m[1]);
  if (expires < now) return 'expired';
  const expected = Buffer.from(mac(secret, binding, expires));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'mismatch';
}
