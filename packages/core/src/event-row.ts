/**
 * One row of the event store: one hit (page view, event, ping, …) with the attributes of the visit it
 * belongs to repeated on it, so that reports group by any dimension without a join. Visit-level metrics
 * (actions, duration, bounce) are computed by grouping rows on `visit_id`.
 *
 * The column list below is the contract between the pipeline (which builds rows) and the event store
 * (whose migrations create the table): a contract test compares it with the table the migrations make.
 * Names follow ClickHouse conventions; Matomo names appear in the report layer.
 */
export interface EventRow {
  site_id: number;
  /** Hit time, seconds since epoch (UTC). */
  ts: number;
  /** Spool sequence number of the hit: unique, increasing; makes shipping idempotent. */
  seq: bigint;
  /** Sequence number of the visit's first hit. */
  visit_id: bigint;
  /** 64-bit visitor id (Matomo's idvisitor, 16 hex chars when shown). */
  visitor_id: bigint;
  /** Cookieless recognition key the visit was found by (today's salt). */
  config_id: bigint;
  user_id: string;
  action_type: number;
  /** 1 when the hit counts in the visit's actions (page view, event, site search, outlink, download). */
  is_action: number;
  /** 1 on the first stored hit of a visit. */
  is_visit_start: number;
  visit_first_ts: number;
  /** Position of this action in the visit (1-based); 0 for non-actions. */
  visit_action_index: number;
  /** The visit's total time in seconds as of this hit (Matomo: 1 + now - first action time). */
  visit_total_time: number;
  /** 0 new visitor, 1 returning, 2 returning customer. */
  visitor_returning: number;
  visit_count: number;
  seconds_since_last_visit: number;
  seconds_since_first_visit: number;
  /** Time spent on the previous action of the visit, in seconds (capped at 30 min), stored on this hit. */
  time_spent_ref_action: number;
  /** Anonymised IP, text form. */
  ip: string;
  url: string;
  title: string;
  page_view_id: string;
  /** Raw HTTP referrer of this hit (urlref). */
  referrer_url: string;
  /** Visit-level referrer: Matomo type code (1 direct, 2 search, 3 website, 6 campaign, 7 social, 8 AI assistant). */
  ref_type: number;
  ref_name: string;
  ref_keyword: string;
  ref_url: string;
  campaign_name: string;
  campaign_keyword: string;
  campaign_source: string;
  campaign_medium: string;
  campaign_content: string;
  campaign_id: string;
  campaign_group: string;
  campaign_placement: string;
  event_category: string;
  event_action: string;
  event_name: string;
  event_value: number | null;
  search_keyword: string;
  search_category: string;
  search_count: number | null;
  link_url: string;
  content_name: string;
  content_piece: string;
  content_target: string;
  content_interaction: string;
  goal_id: number;
  revenue: number | null;
  order_id: string;
  /** Ecommerce items as JSON [[sku, name, [categories], price, quantity], …]. */
  items: string;
  subtotal: number | null;
  tax: number | null;
  shipping: number | null;
  discount: number | null;
  product_sku: string;
  product_name: string;
  product_category: string[];
  product_price: number | null;
  /** Custom dimensions: id → value. */
  dimensions: Record<number, string>;
  /** Legacy custom variables as JSON {"visit":{…},"page":{…},"event":{…}}, or "". */
  custom_variables: string;
  user_agent: string;
  /** Client hints as JSON, or "". */
  client_hints: string;
  /** Browser language tag, lower case, e.g. "fr-ca" or "fr". */
  language: string;
  resolution: string;
  /** Visitor local time, seconds since local midnight. */
  local_time: number;
  plugin_flags: string;
  device_type: string;
  device_brand: string;
  device_model: string;
  os_name: string;
  os_version: string;
  browser_name: string;
  browser_version: string;
  browser_engine: string;
  /** ISO 3166-1 alpha-2, lower case; "" unknown. */
  country: string;
  region: string;
  city: string;
  latitude: number | null;
  longitude: number | null;
  pf_network: number | null;
  pf_server: number | null;
  pf_transfer: number | null;
  pf_dom_processing: number | null;
  pf_dom_completion: number | null;
  pf_onload: number | null;
}

