import type { AggregateMetric, LabelFormat, ProcessedMetric, ReportDefinition } from './definitions.js';
import { distinctCountIf, ratio, uniqueVisitorMetrics, VISIT_METRICS, VISIT_PROCESSED, VISITS_SUMMARY } from './definitions.js';
import {
  bucketSql,
  continentSql,
  DAYS_OF_WEEK,
  DAYS_SINCE_LAST_BUCKETS,
  DURATION_BUCKETS,
  formatBucket,
  formatCity,
  formatContinent,
  formatCountry,
  formatDayOfWeek,
  formatHour,
  formatLanguage,
  formatLanguageCode,
  formatReferrerType,
  formatRegion,
  HOURS,
  PAGE_BUCKETS,
  plainFormat,
  VISIT_COUNT_BUCKETS,
} from './labels.js';
import { siteHour } from './segments.js';

/**
 * Every report Sillage serves, by Matomo method name. The Matomo API and the dashboard API both look
 * reports up here; no front door writes SQL of its own.
 */

const percent = (name: string, a: string, b: string): ProcessedMetric => ({
  name,
  compute: (v) => ratio(v[a], v[b], 2),
  format: 'percent',
});

function visitTable(
  id: string,
  dimension: string,
  format: (raw: string) => LabelFormat,
  extra: Partial<ReportDefinition> = {},
): ReportDefinition {
  return {
    id,
    source: 'visits',
    shape: 'table',
    dimension,
    metrics: VISIT_METRICS,
    processed: [],
    format,
    defaultSort: 'nb_visits',
    ...extra,
  };
}

// ───────────── Actions ─────────────

const PAGE_METRICS: readonly AggregateMetric[] = [
  { name: 'nb_visits', sql: '' },
  ...uniqueVisitorMetrics('visitor_id', 'ts'),
  { name: 'nb_hits', sql: '' },
  { name: 'sum_time_spent', sql: '' },
  { name: 'entry_nb_visits', sql: '' },
  { name: 'entry_nb_actions', sql: '' },
  { name: 'entry_sum_visit_length', sql: '' },
  { name: 'entry_bounce_count', sql: '' },
  { name: 'exit_nb_visits', sql: '' },
];

const PAGE_PROCESSED: readonly ProcessedMetric[] = [
  // sum_time_spent / nb_hits, whole seconds [matomo: plugins/Actions/Columns/Metrics/AverageTimeOnPage.php].
  { name: 'avg_time_on_page', compute: (v) => ratio(v['sum_time_spent'], v['nb_hits'], 0) },
  percent('bounce_rate', 'entry_bounce_count', 'entry_nb_visits'),
  percent('exit_rate', 'exit_nb_visits', 'nb_visits'),
];

const urlFormat = (raw: string): LabelFormat => ({ label: raw, metadata: { url: raw, segment: `pageUrl==${encodeURIComponent(raw)}` } });
const titleFormat = (raw: string): LabelFormat =>
  raw === '' ? { label: 'Page Name not defined' } : { label: ` ${raw}`, metadata: { segment: `pageTitle==${encodeURIComponent(raw)}` } };

function pageReport(id: string, kind: 'url' | 'title', only?: 'entry' | 'exit'): ReportDefinition {
  return {
    id,
    source: 'pages',
    shape: 'table',
    dimension: kind === 'url' ? 'url' : 'title',
    entryExit: kind === 'url' ? { entry: 'entry_url', exit: 'exit_url' } : { entry: 'entry_title', exit: 'exit_title' },
    metrics: PAGE_METRICS,
    processed: PAGE_PROCESSED,
    format: kind === 'url' ? urlFormat : titleFormat,
    hierarchy: kind,
    defaultSort: only === undefined ? 'nb_visits' : `${only}_nb_visits`,
    ...(only === undefined ? {} : { keepRowsWith: `${only}_nb_visits` }),
  };
}

const HIT_METRICS: readonly AggregateMetric[] = [
  { name: 'nb_visits', sql: 'uniqExact(visit_id)' },
  ...uniqueVisitorMetrics('visitor_id', 'ts'),
  { name: 'nb_hits', sql: 'count()' },
];

function linkReport(id: string, actionType: number, segmentName: string): ReportDefinition {
  return {
    id,
    source: 'actions',
    shape: 'table',
    dimension: 'link_url',
    where: `action_type = ${actionType}`,
    metrics: HIT_METRICS,
    processed: [],
    format: (raw) => ({ label: raw, metadata: { url: raw, segment: `${segmentName}==${encodeURIComponent(raw)}` } }),
    hierarchy: 'host',
    defaultSort: 'nb_visits',
  };
}

