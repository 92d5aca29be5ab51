import { describe, expect, it } from 'vitest';
import { effectivePrivacy, processingRecord } from '../src/index.js';

const base = { siteName: 'Shop', urls: ['https://shop.example'], generatedAt: '2026-01-01T00:00:00.000Z' };

describe('processingRecord', () => {
  it.each([
    ['en', ['## Purposes', '## Retention', 'after 25 months', 'last 2 byte(s)', 'consent exemption', 'campaigns at channel level only']],
    [
      'fr',
      [
        '## Finalités',
        '## Durée de conservation',
        'après 25 mois',
        '2 dernier(s) octet(s)',
        "l'exemption de consentement",
        'niveau du canal',
      ],
    ],
  ] as const)('writes the exempt record in %s from the switches', (lang, fragments) => {
    const text = processingRecord({ ...base, mode: 'exempt', switches: effectivePrivacy('exempt') }, lang);
    for (const f of fragments) expect(text).toContain(f);
    expect(text).not.toContain('User ID');
  });

  it('lists consent-based additions with their dates', () => {
    const text = processingRecord(
      {
        ...base,
        mode: 'consented',
        switches: effectivePrivacy('consented', { allowUserId: true }),
        consentChoices: [{ key: 'allowUserId', value: true, at: '2026-01-02T10:00:00.000Z' }],
      },
      'en',
    );
    expect(text).toContain('a User ID set by the site');
    expect(text).toContain('- allowUserId = true (2026-01-02T10:00:00.000Z)');
  });

  it('follows the switches: no retention limit, full IP removal, scrubbing off', () => {
    const text = processingRecord(
      { ...base, mode: 'custom', switches: effectivePrivacy('custom', { retentionMonths: 0, anonymizeIpBytes: 4, scrubPii: false }) },
      'en',
    );
    expect(text).toContain('kept without a time limit');
    expect(text).toContain('IP addresses are not stored');
    expect(text).toContain('switched off');
  });
});
