/**
 * GDPR tools (matomo-compat §5.3): find a data subject, export everything stored about them, erase it,
 * and anonymise previously tracked data over a date range. Every change goes through the event store
 * as a synchronous mutation (mutations_sync), so a search run right after it sees the result; the
 * callers write the audit-log entry.
 */
import { EVENT_COLUMNS, EVENTS_TABLE, hexIdToBigint, SillageError } from '@sillage/core';
import type { EventStore, QueryParams } from '@sillage/storage';

/** Who to look for. Criteria are ANDed; at least one is required. */
export interface DataSubjectCriteria {
  readonly siteIds: readonly number[];
  /** 16 hex characters, as shown in reports. */
  readonly visitorId?: string;
  readonly userId?: string;
  /** The IP as stored (anonymised), e.g. "192.168.0.0". */
  readonly ip?: string;
}

/** One visit of a data subject, with the fields Matomo's findDataSubjects keeps. */
export interface DataSubjectVisit {
  readonly idSite: number;
  readonly idVisit: string;
  readonly visitorId: string;
  readonly userId: string;
  readonly visitIp: string;
  readonly lastActionDateTime: string;
  readonly actions: number;
  readonly deviceType: string;
  readonly operatingSystem: string;
  readonly browser: string;
  readonly country: string;
  readonly region: string;
}

export interface VisitRef {
  readonly idSite: number;
  readonly idVisit: string;
}

const HEX16 = /^[0-9a-f]{16}$/i;
/** Matomo's findDataSubjects stops at 401 visits. */
export const FIND_LIMIT = 401;

/**
 * The segments findDataSubjects understands: visitorId, userId and visitIp with `==`, joined by `;`
 * (AND). That is what identifies a data subject; reports have the full segment language.
 */
export function criteriaFromSegment(siteIds: readonly number[], segment: string): DataSubjectCriteria {
  const criteria: { siteIds: readonly number[]; visitorId?: string; userId?: string; ip?: string } = { siteIds };
  for (const part of segment.split(';')) {
    const m = /^\s*(visitorId|userId|visitIp)==(.*)$/.exec(part);
    if (m === null) throw new SillageError('API_INVALID_PARAMETER', ['segment', segment]);
    const value = decodeURIComponent(m[2]!.trim());
    if (m[1] === 'visitorId') criteria.visitorId = value;
    else if (m[1] === 'userId') criteria.userId = value;
    else criteria.ip = value;
  }
  return criteria;
}

function whereFor(c: DataSubjectCriteria): { where: string; params: Record<string, QueryParams[string]> } {
  if (c.siteIds.length === 0) throw new SillageError('API_MISSING_PARAMETER', ['idSite']);
  const parts = ['site_id IN {sites:Array(UInt32)}'];
  const params: Record<string, QueryParams[string]> = { sites: [...c.siteIds] };
  if (c.visitorId !== undefined) {
    if (!HEX16.test(c.visitorId)) throw new SillageError('API_INVALID_PARAMETER', ['visitorId', c.visitorId]);
    parts.push('visitor_id = {visitor:UInt64}');
    params['visitor'] = hexIdToBigint(c.visitorId.toLowerCase()).toString();
  }
  if (c.userId !== undefined) {
    parts.push('user_id = {user:String}');
    params['user'] = c.userId;
  }
  if (c.ip !== undefined) {
    parts.push('ip = {ip:String}');
    params['ip'] = c.ip;
  }
  if (parts.length === 1) throw new SillageError('API_MISSING_PARAMETER', ['visitorId, userId, visitIp or segment']);
  return { where: parts.join(' AND '), params };
}

const HEX_VISITOR = "leftPad(lower(hex(visitor_id)), 16, '0')";