function searchReport(id: string, dimension: string, where: string, segmentName: string): ReportDefinition {
  return {
    id,
    source: 'actions',
    shape: 'table',
    dimension,
    where,
    metrics: HIT_METRICS,
    processed: [],
    format: plainFormat(segmentName, 'Keyword not defined'),
    defaultSort: 'nb_visits',
  };
}

const ACTIONS_GET: ReportDefinition = {
  id: 'Actions.get',
  source: 'actions',
  shape: 'single',
  metrics: [
    { name: 'nb_pageviews', sql: 'countIf(action_type = 1)' },
    // Distinct (visit, URL) pairs, as one UInt128 each (the visit id, then a 64-bit hash of the URL) counted
    // by sorting: ≈ 2× cheaper than uniqExactIf(visit_id, url), which keeps a 128-bit hash of each pair
    // in one big hash set. Two URLs can only be confused within one visit, on a 64-bit hash collision.
    {
      name: 'nb_uniq_pageviews',
      sql: distinctCountIf('bitOr(bitShiftLeft(toUInt128(visit_id), 64), cityHash64(url))', 'action_type = 1', 'visit_urls'),
    },
    { name: 'nb_downloads', sql: 'countIf(action_type = 5)' },
    { name: 'nb_uniq_downloads', sql: 'uniqExactIf(visit_id, link_url, action_type = 5)' },
    { name: 'nb_outlinks', sql: 'countIf(action_type = 4)' },
    { name: 'nb_uniq_outlinks', sql: 'uniqExactIf(visit_id, link_url, action_type = 4)' },
    { name: 'nb_searches', sql: 'countIf(action_type = 3)' },
    { name: 'nb_keywords', sql: 'uniqExactIf(search_keyword, action_type = 3)' },
  ],
  processed: [],
};

// ───────────── Events and contents ─────────────

const EVENT_METRICS: readonly AggregateMetric[] = [
  ...uniqueVisitorMetrics('visitor_id', 'ts'),
  { name: 'nb_visits', sql: 'uniqExact(visit_id)' },
  { name: 'nb_events', sql: 'count()' },
  { name: 'nb_events_with_value', sql: 'count(event_value)' },
  // A compensated sum over the sorted values: a plain sum adds the rows in whatever order the engine's
  // threads meet them, so the last bits of a fractional total changed from one run to the next (5050.19,
  // 5050.189999999999); sorted, the order is fixed, and Kahan's sum keeps the total to the nearest double.
  { name: 'sum_event_value', sql: "arrayReduce('sumKahan', arraySort(groupArray(ifNull(event_value, 0))))" },
  { name: 'min_event_value', sql: 'ifNull(min(event_value), 0)' },
  { name: 'max_event_value', sql: 'ifNull(max(event_value), 0)' },
];

function eventReport(id: string, column: string, segmentName: string, what: string): ReportDefinition {
  return {
    id,
    source: 'actions',
    shape: 'table',
    dimension: column,
    where: 'action_type = 2',
    metrics: EVENT_METRICS,
    processed: [{ name: 'avg_event_value', compute: (v) => ratio(v['sum_event_value'], v['nb_events_with_value'], 2) }],
    format: plainFormat(segmentName, `${what} not defined`),
    defaultSort: 'nb_events',
  };
}

function contentReport(id: string, column: string, segmentName: string): ReportDefinition {
  return {
    id,
    source: 'actions',
    shape: 'table',
    dimension: column,
    where: 'action_type IN (9, 10)',
    metrics: [
      { name: 'nb_impressions', sql: 'countIf(action_type = 9)' },
      { name: 'nb_interactions', sql: 'countIf(action_type = 10)' },
    ],
    processed: [percent('interaction_rate', 'nb_interactions', 'nb_impressions')],
    format: plainFormat(segmentName, 'Content not defined'),
    defaultSort: 'nb_impressions',
  };
}

// ───────────── Referrers ─────────────

function referrerNames(id: string, type: number, column: string, segmentName: string, empty: string): ReportDefinition {
  return visitTable(id, column, plainFormat(segmentName, empty), { where: `ref_type = ${type}` });
}

