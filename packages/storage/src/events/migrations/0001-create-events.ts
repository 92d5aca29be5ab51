/**
 * Migration 0001: the events table, one row per stored hit (see EventRow in @sillage/core).
 *
 * Frozen once released: later schema changes are new migrations. The column list equals EVENT_COLUMNS;
 * the contract test compares DESCRIBE TABLE with it.
 *
 * - ORDER BY (site_id, toDate(ts), visit_id, seq): every report reads one site over a date range, and
 *   visit-level metrics group by visit_id, which this order keeps adjacent.
 * - non_replicated_deduplication_window: a plain MergeTree forgets insert blocks by default; keeping the
 *   last 10,000 makes `insert_deduplication_token` work, so a retried batch is stored once.
 * - bloom filter on visitor_id: GDPR export/erase and returning-visitor lookups search by visitor across
 *   all dates, which the primary key cannot narrow.
 */
import type { EventMigration } from './types.js';

export const migration0001: EventMigration = {
  version: '0001_create_events',
  statements: [
    'CREATE DATABASE IF NOT EXISTS sillage',
    `CREATE TABLE IF NOT EXISTS sillage.events
(
    site_id UInt32,
    ts DateTime('UTC'),
    seq UInt64,
    visit_id UInt64,
    visitor_id UInt64,
    config_id UInt64,
    user_id String,
    action_type UInt8,
    is_action UInt8,
    is_visit_start UInt8,
    visit_first_ts DateTime('UTC'),
    visit_action_index UInt32,
    visit_total_time UInt32,
    visitor_returning UInt8,
    visit_count UInt32,
    seconds_since_last_visit UInt32,
    seconds_since_first_visit UInt32,
    time_spent_ref_action UInt32,
    ip String,
    url String,
    title String,
    page_view_id String,
    referrer_url String,
    ref_type UInt8,
    ref_name LowCardinality(String),
    ref_keyword String,
    ref_url String,
    campaign_name LowCardinality(String),
    campaign_keyword String,
    campaign_source LowCardinality(String),
    campaign_medium LowCardinality(String),
    campaign_content String,
    campaign_id String,
    campaign_group String,
    campaign_placement String,
    event_category LowCardinality(String),
    event_action String,
    event_name String,
    event_value Nullable(Float64),
    search_keyword String,
    search_category String,
    search_count Nullable(Int32),
    link_url String,
    content_name String,
    content_piece String,
    content_target String,
    content_interaction String,
    goal_id Int32,
    revenue Nullable(Float64),
    order_id String,
    items String,
    subtotal Nullable(Float64),
    tax Nullable(Float64),
    shipping Nullable(Float64),
    discount Nullable(Float64),
    product_sku String,
    product_name String,
    product_category Array(String),
    product_price Nullable(Float64),
    dimensions Map(UInt16, String),
    custom_variables String,
    user_agent String,
    client_hints String,
    language LowCardinality(String),
    resolution LowCardinality(String),
    local_time UInt32,
    plugin_flags LowCardinality(String),
    device_type LowCardinality(String),
    device_brand LowCardinality(String),
    device_model LowCardinality(String),
    os_name LowCardinality(String),
    os_version LowCardinality(String),
    browser_name LowCardinality(String),
    browser_version LowCardinality(String),
    browser_engine LowCardinality(String),
    country LowCardinality(String),
    region LowCardinality(String),
    city LowCardinality(String),
    latitude Nullable(Float32),
    longitude Nullable(Float32),
    pf_network Nullable(UInt32),
    pf_server Nullable(UInt32),
    pf_transfer Nullable(UInt32),
    pf_dom_processing Nullable(UInt32),
    pf_dom_completion Nullable(UInt32),
    pf_onload Nullable(UInt32),
    INDEX idx_visitor_id visitor_id TYPE bloom_filter(0.001) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (site_id, toDate(ts), visit_id, seq)
SETTINGS non_replicated_deduplication_window = 10000`,
  ],
};
