import { describe, expect, it } from 'vitest';
import {
  type DropReason,
  dropBots,
  dropDoNotTrack,
  dropExcludedIp,
  dropExcludedUserAgent,
  dropInvalidAction,
  dropNotRecorded,
  dropOptOutCookie,
  dropPrefetch,
  type Hit,
  matchesUserAgent,
  type PipelineContext,
  type RequestHeaders,
  runPipeline,
  type Step,
} from '../src/index.js';
import { context, hit, request, site } from './fixtures/tracking.js';

interface DropCase {
  name: string;
  step: Step;
  hit?: Partial<Hit>;
  ctx?: Parameters<typeof context>[0];
  /** The expected drop reason, or null when the hit must pass. */
  drop: DropReason | null;
}

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const withHeaders = (headers: Partial<RequestHeaders>) => ({ request: request({ idsite: '1', rec: '1' }, { headers }) });

const CASES: DropCase[] = [
  { name: 'rec=1 passes', step: dropNotRecorded, hit: { rec: 1 }, drop: null },
  { name: 'rec=0 dropped', step: dropNotRecorded, hit: { rec: 0 }, drop: 'not-recorded' },
  { name: 'rec=2 dropped', step: dropNotRecorded, hit: { rec: 2 }, drop: 'not-recorded' },
  { name: 'rec absent dropped', step: dropNotRecorded, hit: { rec: undefined }, drop: 'not-recorded' },

  { name: 'valid action passes', step: dropInvalidAction, hit: {}, drop: null },
  { name: 'ca=1 without action dropped', step: dropInvalidAction, hit: { invalidAction: true }, drop: 'invalid-action' },

  { name: 'no prefetch headers pass', step: dropPrefetch, drop: null },
  { name: 'X-Purpose: preview dropped', step: dropPrefetch, ctx: withHeaders({ xPurpose: 'preview' }), drop: 'prefetch' },
  { name: 'X-Purpose: Instant dropped', step: dropPrefetch, ctx: withHeaders({ xPurpose: ' Instant ' }), drop: 'prefetch' },
  { name: 'X-Purpose: prefetch passes (not Matomo list)', step: dropPrefetch, ctx: withHeaders({ xPurpose: 'prefetch' }), drop: null },
  { name: 'X-Moz: prefetch dropped', step: dropPrefetch, ctx: withHeaders({ xMoz: 'prefetch' }), drop: 'prefetch' },

  { name: 'no cookies pass', step: dropOptOutCookie, drop: null },
  {
    name: 'matomo_ignore set dropped',
    step: dropOptOutCookie,
    ctx: withHeaders({ cookies: { matomo_ignore: 'ignore=*' } }),
    drop: 'opt-out-cookie',
  },
  {
    name: 'piwik_ignore set dropped',
    step: dropOptOutCookie,
    ctx: withHeaders({ cookies: { piwik_ignore: '1' } }),
    drop: 'opt-out-cookie',
  },
  { name: 'empty ignore cookie passes', step: dropOptOutCookie, ctx: withHeaders({ cookies: { matomo_ignore: ' ' } }), drop: null },
  { name: 'other cookie passes', step: dropOptOutCookie, ctx: withHeaders({ cookies: { _pk_id: 'x' } }), drop: null },
  {
    name: 'only configured cookie names count',
    step: dropOptOutCookie,
    ctx: { ...withHeaders({ cookies: { matomo_ignore: 'x' } }), ignoreCookieNames: ['sillage_ignore'] },
    drop: null,
  },

  {
    name: 'DNT: 1 on an honouring site dropped',
    step: dropDoNotTrack,
    ctx: { ...withHeaders({ dnt: '1' }), site: site({ privacy: { honourDoNotTrack: true } }) },
    drop: 'do-not-track',
  },
  {
    name: 'X-Do-Not-Track: 1 dropped',
    step: dropDoNotTrack,
    ctx: { ...withHeaders({ xDoNotTrack: '1' }), site: site({ privacy: { honourDoNotTrack: true } }) },
    drop: 'do-not-track',
  },
  {
    name: 'DNT: 1 (legacy suffix) dropped',
    step: dropDoNotTrack,
    ctx: { ...withHeaders({ dnt: '1 (Do Not Track Enabled)' }), site: site({ privacy: { honourDoNotTrack: true } }) },
    drop: 'do-not-track',
  },
  {
    name: 'DNT: 0 passes',
    step: dropDoNotTrack,
    ctx: { ...withHeaders({ dnt: '0' }), site: site({ privacy: { honourDoNotTrack: true } }) },
    drop: null,
  },
  {
    name: 'DNT: 1 on a site that ignores DNT passes',
    step: dropDoNotTrack,
    ctx: { ...withHeaders({ dnt: '1' }), site: site({ privacy: { honourDoNotTrack: false } }) },
    drop: null,
  },

  { name: 'IP not excluded passes', step: dropExcludedIp, ctx: { site: site({ excludedIps: ['10.0.0.0/8'] }) }, drop: null },
  {
    name: 'IP in CIDR dropped',
    step: dropExcludedIp,
    hit: { ip: '10.2.3.4' },
    ctx: { site: site({ excludedIps: ['10.0.0.0/8'] }) },
    drop: 'excluded-ip',
  },
  {
    name: 'IP by wildcard dropped',
    step: dropExcludedIp,
    hit: { ip: '192.168.1.77' },
    ctx: { site: site({ excludedIps: ['192.168.1.*'] }) },
    drop: 'excluded-ip',
  },
  {
    name: 'IPv6 exact dropped',
    step: dropExcludedIp,
    hit: { ip: '2001:db8::7' },
    ctx: { site: site({ excludedIps: ['2001:db8::7'] }) },
    drop: 'excluded-ip',
  },
  { name: 'no excluded IPs pass', step: dropExcludedIp, hit: { ip: '10.2.3.4' }, drop: null },

  {
    name: 'UA substring, case-insensitive, dropped',
    step: dropExcludedUserAgent,
    hit: { userAgent: 'Mozilla/5.0 UptimeRobot/2.0' },
    ctx: { site: site({ excludedUserAgents: ['uptimerobot'] }) },
    drop: 'excluded-user-agent',
  },
  {
    name: 'UA regex dropped',
    step: dropExcludedUserAgent,
    hit: { userAgent: 'InternalCrawler/3.1' },
    ctx: { site: site({ excludedUserAgents: ['/^internal\\w+\\/\\d/'] }) },
    drop: 'excluded-user-agent',
  },
  {
    name: 'UA regex not matching passes',
    step: dropExcludedUserAgent,
    hit: { userAgent: 'Mozilla InternalCrawler/3.1' },
    ctx: { site: site({ excludedUserAgents: ['/^internal/'] }) },
    drop: null,
  },
  { name: 'UA not excluded passes', step: dropExcludedUserAgent, ctx: { site: site({ excludedUserAgents: ['curl', ''] }) }, drop: null },

  { name: 'browser passes bot check', step: dropBots, drop: null },
  { name: 'Googlebot dropped', step: dropBots, hit: { userAgent: GOOGLEBOT }, drop: 'bot' },
  { name: 'curl dropped as bot', step: dropBots, hit: { userAgent: 'curl/8.5.0' }, drop: 'bot' },
  { name: 'Googlebot kept with bots=1', step: dropBots, hit: { userAgent: GOOGLEBOT, keepBots: true }, drop: null },
  { name: 'empty user agent is not a bot', step: dropBots, hit: { userAgent: '' }, drop: null },
];

describe('drop steps', () => {
  it.each(CASES)('$name', (c) => {
    const h = hit(c.hit);
    const ctx: PipelineContext = context(c.ctx);
    const result = runPipeline([c.step], h, ctx);
    if (c.drop === null) {
      expect(result.ok).toBe(true);
    } else {
      expect(result).toMatchObject({ ok: false, drop: c.drop, step: c.step.name });
    }
  });
});

describe('matchesUserAgent', () => {
  it.each([
    ['Mozilla Foo', ['foo'], true],
    ['Mozilla Foo', ['/FOO$/'], true],
    ['Mozilla Foo', ['/fo{3}/'], false],
    ['a(b', ['/a(b/'], false], // an invalid regex is a literal substring, and "/a(b/" is not in the UA
    ['x /a(b/ y', ['/a(b/'], true],
    ['Mozilla Foo', ['/foo/g'], true],
  ] as const)('%s vs %j → %s', (ua, entries, expected) => {
    // Run twice: a stateful (g) regex would flip on the second call.
    expect(matchesUserAgent(ua, entries)).toBe(expected);
    expect(matchesUserAgent(ua, entries)).toBe(expected);
  });
});
