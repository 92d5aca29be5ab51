import { type PrivacySwitches, privacySwitchProblem, SillageError } from '@sillage/core';
import type { PrivacyMode } from '../ports.js';

const PRIVACY_MODES: readonly PrivacyMode[] = ['exempt', 'consented', 'custom'];

function invalid(reason: string): never {
  throw new SillageError('SITE_INVALID', [reason]);
}

/** A site URL as stored: trimmed, http(s) only, without a trailing slash (Matomo strips it too). */
export function normalizeSiteUrl(raw: string): string {
  const text = String(raw).trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid(`URL "${text}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') invalid(`URL "${text}" must start with http:// or https://`);
  if (url.hostname === '') invalid(`URL "${text}" has no host`);
  return text.replace(/\/+$/, '');
}

export function normalizeSiteUrls(urls: readonly string[]): string[] {
  if (!Array.isArray(urls) || urls.length === 0) invalid('at least one URL is required');
  // Keep the first occurrence so the main URL stays first.
  return [...new Set(urls.map(normalizeSiteUrl))];
}

export function validateName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '') invalid('name must not be empty');
  return trimmed;
}

export function validateTimezone(timezone: string): string {
  if (typeof timezone !== 'string' || timezone.trim() === '') invalid('timezone must not be empty');
  try {
    // Intl knows the IANA database and throws RangeError on an unknown zone.
    Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    invalid(`unknown timezone "${timezone}"`);
  }
  return timezone;
}

export function validateCurrency(currency: string): string {
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency)) invalid(`currency "${currency}" must be a 3-letter ISO 4217 code`);
  return currency.toUpperCase();
}

export function validatePrivacyMode(mode: string): PrivacyMode {
  if (!PRIVACY_MODES.includes(mode as PrivacyMode)) invalid(`privacy mode must be one of ${PRIVACY_MODES.join(', ')}`);
  return mode as PrivacyMode;
}

const BOOLEAN_SWITCHES = [
  'useAnonymizedIpForEnrichment',
  'honourDoNotTrack',
  'allowUserId',
  'allowEcommerce',
  'allowVisitorIdFromClient',
  'visitsLog',
  'visitorProfile',
  'collectCity',
] as const satisfies readonly (keyof PrivacySwitches)[];

/** Checks privacy overrides key by key, so a typo cannot silently leave a default in force. */
export function validatePrivacyOverrides(overrides: Partial<PrivacySwitches>): Partial<PrivacySwitches> {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) invalid('privacy must be an object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (key === 'anonymizeIpBytes') {
      if (value !== 1 && value !== 2 && value !== 3 && value !== 4) invalid('privacy.anonymizeIpBytes must be 1, 2, 3 or 4');
    } else if ((BOOLEAN_SWITCHES as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') invalid(`privacy.${key} must be true or false`);
    } else {
      // Every other switch (retention, PII scrubbing, cookie lifetime …) is checked by core/privacy.
      const problem = privacySwitchProblem(key, value);
      if (problem !== undefined) invalid(problem);
    }
    out[key] = value;
  }
  return out as Partial<PrivacySwitches>;
}

export function validateStringList(field: string, list: readonly string[]): string[] {
  if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) invalid(`${field} must be a list of strings`);
  return list.map((s) => s.trim()).filter((s) => s !== '');
}

export function validateBoolean(field: string, value: boolean): boolean {
  if (typeof value !== 'boolean') invalid(`${field} must be true or false`);
  return value;
}