/** The subject's visits, newest first (at most FIND_LIMIT). */
export async function findDataSubjects(events: EventStore, criteria: DataSubjectCriteria): Promise<DataSubjectVisit[]> {
  const { where, params } = whereFor(criteria);
  const rows = await events.query<Record<string, string | number>>(
    `SELECT site_id, toString(visit_id) AS visit_id, any(${HEX_VISITOR}) AS visitor, anyLast(user_id) AS user_id, any(ip) AS ip,
            formatDateTime(max(ts), '%Y-%m-%d %H:%i:%S') AS last_ts, sum(is_action) AS actions,
            any(device_type) AS device_type, any(os_name) AS os_name, any(browser_name) AS browser_name,
            any(country) AS country, any(region) AS region
     FROM ${EVENTS_TABLE}
     WHERE (site_id, visit_id) IN (SELECT site_id, visit_id FROM ${EVENTS_TABLE} WHERE ${where})
     GROUP BY site_id, visit_id
     ORDER BY max(ts) DESC
     LIMIT ${FIND_LIMIT}`,
    params,
  );
  return rows.map((r) => ({
    idSite: Number(r['site_id']),
    idVisit: String(r['visit_id']),
    visitorId: String(r['visitor']),
    userId: String(r['user_id']),
    visitIp: String(r['ip']),
    lastActionDateTime: String(r['last_ts']),
    actions: Number(r['actions']),
    deviceType: String(r['device_type']),
    operatingSystem: String(r['os_name']),
    browser: String(r['browser_name']),
    country: String(r['country']),
    region: String(r['region']),
  }));
}

function visitsWhere(visits: readonly VisitRef[]): { where: string; params: Record<string, QueryParams[string]> } {
  if (visits.length === 0) throw new SillageError('API_MISSING_PARAMETER', ['visits']);
  const bySite = new Map<number, string[]>();
  for (const v of visits) {
    if (!Number.isInteger(v.idSite) || v.idSite <= 0 || !/^\d{1,20}$/.test(v.idVisit))
      throw new SillageError('API_INVALID_PARAMETER', ['visits', `${v.idSite}/${v.idVisit}`]);
    bySite.set(v.idSite, [...(bySite.get(v.idSite) ?? []), v.idVisit]);
  }
  const parts: string[] = [];
  const params: Record<string, QueryParams[string]> = {};
  let i = 0;
  for (const [site, ids] of bySite) {
    parts.push(`(site_id = {s${i}:UInt32} AND visit_id IN {v${i}:Array(UInt64)})`);
    params[`s${i}`] = site;
    params[`v${i}`] = ids;
    i++;
  }
  return { where: parts.join(' OR '), params };
}

/** Every stored column of the given visits' rows, in table order; 64-bit ids as decimal strings. */
export async function exportVisits(events: EventStore, visits: readonly VisitRef[]): Promise<Record<string, unknown>[]> {
  const { where, params } = visitsWhere(visits);
  const select = EVENT_COLUMNS.map(([name]) => name).join(', ');
  return events.query(`SELECT ${select} FROM ${EVENTS_TABLE} WHERE ${where} ORDER BY site_id, seq`, params);
}

