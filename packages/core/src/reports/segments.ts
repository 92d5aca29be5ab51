import { DEVICE_TYPE_LABELS } from '../enrich/device.js';
import { SillageError } from '../errors.js';
import { REFERRER_TYPE } from '../event-row.js';
import { continentSql } from './labels.js';

/**
 * Matomo segments (matomo-compat.md §6.5): `name<op>value` conditions joined by `,` (OR) and `;` (AND),
 * OR binding tighter than AND, values URL-encoded. Parsing is separate from SQL so the parser can be
 * table-tested on its own and errors can name the offending part.
 */
export const SEGMENT_OPERATORS = ['==', '!=', '<=', '>=', '=@', '!@', '=^', '=$', '<', '>'] as const;
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number];

export interface SegmentCondition {
  readonly name: string;
  readonly op: SegmentOperator;
  /** URL-decoded value. */
  readonly value: string;
}

/** AND of ORs: `a;b,c` = [[a], [b, c]]. */
export type SegmentExpression = readonly (readonly SegmentCondition[])[];

/** Longest operators first so `<=` is not read as `<` followed by `=`. */
const CONDITION = /^([A-Za-z][A-Za-z0-9_.]*)(==|!=|<=|>=|=@|!@|=\^|=\$|<|>)(.*)$/s;

function invalid(part: string, why: string): SillageError {
  return new SillageError('API_INVALID_SEGMENT', [part, why]);
}

function decodeValue(raw: string, part: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, '%20'));
  } catch {
    throw invalid(part, 'the value is not valid URL encoding');
  }
}

/**
 * Parses a segment definition. The definition arrives already decoded once by the query string parser;
 * a definition that is still encoded as a whole (`pageUrl%3D%3D…`, as some clients send it) is decoded
 * first, then each value once more.
 */
export function parseSegment(definition: string): SegmentExpression {
  let def = definition.trim();
  if (def === '') return [];
  if (!CONDITION.test(def.split(/[;,]/)[0] ?? '') && /%[0-9A-Fa-f]{2}/.test(def)) {
    try {
      def = decodeURIComponent(def);
    } catch {
      throw invalid(definition, 'the segment is not valid URL encoding');
    }
  }
  return def.split(';').map((andPart) => {
    if (andPart === '') throw invalid(def, 'empty condition around ";"');
    return andPart.split(',').map((orPart) => {
      if (orPart === '') throw invalid(andPart, 'empty condition around ","');
      const m = CONDITION.exec(orPart);
      if (m === null) throw invalid(orPart, `expected name, one of ${SEGMENT_OPERATORS.join(' ')}, then a value`);
      const [, name, op, rawValue] = m as unknown as [string, string, SegmentOperator, string];
      return { name, op, value: decodeValue(rawValue, orPart) };
    });
  });
}

/**
 * Where a segment dimension lives. `visit`: an aggregate over the visit's rows (evaluated per visit,
 * after GROUP BY visit_id). `action`: a condition on single rows; a visit matches when at least one of
 * its actions does (Matomo's behaviour for action segments on visit reports).
 */
export interface SegmentDimension {
  readonly level: 'visit' | 'action';
  /** ClickHouse expression: an aggregate for visit, a row expression for action. */
  readonly sql: string;
  readonly type: 'string' | 'number';
  /** Row filter an action dimension applies to (e.g. page views only for pageUrl). */
  readonly actionFilter?: string;
  /** Maps API values to stored ones (referrerType=search → 2). Unknown values are an error. */
  readonly values?: Readonly<Record<string, number | string>>;
  /**
   * A page URL: Matomo stores page URLs without `http(s)://` and `www.` and strips them from segment
   * values (`pageUrl=^example.org/shop` matches https://www.example.org/shop/…), so both sides are
   * compared without them.
   */
  readonly pageUrl?: true;
}

