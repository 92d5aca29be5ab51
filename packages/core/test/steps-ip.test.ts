import { describe, expect, it } from 'vitest';
import { anonymiseIp, anonymiseIpStep, canonicalIp, isValidIp, matchesIpRange, parseIpRange, runPipeline } from '../src/index.js';
import { context, hit, site } from './fixtures/tracking.js';

describe('anonymiseIp', () => {
  it.each([
    // IPv4: zero the last N bytes.
    ['192.168.123.234', 0, '192.168.123.234'],
    ['192.168.123.234', 1, '192.168.123.0'],
    ['192.168.123.234', 2, '192.168.0.0'],
    ['192.168.123.234', 3, '192.0.0.0'],
    ['192.168.123.234', 4, '0.0.0.0'],
    // IPv6: keep /64, /48, /24, nothing.
    ['2001:db8:85a3:1234:5678:8a2e:370:7334', 0, '2001:db8:85a3:1234:5678:8a2e:370:7334'],
    ['2001:db8:85a3:1234:5678:8a2e:370:7334', 1, '2001:db8:85a3:1234::'],
    ['2001:db8:85a3:1234:5678:8a2e:370:7334', 2, '2001:db8:85a3::'],
    ['2001:db8:85a3:1234:5678:8a2e:370:7334', 3, '2001:d00::'],
    ['2001:db8:85a3:1234:5678:8a2e:370:7334', 4, '::'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 3, 'ffff:ff00::'],
    // IPv4-mapped IPv6: byte-wise like IPv4, mapping kept.
    ['::ffff:192.168.123.234', 1, '::ffff:192.168.123.0'],
    ['::ffff:192.168.123.234', 2, '::ffff:192.168.0.0'],
    ['::ffff:192.168.123.234', 3, '::ffff:192.0.0.0'],
    ['::ffff:192.168.123.234', 4, '::ffff:0.0.0.0'],
    ['::ffff:c0a8:7bea', 2, '::ffff:192.168.0.0'],
    // Zone ids are dropped, leading zeros normalised.
    ['fe80::1:2:3:4%eth0', 1, 'fe80::'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', 0, '2001:db8::1'],
    // Out-of-range levels are clamped; garbage gives "".
    ['10.1.2.3', 9, '0.0.0.0'],
    ['10.1.2.3', -1, '10.1.2.3'],
    ['not an ip', 2, ''],
    ['10.1.2', 2, ''],
    ['', 2, ''],
  ] as const)('%s with %i bytes → %s', (ip, bytes, expected) => {
    expect(anonymiseIp(ip, bytes)).toBe(expected);
  });
});

describe('the dotted-quad fast path', () => {
  it('gives what the general parser gives, for every level', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 2_000; n++) {
      const octets = [next() % 256, next() % 256, next() % 256, next() % 256];
      const ip = octets.join('.');
      // The general path, through the IPv4-mapped form the fast path never sees.
      for (let level = 0; level <= 4; level++) {
        expect(anonymiseIp(ip, level)).toBe(anonymiseIp(`::ffff:${ip}`, level).slice('::ffff:'.length));
      }
      expect(canonicalIp(` ${ip} `)).toBe(ip);
    }
  });

  it.each([
    ['010.1.2.3', undefined],
    ['1.2.3.256', undefined],
    ['1.2.3', undefined],
    ['::FFFF:1.2.3.4', '::ffff:1.2.3.4'],
    ['2001:0DB8::0001', '2001:db8::1'],
    ['0.0.0.0', '0.0.0.0'],
  ] as const)('canonicalIp(%s) → %s', (text, expected) => {
    expect(canonicalIp(text)).toBe(expected);
  });
});

describe('isValidIp', () => {
  it.each([
    ['1.2.3.4', true],
    ['255.255.255.255', true],
    ['256.1.1.1', false],
    ['127.1', false],
    ['0x7f.0.0.1', false],
    ['::1', true],
    ['::ffff:1.2.3.4', true],
    ['2001:db8::g', false],
    [' 1.2.3.4 ', true],
    ['', false],
  ] as const)('%s → %s', (ip, valid) => {
    expect(isValidIp(ip)).toBe(valid);
  });
});