/** Every stored row matching the criteria (all visits, not only the first 401). */
export async function exportDataSubject(events: EventStore, criteria: DataSubjectCriteria): Promise<Record<string, unknown>[]> {
  const { where, params } = whereFor(criteria);
  const select = EVENT_COLUMNS.map(([name]) => name).join(', ');
  return events.query(
    `SELECT ${select} FROM ${EVENTS_TABLE}
     WHERE (site_id, visit_id) IN (SELECT site_id, visit_id FROM ${EVENTS_TABLE} WHERE ${where})
     ORDER BY site_id, seq`,
    params,
  );
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header row; objects (dimensions, arrays) as JSON text. */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  const header = EVENT_COLUMNS.map(([name]) => name);
  const lines = [header.join(',')];
  for (const row of rows) lines.push(header.map((name) => csvCell(row[name])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

async function countWhere(events: EventStore, where: string, params: QueryParams): Promise<number> {
  const [row] = await events.query<{ n: string | number }>(`SELECT count() AS n FROM ${EVENTS_TABLE} WHERE ${where}`, params);
  return Number(row?.n ?? 0);
}

export interface EraseResult {
  readonly deletedRows: number;
  /** Rows still matching after the deletion: 0, or the erase failed. */
  readonly remainingRows: number;
}

/** Deletes rows for real (a mutation that rewrites the parts), then counts again to prove it. */
async function deleteWhere(events: EventStore, where: string, params: QueryParams): Promise<EraseResult> {
  const before = await countWhere(events, where, params);
  if (before > 0) await events.command(`ALTER TABLE ${EVENTS_TABLE} DELETE WHERE ${where} SETTINGS mutations_sync = 1`, params);
  const remainingRows = await countWhere(events, where, params);
  return { deletedRows: before - remainingRows, remainingRows };
}

/** Erases the given visits (Matomo's deleteDataSubjects). */
export function eraseVisits(events: EventStore, visits: readonly VisitRef[]): Promise<EraseResult> {
  const { where, params } = visitsWhere(visits);
  return deleteWhere(events, where, params);
}

/** Erases every visit of the data subject matching the criteria. */
export async function eraseDataSubject(events: EventStore, criteria: DataSubjectCriteria): Promise<EraseResult> {
  const { where, params } = whereFor(criteria);
  // Whole visits go: a visit's rows without the identifying ones would still describe the person.
  const visitIds = await events.query<{ site_id: number; visit_id: string }>(
    `SELECT DISTINCT site_id, toString(visit_id) AS visit_id FROM ${EVENTS_TABLE} WHERE ${where}`,
    params,
  );
  if (visitIds.length === 0) return { deletedRows: 0, remainingRows: 0 };
  const result = await eraseVisits(
    events,
    visitIds.map((v) => ({ idSite: Number(v.site_id), idVisit: String(v.visit_id) })),
  );
  // The criteria themselves must find nothing any more.
  return { deletedRows: result.deletedRows, remainingRows: result.remainingRows + (await countWhere(events, where, params)) };
}

export interface AnonymizeOptions {
  readonly siteIds: readonly number[];
  /** Inclusive range, seconds since epoch (UTC). */
  readonly fromSec: number;
  readonly toSec: number;
  /** Bytes of IPv4 addresses to zero (1..4); IPv6 addresses are cut to the matching prefix. */
  readonly ipBytes?: 1 | 2 | 3 | 4;
  readonly location?: boolean;
  readonly userAgent?: boolean;
  readonly userId?: boolean;
}

// IPv6 prefixes kept per anonymised byte count (matomo-compat §5.1 table).
const IPV6_KEEP_BITS = { 1: 64, 2: 48, 3: 24, 4: 0 } as const;

/** Anonymises previously stored rows (Matomo's anonymizeSomeRawData, run at once); returns rows changed. */
export async function anonymizeStoredData(events: EventStore, o: AnonymizeOptions): Promise<number> {
  const sets: string[] = [];
  if (o.ipBytes !== undefined) {
    const keepV4 = 4 - o.ipBytes;
    const v4 = keepV4 === 0 ? "'0.0.0.0'" : `IPv4NumToString(bitAnd(IPv4StringToNum(ip), ${(0xffffffff << (32 - keepV4 * 8)) >>> 0}))`;
    const v6Bits = IPV6_KEEP_BITS[o.ipBytes];
    const v6 = `toString(tupleElement(IPv6CIDRToRange(toIPv6(ip), ${v6Bits}), 1))`;
    sets.push(`ip = if(ip = '', '', if(position(ip, ':') > 0, ${v6}, ${v4}))`);
  }
  if (o.location) sets.push("country = '', region = '', city = '', latitude = NULL, longitude = NULL");
  if (o.userAgent) sets.push("user_agent = '', client_hints = ''");
  if (o.userId) sets.push("user_id = ''");
  if (sets.length === 0)
    throw new SillageError('API_MISSING_PARAMETER', ['anonymizeIp, anonymizeLocation, anonymizeUserAgent or anonymizeUserId']);
  const where = "site_id IN {sites:Array(UInt32)} AND ts >= toDateTime({from:UInt32}, 'UTC') AND ts <= toDateTime({to:UInt32}, 'UTC')";
  const params = { sites: [...o.siteIds], from: o.fromSec, to: o.toSec };
  const rows = await countWhere(events, where, params);
  if (rows > 0)
    await events.command(`ALTER TABLE ${EVENTS_TABLE} UPDATE ${sets.join(', ')} WHERE ${where} SETTINGS mutations_sync = 1`, params);
  return rows;
}