const last = (col: string) => `argMax(${col}, seq)`;
const visitStr = (col: string): SegmentDimension => ({ level: 'visit', sql: last(col), type: 'string' });
const visitNum = (sql: string): SegmentDimension => ({ level: 'visit', sql, type: 'number' });
const pageUrl = (sql: string, level: 'visit' | 'action'): SegmentDimension => ({
  level,
  sql,
  type: 'string',
  pageUrl: true,
  ...(level === 'action' ? { actionFilter: 'action_type = 1' } : {}),
});
const actionStr = (col: string, actionFilter?: string): SegmentDimension => ({
  level: 'action',
  sql: col,
  type: 'string',
  ...(actionFilter === undefined ? {} : { actionFilter }),
});

export const REFERRER_TYPE_SEGMENT_VALUES: Readonly<Record<string, number>> = {
  direct: REFERRER_TYPE.direct,
  search: REFERRER_TYPE.search,
  website: REFERRER_TYPE.website,
  campaign: REFERRER_TYPE.campaign,
  social: REFERRER_TYPE.social,
  ai: REFERRER_TYPE.ai,
  aiassistant: REFERRER_TYPE.ai,
};

const ACTION_TYPE_SEGMENT_VALUES: Readonly<Record<string, number>> = {
  pageviews: 1,
  events: 2,
  sitesearches: 3,
  outlinks: 4,
  downloads: 5,
  contents: 9,
};

/**
 * Day of the week as Matomo's segments number it: MySQL DAYOFWEEK, 1 = Sunday … 7 = Saturday
 * (ClickHouse mode 3), in the site's timezone like the other server times here.
 */
const siteDayOfWeek = (instant: string) => `toDayOfWeek(toTimeZone(${instant}, {tz:String}), 3)`;

/** Hour of an instant in the site's timezone; `{tz:String}` is always bound by the builder. */
export const siteHour = (instant: string) => `toHour(toTimeZone(${instant}, {tz:String}))`;

