/**
 * Text clean-up shared by every string parameter. Trackers, proxies and scripts send anything: lone
 * surrogates (what a broken UTF-8 sequence becomes after lenient decoding), control characters, megabyte
 * values. Every string that reaches a Hit goes through `cleanText` so later steps and the stores can rely
 * on well-formed, bounded, printable text.
 */

/** Matomo's storage limits, applied by truncation (never by rejecting the hit). */
export const MAX_LENGTH = {
  url: 1024, // [Tracker] page_maximum_length
  title: 1024,
  event: 255,
  search: 255,
  content: 255,
  orderId: 100, // log_conversion.idorder VARCHAR(100)
  item: 255,
  campaign: 255,
  userId: 200, // log_visit.user_id VARCHAR(200)
  userAgent: 1024,
  dimension: 255,
  customVariable: 200, // [Tracker] custom_variables_max_length
  language: 20,
  geo: 255,
} as const;

// C0 controls, DEL and C1 controls: invisible, break logs and CSV exports, never meaningful in analytics.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;
// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// Anything cleanText could change besides the length: controls, surrogates, blanks at either end.
const NEEDS_CLEANING = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]|^\s|\s$/;

/**
 * Trims, replaces lone surrogates by U+FFFD, removes control characters and cuts to `maxLength` code
 * points without splitting a surrogate pair. Work is bounded by `maxLength`, not by the input size: a
 * 100 MB value costs the same as a 2 kB one.
 */
export function cleanText(value: string, maxLength: number): string {
  // Most values are already clean: one test instead of two replaces and two trims.
  if (value.length <= maxLength && !NEEDS_CLEANING.test(value)) return value;
  // Keep a margin so that removed control characters and trimmed spaces do not shorten a value that
  // had enough real characters; 4× covers pairs (2 units per code point) plus stripped characters.
  const window = maxLength * 4 + 16;
  // trimStart first so a long run of leading blanks cannot push the real value out of the window.
  const start = value.trimStart();
  let text = start.length > window ? start.slice(0, window) : start;
  text = text.replace(LONE_SURROGATE, '\ufffd').replace(CONTROL_CHARACTERS, '').trim();
  return truncateCodePoints(text, maxLength);
}

/** Cuts to at most `maxLength` code points (a surrogate pair counts once and is never split). */
export function truncateCodePoints(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let units = 0;
  let points = 0;
  while (units < text.length && points < maxLength) {
    const code = text.charCodeAt(units);
    units += code >= 0xd800 && code <= 0xdbff && units + 1 < text.length ? 2 : 1;
    points++;
  }
  return text.slice(0, units);
}
