import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRIVACY,
  EXEMPT_CONDITIONS,
  effectivePrivacy,
  exemptViolations,
  ignoredOverrides,
  type PrivacySwitches,
  privacyChanges,
  privacySwitchProblem,
} from '../src/index.js';

describe('effectivePrivacy', () => {
  it('exempt with no overrides satisfies every exemption condition', () => {
    const s = effectivePrivacy('exempt', {});
    expect(exemptViolations(s)).toEqual([]);
    expect(s).toMatchObject({
      allowUserId: false,
      allowEcommerce: false,
      retentionMonths: 25,
      cookieLifetimeMonths: 13,
      campaignDetail: 'channel',
      scrubPii: true,
    });
    expect(s.anonymizeIpBytes).toBeGreaterThanOrEqual(2);
  });

  it.each<[string, Partial<PrivacySwitches>, Partial<PrivacySwitches>]>([
    ['IP bytes 1', { anonymizeIpBytes: 1 }, { anonymizeIpBytes: 2 }],
    ['User ID', { allowUserId: true }, { allowUserId: false }],
    ['ecommerce', { allowEcommerce: true }, { allowEcommerce: false }],
    ['retention forever', { retentionMonths: 0 }, { retentionMonths: 25 }],
    ['retention 36', { retentionMonths: 36 }, { retentionMonths: 25 }],
    ['cookies 24 months', { cookieLifetimeMonths: 24 }, { cookieLifetimeMonths: 13 }],
  ])('exempt ignores an override that breaks the exemption: %s', (_label, override, expected) => {
    expect(effectivePrivacy('exempt', override)).toMatchObject(expected);
    expect(ignoredOverrides('exempt', override)).toEqual(Object.keys(override));
  });

  it.each<[string, Partial<PrivacySwitches>]>([
    ['stricter IP', { anonymizeIpBytes: 4 }],
    ['shorter retention', { retentionMonths: 6 }],
    ['cookieless', { cookieLifetimeMonths: 0 }],
    ['DNT honoured', { honourDoNotTrack: true }],
    ['documented campaign risk accepted', { campaignDetail: 'full' }],
  ])('exempt keeps an override that stays inside it (or is waivable): %s', (_label, override) => {
    expect(effectivePrivacy('exempt', override)).toMatchObject(override);
    expect(ignoredOverrides('exempt', override)).toEqual([]);
  });

  it('the waived campaign condition still shows as a violation for the audit', () => {
    expect(exemptViolations(effectivePrivacy('exempt', { campaignDetail: 'full' })).map((c) => c.id)).toEqual(['campaign-channel']);
  });

  it('consented lets the owner add User ID, ecommerce and longer cookies, nothing else', () => {
    const s = effectivePrivacy('consented', {
      allowUserId: true,
      allowEcommerce: true,
      cookieLifetimeMonths: 24,
      anonymizeIpBytes: 1,
      retentionMonths: 0,
    });
    expect(s).toMatchObject({
      allowUserId: true,
      allowEcommerce: true,
      cookieLifetimeMonths: 24,
      anonymizeIpBytes: 2,
      retentionMonths: 25,
    });
    expect(ignoredOverrides('consented', { allowUserId: true, anonymizeIpBytes: 1 })).toEqual(['anonymizeIpBytes']);
  });

  it('custom applies every override as given, over the Matomo-like defaults', () => {
    const s = effectivePrivacy('custom', { anonymizeIpBytes: 1, allowUserId: true, retentionMonths: 0 });
    expect(s).toEqual({ ...DEFAULT_PRIVACY, anonymizeIpBytes: 1, allowUserId: true, retentionMonths: 0 });
    expect(exemptViolations(s).map((c) => c.id)).toEqual(
      expect.arrayContaining(['ip-anonymised', 'user-id-refused', 'retention', 'campaign-channel']),
    );
  });

  it('an unknown mode reads as exempt', () => {
    expect(effectivePrivacy('bogus', { allowUserId: true }).allowUserId).toBe(false);
  });

  it('every condition holds after its own enforcement', () => {
    const broken = effectivePrivacy('custom', {
      anonymizeIpBytes: 1,
      allowUserId: true,
      allowEcommerce: true,
      retentionMonths: 0,
      cookieLifetimeMonths: 60,
    });
    for (const c of EXEMPT_CONDITIONS) expect(c.holds({ ...broken, ...c.enforce(broken as never) } as never)).toBe(true);
  });
});

describe('privacyChanges', () => {
  it('lists the switches whose value changed, sorted', () => {
    const before = effectivePrivacy('exempt');
    const after = effectivePrivacy('consented', { allowUserId: true, removedQueryParameters: ['ref'] });
    expect(privacyChanges(before, after)).toEqual([
      { key: 'allowUserId', from: false, to: true },
      { key: 'removedQueryParameters', from: [], to: ['ref'] },
    ]);
    expect(privacyChanges(before, before)).toEqual([]);
  });
});

describe('privacySwitchProblem', () => {
  it.each<[string, unknown, boolean]>([
    ['retentionMonths', 25, true],
    ['retentionMonths', 0, true],
    ['retentionMonths', -1, false],
    ['retentionMonths', 2.5, false],
    ['retentionMonths', '25', false],
    ['cookieLifetimeMonths', 13, true],
    ['cookieLifetimeMonths', 1000, false],
    ['campaignDetail', 'channel', true],
    ['campaignDetail', 'everything', false],
    ['scrubPii', false, true],
    ['scrubPii', 'no', false],
    ['removedQueryParameters', ['customer_ref'], true],
    ['removedQueryParameters', 'customer_ref', false],
    ['removedQueryParameters', [1], false],
    ['anonymizeIpBytes', 3, true],
    ['anonymizeIpBytes', 5, false],
    ['allowUserId', true, true],
    ['nonsense', true, false],
  ])('%s = %j → ok %s', (key, value, ok) => {
    expect(privacySwitchProblem(key, value) === undefined).toBe(ok);
  });
});
