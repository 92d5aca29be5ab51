/**
 * Page URL helpers for storage and reports, following Matomo's PageUrl [matomo: core/Tracker/PageUrl.php]:
 * Matomo stores a page URL as a prefix id (http://, http://www., https://, https://www.) and the rest, and
 * its reports label pages by the rest, so "https://www.example.org/a" and "http://example.org/a" are
 * one row. We store the full URL and derive the label at report time with pageUrlLabel.
 */

/** Matomo's url_prefix ids. */
export const URL_PREFIXES = ['http://', 'http://www.', 'https://', 'https://www.'] as const;

const PREFIX = /^(https?):\/\/(www\.)?/i;

/** Matomo's url_prefix id of a URL (0..3), or null when it is not http(s). */
export function urlPrefixId(url: string): 0 | 1 | 2 | 3 | null {
  const match = PREFIX.exec(url);
  if (match === null) return null;
  const secure = (match[1] as string).toLowerCase() === 'https';
  const www = match[2] !== undefined;
  return ((secure ? 2 : 0) + (www ? 1 : 0)) as 0 | 1 | 2 | 3;
}

/**
 * The report label of a page URL: without scheme and "www.", host in lower case, the rest as stored.
 * "https://www.Example.org/a?b=1" → "example.org/a?b=1". Non-http(s) URLs are returned unchanged.
 */
export function pageUrlLabel(url: string): string {
  const match = PREFIX.exec(url);
  if (match === null) return url;
  const rest = url.slice(match[0].length);
  const hostEnd = rest.search(/[/?#]/);
  return hostEnd === -1 ? rest.toLowerCase() : rest.slice(0, hostEnd).toLowerCase() + rest.slice(hostEnd);
}

/**
 * The URL with its scheme and host in lower case (hosts are case-insensitive; paths are not), leaving
 * everything else byte for byte. URLs without "scheme://" are returned unchanged.
 */
export function lowerCaseHost(url: string): string {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd <= 0 || !/^[a-z][a-z0-9+.-]*$/i.test(url.slice(0, schemeEnd))) return url;
  const authorityStart = schemeEnd + 3;
  const authorityEnd = url.slice(authorityStart).search(/[/?#]/);
  const end = authorityEnd === -1 ? url.length : authorityStart + authorityEnd;
  const authority = url.slice(authorityStart, end);
  // Keep user info as written ("User:Pass@Host"): only the host part is case-insensitive.
  const at = authority.lastIndexOf('@');
  const lowered = at === -1 ? authority.toLowerCase() : authority.slice(0, at + 1) + authority.slice(at + 1).toLowerCase();
  const scheme = url.slice(0, schemeEnd).toLowerCase();
  if (scheme === url.slice(0, schemeEnd) && lowered === authority) return url;
  return `${scheme}://${lowered}${url.slice(end)}`;
}