/** The segment dimensions Sillage understands, by Matomo segment name. */
export const SEGMENT_DIMENSIONS: Readonly<Record<string, SegmentDimension>> = {
  // Visit
  visitorId: { level: 'visit', sql: "lower(leftPad(hex(any(visitor_id)), 16, '0'))", type: 'string' },
  visitId: visitNum('any(visit_id)'),
  userId: { level: 'visit', sql: "maxIf(user_id, user_id != '')", type: 'string' },
  fingerprint: { level: 'visit', sql: "lower(leftPad(hex(any(config_id)), 16, '0'))", type: 'string' },
  visitIp: visitStr('ip'),
  visitorType: { ...visitNum('min(visitor_returning)'), values: { new: 0, returning: 1, returningCustomer: 2 } },
  visitCount: visitNum('max(visit_count)'),
  visitDuration: visitNum('max(visit_total_time)'),
  actions: visitNum('sum(is_action)'),
  interactions: visitNum('sum(is_action)'),
  searches: visitNum('countIf(action_type = 3)'),
  events: visitNum('countIf(action_type = 2)'),
  daysSinceLastVisit: visitNum('intDiv(max(seconds_since_last_visit), 86400)'),
  daysSinceFirstVisit: visitNum('intDiv(max(seconds_since_first_visit), 86400)'),
  secondsSinceLastVisit: visitNum('max(seconds_since_last_visit)'),
  secondsSinceFirstVisit: visitNum('max(seconds_since_first_visit)'),
  visitConverted: visitNum('max(action_type IN (6, 7))'),
  visitConvertedGoalId: { level: 'action', sql: 'goal_id', type: 'number', actionFilter: 'action_type = 6' },
  // Time (site timezone; Matomo's visit "server" times are the visit's last action)
  visitServerHour: visitNum(siteHour('maxIf(ts, is_action = 1 OR action_type IN (6, 7))')),
  visitEndServerHour: visitNum(siteHour('maxIf(ts, is_action = 1 OR action_type IN (6, 7))')),
  visitStartServerHour: visitNum(siteHour('min(ts)')),
  visitLocalHour: visitNum('intDiv(argMin(local_time, seq), 3600)'),
  visitEndServerDayOfWeek: visitNum(siteDayOfWeek('max(ts)')),
  visitStartServerDayOfWeek: visitNum(siteDayOfWeek('min(ts)')),
  actionServerHour: { level: 'action', sql: siteHour('ts'), type: 'number' },
  // Referrer (the visit's last value: a direct visit may learn its referrer from a later hit)
  referrerType: { ...visitNum(last('ref_type')), values: REFERRER_TYPE_SEGMENT_VALUES },
  referrerName: visitStr('ref_name'),
  referrerKeyword: visitStr('ref_keyword'),
  referrerUrl: visitStr('ref_url'),
  campaignName: visitStr('campaign_name'),
  campaignKeyword: visitStr('campaign_keyword'),
  campaignSource: visitStr('campaign_source'),
  campaignMedium: visitStr('campaign_medium'),
  campaignContent: visitStr('campaign_content'),
  campaignId: visitStr('campaign_id'),
  campaignGroup: visitStr('campaign_group'),
  campaignPlacement: visitStr('campaign_placement'),
  // Geo, language, device
  countryCode: visitStr('country'),
  continentCode: { level: 'visit', sql: continentSql(last('country')), type: 'string' },
  regionCode: visitStr('region'),
  city: visitStr('city'),
  languageCode: visitStr('language'),
  // Matomo's values are lower case ("smartphone", matched whatever the case); rows store the labels.
  deviceType: { ...visitStr('device_type'), values: DEVICE_TYPE_LABELS },
  deviceBrand: visitStr('device_brand'),
  deviceModel: visitStr('device_model'),
  operatingSystemCode: visitStr('os_name'),
  operatingSystemName: visitStr('os_name'),
  operatingSystemVersion: visitStr('os_version'),
  browserCode: visitStr('browser_name'),
  browserName: visitStr('browser_name'),
  browserVersion: visitStr('browser_version'),
  browserEngine: visitStr('browser_engine'),
  resolution: visitStr('resolution'),
  // Entry and exit pages: the visit's first and last page view
  entryPageUrl: pageUrl('argMinIf(url, seq, action_type = 1)', 'visit'),
  entryPageTitle: { level: 'visit', sql: 'argMinIf(title, seq, action_type = 1)', type: 'string' },
  exitPageUrl: pageUrl('argMaxIf(url, seq, action_type = 1)', 'visit'),
  exitPageTitle: { level: 'visit', sql: 'argMaxIf(title, seq, action_type = 1)', type: 'string' },
  // Actions
  pageUrl: pageUrl('url', 'action'),
  pageTitle: actionStr('title', 'action_type = 1'),
  downloadUrl: actionStr('link_url', 'action_type = 5'),
  outlinkUrl: actionStr('link_url', 'action_type = 4'),
  actionType: { level: 'action', sql: 'action_type', type: 'number', values: ACTION_TYPE_SEGMENT_VALUES },
  siteSearchKeyword: actionStr('search_keyword', 'action_type = 3'),
  siteSearchCategory: actionStr('search_category', 'action_type = 3'),
  siteSearchCount: { level: 'action', sql: 'ifNull(search_count, 0)', type: 'number', actionFilter: 'action_type = 3' },
  eventCategory: actionStr('event_category', 'action_type = 2'),
  eventAction: actionStr('event_action', 'action_type = 2'),
  eventName: actionStr('event_name', 'action_type = 2'),
  eventValue: { level: 'action', sql: 'event_value', type: 'number', actionFilter: 'action_type = 2 AND event_value IS NOT NULL' },
  contentName: actionStr('content_name', 'action_type IN (9, 10)'),
  contentPiece: actionStr('content_piece', 'action_type IN (9, 10)'),
  contentTarget: actionStr('content_target', 'action_type IN (9, 10)'),
  contentInteraction: actionStr('content_interaction', 'action_type = 10'),
  orderId: actionStr('order_id', 'action_type = 7'),
  productSku: actionStr('product_sku'),
  productName: actionStr('product_name'),
};

/** `dimension1`, `dimension2`, …: custom dimensions, matched on any row of the visit. */
const CUSTOM_DIMENSION = /^dimension([1-9]\d{0,3})$/;

export function segmentDimension(name: string): SegmentDimension | undefined {
  const known = SEGMENT_DIMENSIONS[name];
  if (known !== undefined) return known;
  const custom = CUSTOM_DIMENSION.exec(name);
  if (custom !== null) return { level: 'action', sql: `dimensions[${Number(custom[1])}]`, type: 'string' };
  return undefined;
}

