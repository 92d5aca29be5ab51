/**
 * Privacy modes: a site stores a mode and a few overrides; this module expands them into the
 * collection switches the pipeline, the reports and the retention job read.
 *
 * - exempt (default): the CNIL consent-exemption conditions. Overrides that would break one of them
 *   are IGNORED rather than refused: switching a custom site back to exempt must always succeed, and
 *   the stored override is kept so that switching to custom again restores it. The audit lists every
 *   ignored override. One condition, channel-level campaigns, may be waived by the owner accepting the
 *   documented risk (campaignDetail "full"); the audit then shows a warning instead of a pass.
 * - consented: the exemption, except what the owner adds because visitors consent (User ID,
 *   ecommerce, cookies beyond 13 months, visits log / visitor profile). Each change is audit-logged
 *   with its timestamp by whoever changes it (see privacyChanges).
 * - custom: every switch by hand; the audit shows what falls outside the exemption.
 */
import { DEFAULT_PRIVACY, type PrivacySwitches } from '../site.js';

export const PRIVACY_MODE_NAMES = ['exempt', 'consented', 'custom'] as const;
export type PrivacyModeName = (typeof PRIVACY_MODE_NAMES)[number];

/** CNIL: raw data may be kept 25 months at most; tracker cookies live 13 months at most. */
export const EXEMPT_MAX_RETENTION_MONTHS = 25;
export const EXEMPT_MAX_COOKIE_MONTHS = 13;

/**
 * Switches may grow (other issues add visitsLog, visitorProfile …); the conditions read them through
 * this loose view so that a switch not yet defined reads as undefined instead of failing to compile.
 */
type LooseSwitches = PrivacySwitches & Readonly<Record<string, unknown>>;

export interface ExemptCondition {
  readonly id: string;
  /** One line, English, for the audit and the processing record. */
  readonly title: string;
  /** How to make it hold again. */
  readonly fix: string;
  /** Whether the switches satisfy it. */
  holds(s: LooseSwitches): boolean;
  /** The closest switch values that satisfy it; exempt mode applies this. */
  enforce(s: LooseSwitches): Record<string, unknown>;
  /** consented mode may lift it (the visitor consented to that processing). */
  readonly consentable: boolean;
  /** exempt mode may keep it broken when the owner accepts the documented risk (a warning, not a failure). */
  readonly waivable: boolean;
}

/** Sets `key` only when the switch exists, so an enforced value never adds an unknown key. */
function ifDefined(key: string, value: unknown): Record<string, unknown> {
  return key in DEFAULT_PRIVACY ? { [key]: value } : {};
}

export const EXEMPT_CONDITIONS: readonly ExemptCondition[] = [
  {
    id: 'ip-anonymised',
    title: 'IP addresses are anonymised (at least 2 bytes) before storage',
    fix: 'set privacy.anonymizeIpBytes to 2 or more',
    holds: (s) => s.anonymizeIpBytes >= 2,
    enforce: () => ({ anonymizeIpBytes: 2 }),
    consentable: false,
    waivable: false,
  },
  {
    id: 'user-id-refused',
    title: 'User ID is refused (uid dropped at ingestion)',
    fix: 'set privacy.allowUserId to false, or collect consent (privacy mode consented)',
    holds: (s) => !s.allowUserId,
    enforce: () => ({ allowUserId: false }),
    consentable: true,
    waivable: false,
  },
  {
    id: 'ecommerce-refused',
    title: 'Ecommerce orders and carts are refused',
    fix: 'set privacy.allowEcommerce to false, or collect consent (privacy mode consented)',
    holds: (s) => !s.allowEcommerce,
    enforce: () => ({ allowEcommerce: false }),
    consentable: true,
    waivable: false,
  },
  {
    id: 'visits-log-off',
    title: 'Visits log and visitor profile are disabled',
    fix: 'set privacy.visitsLog and privacy.visitorProfile to false, or collect consent (privacy mode consented)',
    holds: (s) => s['visitsLog'] !== true && s['visitorProfile'] !== true,
    enforce: () => ({ ...ifDefined('visitsLog', false), ...ifDefined('visitorProfile', false) }),
    consentable: true,
    waivable: false,
  },
  {
    id: 'cookie-lifetime',
    title: `Tracker cookies last ${EXEMPT_MAX_COOKIE_MONTHS} months at most`,
    fix: `set privacy.cookieLifetimeMonths to ${EXEMPT_MAX_COOKIE_MONTHS} or less`,
    holds: (s) => s.cookieLifetimeMonths <= EXEMPT_MAX_COOKIE_MONTHS,
    enforce: () => ({ cookieLifetimeMonths: EXEMPT_MAX_COOKIE_MONTHS }),
    consentable: true,
    waivable: false,
  },
  {
    id: 'retention',
    title: `Raw data is deleted after ${EXEMPT_MAX_RETENTION_MONTHS} months at most`,
    fix: `set privacy.retentionMonths between 1 and ${EXEMPT_MAX_RETENTION_MONTHS}`,
    holds: (s) => s.retentionMonths >= 1 && s.retentionMonths <= EXEMPT_MAX_RETENTION_MONTHS,
    enforce: () => ({ retentionMonths: EXEMPT_MAX_RETENTION_MONTHS }),
    consentable: false,
    waivable: false,
  },
  {
    id: 'campaign-channel',
    title: 'Campaign parameters are kept at channel level only (name, source, medium)',
    fix: 'set privacy.campaignDetail to "channel"',
    holds: (s) => s.campaignDetail === 'channel',
    enforce: () => ({ campaignDetail: 'channel' }),
    consentable: false,
    waivable: true,
  },
];

