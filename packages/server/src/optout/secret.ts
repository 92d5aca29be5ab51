import { randomBytes } from 'node:crypto';
import type { SettingsRepo } from '@sillage/storage';

export const OPTOUT_SECRET_SETTING = 'optout.nonce_secret';

/**
 * The HMAC key of opt-out nonces, kept in the metadata store so that every app node and every restart
 * accept each other's nonces. Created on first start; when two nodes race, the later write wins and a
 * page served by the loser in between shows a form whose toggle fails once (reload fixes it).
 */
export async function loadOptOutSecret(settings: SettingsRepo): Promise<string> {
  const existing = await settings.get<string>(OPTOUT_SECRET_SETTING);
  if (typeof existing === 'string' && existing.length >= 32) return existing;
  await settings.set(OPTOUT_SECRET_SETTING, randomBytes(32).toString('base64url'));
  return (await settings.get<string>(OPTOUT_SECRET_SETTING))!;
}