const REFERRERS_GET: ReportDefinition = {
  id: 'Referrers.get',
  source: 'visits',
  shape: 'single',
  visitColumns: ['ref_type', 'ref_name', 'ref_keyword', 'ref_url', 'campaign_name'],
  metrics: [
    { name: 'Referrers_visitorsFromSearchEngines', sql: 'countIf(ref_type = 2)' },
    { name: 'Referrers_visitorsFromSocialNetworks', sql: 'countIf(ref_type = 7)' },
    { name: 'Referrers_visitorsFromDirectEntry', sql: 'countIf(ref_type = 1)' },
    { name: 'Referrers_visitorsFromWebsites', sql: 'countIf(ref_type = 3)' },
    { name: 'Referrers_visitorsFromCampaigns', sql: 'countIf(ref_type = 6)' },
    { name: 'Referrers_visitorsFromAIAssistants', sql: 'countIf(ref_type = 8)' },
    { name: 'Referrers_distinctSearchEngines', sql: 'uniqExactIf(ref_name, ref_type = 2)' },
    { name: 'Referrers_distinctSocialNetworks', sql: 'uniqExactIf(ref_name, ref_type = 7)' },
    { name: 'Referrers_distinctKeywords', sql: "uniqExactIf(ref_keyword, ref_type = 2 AND ref_keyword != '')" },
    { name: 'Referrers_distinctWebsites', sql: 'uniqExactIf(ref_name, ref_type = 3)' },
    { name: 'Referrers_distinctWebsitesUrls', sql: 'uniqExactIf(ref_url, ref_type = 3)' },
    { name: 'Referrers_distinctCampaigns', sql: 'uniqExactIf(campaign_name, ref_type = 6)' },
    { name: 'Referrers_distinctAIAssistants', sql: 'uniqExactIf(ref_name, ref_type = 8)' },
  ],
  processed: [],
};

const formatAll = (raw: string): LabelFormat => {
  const bar = raw.indexOf('|');
  const type = Number(raw.slice(0, bar));
  const name = raw.slice(bar + 1);
  const t = formatReferrerType(String(type));
  return {
    label: type === 1 ? t.label : name,
    metadata: { referer_type: type, ...(t.metadata?.['segment'] ? { segment: String(t.metadata['segment']) } : {}) },
  };
};

// ───────────── Visitor interest, frequency ─────────────

function bucketReport(
  id: string,
  value: string,
  list: Parameters<typeof bucketSql>[1],
  segmentName: string,
  where?: string,
): ReportDefinition {
  return {
    id,
    source: 'visits',
    shape: 'table',
    dimension: bucketSql(value, list),
    metrics: [{ name: 'nb_visits', sql: 'count()' }],
    processed: [],
    format: formatBucket(list, segmentName),
    allRows: list.map((_, i) => String(i)),
    keepOrder: true,
    ...(where === undefined ? {} : { where }),
  };
}

function frequencyMetrics(suffix: string, cond: string): AggregateMetric[] {
  return [
    { name: `nb_uniq_visitors_${suffix}`, sql: `uniqExactIf(visitor_id, ${cond})`, onlyFor: ['day', 'week', 'month'] },
    { name: `nb_users_${suffix}`, sql: `uniqExactIf(user_id, ${cond} AND user_id != '')`, onlyFor: ['day', 'week', 'month'] },
    { name: `nb_visits_${suffix}`, sql: `countIf(${cond})` },
    { name: `nb_actions_${suffix}`, sql: `sumIf(actions, ${cond})` },
    { name: `max_actions_${suffix}`, sql: `maxIf(actions, ${cond})` },
    { name: `sum_visit_length_${suffix}`, sql: `sumIf(total_time, ${cond})` },
    { name: `bounce_count_${suffix}`, sql: `countIf(${cond} AND actions <= 1)` },
    { name: `nb_visits_converted_${suffix}`, sql: `countIf(${cond} AND converted = 1)` },
  ];
}

function frequencyProcessed(suffix: string): ProcessedMetric[] {
  return VISIT_PROCESSED.map((p) => ({
    name: `${p.name}_${suffix}`,
    compute: (v) =>
      p.compute({
        bounce_count: v[`bounce_count_${suffix}`] ?? 0,
        nb_visits: v[`nb_visits_${suffix}`] ?? 0,
        nb_actions: v[`nb_actions_${suffix}`] ?? 0,
        sum_visit_length: v[`sum_visit_length_${suffix}`] ?? 0,
      }),
    ...(p.format === undefined ? {} : { format: p.format }),
  }));
}

// ───────────── Goals, page performance ─────────────

