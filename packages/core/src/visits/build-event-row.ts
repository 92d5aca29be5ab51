/**
 * Turns a sessionised hit into its event-store row: the hit's own fields plus the attributes of its visit
 * as of this hit. Device, geo lookups and search/social referrers are filled by enrichment steps; this
 * builder copies whatever the hit already carries.
 */

import { type EventRow, emptyEventRow, REFERRER_TYPE } from '../event-row.js';
import { ACTION_TYPE_CODE, type EcommerceItem, type Hit } from '../hit.js';
import { hexIdToBigint } from './ids.js';
import type { VisitAssignment } from './sessionizer.js';

export function buildEventRow(hit: Hit, seq: bigint, visit: VisitAssignment): EventRow {
  const row = emptyEventRow();
  row.site_id = hit.siteId;
  row.ts = Math.floor(hit.ts / 1000);
  row.seq = seq;
  row.action_type = ACTION_TYPE_CODE[hit.actionType];

  // Visit
  row.visit_id = visit.visitId;
  row.visitor_id = hexIdToBigint(visit.visitorId);
  row.config_id = hexIdToBigint(visit.configId);
  row.user_id = visit.userId;
  row.is_action = visit.isAction ? 1 : 0;
  row.is_visit_start = visit.isVisitStart ? 1 : 0;
  row.visit_first_ts = visit.visitFirstTs;
  row.visit_action_index = visit.actionIndex;
  row.visit_total_time = visit.visitTotalTime;
  row.visitor_returning = visit.visitorReturning;
  row.visit_count = visit.visitCount;
  row.seconds_since_last_visit = visit.secondsSinceLastVisit;
  row.seconds_since_first_visit = visit.secondsSinceFirstVisit;
  row.time_spent_ref_action = visit.timeSpentRefAction;

  // Visit-level referrer (campaign, direct or website here)
  const ref = visit.referrer;
  row.ref_type = ref.type;
  row.ref_name = ref.type === REFERRER_TYPE.direct ? '' : ref.name;
  row.ref_keyword = ref.keyword;
  row.ref_url = ref.url;
  if (ref.campaign !== undefined) {
    row.campaign_name = ref.campaign.name;
    row.campaign_keyword = ref.campaign.keyword;
    row.campaign_source = ref.campaign.source;
    row.campaign_medium = ref.campaign.medium;
    row.campaign_content = ref.campaign.content;
    row.campaign_id = ref.campaign.id;
    row.campaign_group = ref.campaign.group;
    row.campaign_placement = ref.campaign.placement;
  }

  // Page and action
  row.ip = hit.ip;
  row.url = hit.url ?? '';
  row.title = hit.title ?? '';
  row.page_view_id = hit.pageViewId ?? '';
  row.referrer_url = hit.urlref ?? '';
  row.event_category = hit.eventCategory ?? '';
  row.event_action = hit.eventAction ?? '';
  row.event_name = hit.eventName ?? '';
  row.event_value = hit.eventValue ?? null;
  row.search_keyword = hit.searchKeyword ?? '';
  row.search_category = hit.searchCategory ?? '';
  row.search_count = hit.searchCount ?? null;
  row.link_url = hit.linkUrl ?? '';
  row.content_name = hit.contentName ?? '';
  row.content_piece = hit.contentPiece ?? '';
  row.content_target = hit.contentTarget ?? '';
  row.content_interaction = hit.contentInteraction ?? '';

  // Goals and ecommerce
  row.goal_id = hit.goalId ?? 0;
  row.revenue = hit.revenue ?? null;
  row.order_id = hit.orderId ?? '';
  row.items = hit.items && hit.items.length > 0 ? itemsJson(hit.items) : '';
  row.subtotal = hit.subtotal ?? null;
  row.tax = hit.tax ?? null;
  row.shipping = hit.shipping ?? null;
  row.discount = hit.discount ?? null;
  row.product_sku = hit.productSku ?? '';
  row.product_name = hit.productName ?? '';
  row.product_category = hit.productCategory ? [...hit.productCategory] : [];
  row.product_price = hit.productPrice ?? null;

  // Custom data
  row.dimensions = hit.dimensions ? { ...hit.dimensions } : {};
  row.custom_variables = customVariablesJson(hit.customVariables);

  // Client
  row.user_agent = hit.userAgent;
  row.client_hints = hit.clientHints && Object.keys(hit.clientHints).length > 0 ? JSON.stringify(hit.clientHints) : '';
  row.language = hit.language.toLowerCase();
  row.resolution = hit.resolution ?? '';
  row.local_time = hit.localTimeSeconds ?? 0;
  row.plugin_flags = hit.pluginFlags ?? '';

  // Geo: a token-authenticated override wins over the lookup, field by field.
  const geo = { ...hit.geo, ...definedOnly(hit.geoOverride) };
  row.country = (geo.country ?? '').toLowerCase();
  row.region = geo.region ?? '';
  row.city = geo.city ?? '';
  row.latitude = geo.lat ?? null;
  row.longitude = geo.long ?? null;

  // Performance timings
  row.pf_network = hit.perf?.network ?? null;
  row.pf_server = hit.perf?.server ?? null;
  row.pf_transfer = hit.perf?.transfer ?? null;
  row.pf_dom_processing = hit.perf?.domProcessing ?? null;
  row.pf_dom_completion = hit.perf?.domCompletion ?? null;
  row.pf_onload = hit.perf?.onload ?? null;
  return row;
}

/** [[sku, name, [categories], price, quantity], …] — the shape documented on EventRow.items. */
function itemsJson(items: readonly EcommerceItem[]): string {
  return JSON.stringify(items.map((item) => [item.sku, item.name, [...item.category], item.price, item.quantity]));
}

function customVariablesJson(vars: Hit['customVariables']): string {
  if (vars === undefined) return '';
  const scopes: Record<string, Record<string, [string, string]>> = {};
  for (const scope of ['visit', 'page', 'event'] as const) {
    const entries = vars[scope];
    if (entries !== undefined && Object.keys(entries).length > 0) scopes[scope] = entries;
  }
  return Object.keys(scopes).length > 0 ? JSON.stringify(scopes) : '';
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
