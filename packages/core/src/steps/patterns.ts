/**
 * Admin-written exclusion entries may be plain text or a "/regex/flags" (Matomo accepts both for
 * excluded user agents and excluded parameters). Compiled regexes are cached: the same few entries are
 * tested on every hit.
 */
const compiled = new Map<string, RegExp | null>();
const MAX_CACHED = 1000;

/** The case-insensitive RegExp of a "/…/flags" entry, or null when it is not one (or does not compile). */
export function slashRegex(entry: string): RegExp | null {
  const cached = compiled.get(entry);
  if (cached !== undefined) return cached;
  const match = /^\/(.+)\/([a-z]*)$/s.exec(entry);
  let regex: RegExp | null = null;
  if (match !== null) {
    // g and y make test() stateful across calls; i is forced so regexes behave like the text entries.
    const flags = `${match[2]!.replace(/[gyi]/g, '')}i`;
    try {
      regex = new RegExp(match[1]!, flags);
    } catch {
      regex = null;
    }
  }
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(entry, regex);
  return regex;
}
