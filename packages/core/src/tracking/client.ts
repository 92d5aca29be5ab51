/**
 * Device and browser parameters: language, screen resolution, local time, plugin flags, client hints
 * and performance timings. None of them can fail a hit: a bad value is simply not recorded.
 */
import type { Hit } from '../hit.js';
import { rememberRecentAnswers } from '../util/recent-answers.js';
import { intParam, isPlainObject, parseJson, type RawParams, rawParam } from './params.js';
import { cleanText, MAX_LENGTH } from './text.js';

/**
 * The first language tag of an Accept-Language-style value, lower case: "fr-CA,fr;q=0.9" → "fr-ca".
 * Matomo cuts the language to 20 characters.
 */
export const firstLanguageTag: (value: string) => string = rememberRecentAnswers(parseFirstLanguageTag, 1_000, 256);

function parseFirstLanguageTag(value: string): string {
  const first = cleanText(value.slice(0, 256), 256).split(',')[0] ?? '';
  const tag = (first.split(';')[0] ?? '').trim().toLowerCase();
  return /^[a-z0-9*_-]+$/.test(tag) ? tag.slice(0, MAX_LENGTH.language) : '';
}

/** `res=WxH` with digits only (at most 5 each), else undefined. */
export function parseResolution(raw: string | undefined): string | undefined {
  const match = raw === undefined ? null : /^(\d{1,5})[xX](\d{1,5})$/.exec(raw.trim());
  return match === null ? undefined : `${Number(match[1])}x${Number(match[2])}`;
}

/** h/m/s → seconds since local midnight; each out-of-range part counts as 0 (Matomo getLocalTime). */
export function parseLocalTime(params: RawParams): number | undefined {
  const parts = (['h', 'm', 's'] as const).map((name) => [name, intParam(params, name)] as const);
  if (parts.every(([name]) => rawParam(params, name) === undefined)) return undefined;
  const inRange = (value: number | undefined, max: number) => (value !== undefined && value >= 0 && value <= max ? value : 0);
  const [h, m, s] = parts.map(([, value], i) => inRange(value, i === 0 ? 23 : 59)) as [number, number, number];
  return h * 3600 + m * 60 + s;
}

/** Plugin flag parameters in the order of Hit.pluginFlags. */
export const PLUGIN_FLAGS = ['fla', 'java', 'qt', 'realp', 'pdf', 'wma', 'ag', 'cookie'] as const;

/** "10010011"-style flags, or undefined when the tracker sent none of them. */
export function parsePluginFlags(params: RawParams): string | undefined {
  if (PLUGIN_FLAGS.every((name) => rawParam(params, name) === undefined)) return undefined;
  return PLUGIN_FLAGS.map((name) => (rawParam(params, name)?.trim() === '1' ? '1' : '0')).join('');
}

// Client hints are small; a bigger payload is not a browser talking.
const MAX_CLIENT_HINTS_LENGTH = 8192;

/** `uadata` JSON object, else the Sec-CH-UA* headers, else undefined. */
export function parseClientHints(
  uadata: string | undefined,
  headers: Readonly<Record<string, string>> | undefined,
): Record<string, unknown> | undefined {
  if (uadata !== undefined && uadata.length <= MAX_CLIENT_HINTS_LENGTH) {
    const parsed = parseJson(uadata);
    if (isPlainObject(parsed)) return parsed;
  }
  if (headers === undefined) return undefined;
  const fromHeaders: Record<string, unknown> = {};
  let count = 0;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('sec-ch-ua') || typeof value !== 'string') continue;
    fromHeaders[lower] = cleanText(value, 1024);
    count++;
  }
  return count === 0 ? undefined : fromHeaders;
}

const PERF_PARAMS = [
  ['pf_net', 'network'],
  ['pf_srv', 'server'],
  ['pf_tfr', 'transfer'],
  ['pf_dm1', 'domProcessing'],
  ['pf_dm2', 'domCompletion'],
  ['pf_onl', 'onload'],
] as const;

// The column is UInt32 milliseconds; larger values are clock glitches, not timings.
const MAX_TIMING_MS = 2_147_483_647;

/** Performance timings: non-negative integer ms; anything else is not recorded. */
export function parsePerformance(params: RawParams): Hit['perf'] {
  const perf: NonNullable<Hit['perf']> = {};
  let count = 0;
  for (const [param, field] of PERF_PARAMS) {
    const value = intParam(params, param);
    if (value === undefined || value < 0 || value > MAX_TIMING_MS) continue;
    perf[field] = value;
    count++;
  }
  return count === 0 ? undefined : perf;
}
