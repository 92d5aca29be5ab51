import { createHash, randomBytes } from 'node:crypto';

/**
 * API tokens are 32 lowercase hex characters (Matomo's token_auth shape, so existing clients and
 * import_logs.py accept them). Only their SHA-256 is stored: a leaked database does not leak tokens,
 * and a 128-bit random secret needs no slow hash.
 */
export function generateToken(): string {
  return randomBytes(16).toString('hex');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before any lookup, so garbage never reaches the store. */
export function looksLikeToken(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}
