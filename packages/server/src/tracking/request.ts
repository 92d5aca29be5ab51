import type { RequestHeaders } from '@sillage/core';
import { SillageError } from '@sillage/core';

/**
 * Reading tracking requests from HTTP, as Matomo does (matomo-compat.md §1.2, §1.5):
 * - query and form body parameters merged, the query winning on a duplicate name;
 * - the sendBeacon shape: POST with an empty body and everything in the query;
 * - bulk requests detected from the body's content ("requests"), whatever the Content-Type, with
 *   `"?qs"` strings or parameter objects inside.
 */
export interface ParsedTransport {
  readonly bulk: boolean;
  /** One entry per request to track, parameters merged. */
  readonly requests: Record<string, string>[];
  /** send_image=0 → answer 204 instead of the GIF (or the bulk JSON). */
  readonly sendImage: boolean;
  /** token_auth of a bulk body, applied to every request in it. */
  readonly bulkToken: string | undefined;
  /** Indexes of bulk entries that were not requests at all (string without "?", wrong type): invalid. */
  readonly malformedIndexes: number[];
}

/** PHP-like parsing: the last value of a repeated name wins; `+` is a space; bad %-escapes are kept. */
export function parseQueryString(qs: string): Record<string, string> {
  const out: Record<string, string> = {};
  // Scanned with indexOf rather than split('&'): no array and no string per part (bench/ingest).
  const length = qs.length;
  let start = 0;
  while (start < length) {
    let end = qs.indexOf('&', start);
    if (end === -1) end = length;
    if (end > start) {
      let eq = qs.indexOf('=', start);
      if (eq > end) eq = -1;
      const name = decodeComponent(eq === -1 ? qs.slice(start, end) : qs.slice(start, eq));
      if (name !== '' && name !== '__proto__') out[name] = eq === -1 ? '' : decodeComponent(qs.slice(eq + 1, end));
    }
    start = end + 1;
  }
  return out;
}

function decodeComponent(s: string): string {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    // Malformed escapes or invalid UTF-8: decode what can be decoded, keep the rest literally.
    return plus.replace(/(%[0-9a-fA-F]{2})+/g, (seq) => {
      try {
        return decodeURIComponent(seq);
      } catch {
        return seq;
      }
    });
  }
}

function isBulkBody(body: string): boolean {
  return body.includes('"requests"') || body.includes("'requests'");
}

function stringValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return undefined;
  // Nested JSON (ec_items, uadata, cvar sent as structures by some clients) is re-serialised.
  try {
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

export function parseTransport(method: string, rawQuery: string, body: string): ParsedTransport {
  const query = parseQueryString(rawQuery);
  if (method === 'POST' && isBulkBody(body)) return parseBulk(query, body);
  // A GET (nearly every hit) has no form to merge: the query object is used as it is, not copied.
  const merged = method === 'POST' && body !== '' ? { ...parseQueryString(body), ...query } : query;
  let hasParams = false;
  for (const _name in merged) {
    hasParams = true;
    break;
  }
  return {
    bulk: false,
    requests: hasParams ? [merged] : [],
    sendImage: merged['send_image'] !== '0',
    bulkToken: undefined,
    malformedIndexes: [],
  };
}

function parseBulk(query: Record<string, string>, body: string): ParsedTransport {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new SillageError('TRACKING_INVALID_BULK', ['the body is not valid JSON']);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SillageError('TRACKING_INVALID_BULK', ['the body must be a JSON object with a "requests" array']);
  }
  const obj = json as Record<string, unknown>;
  if (!Array.isArray(obj['requests'])) {
    throw new SillageError('TRACKING_INVALID_BULK', ['"requests" must be an array']);
  }
  const requests: Record<string, string>[] = [];
  const malformedIndexes: number[] = [];
  obj['requests'].forEach((entry: unknown, index: number) => {
    const params = bulkEntryParams(entry);
    if (params === undefined) {
      malformedIndexes.push(index);
      requests.push({});
    } else {
      // Query-string parameters of the bulk POST apply to each request, without overriding it.
      requests.push({ ...query, ...params });
    }
  });
  const sendImage = stringValue(obj['send_image']) !== '0' && query['send_image'] !== '0';
  const token = stringValue(obj['token_auth']) ?? query['token_auth'];
  return { bulk: true, requests, sendImage, bulkToken: token, malformedIndexes };
}

function bulkEntryParams(entry: unknown): Record<string, string> | undefined {
  if (typeof entry === 'string') {
    const q = entry.indexOf('?');
    // Matomo parse_url()s the string and keeps its query part; without one the entry is dropped.
    if (q === -1) return undefined;
    const hash = entry.indexOf('#', q);
    return parseQueryString(entry.slice(q + 1, hash === -1 ? undefined : hash));
  }
  if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(entry)) {
      if (k === '__proto__') continue;
      const s = stringValue(v);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
  return undefined;
}

const HINT_HEADERS = [
  'sec-ch-ua',
  'sec-ch-ua-mobile',
  'sec-ch-ua-platform',
  'sec-ch-ua-platform-version',
  'sec-ch-ua-model',
  'sec-ch-ua-full-version-list',
  'sec-ch-ua-arch',
  'sec-ch-ua-bitness',
  'sec-ch-ua-form-factors',
] as const;

/** The few headers the pipeline reads, and the cookies it cares about. */
export function readHeaders(headers: Record<string, string | string[] | undefined>, cookieNames: readonly string[]): RequestHeaders {
  const h = (name: string): string => {
    const v = headers[name];
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  };
  const clientHints: Record<string, string> = {};
  for (const name of HINT_HEADERS) {
    const v = h(name);
    if (v !== '') clientHints[name] = v;
  }
  return {
    userAgent: h('user-agent'),
    acceptLanguage: h('accept-language'),
    referer: h('referer'),
    dnt: h('dnt'),
    xDoNotTrack: h('x-do-not-track'),
    xPurpose: h('x-purpose') || h('purpose') || h('sec-purpose'),
    xMoz: h('x-moz'),
    cookies: pickCookies(h('cookie'), cookieNames),
    clientHints,
  };
}

function pickCookies(header: string, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (header === '' || names.length === 0) return out;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    const name = (eq === -1 ? pair : pair.slice(0, eq)).trim();
    if (names.includes(name)) out[name] = eq === -1 ? '' : pair.slice(eq + 1).trim();
  }
  return out;
}
