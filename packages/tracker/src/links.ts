/**
 * Link classification for enableLinkTracking, in Matomo's order (matomo-compat.md §3.7): the tracker's
 * own URL is ignored; link classes make an outlink; the download attribute, download classes or a file
 * extension make a download; internal links are not tracked; anything else is an outlink.
 */

/** Matomo's default download extensions. */
export const DOWNLOAD_EXTENSIONS =
  '7z|aac|apk|arc|arj|asc|asf|asx|avi|azw3|bin|csv|deb|dmg|doc|docx|epub|exe|flv|gif|gz|gzip|hqx|ico|iso|jar|jpg|jpeg|js|md5|mobi|mp2|mp3|mp4|mpg|mpeg|mov|movie|msi|msp|odb|odf|odg|ods|odt|ogg|ogv|pdf|phps|png|ppt|pptx|qt|qtm|ra|ram|rar|rpm|rtf|sea|sha|sha1|sha256|sit|tar|tbz|tbz2|bz|bz2|tgz|torrent|txt|wav|webm|wma|wmv|wpd|xls|xlsx|xml|xz|z|zip'.split(
    '|',
  );

export interface LinkRules {
  trackerUrl: string;
  linkClasses: string[];
  downloadClasses: string[];
  extensions: string[];
  isInternalHost: (host: string) => boolean;
}

export function hasClass(el: Element, base: string, extra: string[]): boolean {
  const names = [`matomo_${base}`, `piwik_${base}`, ...extra];
  return names.some((c) => el.classList.contains(c));
}

export function linkType(a: HTMLAnchorElement, r: LinkRules): 'link' | 'download' | undefined {
  const href = a.href;
  if (!/^(https?|ftp):/i.test(href) || (r.trackerUrl && href.indexOf(r.trackerUrl) === 0)) return undefined;
  if (hasClass(a, 'link', r.linkClasses)) return 'link';
  if (a.hasAttribute('download') || hasClass(a, 'download', r.downloadClasses)) return 'download';
  if (new RegExp(`\\.(${r.extensions.join('|')})([?&#]|$)`, 'i').test(a.pathname)) return 'download';
  return r.isInternalHost(a.hostname) ? undefined : 'link';
}

/** `*.example.com` matches example.com and its subdomains; other entries match the host exactly. */
export function hostMatches(host: string, pattern: string): boolean {
  host = host.toLowerCase();
  pattern = pattern
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[/:].*$/, '');
  if (pattern.slice(0, 2) === '*.') {
    const base = pattern.slice(2);
    return host === base || host.slice(-base.length - 1) === `.${base}`;
  }
  return host === pattern;
}
