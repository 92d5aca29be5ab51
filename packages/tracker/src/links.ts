/**
 * Link classification helpers for enableLinkTracking (matomo-compat.md §3.7); the order of the rules
 * is in the tracker's click handler.
 */

/** Matomo's default download extensions, as a regular-expression alternation (the form the click handler tests). */
export const DOWNLOAD_EXTENSIONS =
  '7z|aac|apk|ar[cj]|as[cfx]|avi|azw3|bin|bz2?|csv|deb|dmg|docx?|epub|exe|flv|gif|gz(ip)?|hqx|ico|iso|jar|jpe?g|js|md5|mobi|mp[234g]|mpeg|mov(ie)?|ms[ip]|od[bfgst]|og[gv]|pdf|phps|png|pptx?|qtm?|ra[mr]?|rpm|rtf|sea|sha(1|256)?|sit|tar|tbz2?|tgz|torrent|txt|wav|webm|wm[av]|wpd|xlsx?|xml|xz|z|zip';

/** Matomo's class (matomo_<base> or piwik_<base>) or one of the site's own. */
export const hasClass = (el: Element, base: string, extra: string[]) =>
  [`matomo_${base}`, `piwik_${base}`, ...extra].some((c) => el.classList.contains(c));