/** What exempt and consented start from before overrides. */
const EXEMPT_BASE: PrivacySwitches = {
  ...DEFAULT_PRIVACY,
  ...(ifDefined('visitsLog', false) as object),
  ...(ifDefined('visitorProfile', false) as object),
  allowUserId: false,
  allowEcommerce: false,
  retentionMonths: EXEMPT_MAX_RETENTION_MONTHS,
  cookieLifetimeMonths: EXEMPT_MAX_COOKIE_MONTHS,
  campaignDetail: 'channel',
  scrubPii: true,
};

/** Switches a consented site may add beyond the exemption (each choice is dated in the audit log). */
export const CONSENT_CHOICE_SWITCHES: readonly string[] = [
  'allowUserId',
  'allowEcommerce',
  'cookieLifetimeMonths',
  'visitsLog',
  'visitorProfile',
];

/** The conditions a mode enforces whatever the overrides say. */
export function enforcedConditions(mode: PrivacyModeName): readonly ExemptCondition[] {
  if (mode === 'custom') return [];
  return EXEMPT_CONDITIONS.filter((c) => !c.waivable && (mode === 'exempt' || !c.consentable));
}

/** Mode + stored overrides → the switches in force. Unknown modes read as exempt (the safe side). */
export function effectivePrivacy(mode: string, overrides: Partial<PrivacySwitches> = {}): PrivacySwitches {
  const known: PrivacyModeName = (PRIVACY_MODE_NAMES as readonly string[]).includes(mode) ? (mode as PrivacyModeName) : 'exempt';
  if (known === 'custom') return { ...DEFAULT_PRIVACY, ...overrides };
  let switches: LooseSwitches = { ...EXEMPT_BASE, ...overrides };
  for (const condition of enforcedConditions(known)) {
    if (!condition.holds(switches)) switches = { ...switches, ...condition.enforce(switches) };
  }
  return switches;
}

/** Stored overrides that the mode overrules (shown by the audit so nobody believes they are in force). */
export function ignoredOverrides(mode: string, overrides: Partial<PrivacySwitches>): string[] {
  const effective = effectivePrivacy(mode, overrides) as LooseSwitches;
  return Object.entries(overrides)
    .filter(([key, value]) => value !== undefined && JSON.stringify(effective[key]) !== JSON.stringify(value))
    .map(([key]) => key);
}

/** Exemption conditions the switches break (waivable ones included). */
export function exemptViolations(switches: PrivacySwitches): ExemptCondition[] {
  return EXEMPT_CONDITIONS.filter((c) => !c.holds(switches as LooseSwitches));
}

export interface PrivacyChange {
  readonly key: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** Switches whose effective value differs between two states: what the audit log records on a change. */
export function privacyChanges(before: PrivacySwitches, after: PrivacySwitches): PrivacyChange[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const b = before as LooseSwitches;
  const a = after as LooseSwitches;
  return [...keys]
    .filter((key) => JSON.stringify(b[key]) !== JSON.stringify(a[key]))
    .sort()
    .map((key) => ({ key, from: b[key], to: a[key] }));
}

const NUMBER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  anonymizeIpBytes: [1, 4],
  retentionMonths: [0, 240],
  cookieLifetimeMonths: [0, 120],
};
const ENUMS: Readonly<Record<string, readonly string[]>> = {
  campaignDetail: ['channel', 'full'],
};

/**
 * Why `value` is not acceptable for switch `key`, or undefined when it is. Driven by the type of the
 * default value, so a boolean switch added to DEFAULT_PRIVACY is validated without touching this.
 */
export function privacySwitchProblem(key: string, value: unknown): string | undefined {
  if (!Object.hasOwn(DEFAULT_PRIVACY, key)) return `unknown privacy switch "${key}"`;
  const def = (DEFAULT_PRIVACY as LooseSwitches)[key];
  const range = NUMBER_RANGES[key];
  if (range !== undefined) {
    return Number.isInteger(value) && (value as number) >= range[0] && (value as number) <= range[1]
      ? undefined
      : `privacy.${key} must be an integer from ${range[0]} to ${range[1]}`;
  }
  const choices = ENUMS[key];
  if (choices !== undefined) return choices.includes(value as string) ? undefined : `privacy.${key} must be one of ${choices.join(', ')}`;
  if (typeof def === 'boolean') return typeof value === 'boolean' ? undefined : `privacy.${key} must be true or false`;
  if (Array.isArray(def)) {
    return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length <= 100) && value.length <= 200
      ? undefined
      : `privacy.${key} must be a list of strings`;
  }
  return typeof value === typeof def ? undefined : `privacy.${key} has the wrong type`;
}
