import { SillageError } from '@sillage/core';
import type { MetaStore } from '@sillage/storage';
import { hashPassword, LOGIN_PATTERN, MIN_PASSWORD_LENGTH } from './passwords.js';

/**
 * Creates the super user from SILLAGE_SUPERUSER_LOGIN / SILLAGE_SUPERUSER_PASSWORD when no user exists
 * yet (containers, automated installs). Once any user exists it does nothing, so the variables can stay
 * set without resetting a password changed later. Returns whether it created the user.
 */
export async function bootstrapSuperUser(meta: MetaStore, login: string | undefined, password: string | undefined): Promise<boolean> {
  if (login === undefined || password === undefined) return false;
  if (!LOGIN_PATTERN.test(login))
    throw new SillageError('CONFIG_INVALID', ['SILLAGE_SUPERUSER_LOGIN', 'use 2 to 100 letters, digits or _ . @ -']);
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new SillageError('CONFIG_INVALID', ['SILLAGE_SUPERUSER_PASSWORD', `at least ${MIN_PASSWORD_LENGTH} characters`]);
  if ((await meta.users.count()) > 0) return false;
  await meta.users.create({ login, passwordHash: await hashPassword(password), superuser: true });
  await meta.audit.append({ actor: 'bootstrap', action: 'user.created', details: { login, superuser: true, via: 'environment' } });
  return true;
}