describe('matchesIpRange', () => {
  it.each([
    ['10.1.2.3', ['10.1.2.3'], true],
    ['10.1.2.4', ['10.1.2.3'], false],
    ['10.1.2.3', ['10.0.0.0/8'], true],
    ['11.1.2.3', ['10.0.0.0/8'], false],
    ['10.1.2.3', ['10.1.2.0/24'], true],
    ['10.1.3.0', ['10.1.2.0/24'], false],
    ['10.1.2.3', ['10.1.2.3/32'], true],
    ['10.1.2.4', ['10.1.2.3/32'], false],
    ['1.2.3.4', ['0.0.0.0/0'], true],
    ['10.255.255.255', ['10.0.0.5/8'], true], // host bits in the range address are ignored
    ['10.1.2.3', ['10.0.0.0/33'], false], // invalid prefix: entry ignored
    ['10.1.2.3', ['10.0.0.0/'], false],
    ['10.1.2.3', ['10.0.0.0/abc'], false],
    ['10.1.2.3', ['10.1.2.*'], true],
    ['10.1.3.3', ['10.1.2.*'], false],
    ['10.9.9.9', ['10.*.*.*'], true],
    ['10.1.2.3', ['10.*.2.*'], false], // only trailing wildcards
    ['10.1.2.3', ['*.*.*.*'], false], // a catch-all wildcard is refused, 0.0.0.0/0 is explicit
    ['2001:db8::1', ['2001:db8::/32'], true],
    ['2001:db9::1', ['2001:db8::/32'], false],
    ['2001:db8::1', ['2001:db8::1'], true],
    ['2001:db8::1', ['::/0'], true],
    ['2001:db8::1', ['2001:db8::/129'], false],
    ['10.1.2.3', ['2001:db8::/32'], false], // families do not mix
    ['2001:db8::1', ['10.0.0.0/8'], false],
    ['::ffff:10.1.2.3', ['10.0.0.0/8'], true], // mapped client, IPv4 range
    ['10.1.2.3', ['::ffff:10.0.0.0/104'], true], // IPv4 client, mapped range
    ['10.1.2.3', ['::ffff:0:0/96'], true],
    ['10.1.2.3', ['garbage', '', '10.1.2.3'], true], // bad entries skipped, good ones still apply
    ['10.1.2.3', [], false],
    ['not-an-ip', ['0.0.0.0/0', '::/0'], false],
  ] as const)('%s in %j → %s', (ip, ranges, expected) => {
    expect(matchesIpRange(ip, ranges)).toBe(expected);
  });

  it('parseIpRange normalises wildcards to CIDR prefixes', () => {
    expect(parseIpRange('192.168.*.*')?.[1]).toBe(16);
    expect(parseIpRange('192.168.1.*')?.[1]).toBe(24);
    expect(parseIpRange('192.168.1.1')?.[1]).toBe(32);
    expect(parseIpRange('::1')?.[1]).toBe(128);
    expect(parseIpRange('192.168.1')).toBeUndefined();
  });
});

describe('anonymiseIpStep', () => {
  it.each([
    { bytes: 2 as const, forEnrichment: false, ip: '203.0.113.42', stored: '203.0.0.0', full: '203.0.113.42' },
    { bytes: 2 as const, forEnrichment: true, ip: '203.0.113.42', stored: '203.0.0.0', full: undefined },
    { bytes: 1 as const, forEnrichment: false, ip: '2001:db8:1:2:3:4:5:6', stored: '2001:db8:1:2::', full: '2001:db8:1:2:3:4:5:6' },
    { bytes: 4 as const, forEnrichment: false, ip: '::ffff:203.0.113.42', stored: '::ffff:0.0.0.0', full: '::ffff:203.0.113.42' },
    { bytes: 3 as const, forEnrichment: false, ip: '', stored: '', full: undefined },
  ])('$ip with $bytes bytes, anonymised enrichment $forEnrichment', ({ bytes, forEnrichment, ip, stored, full }) => {
    const h = hit({ ip });
    const ctx = context({ site: site({ privacy: { anonymizeIpBytes: bytes, useAnonymizedIpForEnrichment: forEnrichment } }) });
    expect(runPipeline([anonymiseIpStep], h, ctx).ok).toBe(true);
    expect(h.ip).toBe(stored);
    expect(h.fullIp).toBe(full);
  });
});
