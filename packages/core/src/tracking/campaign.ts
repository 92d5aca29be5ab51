/**
 * Campaign parameters (mtm_*, pk_*, piwik_*, matomo_*, utm_*). Matomo reads them from the landing URL
 * and from the tracking parameters themselves [matomo: plugins/Referrers/Columns/Base.php], and strips
 * them from stored page URLs.
 */
import { cleanText, MAX_LENGTH } from './text.js';

const CAMPAIGN_PREFIXES = ['mtm_', 'pk_', 'piwik_', 'matomo_', 'utm_'] as const;

/** Whether a (query or tracking) parameter name is a campaign parameter; case-insensitive. */
export function isCampaignParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return CAMPAIGN_PREFIXES.some((prefix) => lower.startsWith(prefix) && lower.length > prefix.length);
}

// Parameter names are short; anything longer is not a campaign parameter we would ever report on.
const MAX_NAME_LENGTH = 64;

/**
 * Adds `name=value` to `into` when `name` is a campaign parameter: lower-cased name, cleaned value,
 * empty values skipped. Returns whether it was taken.
 */
export function collectCampaignParameter(into: Record<string, string>, name: string, value: string): boolean {
  if (name.length > MAX_NAME_LENGTH || !isCampaignParameter(name)) return false;
  const text = cleanText(value, MAX_LENGTH.campaign);
  if (text === '') return false;
  into[cleanText(name, MAX_NAME_LENGTH).toLowerCase()] = text;
  return true;
}
