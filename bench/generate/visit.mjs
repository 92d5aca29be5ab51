// One visit → its event rows, with every visit-level column consistent the way the shipper's sessionizer
// writes them (packages/core/src/visits/sessionizer.ts, matomo-compat.md §2.5–2.8):
//   - one row per hit; the visit's rows share visit_id, visitor, referrer, device, geo, language …;
//   - is_action = 1 for page view / event / site search / outlink / download, 0 for goals and pings;
//   - visit_action_index counts actions 1..n (0 on non-actions); is_visit_start = 1 on the first row;
//   - visit_total_time = 0 on the first row, then max(so far, 1 + ts − visit_first_ts), pings included;
//   - time_spent_ref_action (actions only) = min(ts − last action ts, 1800); goals move the last action
//     time, pings do not;
//   - every gap is under 30 minutes and every hit falls before the site's next local midnight.
// seq and visit_id are left at 0: run.mjs numbers rows in time order once a day's rows are sorted.

import { ACTION_TYPE_CODE, emptyEventRow } from '../../packages/core/dist/index.js';
import { weighted, weightedPairs } from './random.mjs';
import {
  AI_ASSISTANTS,
  CAMPAIGNS,
  NEW_VISIT_TYPES,
  RETURNING_VISIT_TYPES,
  SEARCH_ENGINES,
  SEARCH_KEYWORD_SHARE,
  SOCIALS,
  WEBSITES,
} from './referrers.mjs';

const VISIT_LENGTH = 1800;
const PAGEVIEW = ACTION_TYPE_CODE.pageview;
const EVENT = ACTION_TYPE_CODE.event;
const SITE_SEARCH = ACTION_TYPE_CODE.site_search;
const OUTLINK = ACTION_TYPE_CODE.outlink;
const DOWNLOAD = ACTION_TYPE_CODE.download;
const GOAL = ACTION_TYPE_CODE.goal;
const PING = ACTION_TYPE_CODE.ping;

/** Share of visits with a single action (bounces). */
export const BOUNCE_RATE = 0.4;
/** Longer visits: 2 + geometric(p) actions, capped at 20. */
const MORE_ACTIONS_P = 0.16;
const MAX_ACTIONS = 20;

const pickFollowUp = weightedPairs([
  [PAGEVIEW, 76],
  [EVENT, 12],
  [SITE_SEARCH, 4.5],
  [OUTLINK, 4.5],
  [DOWNLOAD, 3],
]);
const pickNewType = weightedPairs(NEW_VISIT_TYPES);
const pickReturningType = weightedPairs(RETURNING_VISIT_TYPES);
const pickSearchEngine = weighted(
  SEARCH_ENGINES,
  SEARCH_ENGINES.map((e) => e[2]),
);
const pickSocial = weighted(
  SOCIALS,
  SOCIALS.map((e) => e[2]),
);
const pickAi = weighted(
  AI_ASSISTANTS,
  AI_ASSISTANTS.map((e) => e[2]),
);
const pickWebsite = weighted(
  WEBSITES,
  WEBSITES.map((e) => e[2]),
);
const pickCampaign = weighted(
  CAMPAIGNS,
  CAMPAIGNS.map((e) => e[4]),
);

const DIRECT = { type: 1, name: '', keyword: '', url: '', campaign: null };

/** The visit-level referrer. */
function visitReferrer(site, returning, random) {
  const type = returning ? pickReturningType(random) : pickNewType(random);
  switch (type) {
    case 2: {
      const [name, url] = pickSearchEngine(random);
      const keyword = random.chance(SEARCH_KEYWORD_SHARE) ? site.pickKeyword(random) : '';
      return { type, name, keyword, url, campaign: null };
    }
    case 7: {
      const [name, url] = pickSocial(random);
      return { type, name, keyword: '', url, campaign: null };
    }
    case 8: {
      const [name, url] = pickAi(random);
      return { type, name, keyword: '', url, campaign: null };
    }
    case 3: {
      const [host, paths] = pickWebsite(random);
      return { type, name: host, keyword: '', url: `https://${host}${random.pick(paths)}`, campaign: null };
    }
    case 6: {
      const [name, source, medium, keyword] = pickCampaign(random);
      const url = medium === 'cpc' ? 'https://www.google.com/' : medium === 'paid-social' ? 'https://www.facebook.com/' : '';
      const content = random.chance(0.3) ? random.pick(['hero-banner', 'footer-link', 'text-ad', 'cta-button']) : '';
      return {
        type,
        name,
        keyword,
        url,
        campaign: { name, keyword, source, medium, content, id: random.chance(0.2) ? String(random.between(1000, 9999)) : '' },
      };
    }
    default:
      return DIRECT;
  }
}

