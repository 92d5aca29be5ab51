/**
 * Legacy custom variables (`_cvar` visit scope, `cvar` page scope, `e_cvar` event scope), JSON
 * {"1":["name","value"], …}. Unreadable JSON or malformed entries are ignored, as Matomo does.
 */
import { isPlainObject, parseJson } from './params.js';
import { cleanText, MAX_LENGTH } from './text.js';

/** Matomo accepts custom variable slots 1..N (5 by default, configurable up to a few hundred). */
const MAX_SLOT = 200;

export function parseCustomVariables(raw: string): Record<string, [string, string]> | undefined {
  const parsed = parseJson(raw);
  // The JS tracker sends an object; PHP-style clients may send a list where index 0 is unused.
  const entries: [string, unknown][] = Array.isArray(parsed)
    ? parsed.slice(0, MAX_SLOT + 1).map((v, i) => [String(i), v])
    : isPlainObject(parsed)
      ? Object.entries(parsed)
      : [];
  const out: Record<string, [string, string]> = {};
  let count = 0;
  for (const [slot, pair] of entries) {
    if (!/^\d{1,3}$/.test(slot) || Number(slot) < 1 || Number(slot) > MAX_SLOT) continue;
    if (!Array.isArray(pair) || pair.length < 2) continue;
    const [name, value] = pair
      .slice(0, 2)
      .map((v) => (typeof v === 'string' ? cleanText(v, MAX_LENGTH.customVariable) : typeof v === 'number' ? String(v) : ''));
    if (!name) continue;
    out[String(Number(slot))] = [name, value ?? ''];
    count++;
  }
  return count === 0 ? undefined : out;
}