/** ClickHouse type of every column, in table order. */
export const EVENT_COLUMNS: ReadonlyArray<readonly [keyof EventRow, string]> = [
  ['site_id', 'UInt32'],
  ['ts', "DateTime('UTC')"],
  ['seq', 'UInt64'],
  ['visit_id', 'UInt64'],
  ['visitor_id', 'UInt64'],
  ['config_id', 'UInt64'],
  ['user_id', 'String'],
  ['action_type', 'UInt8'],
  ['is_action', 'UInt8'],
  ['is_visit_start', 'UInt8'],
  ['visit_first_ts', "DateTime('UTC')"],
  ['visit_action_index', 'UInt32'],
  ['visit_total_time', 'UInt32'],
  ['visitor_returning', 'UInt8'],
  ['visit_count', 'UInt32'],
  ['seconds_since_last_visit', 'UInt32'],
  ['seconds_since_first_visit', 'UInt32'],
  ['time_spent_ref_action', 'UInt32'],
  ['ip', 'String'],
  ['url', 'String'],
  ['title', 'String'],
  ['page_view_id', 'String'],
  ['referrer_url', 'String'],
  ['ref_type', 'UInt8'],
  ['ref_name', 'LowCardinality(String)'],
  ['ref_keyword', 'String'],
  ['ref_url', 'String'],
  ['campaign_name', 'LowCardinality(String)'],
  ['campaign_keyword', 'String'],
  ['campaign_source', 'LowCardinality(String)'],
  ['campaign_medium', 'LowCardinality(String)'],
  ['campaign_content', 'String'],
  ['campaign_id', 'String'],
  ['campaign_group', 'String'],
  ['campaign_placement', 'String'],
  ['event_category', 'LowCardinality(String)'],
  ['event_action', 'String'],
  ['event_name', 'String'],
  ['event_value', 'Nullable(Float64)'],
  ['search_keyword', 'String'],
  ['search_category', 'String'],
  ['search_count', 'Nullable(Int32)'],
  ['link_url', 'String'],
  ['content_name', 'String'],
  ['content_piece', 'String'],
  ['content_target', 'String'],
  ['content_interaction', 'String'],
  ['goal_id', 'Int32'],
  ['revenue', 'Nullable(Float64)'],
  ['order_id', 'String'],
  ['items', 'String'],
  ['subtotal', 'Nullable(Float64)'],
  ['tax', 'Nullable(Float64)'],
  ['shipping', 'Nullable(Float64)'],
  ['discount', 'Nullable(Float64)'],
  ['product_sku', 'String'],
  ['product_name', 'String'],
  ['product_category', 'Array(String)'],
  ['product_price', 'Nullable(Float64)'],
  ['dimensions', 'Map(UInt16, String)'],
  ['custom_variables', 'String'],
  ['user_agent', 'String'],
  ['client_hints', 'String'],
  ['language', 'LowCardinality(String)'],
  ['resolution', 'LowCardinality(String)'],
  ['local_time', 'UInt32'],
  ['plugin_flags', 'LowCardinality(String)'],
  ['device_type', 'LowCardinality(String)'],
  ['device_brand', 'LowCardinality(String)'],
  ['device_model', 'LowCardinality(String)'],
  ['os_name', 'LowCardinality(String)'],
  ['os_version', 'LowCardinality(String)'],
  ['browser_name', 'LowCardinality(String)'],
  ['browser_version', 'LowCardinality(String)'],
  ['browser_engine', 'LowCardinality(String)'],
  ['country', 'LowCardinality(String)'],
  ['region', 'LowCardinality(String)'],
  ['city', 'LowCardinality(String)'],
  ['latitude', 'Nullable(Float32)'],
  ['longitude', 'Nullable(Float32)'],
  ['pf_network', 'Nullable(UInt32)'],
  ['pf_server', 'Nullable(UInt32)'],
  ['pf_transfer', 'Nullable(UInt32)'],
  ['pf_dom_processing', 'Nullable(UInt32)'],
  ['pf_dom_completion', 'Nullable(UInt32)'],
  ['pf_onload', 'Nullable(UInt32)'],
];

/** Referrer type codes (Matomo's REFERRER_TYPE_*, plus 8 for AI assistants). */
export const REFERRER_TYPE = { direct: 1, search: 2, website: 3, campaign: 6, social: 7, ai: 8 } as const;

/** A row with every column at its empty value; builders fill what they know. */
export function emptyEventRow(): EventRow {
  return {
    site_id: 0,
    ts: 0,
    seq: 0n,
    visit_id: 0n,
    visitor_id: 0n,
    config_id: 0n,
    user_id: '',
    action_type: 0,
    is_action: 0,
    is_visit_start: 0,
    visit_first_ts: 0,
    visit_action_index: 0,
    visit_total_time: 0,
    visitor_returning: 0,
    visit_count: 1,
    seconds_since_last_visit: 0,
    seconds_since_first_visit: 0,
    time_spent_ref_action: 0,
    ip: '',
    url: '',
    title: '',
    page_view_id: '',
    referrer_url: '',
    ref_type: REFERRER_TYPE.direct,
    ref_name: '',
    ref_keyword: '',
    ref_url: '',
    campaign_name: '',
    campaign_keyword: '',
    campaign_source: '',
    campaign_medium: '',
    campaign_content: '',
    campaign_id: '',
    campaign_group: '',
    campaign_placement: '',
    event_category: '',
    event_action: '',
    event_name: '',
    event_value: null,
    search_keyword: '',
    search_category: '',
    search_count: null,
    link_url: '',
    content_name: '',
    content_piece: '',
    content_target: '',
    content_interaction: '',
    goal_id: 0,
    revenue: null,
    order_id: '',
    items: '',
    subtotal: null,
    tax: null,
    shipping: null,
    discount: null,
    product_sku: '',
    product_name: '',
    product_category: [],
    product_price: null,
    dimensions: {},
    custom_variables: '',
    user_agent: '',
    client_hints: '',
    language: '',
    resolution: '',
    local_time: 0,
    plugin_flags: '',
    device_type: '',
    device_brand: '',
    device_model: '',
    os_name: '',
    os_version: '',
    browser_name: '',
    browser_version: '',
    browser_engine: '',
    country: '',
    region: '',
    city: '',
    latitude: null,
    longitude: null,
    pf_network: null,
    pf_server: null,
    pf_transfer: null,
    pf_dom_processing: null,
    pf_dom_completion: null,
    pf_onload: null,
  };
}
