import { describe, expect, it } from 'vitest';
import { isCampaignParameter, parseHit } from '../src/index.js';
import { KNOWN_PARAMETER_NAMES, SENT, sentGroups } from '../src/tracking/sent-groups.js';
import { NOW, request } from './fixtures/tracking.js';

/**
 * parseHit skips the groups of parameters a request did not send. These tests make sure the skipping
 * never hides a parameter: whatever parseHit reads when everything is sent, it still reads when that
 * parameter is sent alone.
 */

/** A value each parameter accepts, so that no read is cut short by an error (cid, cip, cdt). */
const VALUES: Record<string, string> = {
  cid: '0123456789abcdef',
  _id: '0123456789abcdef',
  cip: '198.51.100.7',
  cdt: String(NOW / 1000 - 60),
  country: 'fr',
  lat: '48.8',
  long: '2.3',
  res: '1920x1080',
  ec_items: '[["sku","name","cat",10,1]]',
  uadata: '{"brands":[]}',
  _cvar: '{"1":["a","b"]}',
  cvar: '{"1":["a","b"]}',
  e_cvar: '{"1":["a","b"]}',
};
const sampleValue = (name: string) => VALUES[name] ?? '1';

/** Every name parseHit reads from a request that sends `names`, through a recording proxy. */
function namesRead(names: readonly string[]): Set<string> {
  const params: Record<string, string> = { idsite: '1', rec: '1' };
  for (const name of names) params[name] = sampleValue(name);
  const read = new Set<string>();
  const recorder = new Proxy(params, {
    get(target, name, receiver) {
      if (typeof name === 'string') read.add(name);
      return Reflect.get(target, name, receiver);
    },
  });
  parseHit(request(recorder, { authenticated: true }));
  return read;
}

const DYNAMIC = ['dimension3', 'utm_source', 'mtm_campaign', 'pk_kwd', 'matomo_medium', 'piwik_campaign'];

describe('sentGroups', () => {
  it('reads, for every parameter sent alone, what it reads when everything is sent', () => {
    const everything = [...KNOWN_PARAMETER_NAMES, ...DYNAMIC];
    const readWithAll = namesRead(everything);
    // Sanity: the recorder sees the reads of every group.
    for (const name of ['cip', 'country', 'cdt', 'uid', 'download', 'e_c', 'c_n', 'search', 'idgoal', 'ec_id', 'ca', 'revenue', '_pkc']) {
      expect(readWithAll).toContain(name);
    }
    for (const name of ['_ref', 'h', 'fla', 'uadata', 'pf_net', '_cvar', ...DYNAMIC]) expect(readWithAll).toContain(name);
    for (const name of readWithAll) {
      if (name === 'idsite' || name === 'rec') continue;
      expect({ name, read: namesRead([name]).has(name) }).toEqual({ name, read: true });
    }
  });

  it('gives the same Hit as when every group is read', () => {
    // Parameters of every group at once: the Hit holds each group's fields.
    const all = Object.fromEntries([...KNOWN_PARAMETER_NAMES, ...DYNAMIC].map((name) => [name, sampleValue(name)]));
    const hit = parseHit(request({ ...all, idsite: '1', rec: '1' }, { authenticated: true }));
    expect(hit).toMatchObject({
      ip: '198.51.100.7',
      cookieVisitorId: '0123456789abcdef',
      eventCategory: '1',
      revenue: 1,
      attributionReferrer: '1',
      localTimeSeconds: 3661,
      pluginFlags: '11111111',
      perf: { network: 1 },
      dimensions: { 3: '1' },
      campaignParams: { utm_source: '1' },
      customVariables: { visit: { 1: ['a', 'b'] } },
    });
  });

  it('knows no parameter that is also a campaign or custom dimension parameter', () => {
    for (const name of KNOWN_PARAMETER_NAMES) {
      expect({ name, campaign: isCampaignParameter(name), dimension: name.startsWith('dimension') }).toEqual({
        name,
        campaign: false,
        dimension: false,
      });
    }
  });

  it.each([
    ['a page view', { idsite: '1', rec: '1', url: 'https://a.example/', res: '1x1' }, 0],
    ['an event', { e_c: 'Video', e_a: 'Play', e_v: '3' }, SENT.event],
    ['a ping with timings', { ping: '1', pf_net: '3', h: '1' }, SENT.actionFlags | SENT.performance | SENT.localTime],
    ['a campaign and a dimension', { utm_source: 'x', dimension12: 'y' }, SENT.campaign | SENT.dimensions],
    ['an unknown parameter', { foo: 'bar' }, 0],
    ['a value that is not a string', { e_c: 7 as unknown as string }, 0],
  ])('%s', (_name, params, expected) => {
    expect(sentGroups(params)).toBe(expected);
  });
});
