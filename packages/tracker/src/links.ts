/**
 * Link classification helpers for enableLinkTracking (matomo-compat.md §3.7); the order of the rules
 * is in the tracker's click handler.
 */

/** Matomo's default download extensions, as a regular-expression alternation (the form the click handler tests). */
export const DOWNLOAD_EXTENSIONS =
  '7z|aac|apk|arc|arj|asc|asf|asx|avi|azw3|bin|csv|deb|dmg|doc|docx|epub|exe|flv|gif|gz|gzip|hqx|ico|iso|jar|jpg|jpeg|js|md5|mobi|mp2|mp3|mp4|mpg|mpeg|mov|movie|msi|msp|odb|odf|odg|ods|odt|ogg|ogv|pdf|phps|png|ppt|pptx|qt|qtm|ra|ram|rar|rpm|rtf|sea|sha|sha1|sha256|sit|tar|tbz|tbz2|bz|bz2|tgz|torrent|txt|wav|webm|wma|wmv|wpd|xls|xlsx|xml|xz|z|zip';

/** Matomo's class (matomo_<base> or piwik_<base>) or one of the site's own. */
export const hasClass = (el: Element, base: string, extra: string[]) =>
  [`matomo_${base}`, `piwik_${base}`, ...extra].some((c) => el.classList.contains(c));