const GOALS_GET: ReportDefinition = {
  id: 'Goals.get',
  source: 'visits',
  shape: 'single',
  visitColumns: ['conversions', 'conversion_revenue'],
  params: { idGoal: 0 },
  metrics: [
    { name: 'nb_visits', sql: 'count()', hidden: true },
    { name: 'nb_conversions', sql: 'sum(conversions)' },
    { name: 'nb_visits_converted', sql: 'countIf(conversions > 0)' },
    { name: 'revenue', sql: 'round(sum(conversion_revenue), 2)' },
  ],
  processed: [percent('conversion_rate', 'nb_visits_converted', 'nb_visits')],
};

const PERF = ['network', 'server', 'transfer', 'dom_processing', 'dom_completion', 'onload'] as const;
const PERF_NAMES: Record<(typeof PERF)[number], string> = {
  network: 'avg_time_network',
  server: 'avg_time_server',
  transfer: 'avg_time_transfer',
  dom_processing: 'avg_time_dom_processing',
  dom_completion: 'avg_time_dom_completion',
  onload: 'avg_time_on_load',
};

const PAGE_PERFORMANCE: ReportDefinition = {
  id: 'PagePerformance.get',
  source: 'actions',
  shape: 'single',
  where: 'action_type = 1',
  metrics: PERF.flatMap((p) => [
    { name: `sum_pf_${p}`, sql: `sum(ifNull(pf_${p}, 0))`, hidden: true },
    { name: `nb_pf_${p}`, sql: `count(pf_${p})`, hidden: true },
  ]),
  // Matomo answers seconds with 3 decimals; timings are stored in milliseconds.
  processed: [
    ...PERF.map((p) => ({
      name: PERF_NAMES[p],
      compute: (v: Record<string, number>) => ratio((v[`sum_pf_${p}`] ?? 0) / 1000, v[`nb_pf_${p}`], 3),
    })),
    {
      name: 'avg_page_load_time',
      compute: (v) =>
        Math.round(PERF.reduce((sum, p) => sum + (ratio((v[`sum_pf_${p}`] ?? 0) / 1000, v[`nb_pf_${p}`], 3) ?? 0), 0) * 1000) / 1000,
    },
  ],
};

// ───────────── The catalogue ─────────────

const serverHour = siteHour('last_ts');