function perfTimings(row, mobile, random) {
  // Navigation Timing as the JS tracker reports it (ms); slower on phones.
  const slow = mobile ? 1.4 : 1;
  row.pf_network = random.chance(0.6) ? 0 : Math.round(random.logNormal(25, 0.9) * slow);
  row.pf_server = Math.round(random.logNormal(110, 0.6));
  row.pf_transfer = Math.round(random.logNormal(12, 0.9) * slow);
  row.pf_dom_processing = Math.round(random.logNormal(420, 0.5) * slow);
  row.pf_dom_completion = Math.round(random.logNormal(280, 0.6) * slow);
  row.pf_onload = Math.round(random.logNormal(8, 0.8));
}

/** Seconds until the next hit: a page is read longer than an event takes. Always < 30 min. */
function gapBefore(type, random) {
  const median = type === PAGEVIEW || type === SITE_SEARCH ? 38 : 11;
  return Math.max(1, Math.min(VISIT_LENGTH - 1, Math.round(random.logNormal(median, 1.05))));
}

/**
 * Builds the rows of one visit starting at `startTs` (seconds), at most `maxRows` of them and all before
 * `dayEndTs` (the site's next local midnight). Updates the visitor's history. Returns the rows.
 */
export function buildVisit({ site, visitor, returning, startTs, dayEndTs, maxRows, random }) {
  const nActions = random.chance(BOUNCE_RATE) ? 1 : Math.min(MAX_ACTIONS, 2 + random.geometric(MORE_ACTIONS_P));
  const ref = visitReferrer(site, returning, random);
  const configId = random.id64();
  const loggedIn = visitor.userId !== '' && random.chance(0.4);
  const visitDimension = site.dimension?.scope === 'visit' ? site.dimension.pick(random) : null;
  const visitCount = visitor.visitCount + 1;
  const sinceLast = returning ? startTs - visitor.lastActionTs : 0;
  const sinceFirst = returning ? startTs - visitor.firstVisitTs : 0;

  const rows = [];
  let lastActionTs = startTs;
  let totalTime = 0;
  let actionIndex = 0;
  let page = ref.type === 1 && random.chance(0.55) ? site.home : site.pickPage(random);
  let pageReferrer = ref.url;
  let pageViewId = '';
  let ts = startTs;
  let type = PAGEVIEW;

  const makeRow = (actionType, hitTs) => {
    const row = emptyEventRow();
    row.site_id = site.id;
    row.ts = hitTs;
    row.visitor_id = visitor.id;
    row.config_id = configId;
    row.user_id = loggedIn ? visitor.userId : '';
    row.action_type = actionType;
    row.visit_first_ts = startTs;
    row.visitor_returning = returning ? 1 : 0;
    row.visit_count = visitCount;
    row.seconds_since_last_visit = sinceLast;
    row.seconds_since_first_visit = sinceFirst;
    row.ip = visitor.ip;
    row.url = page.url;
    row.page_view_id = pageViewId;
    row.referrer_url = pageReferrer;
    row.ref_type = ref.type;
    row.ref_name = ref.name;
    row.ref_keyword = ref.keyword;
    row.ref_url = ref.url;
    if (ref.campaign) {
      row.campaign_name = ref.campaign.name;
      row.campaign_keyword = ref.campaign.keyword;
      row.campaign_source = ref.campaign.source;
      row.campaign_medium = ref.campaign.medium;
      row.campaign_content = ref.campaign.content;
      row.campaign_id = ref.campaign.id;
    }
    if (visitDimension !== null) row.dimensions = { 1: visitDimension };
    row.user_agent = visitor.userAgent;
    row.client_hints = visitor.clientHints;
    row.language = visitor.language;
    row.resolution = visitor.resolution;
    row.local_time = (((hitTs + visitor.offsetSec) % 86400) + 86400) % 86400;
    row.plugin_flags = visitor.pluginFlags;
    row.device_type = visitor.device.type;
    row.device_brand = visitor.device.brand;
    row.device_model = visitor.model;
    row.os_name = visitor.device.os;
    row.os_version = visitor.osVersion;
    row.browser_name = visitor.device.browser;
    row.browser_version = visitor.browserVersion;
    row.browser_engine = visitor.device.engine;
    row.country = visitor.country;
    row.region = visitor.region;
    row.city = visitor.city;
    row.latitude = visitor.latitude;
    row.longitude = visitor.longitude;
    if (rows.length > 0) totalTime = Math.max(totalTime, 1 + hitTs - startTs);
    row.visit_total_time = totalTime;
    rows.push(row);
    return row;
  };

  const action = (actionType, hitTs) => {
    const row = makeRow(actionType, hitTs);
    row.is_action = 1;
    row.visit_action_index = ++actionIndex;
    row.is_visit_start = rows.length === 1 ? 1 : 0;
    row.time_spent_ref_action = rows.length === 1 ? 0 : Math.min(hitTs - lastActionTs, VISIT_LENGTH);
    lastActionTs = hitTs;
    return row;
  };

  /** A heartbeat somewhere in the next `gap` seconds, while the page is open. */
  const maybePing = (gap) => {
    if (!site.heartbeat || gap < 16 || rows.length >= maxRows || !random.chance(0.25)) return;
    const pingTs = ts + 15 + random.int(gap - 15);
    if (pingTs >= dayEndTs || pingTs - lastActionTs >= VISIT_LENGTH) return;
    makeRow(PING, pingTs);
  };

  for (let i = 0; i < nActions && rows.length < maxRows; i++) {
    if (i > 0) type = pickFollowUp(random);
    if (ts >= dayEndTs) break;
    switch (type) {
      case PAGEVIEW: {
        if (i > 0) {
          pageReferrer = page.url;
          page = site.pickPage(random);
        }
        pageViewId = random.token(6);
        const row = action(PAGEVIEW, ts);
        row.title = page.title;
        if (site.dimension?.scope === 'action') row.dimensions = { 1: site.dimension.pick(random) };
        if (random.chance(0.9)) perfTimings(row, visitor.mobile, random);
        // A goal converts on the page view that reached it, same second.
        for (const goal of site.goals) {
          if (rows.length < maxRows && random.chance(goal.rate)) {
            const g = makeRow(GOAL, ts);
            g.goal_id = goal.id;
            g.revenue = goal.revenue === 'order' ? random.between(1900, 24900) / 100 : goal.revenue;
          }
        }
        break;
      }
      case EVENT: {
        const spec = site.pickEvent(random);
        const row = action(EVENT, ts);
        row.event_category = spec.category;
        row.event_action = random.pick(spec.actions);
        row.event_name = spec.names ? random.pick(spec.names) : spec.category === 'Video' ? random.pick(site.videoTitles) : page.title;
        row.event_value = spec.value ? spec.value(random) : null;
        break;
      }
      case SITE_SEARCH: {
        const keyword = site.pickKeyword(random);
        pageReferrer = page.url;
        page = { url: `${site.baseUrl}/search?q=${encodeURIComponent(keyword)}`, title: '' };
        pageViewId = random.token(6);
        const row = action(SITE_SEARCH, ts);
        row.search_keyword = keyword;
        row.search_category = random.chance(0.15) ? random.pick(['Products', 'Blog', 'Help']) : '';
        // About one search in six finds nothing (the "no result" report).
        row.search_count = random.chance(0.17) ? 0 : Math.min(500, 1 + random.geometric(0.08));
        break;
      }
      case OUTLINK: {
        const row = action(OUTLINK, ts);
        row.link_url = random.pick(site.outlinks);
        break;
      }
      case DOWNLOAD: {
        const row = action(DOWNLOAD, ts);
        row.link_url = random.pick(site.downloads);
        break;
      }
    }
    const gap = gapBefore(type, random);
    if (i === nActions - 1) {
      // After the last action, the tab often stays open a while: the heartbeat records it.
      maybePing(gap * 2);
      break;
    }
    maybePing(gap);
    ts += gap;
  }

  visitor.visitCount = visitCount;
  if (visitCount === 1) visitor.firstVisitTs = startTs;
  let lastTs = startTs;
  for (const row of rows) if (row.action_type !== PING && row.ts > lastTs) lastTs = row.ts;
  visitor.lastActionTs = lastTs;
  return rows;
}
