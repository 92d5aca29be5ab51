/**
 * Personal-data detectors for stored text (URLs, titles, event names, dimension values).
 *
 * They run on every hit, so each detector is guarded by a cheap test (an "@" for e-mails, enough
 * digits for numbers) and most text never reaches a regular expression. False positives matter as
 * much as misses: order numbers, dates, prices and timestamps must survive, so every numeric detector
 * checks a structure (Luhn, IBAN mod 97, NIR key, E.164 length, card prefixes) rather than a length.
 */

export const PII_KINDS = ['email', 'phone', 'iban', 'card', 'national-id', 'postal-address'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export interface PiiMatch {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
}

// ───────────── e-mail ─────────────

// "%40" is an encoded "@" in URLs. Local part and domain are kept simple on purpose: the goal is
// to catch addresses, not to validate RFC 5322.
const EMAIL = /[A-Za-z0-9._%+-]{1,64}(?:@|%40)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
// Retina assets ("logo@2x.png") look like addresses.
const RETINA = /^(?:@|%40)\d(?:\.\d)?x\./i;

function findEmails(text: string, out: PiiMatch[]): void {
  if (!text.includes('@') && !text.includes('%40')) return;
  for (const m of text.matchAll(EMAIL)) {
    const at = m[0].search(/@|%40/);
    if (RETINA.test(m[0].slice(at))) continue;
    // A local part must keep at least one character besides an encoded "@" artefact.
    if (at === 0) continue;
    out.push({ kind: 'email', start: m.index, end: m.index + m[0].length });
  }
}

// ───────────── helpers ─────────────

// What may precede a number: start of text, a character that is neither a word character nor "%",
// or a complete %XX escape ("q=call%20%2B33…" in a URL). The escape's hex digits would otherwise
// read as digits glued to the number.
const NUMBER_START = String.raw`(?<=^|[^\w%.,-]|%[0-9A-Fa-f]{2})`;

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * The most digits found in one stretch of text whose digits are separated by at most 1 (tight) or 2
 * (loose) other characters: "4111 1111 1111 1111" is one tight run of 16, "+1 (555) 123-4567" one
 * loose run of 11. Every numeric detector needs a long enough run, so most text is skipped here.
 */
function digitRuns(text: string): { tight: number; loose: number } {
  let tight = 0;
  let loose = 0;
  let runTight = 0;
  let runLoose = 0;
  let gap = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      runTight = gap <= 1 ? runTight + 1 : 1;
      runLoose = gap <= 2 ? runLoose + 1 : 1;
      if (runTight > tight) tight = runTight;
      if (runLoose > loose) loose = runLoose;
      gap = 0;
    } else if (runLoose > 0) {
      gap++;
    }
  }
  return { tight, loose };
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** n mod 97 for a long decimal string, without BigInt. */
function mod97(numeric: string): number {
  let r = 0;
  for (let i = 0; i < numeric.length; i++) r = (r * 10 + (numeric.charCodeAt(i) - 48)) % 97;
  return r;
}

// ───────────── payment cards ─────────────

// 13 to 19 digits, optionally in groups separated by one space or dash, not glued to other digits.
const CARD = new RegExp(`${NUMBER_START}\\d(?:[ -]?\\d){12,18}(?![\\w]|[.,]\\d)`, 'g');

/** Issuer prefixes and lengths (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay). */
function plausibleCard(d: string): boolean {
  const n = d.length;
  if (d.startsWith('4')) return n === 13 || n === 16 || n === 19;
  if (/^5[1-5]/.test(d) || /^2(?:2[2-9]|[3-6]\d|7[01]|720)/.test(d)) return n === 16;
  if (/^3[47]/.test(d)) return n === 15;
  if (/^3(?:0[0-5]|[689])/.test(d)) return n >= 14 && n <= 19;
  if (/^35(?:2[89]|[3-8])/.test(d)) return n >= 16 && n <= 19;
  if (/^6(?:011|4[4-9]|5)/.test(d)) return n >= 16 && n <= 19;
  if (/^62/.test(d)) return n >= 16 && n <= 19;
  return false;
}