export const REPORT_DEFINITIONS: readonly ReportDefinition[] = [
  VISITS_SUMMARY,
  ACTIONS_GET,
  pageReport('Actions.getPageUrls', 'url'),
  pageReport('Actions.getEntryPageUrls', 'url', 'entry'),
  pageReport('Actions.getExitPageUrls', 'url', 'exit'),
  pageReport('Actions.getPageTitles', 'title'),
  pageReport('Actions.getEntryPageTitles', 'title', 'entry'),
  pageReport('Actions.getExitPageTitles', 'title', 'exit'),
  linkReport('Actions.getOutlinks', 4, 'outlinkUrl'),
  linkReport('Actions.getDownloads', 5, 'downloadUrl'),
  searchReport('Actions.getSiteSearchKeywords', 'search_keyword', 'action_type = 3', 'siteSearchKeyword'),
  searchReport('Actions.getSiteSearchNoResultKeywords', 'search_keyword', 'action_type = 3 AND search_count = 0', 'siteSearchKeyword'),
  searchReport('Actions.getSiteSearchCategories', 'search_category', "action_type = 3 AND search_category != ''", 'siteSearchCategory'),
  eventReport('Events.getCategory', 'event_category', 'eventCategory', 'Event Category'),
  eventReport('Events.getAction', 'event_action', 'eventAction', 'Event Action'),
  eventReport('Events.getName', 'event_name', 'eventName', 'Event Name'),
  contentReport('Contents.getContentNames', 'content_name', 'contentName'),
  contentReport('Contents.getContentPieces', 'content_piece', 'contentPiece'),
  REFERRERS_GET,
  visitTable('Referrers.getReferrerType', 'toString(ref_type)', formatReferrerType),
  visitTable('Referrers.getAll', "concat(toString(ref_type), '|', ref_name)", formatAll),
  referrerNames('Referrers.getWebsites', 3, 'ref_name', 'referrerName', 'Unknown'),
  referrerNames('Referrers.getSearchEngines', 2, 'ref_name', 'referrerName', 'Unknown'),
  referrerNames('Referrers.getKeywords', 2, 'ref_keyword', 'referrerKeyword', 'Keyword not defined'),
  referrerNames('Referrers.getSocials', 7, 'ref_name', 'referrerName', 'Unknown'),
  referrerNames('Referrers.getCampaigns', 6, 'campaign_name', 'referrerName', 'Unknown'),
  referrerNames('Referrers.getAIAssistants', 8, 'ref_name', 'referrerName', 'Unknown'),
  visitTable('UserCountry.getCountry', 'country', formatCountry),
  visitTable('UserCountry.getContinent', continentSql('country'), formatContinent),
  visitTable('UserCountry.getRegion', "concat(region, '|', country)", formatRegion),
  visitTable('UserCountry.getCity', "concat(city, '|', region, '|', country)", formatCity),
  visitTable('UserLanguage.getLanguage', "splitByChar('-', language)[1]", formatLanguage),
  visitTable('UserLanguage.getLanguageCode', 'language', formatLanguageCode),
  visitTable('DevicesDetection.getType', 'device_type', plainFormat('deviceType')),
  visitTable('DevicesDetection.getBrand', 'device_brand', plainFormat('deviceBrand')),
  visitTable('DevicesDetection.getModel', "if(device_model = '', '', concat(device_brand, ' - ', device_model))", plainFormat(undefined)),
  visitTable('DevicesDetection.getOsFamilies', 'os_name', plainFormat('operatingSystemCode')),
  visitTable('DevicesDetection.getOsVersions', "trim(concat(os_name, ' ', os_version))", plainFormat(undefined)),
  visitTable('DevicesDetection.getBrowsers', 'browser_name', plainFormat('browserCode')),
  visitTable('DevicesDetection.getBrowserVersions', "trim(concat(browser_name, ' ', browser_version))", plainFormat(undefined)),
  visitTable('DevicesDetection.getBrowserEngines', 'browser_engine', plainFormat('browserEngine')),
  visitTable('Resolution.getResolution', 'resolution', plainFormat('resolution')),
  visitTable(
    'Resolution.getConfiguration',
    "if(os_name = '' AND browser_name = '' AND resolution = '', '', concat(os_name, ';', browser_name, ';', resolution))",
    plainFormat(undefined),
  ),
  visitTable('VisitTime.getVisitInformationPerLocalTime', 'toString(intDiv(local_time, 3600))', formatHour('visitLocalHour'), {
    allRows: HOURS,
    keepOrder: true,
  }),
  visitTable('VisitTime.getVisitInformationPerServerTime', `toString(${serverHour})`, formatHour('visitServerHour'), {
    allRows: HOURS,
    keepOrder: true,
  }),
  visitTable('VisitTime.getByDayOfWeek', 'toString(toDayOfWeek(toTimeZone(last_ts, {tz:String})))', formatDayOfWeek, {
    allRows: DAYS_OF_WEEK,
    keepOrder: true,
  }),
  bucketReport('VisitorInterest.getNumberOfVisitsPerVisitDuration', 'total_time', DURATION_BUCKETS, 'visitDuration'),
  bucketReport('VisitorInterest.getNumberOfVisitsPerPage', 'actions', PAGE_BUCKETS, 'actions', 'actions >= 1'),
  bucketReport('VisitorInterest.getNumberOfVisitsByVisitCount', 'visit_count', VISIT_COUNT_BUCKETS, 'visitCount'),
  bucketReport(
    'VisitorInterest.getNumberOfVisitsByDaysSinceLast',
    'intDiv(seconds_since_last_visit, 86400)',
    DAYS_SINCE_LAST_BUCKETS,
    'daysSinceLastVisit',
    'visit_count > 1',
  ),
  {
    id: 'VisitFrequency.get',
    source: 'visits',
    shape: 'single',
    visitColumns: ['visitor_returning'],
    metrics: [...frequencyMetrics('new', 'visitor_returning = 0'), ...frequencyMetrics('returning', 'visitor_returning >= 1')],
    processed: [...frequencyProcessed('new'), ...frequencyProcessed('returning')],
  },
  visitTable(
    'UserId.getUsers',
    "concat(user_id, '|', lower(leftPad(hex(visitor_id), 16, '0')))",
    (raw) => {
      const [user = '', idvisitor = ''] = raw.split('|');
      return { label: user, metadata: { idvisitor, segment: `userId==${encodeURIComponent(user)}` } };
    },
    { where: "user_id != ''" },
  ),
  visitTable('CustomDimensions.getCustomDimension', 'custom_dimension', plainFormat(undefined, 'Value not defined'), {
    params: { dimensionId: 0 },
  }),
  PAGE_PERFORMANCE,
  GOALS_GET,
  { ...GOALS_GET, id: 'Goals.getMetrics' },
];

export const REPORTS: ReadonlyMap<string, ReportDefinition> = new Map(REPORT_DEFINITIONS.map((r) => [r.id, r]));
