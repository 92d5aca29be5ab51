import { isSillageError } from '@sillage/core';
import { describe, expect, it } from 'vitest';
import { durableStartParams } from '../src/meta/pglite-executor.js';
import { hostsOf, normalizeHost } from '../src/meta/site-hosts.js';
import { normalizeSiteUrls, validateCurrency, validatePrivacyOverrides, validateTimezone } from '../src/meta/site-validation.js';

describe('normalizeHost', () => {
  it.each<[string, string | undefined]>([
    ['example.org', 'example.org'],
    ['Example.ORG', 'example.org'],
    ['www.example.org', 'example.org'],
    ['WWW.example.org:8443', 'example.org'],
    ['https://www.example.org/a?b=c#d', 'example.org'],
    ['http://user:pw@Shop.Example.org', 'shop.example.org'],
    ['wwwexample.org', 'wwwexample.org'],
    ['sub.www.example.org', 'sub.www.example.org'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['[::1]:8080', '[::1]'],
    ['', undefined],
    ['   ', undefined],
    ['http://', undefined],
  ])('%j → %j', (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });

  it('lists the distinct hosts of a set of URLs', () => {
    expect(hostsOf(['https://www.example.org', 'http://example.org/x', 'https://shop.example.org'])).toEqual([
      'example.org',
      'shop.example.org',
    ]);
  });
});

describe('site validation', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
      return 'ok';
    } catch (err) {
      return isSillageError(err) ? err.code : String(err);
    }
  };

  it.each<[string, () => unknown, string]>([
    ['https URL', () => normalizeSiteUrls(['https://a.example/']), 'ok'],
    ['mailto URL', () => normalizeSiteUrls(['mailto:a@b.c']), 'SITE_INVALID'],
    ['bare host', () => normalizeSiteUrls(['a.example']), 'SITE_INVALID'],
    ['IANA zone', () => validateTimezone('America/Argentina/Buenos_Aires'), 'ok'],
    ['UTC offset name', () => validateTimezone('Etc/GMT+5'), 'ok'],
    ['unknown zone', () => validateTimezone('Europe/Atlantis'), 'SITE_INVALID'],
    ['currency', () => validateCurrency('chf'), 'ok'],
    ['long currency', () => validateCurrency('EURO'), 'SITE_INVALID'],
    ['privacy bytes', () => validatePrivacyOverrides({ anonymizeIpBytes: 4 }), 'ok'],
    ['privacy bytes 0', () => validatePrivacyOverrides({ anonymizeIpBytes: 0 as never }), 'SITE_INVALID'],
  ])('%s', (_label, fn, expected) => {
    expect(code(fn)).toBe(expected);
  });

  it('keeps the main URL first and drops duplicates and trailing slashes', () => {
    expect(normalizeSiteUrls([' https://b.example/ ', 'https://a.example', 'https://b.example'])).toEqual([
      'https://b.example',
      'https://a.example',
    ]);
  });

  it('upper-cases currencies', () => {
    expect(validateCurrency('usd')).toBe('USD');
  });
});

describe('PGlite start parameters', () => {
  it('keep fsync on (no -F) and shrink shared buffers', () => {
    const params = durableStartParams();
    expect(params).not.toContain('-F');
    expect(params.join(' ')).toContain('-c shared_buffers=16MB');
    expect(params).toContain('--single');
  });
});