export interface CompiledSegment {
  /** A boolean expression over the rows of one visit (for HAVING after GROUP BY visit_id). */
  readonly having: string;
  readonly params: Record<string, string | number>;
}

function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const URL_PREFIX = /^https?:\/\/(www\.)?/i;
const withoutUrlPrefix = (sql: string) => `replaceRegexpOne(${sql}, '(?i)^https?://(www[.])?', '')`;

/**
 * Compiles a parsed segment to a HAVING expression over a visit's rows. Values travel as query
 * parameters (`{sN:String}`), never spliced into SQL.
 */
export function compileSegment(expr: SegmentExpression, paramPrefix = 'seg'): CompiledSegment {
  const params: Record<string, string | number> = {};
  let n = 0;
  const bind = (value: string | number, type: 'String' | 'Float64'): string => {
    const key = `${paramPrefix}${n++}`;
    params[key] = value;
    return `{${key}:${type}}`;
  };

  const condition = (c: SegmentCondition): string => {
    const part = `${c.name}${c.op}${c.value}`;
    const dim = segmentDimension(c.name);
    if (dim === undefined) throw invalid(part, `unknown segment "${c.name}"`);
    let value: string | number = dim.pageUrl ? c.value.replace(URL_PREFIX, '') : c.value;
    if (dim.values !== undefined && c.value !== '') {
      const mapped = dim.values[c.value] ?? dim.values[c.value.toLowerCase()];
      if (mapped === undefined) throw invalid(part, `"${c.value}" is not one of ${Object.keys(dim.values).join(', ')}`);
      value = mapped;
    }
    const numeric = dim.type === 'number';
    // Contains and ends-with give the same answer on the whole URL: only anchored tests pay for the regex.
    const sql = dim.pageUrl && !['=@', '!@', '=$'].includes(c.op) ? withoutUrlPrefix(dim.sql) : dim.sql;
    if (numeric && typeof value === 'string' && value !== '' && !Number.isFinite(Number(value))) {
      throw invalid(part, `"${c.value}" is not a number`);
    }
    const col = numeric ? `toFloat64(${sql})` : sql;
    const scalar = () => (numeric ? bind(Number(value), 'Float64') : bind(String(value), 'String'));
    // Matomo 4+: != and !@ on an action dimension select the visits with NO matching action (idvisit NOT IN
    // the visits matching == or =@), not the visits having one action that differs [matomo: core/Segment.php
    // doesSegmentNeedSubquery]. `!=` with no value (not empty) stays a test on one action.
    const noActionMatches = dim.level === 'action' && (c.op === '!@' || (c.op === '!=' && value !== ''));
    let test: string;
    switch (c.op) {
      case '==':
        test = value === '' ? (numeric ? `${col} = 0` : `${col} = ''`) : `${col} = ${scalar()}`;
        break;
      case '!=':
        test = value === '' ? (numeric ? `${col} != 0` : `${col} != ''`) : `${col} ${noActionMatches ? '=' : '!='} ${scalar()}`;
        break;
      case '<':
      case '>':
      case '<=':
      case '>=':
        if (value === '') throw invalid(part, 'a comparison needs a value');
        test = `${col} ${c.op} ${scalar()}`;
        break;
      case '=@':
      case '!@':
      case '=^':
      case '=$': {
        const v = escapeLike(String(value));
        const pattern = c.op === '=^' ? `${v}%` : c.op === '=$' ? `%${v}` : `%${v}%`;
        const like = `toString(${sql}) ILIKE ${bind(pattern, 'String')}`;
        test = c.op === '!@' && !noActionMatches ? `NOT (${like})` : like;
        break;
      }
    }
    if (dim.level === 'visit') return `(${test})`;
    const filter = dim.actionFilter === undefined ? test : `(${dim.actionFilter}) AND (${test})`;
    return `(countIf(${filter}) ${noActionMatches ? '= 0' : '> 0'})`;
  };

  const having = expr.map((ors) => `(${ors.map(condition).join(' OR ')})`).join(' AND ');
  return { having, params };
}
