/**
 * PII scrubbing of a URL or a piece of text: query parameters that carry personal data or secrets are
 * removed whole (their value is personal data whatever it looks like), then the detectors replace
 * what they find in the rest with placeholders.
 */
import { decodeQueryComponent, parseQuery, splitUrl } from '../../tracking/url.js';
import { type PiiKind, scrubText } from './detectors.js';

/**
 * Query parameters always removed when PII scrubbing is on; a site adds its own with
 * privacy.removedQueryParameters. Matched case-insensitively, ignoring "-" and "_".
 */
export const PII_QUERY_PARAMETERS: readonly string[] = [
  'email',
  'mail',
  'emailaddress',
  'useremail',
  'token',
  'accesstoken',
  'authtoken',
  'idtoken',
  'refreshtoken',
  'resettoken',
  'password',
  'passwd',
  'pwd',
  'pass',
  'session',
  'sessionid',
  'sessid',
  'sessiontoken',
  'secret',
  'clientsecret',
  'apikey',
  'auth',
  'authorization',
  'otp',
  'phone',
  'tel',
  'telephone',
  'mobile',
  'iban',
  'ssn',
  'creditcard',
  'cardnumber',
  'cvv',
  'firstname',
  'lastname',
  'fullname',
  'birthdate',
  'dob',
];

export type ScrubKind = PiiKind | 'query-param';

function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

const BUILT_IN = new Set(PII_QUERY_PARAMETERS);

/** A matcher for parameter names: the built-in list plus the site's extra names. */
export function sensitiveParameterMatcher(extra: readonly string[]): (name: string) => boolean {
  if (extra.length === 0) return (name) => BUILT_IN.has(normalise(name));
  const all = new Set([...BUILT_IN, ...extra.map(normalise)]);
  return (name) => all.has(normalise(name));
}

/**
 * Scrubs a URL: sensitive query parameters removed, detectors applied to what remains (path, query,
 * fragment). Untouched URLs come back as the same string, so the common case allocates nothing.
 */
/** Whether any raw parameter name of the query is sensitive; decodes only names that need it. */
function hasSensitiveName(query: string, isSensitive: (name: string) => boolean): boolean {
  let at = 0;
  while (at <= query.length) {
    let end = query.indexOf('&', at);
    if (end === -1) end = query.length;
    const eq = query.indexOf('=', at);
    const raw = query.slice(at, eq !== -1 && eq < end ? eq : end);
    if (raw !== '' && isSensitive(/[%+]/.test(raw) ? decodeQueryComponent(raw) : raw)) return true;
    at = end + 1;
  }
  return false;
}

export function scrubUrl(url: string, isSensitive: (name: string) => boolean, count?: (kind: ScrubKind) => void): string {
  let out = url;
  const mark = url.indexOf('?');
  // Most URLs carry no sensitive parameter: find out without splitting and decoding every pair.
  if (mark !== -1 && hasSensitiveName(splitUrl(url).query ?? '', isSensitive)) {
    const parts = splitUrl(url);
    if (parts.query !== undefined && parts.query !== '') {
      const pairs = parseQuery(parts.query);
      const kept = pairs.filter((pair) => {
        if (!isSensitive(pair.name)) return true;
        count?.('query-param');
        return false;
      });
      if (kept.length !== pairs.length) {
        out = parts.base;
        if (kept.length > 0) out += `?${kept.map((pair) => pair.raw).join('&')}`;
        if (parts.fragment !== undefined) out += `#${parts.fragment}`;
      }
    }
  }
  return scrubText(out, count);
}