function findCards(text: string, out: PiiMatch[]): void {
  for (const m of text.matchAll(CARD)) {
    const raw = m[0];
    // Mixed separators ("4111-1111 1111 1111") are accepted; a separator every digit is not a card.
    const d = digitsOf(raw);
    if (raw.length - d.length > 6) continue;
    if (plausibleCard(d) && luhnValid(d)) out.push({ kind: 'card', start: m.index, end: m.index + raw.length });
  }
}

// ───────────── IBAN ─────────────

// biome-ignore format: a table reads better than one entry a line
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

// Compact, or printed in groups of four separated by single spaces.
const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?)(?![A-Za-z0-9])/g;

const IBAN_START = /[A-Za-z]{2}\d{2}/;

export function ibanValid(candidate: string): boolean {
  const compact = candidate.replace(/ /g, '').toUpperCase();
  if (IBAN_LENGTHS[compact.slice(0, 2)] !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let numeric = '';
  for (const ch of rearranged) numeric += ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
  return mod97(numeric) === 1;
}

function findIbans(text: string, out: PiiMatch[]): void {
  for (const m of text.matchAll(IBAN)) {
    if (ibanValid(m[0])) out.push({ kind: 'iban', start: m.index, end: m.index + m[0].length });
  }
}

// ───────────── phone numbers ─────────────

// International: "+" (or its URL encoding %2B) or "00", country code, then groups. Within groups one
// separator at a time: space, dot, dash, or a parenthesised area code.
const PHONE_INTL = /(?<=^|[^\w%.,]|%[0-9A-Fa-f]{2})(?:\+|%2B|00)[1-9]\d{0,2}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}(?!\w|[.,]\d)/gi;
// National French format with separators: 06 12 34 56 78, 06.12.34.56.78, 06-12-34-56-78.
const PHONE_FR = /(?<![\w.-])0[1-9](?:([ .-])\d{2})(?:\1\d{2}){3}(?![\w]|[.-]\d)/g;
// North American format with parenthesised area code: (555) 123-4567.
const PHONE_NANP = /(?<![\w)])\(\d{3}\) ?\d{3}[-. ]\d{4}(?!\w)/g;

function findPhones(text: string, out: PiiMatch[]): void {
  for (const m of text.matchAll(PHONE_INTL)) {
    const raw = m[0];
    const prefix = raw.startsWith('+') ? 1 : raw.startsWith('00') ? 2 : 3;
    const d = digitsOf(raw.slice(prefix));
    if (d.length < 8 || d.length > 15) continue;
    // "00" numbers are also zero-padded ids; accept them only when written in groups.
    if (prefix === 2 && !/[ .()-]/.test(raw)) continue;
    out.push({ kind: 'phone', start: m.index, end: m.index + raw.length });
  }
  for (const m of text.matchAll(PHONE_FR)) out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(PHONE_NANP)) out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length });
}

// ───────────── national identifiers ─────────────

