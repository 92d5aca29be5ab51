import { isSillageError } from '@sillage/core';
import { describe, expect, it } from 'vitest';
import { parseQueryString, parseTransport, readHeaders } from '../src/tracking/request.js';

describe('parseQueryString (PHP-like)', () => {
  it.each([
    ['', {}],
    ['a=1&b=2', { a: '1', b: '2' }],
    ['a=1&a=2', { a: '2' }], // the last value wins, as in PHP
    ['q=hello+world', { q: 'hello world' }],
    ['q=%E2%9C%93', { q: '✓' }],
    ['q=100%', { q: '100%' }], // a malformed escape is kept literally
    ['q=%ZZ%41', { q: '%ZZA' }],
    ['q=%C3', { q: '%C3' }], // an invalid UTF-8 sequence is kept literally
    ['flag', { flag: '' }],
    ['=orphan&&x=1', { x: '1' }],
    ['__proto__=x&y=1', { y: '1' }],
    ['flag&b=x=y&', { flag: '', b: 'x=y' }], // a name without "=" before one with it; "=" inside a value
    ['&&a=&=b&c', { a: '', c: '' }],
  ])('%j', (qs, expected) => {
    expect(parseQueryString(qs)).toEqual(expected);
  });

  it('splits 5,000 random query strings as splitting on "&" and the first "=" does', () => {
    // Structure only (no escapes: decoding is checked by the table above).
    const alphabet = ['a', 'b', '=', '&', '_', '__proto__', 'x=', '&&'];
    const bySplitting = (qs: string) => {
      const out: Record<string, string> = {};
      for (const part of qs.split('&')) {
        const eq = part.indexOf('=');
        const name = eq === -1 ? part : part.slice(0, eq);
        if (name !== '' && name !== '__proto__') out[name] = eq === -1 ? '' : part.slice(eq + 1);
      }
      return out;
    };
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let i = 0; i < 5_000; i++) {
      const length = next() % 12;
      const qs = Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
      expect({ qs, parsed: parseQueryString(qs) }).toEqual({ qs, parsed: bySplitting(qs) });
    }
  });
});

describe('parseTransport', () => {
  it('merges query and form body, the query winning', () => {
    const t = parseTransport('POST', 'idsite=1&url=q', 'idsite=2&rec=1');
    expect(t.bulk).toBe(false);
    expect(t.requests).toEqual([{ idsite: '1', url: 'q', rec: '1' }]);
    expect(t.sendImage).toBe(true);
  });

  it('ignores the body of a GET', () => {
    expect(parseTransport('GET', 'idsite=1', 'rec=1').requests).toEqual([{ idsite: '1' }]);
  });

  it('sendBeacon: POST with an empty body', () => {
    const t = parseTransport('POST', 'idsite=1&rec=1&send_image=0', '');
    expect(t.requests).toEqual([{ idsite: '1', rec: '1', send_image: '0' }]);
    expect(t.sendImage).toBe(false);
  });

  it('no parameters at all: nothing to track', () => {
    expect(parseTransport('POST', '', '').requests).toEqual([]);
  });

  it('bulk with "?qs" strings, objects and malformed entries', () => {
    const t = parseTransport(
      'POST',
      'queuedtracking=0',
      JSON.stringify({
        requests: ['?idsite=1&rec=1#frag', { idsite: 2, rec: 1, ec_items: [['sku', 'n']] }, 'no-query', 42, null],
        token_auth: 'tok',
        send_image: 0,
      }),
    );
    expect(t.bulk).toBe(true);
    expect(t.sendImage).toBe(false);
    expect(t.bulkToken).toBe('tok');
    expect(t.requests[0]).toEqual({ queuedtracking: '0', idsite: '1', rec: '1' });
    expect(t.requests[1]).toEqual({ queuedtracking: '0', idsite: '2', rec: '1', ec_items: '[["sku","n"]]' });
    expect(t.malformedIndexes).toEqual([2, 3, 4]);
  });

  it('detects bulk by content whatever the quotes, and rejects broken JSON clearly', () => {
    expect(() => parseTransport('POST', '', "{'requests': [}")).toThrow(/not valid JSON/);
    let err: unknown;
    try {
      parseTransport('POST', '', '{"requests": 5}');
    } catch (e) {
      err = e;
    }
    expect(isSillageError(err, 'TRACKING_INVALID_BULK')).toBe(true);
  });
});

describe('readHeaders', () => {
  it('keeps only the cookies it is asked for, and the client hints', () => {
    const h = readHeaders(
      { 'user-agent': 'UA', cookie: 'a=1; matomo_ignore=ignore%3D*; piwik_ignore=x', 'sec-ch-ua-platform': '"Linux"', dnt: '1' },
      ['matomo_ignore'],
    );
    expect(h.userAgent).toBe('UA');
    expect(h.cookies).toEqual({ matomo_ignore: 'ignore%3D*' });
    expect(h.clientHints).toEqual({ 'sec-ch-ua-platform': '"Linux"' });
    expect(h.dnt).toBe('1');
  });
});
