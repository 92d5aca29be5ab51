import type { Hit } from '../../hit.js';
import type { Step } from '../../pipeline.js';
import { scrubText } from '../pii/detectors.js';
import { type ScrubKind, scrubUrl, sensitiveParameterMatcher } from '../pii/scrub.js';

type TextField =
  | 'title'
  | 'eventCategory'
  | 'eventAction'
  | 'eventName'
  | 'searchKeyword'
  | 'searchCategory'
  | 'contentName'
  | 'contentPiece'
  | 'contentTarget'
  | 'contentInteraction'
  | 'attributionCampaignName'
  | 'attributionCampaignKeyword';
type UrlField = 'url' | 'urlref' | 'linkUrl' | 'attributionReferrer';

const TEXT_FIELDS: readonly TextField[] = [
  'title',
  'eventCategory',
  'eventAction',
  'eventName',
  'searchKeyword',
  'searchCategory',
  'contentName',
  'contentPiece',
  'contentTarget',
  'contentInteraction',
  'attributionCampaignName',
  'attributionCampaignKeyword',
];
const URL_FIELDS: readonly UrlField[] = ['url', 'urlref', 'linkUrl', 'attributionReferrer'];

// One matcher per list of extra names: sites rarely change it, and building the set per hit would
// cost more than the scrubbing itself.
const matchers = new WeakMap<readonly string[], (name: string) => boolean>();
function matcherFor(extra: readonly string[]): (name: string) => boolean {
  let m = matchers.get(extra);
  if (m === undefined) {
    m = sensitiveParameterMatcher(extra);
    matchers.set(extra, m);
  }
  return m;
}

/**
 * PII scrubbing at ingestion (on unless privacy.scrubPii is false): personal data in URLs, titles,
 * event and content fields, site-search terms, campaign values, custom dimensions and custom variables
 * is replaced with placeholders such as "[email]" before the hit is stored. Each replacement is
 * recorded on the hit as "scrubbed-<kind>" so the server counts them per kind. Never drops the hit.
 */
export const scrubPii: Step = {
  name: 'scrubPii',
  run: (hit: Hit, ctx) => {
    const { scrubPii: enabled, removedQueryParameters } = ctx.site.privacy;
    if (enabled === false) return undefined;
    let counts: ScrubKind[] | undefined;
    const count = (kind: ScrubKind) => {
      counts ??= [];
      counts.push(kind);
    };
    const isSensitive = matcherFor(removedQueryParameters ?? []);
    for (const field of URL_FIELDS) {
      const value = hit[field];
      if (value !== undefined && value !== '') hit[field] = scrubUrl(value, isSensitive, count);
    }
    for (const field of TEXT_FIELDS) {
      const value = hit[field];
      if (value !== undefined && value !== '') hit[field] = scrubText(value, count);
    }
    if (hit.dimensions !== undefined) {
      for (const [id, value] of Object.entries(hit.dimensions)) hit.dimensions[Number(id)] = scrubText(value, count);
    }
    if (hit.campaignParams !== undefined) {
      for (const [name, value] of Object.entries(hit.campaignParams)) hit.campaignParams[name] = scrubText(value, count);
    }
    const cvars = hit.customVariables;
    if (cvars !== undefined) {
      for (const scope of [cvars.visit, cvars.page, cvars.event]) {
        if (scope === undefined) continue;
        for (const pair of Object.values(scope)) {
          pair[0] = scrubText(pair[0], count);
          pair[1] = scrubText(pair[1], count);
        }
      }
    }
    if (counts !== undefined) hit.refused = [...(hit.refused ?? []), ...counts.map((kind) => `scrubbed-${kind}`)];
    return undefined;
  },
};
