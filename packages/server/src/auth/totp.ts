import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 6 digits, 30-second steps —
 * the parameters every authenticator app assumes when the otpauth URI names no others.
 */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes RFC 4648 base32, ignoring case, spaces and padding (apps display secrets in groups). */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = BASE32.indexOf(ch);
    if (v === -1) throw new Error(`invalid base32 character "${ch}"`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new 160-bit secret (RFC 4226 recommends the HMAC-SHA1 output size), base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** HOTP value for a counter (RFC 4226 §5.3 dynamic truncation). */
export function hotp(secret: Buffer, counter: number, digits = TOTP_DIGITS): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(code).padStart(digits, '0');
}

export function totpAt(secretBase32: string, unixMs: number): string {
  return hotp(base32Decode(secretBase32), Math.floor(unixMs / 1000 / TOTP_STEP_SECONDS));
}

/**
 * Accepts the code of the current step or of one step either side, allowing for clock drift and a
 * code typed just as it changed (RFC 6238 §5.2's recommended window).
 */
export function verifyTotp(secretBase32: string, code: string, unixMs: number, window = 1): boolean {
  const typed = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(typed)) return false;
  const secret = base32Decode(secretBase32);
  const step = Math.floor(unixMs / 1000 / TOTP_STEP_SECONDS);
  let ok = false;
  for (let d = -window; d <= window; d++) {
    // Compare every candidate in constant time and do not stop early: no timing hint at which matched.
    if (timingSafeEqual(Buffer.from(hotp(secret, step + d)), Buffer.from(typed))) ok = true;
  }
  return ok;
}

/** The otpauth:// URI authenticator apps import (Key Uri Format), usually shown as a QR code. */
export function otpauthUri(secretBase32: string, account: string, issuer = 'Sillage'): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_STEP_SECONDS}`;
}

/**
 * Ten single-use recovery codes, "xxxxx-xxxxx" in Crockford's base32 alphabet (no i, l, o, u to misread):
 * 32 symbols, so a byte modulo 32 is unbiased; 50 bits per code.
 */
export function generateRecoveryCodes(count = 10): string[] {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Recovery codes are random enough that SHA-256 suffices; normalised so case and dashes do not matter. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(code.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .digest('hex');
}
