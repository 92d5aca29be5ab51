import { describe, expect, it } from 'vitest';
import { defaultTrackingSteps, type Hit, limitCampaignDetail, parseHit, refuseEcommerce, runPipeline, scrubPii } from '../src/index.js';
import { context, request, site } from './fixtures/tracking.js';

function hitOf(params: Record<string, string>): Hit {
  return parseHit(request({ idsite: '1', rec: '1', ...params }));
}

describe('refuseEcommerce', () => {
  it.each([
    [{ idgoal: '0', ec_id: 'A1', revenue: '10' }, 'ecommerce_order'],
    [{ idgoal: '0', revenue: '10' }, 'ecommerce_cart'],
  ])('drops %j when ecommerce is refused', (params, type) => {
    const h = hitOf(params);
    expect(h.actionType).toBe(type);
    expect(refuseEcommerce.run(h, context({ site: site({ privacy: { allowEcommerce: false } }) }))).toEqual({ drop: 'refused-ecommerce' });
    expect(refuseEcommerce.run(hitOf(params), context({ site: site({ privacy: { allowEcommerce: true } }) }))).toBeUndefined();
  });

  it('strips product-page fields from a page view and keeps it', () => {
    const h = hitOf({ url: 'https://example.org/p', _pks: 'SKU1', _pkn: 'Shoe', _pkp: '12.5' });
    expect(refuseEcommerce.run(h, context())).toBeUndefined();
    expect(h.productSku).toBeUndefined();
    expect(h.productName).toBeUndefined();
    expect(h.productPrice).toBeUndefined();
    expect(h.refused).toEqual(['refused-ecommerce']);
  });
});

describe('limitCampaignDetail', () => {
  it('keeps name, source and medium only at channel level', () => {
    const h = hitOf({
      url: 'https://example.org/?mtm_campaign=spring&mtm_kwd=alice&mtm_source=news&mtm_medium=email&mtm_content=link-42&mtm_cid=99',
    });
    for (const step of defaultTrackingSteps().filter((s) => s.name === 'stripExcludedQueryParameters')) step.run(h, context());
    limitCampaignDetail.run(h, context({ site: site({ privacy: { campaignDetail: 'channel' } }) }));
    expect(h.campaignParams).toEqual({ mtm_campaign: 'spring', mtm_source: 'news', mtm_medium: 'email' });
  });

  it.each([
    ['mtm_cpn=spring&mtm_kwd=alice', { mtm_cpn: 'spring' }],
    ['pk_cpn=spring&pk_kwd=alice&pk_source=news', { pk_cpn: 'spring', pk_source: 'news' }],
    ['utm_campaign=spring&utm_term=alice&utm_content=c&utm_medium=email', { utm_campaign: 'spring', utm_medium: 'email' }],
    ['matomo_campaign=spring&matomo_kwd=alice&matomo_group=g', { matomo_campaign: 'spring' }],
  ])('keeps the campaign named by %s at channel level, in every parameter family', (query, kept) => {
    const h = hitOf({ url: `https://example.org/?${query}` });
    for (const step of defaultTrackingSteps().filter((s) => s.name === 'stripExcludedQueryParameters')) step.run(h, context());
    limitCampaignDetail.run(h, context({ site: site({ privacy: { campaignDetail: 'channel' } }) }));
    expect(h.campaignParams).toEqual(kept);
  });

  it('keeps everything at full detail', () => {
    const h = hitOf({ _rcn: 'spring', _rck: 'alice' });
    limitCampaignDetail.run(h, context({ site: site({ privacy: { campaignDetail: 'full' } }) }));
    expect(h.attributionCampaignKeyword).toBe('alice');
  });
});

describe('scrubPii step', () => {
  it('replaces personal data in every stored text field and counts each kind', () => {
    const h = hitOf({
      url: 'https://example.org/account?email=jane%40doe.com&tab=orders',
      urlref: 'https://mail.example.com/read?to=jane@doe.com',
      action_name: 'Order confirmed for jane@doe.com',
      e_c: 'Form',
      e_a: 'Submit',
      e_n: 'phone +33 6 12 34 56 78',
      dimension1: 'IBAN FR7630006000011234567890189',
      search: 'card 4111 1111 1111 1111',
    });
    expect(scrubPii.run(h, context())).toBeUndefined();
    expect(h.url).toBe('https://example.org/account?tab=orders');
    expect(h.urlref).toBe('https://mail.example.com/read?to=[email]');
    expect(h.title).toBe('Order confirmed for [email]');
    expect(h.eventName).toBe('phone [phone]');
    expect(h.dimensions?.[1]).toBe('IBAN [iban]');
    expect(h.searchKeyword).toBe('card [card]');
    expect([...(h.refused ?? [])].sort()).toEqual([
      'scrubbed-card',
      'scrubbed-email',
      'scrubbed-email',
      'scrubbed-iban',
      'scrubbed-phone',
      'scrubbed-query-param',
    ]);
  });

  it('removes the site-configured parameters too', () => {
    const h = hitOf({ url: 'https://example.org/?customer_ref=123&page=2' });
    scrubPii.run(h, context({ site: site({ privacy: { removedQueryParameters: ['customer_ref'] } }) }));
    expect(h.url).toBe('https://example.org/?page=2');
  });

  it('does nothing when scrubbing is off', () => {
    const h = hitOf({ url: 'https://example.org/?email=a@b.com', action_name: 'a@b.com' });
    scrubPii.run(h, context({ site: site({ privacy: { scrubPii: false } }) }));
    expect(h.title).toBe('a@b.com');
    expect(h.refused).toBeUndefined();
  });

  it('leaves ordinary hits untouched (order numbers, prices, dates)', () => {
    const h = hitOf({
      url: 'https://shop.example.org/order/100045678?date=2024-06-15',
      action_name: 'Order 100045678 – 1 299,00 €',
      e_n: 'ORD-2024-000123',
    });
    const before = structuredClone(h);
    scrubPii.run(h, context());
    expect(h).toEqual(before);
  });
});

describe('the default pipeline', () => {
  it('never takes a visitor id from the cross-domain linking parameter pk_vid', () => {
    const h = hitOf({ url: 'https://example.org/?pk_vid=0123456789abcdef1718451200' });
    delete h.cookieVisitorId;
    const r = runPipeline(defaultTrackingSteps(), h, context());
    expect(r.ok).toBe(true);
    expect(h.url).toBe('https://example.org/');
    expect(h.visitorIdSource).toBe('hash');
    expect(h.visitorId).not.toBe('0123456789abcdef');
  });
});
