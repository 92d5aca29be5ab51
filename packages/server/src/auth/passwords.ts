import { hash, verify } from '@node-rs/argon2';
import { SillageError } from '@sillage/core';

/** argon2id with the library defaults (19 MiB, 2 passes): OWASP's recommended minimum. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 /* Argon2id */ });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 8;

/** What a login may be, wherever an account is made (setup, administration, CLI, environment). */
export const LOGIN_PATTERN = /^[A-Za-z0-9_.@-]{2,100}$/;

/** A new or changed password: long enough, or USER_INVALID. */
export function checkNewPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new SillageError('USER_INVALID', [`the password must have at least ${MIN_PASSWORD_LENGTH} characters`]);
}

/** A new account's login and password, or USER_INVALID naming what is wrong. */
export function validateNewUser(login: string, password: string): void {
  if (!LOGIN_PATTERN.test(login)) throw new SillageError('USER_INVALID', ['the login must be 2 to 100 letters, digits or _ . @ -']);
  checkNewPassword(password);
}
