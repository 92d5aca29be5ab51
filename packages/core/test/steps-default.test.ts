import { describe, expect, it } from 'vitest';
import { defaultTrackingSteps, parseHit, runPipeline } from '../src/index.js';
import { CHROME_UA, context, request, site } from './fixtures/tracking.js';

describe('defaultTrackingSteps', () => {
  it('runs in the documented order', () => {
    expect(defaultTrackingSteps().map((s) => s.name)).toEqual([
      'dropNotRecorded',
      'dropInvalidAction',
      'dropPrefetch',
      'dropOptOutCookie',
      'dropDoNotTrack',
      'dropExcludedIp',
      'dropExcludedUserAgent',
      'dropBots',
      'dropSpamReferrer',
      'detectSiteSearch',
      'stripExcludedQueryParameters',
      'refuseUserId',
      'refuseEcommerce',
      'limitCampaignDetail',
      'scrubPii',
      'anonymiseIp',
      'assignVisitorIds',
    ]);
  });

  it('takes a matomo.js page view from request to a spoolable hit', () => {
    const req = request(
      {
        idsite: '1',
        rec: '1',
        url: 'https://example.org/shop?gclid=x&utm_campaign=Spring#top',
        action_name: 'Shop',
        _id: '0123456789abcdef',
        uid: 'alice',
        res: '1920x1080',
      },
      { ip: '203.0.113.42' },
    );
    const h = parseHit(req);
    const result = runPipeline(
      defaultTrackingSteps(),
      h,
      context({ request: req, site: site({ privacy: { anonymizeIpBytes: 2, allowUserId: false } }) }),
    );
    expect(result.ok).toBe(true);
    expect(h).toMatchObject({
      url: 'https://example.org/shop',
      ip: '203.0.0.0',
      fullIp: '203.0.113.42',
      visitorId: '0123456789abcdef',
      visitorIdSource: 'cookie',
      refused: ['refused-user-id'],
      userAgent: CHROME_UA,
      campaignParams: { utm_campaign: 'Spring' },
    });
    expect(h.userId).toBeUndefined();
    expect(h.configIds).toHaveLength(2);
  });

  it('excludes by the full IP even though only the anonymised one is stored', () => {
    const req = request({ idsite: '1', rec: '1' }, { ip: '203.0.113.42' });
    const result = runPipeline(
      defaultTrackingSteps(),
      parseHit(req),
      context({ request: req, site: site({ excludedIps: ['203.0.113.42'] }) }),
    );
    expect(result).toMatchObject({ ok: false, drop: 'excluded-ip' });
  });

  it('reports the first drop: no rec wins over a bot user agent', () => {
    const req = request({ idsite: '1', ua: 'Googlebot/2.1' });
    expect(runPipeline(defaultTrackingSteps(), parseHit(req), context({ request: req }))).toMatchObject({
      ok: false,
      drop: 'not-recorded',
    });
  });
});