// French NIR (social security number): sex, year, month, department (2A/2B for Corsica), commune,
// order, then a 2-digit key = 97 - (number mod 97).
const NIR = /(?<!\d)([12])[ ]?(\d{2})[ ]?(0[1-9]|1[0-2]|[2-9]\d)[ ]?(\d{2}|2[AB])[ ]?(\d{3})[ ]?(\d{3})[ ]?(\d{2})(?!\d)/g;
// US SSN, dashed form only (an undashed 9-digit number is far more often something else).
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g;
// UK National Insurance number.
const NINO = /(?<![A-Za-z0-9])(?![DFIQUV])[A-CEGHJ-PR-TW-Z](?![DFIOQUV])[A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g;

// Two capitals then a digit: the only way a NINO starts.
const NINO_HINT = /[A-Z]{2} ?\d/;

function nirValid(m: RegExpMatchArray): boolean {
  const [, sex, year, month, dept, commune, order, key] = m as unknown as string[];
  // Corsica: 2A → 19, 2B → 18 for the key computation.
  const deptNumeric = dept === '2A' ? '19' : dept === '2B' ? '18' : dept!;
  const body = `${sex}${year}${month}${deptNumeric}${commune}${order}`;
  return 97 - mod97(body) === Number(key);
}

function findNationalIds(text: string, out: PiiMatch[], tightRun: number): void {
  if (tightRun >= 13)
    for (const m of text.matchAll(NIR)) if (nirValid(m)) out.push({ kind: 'national-id', start: m.index, end: m.index + m[0].length });
  if (tightRun >= 9 && text.includes('-'))
    for (const m of text.matchAll(SSN)) out.push({ kind: 'national-id', start: m.index, end: m.index + m[0].length });
  if (NINO_HINT.test(text))
    for (const m of text.matchAll(NINO)) out.push({ kind: 'national-id', start: m.index, end: m.index + m[0].length });
}

// ───────────── postal addresses ─────────────

// A street number, a street word, a name, then a postcode (5 digits, or a UK postcode): the part
// that turns "Paris" into somebody's home.
const STREET_WORDS =
  'rue|avenue|av\\.?|boulevard|bd|place|chemin|all[ée]e|impasse|route|quai|cours|street|st\\.?|road|rd\\.?|lane|drive|way|strasse|straße|stra[sß]e|calle|via';
// Street type after the number (French, Spanish, Italian) or after the name (English), or glued to
// the name (German "Hauptstraße").
const ADDRESS = new RegExp(
  `(?<![\\p{L}\\d])\\d{1,4}(?: ?(?:bis|ter|[a-c]))?,? (?:[\\p{L}'-]+ ){0,3}\\p{L}*?(?:${STREET_WORDS})(?![\\p{L}])[^;|\\n]{0,60}?,? (?:\\d{5}|[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2})(?![\\p{L}\\d])`,
  'giu',
);

// Cheap test before the address expression: no street word, no address.
// (German street names glue the word on: Hauptstraße.)
const STREET_WORD = new RegExp(`(?<![a-z])(?:${STREET_WORDS})(?![a-z])|stra(?:ss|ß)e`, 'i');

function findAddresses(text: string, out: PiiMatch[]): void {
  if (!STREET_WORD.test(text)) return;
  for (const m of text.matchAll(ADDRESS)) out.push({ kind: 'postal-address', start: m.index, end: m.index + m[0].length });
}

// ───────────── all together ─────────────

/** Every match, sorted by position, overlaps resolved in favour of the earliest then longest. */
export function findPii(text: string): PiiMatch[] {
  if (text.length < 6) return [];
  const found: PiiMatch[] = [];
  findEmails(text, found);
  const digits = digitCount(text);
  if (digits >= 6) {
    const runs = digitRuns(text);
    // Cards: 13+ digits; phone numbers: 8+ (separators up to 2 wide); IBANs: a country code and check
    // digits, then mostly digits; national ids: 6 (UK) to 13 (France).
    if (runs.tight >= 13) findCards(text, found);
    if (digits >= 8 && IBAN_START.test(text)) findIbans(text, found);
    if (runs.loose >= 8) findPhones(text, found);
    findNationalIds(text, found, runs.tight);
  }
  if (digits >= 2 && text.length >= 15) findAddresses(text, found);
  if (found.length <= 1) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PiiMatch[] = [];
  for (const m of found) {
    const last = kept[kept.length - 1];
    if (last !== undefined && m.start < last.end) continue;
    kept.push(m);
  }
  return kept;
}

export function placeholder(kind: PiiKind | 'query-param'): string {
  return `[${kind}]`;
}

/** Replaces every match with its placeholder; `count` is called once per replaced match. */
export function scrubText(text: string, count?: (kind: PiiKind) => void): string {
  const matches = findPii(text);
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + placeholder(m.kind);
    at = m.end;
    count?.(m.kind);
  }
  return out + text.slice(at);
}

/**
 * A short example for the audit that shows where personal data was found without repeating it:
 * matches replaced by their placeholders, the text cut to 80 characters around the first match.
 */
export function redactedExample(text: string): string {
  const matches = findPii(text);
  const first = matches[0];
  const scrubbed = scrubText(text);
  if (first === undefined) return scrubbed.slice(0, 80);
  const from = Math.max(0, first.start - 30);
  return (from > 0 ? '…' : '') + scrubbed.slice(from, from + 80) + (scrubbed.length > from + 80 ? '…' : '');
}
