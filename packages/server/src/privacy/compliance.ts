/**
 * The compliance audit: for each site, every consent-exemption condition with a status (pass / fail /
 * warning), the evidence (setting values and counts of stored data) and how to fix it, plus a scan of
 * stored text for personal data. Read-only: it never changes settings or data.
 */
import {
  EVENTS_TABLE,
  EXEMPT_CONDITIONS,
  type ExemptCondition,
  findPii,
  ignoredOverrides,
  PII_QUERY_PARAMETERS,
  type PrivacyModeName,
  redactedExample,
} from '@sillage/core';
import type { EventStore, MetaStore, SiteRecord } from '@sillage/storage';
import type { SiteOptOutProbe } from '../optout/probe.js';
import { RETENTION_LAST_RUN_KEY, type RetentionRun } from './retention.js';

export type CheckStatus = 'pass' | 'fail' | 'warning';

export interface ComplianceCheck {
  readonly id: string;
  readonly status: CheckStatus;
  readonly title: string;
  readonly evidence: readonly string[];
  readonly fix: string;
}

export interface PiiFinding {
  readonly field: string;
  readonly kind: string;
  /** Stored rows whose value contains it. */
  readonly rows: number;
  readonly examples: readonly string[];
}

export interface SiteCompliance {
  readonly idSite: number;
  readonly name: string;
  readonly mode: PrivacyModeName;
  /** pass when every check passes, warning when none fails, fail otherwise. */
  readonly status: CheckStatus;
  readonly checks: readonly ComplianceCheck[];
  readonly pii: readonly PiiFinding[];
}

/** Window the data checks look at: the exemption's 25-month maximum retention. */
const WINDOW_MONTHS = 25;
/** Distinct values per field the PII scan reads (after the engine's cheap prefilter). */
const SCAN_LIMIT = 20_000;

interface DataFacts {
  rows: number;
  userIdRows: number;
  ecommerceRows: number;
  unmaskedIpRows: number;
  campaignDetailRows: number;
  oldestTs: string;
}

async function dataFacts(events: EventStore, siteId: number, sinceSec: number): Promise<DataFacts> {
  const [r] = await events.query<Record<string, string | number>>(
    `SELECT count() AS rows,
            countIf(user_id != '') AS user_id_rows,
            countIf(action_type IN (7, 8)) AS ecommerce_rows,
            countIf(position(ip, ':') = 0 AND ip != '' AND NOT endsWith(ip, '.0.0')) AS unmasked_ip_rows,
            countIf(campaign_keyword != '' OR campaign_content != '' OR campaign_id != '' OR campaign_group != '' OR campaign_placement != '') AS campaign_rows,
            if(count() = 0, '', formatDateTime(min(ts), '%Y-%m-%d')) AS oldest
     FROM ${EVENTS_TABLE} WHERE site_id = {site:UInt32} AND ts >= toDateTime({since:UInt32}, 'UTC')`,
    { site: siteId, since: sinceSec },
  );
  const [all] = await events.query<{ oldest: string }>(
    `SELECT if(count() = 0, '', formatDateTime(min(ts), '%Y-%m-%d')) AS oldest FROM ${EVENTS_TABLE} WHERE site_id = {site:UInt32}`,
    { site: siteId },
  );
  return {
    rows: Number(r?.['rows'] ?? 0),
    userIdRows: Number(r?.['user_id_rows'] ?? 0),
    ecommerceRows: Number(r?.['ecommerce_rows'] ?? 0),
    unmaskedIpRows: Number(r?.['unmasked_ip_rows'] ?? 0),
    campaignDetailRows: Number(r?.['campaign_rows'] ?? 0),
    oldestTs: all?.oldest ?? '',
  };
}

function conditionEvidence(c: ExemptCondition, site: SiteRecord, facts: DataFacts, lastRun: RetentionRun | undefined): string[] {
  const p = site.privacy as unknown as Record<string, unknown>;
  const months = `${WINDOW_MONTHS} months`;
  switch (c.id) {
    case 'ip-anonymised':
      return [
        `anonymizeIpBytes = ${p['anonymizeIpBytes']}`,
        facts.unmaskedIpRows === 0
          ? `every stored IPv4 address in the last ${months} ends in .0.0`
          : `${facts.unmaskedIpRows} stored rows in the last ${months} keep more than 2 bytes of the IPv4 address`,
      ];
    case 'user-id-refused':
      return [
        `allowUserId = ${p['allowUserId']}`,
        facts.userIdRows === 0 ? 'User ID report has no data' : `${facts.userIdRows} stored rows carry a User ID in the last ${months}`,
      ];
    case 'ecommerce-refused':
      return [`allowEcommerce = ${p['allowEcommerce']}`, `${facts.ecommerceRows} ecommerce hits in the last ${months}`];
    case 'visits-log-off':
      return [`visitsLog = ${p['visitsLog'] ?? 'not available'}`, `visitorProfile = ${p['visitorProfile'] ?? 'not available'}`];
    case 'cookie-lifetime':
      return [`cookieLifetimeMonths = ${p['cookieLifetimeMonths']}`];
    case 'retention': {
      const run = lastRun?.sites.find((s) => s.idSite === site.id);
      return [
        `retentionMonths = ${p['retentionMonths']}`,
        facts.oldestTs === '' ? 'no stored events' : `oldest stored event: ${facts.oldestTs}`,
        lastRun === undefined
          ? 'retention job has not run yet'
          : `retention job last ran ${lastRun.at}${run ? `, deleted ${run.deletedRows} rows` : ''}`,
      ];
    }
    case 'campaign-channel':
      return [
        `campaignDetail = ${p['campaignDetail']}`,
        `${facts.campaignDetailRows} stored rows with campaign keyword, content or ids in the last ${months}`,
      ];
    default:
      return [];
  }
}

/** Status of a condition given the site's mode: broken conditions covered by consent or a waiver warn. */
function conditionStatus(c: ExemptCondition, mode: PrivacyModeName, holds: boolean, dataClean: boolean): CheckStatus {
  if (holds) return dataClean ? 'pass' : 'warning';
  if (mode === 'consented' && c.consentable) return 'warning';
  if (c.waivable && mode !== 'custom') return 'warning';
  return 'fail';
}

function dataClean(c: ExemptCondition, f: DataFacts): boolean {
  if (c.id === 'user-id-refused') return f.userIdRows === 0;
  if (c.id === 'ecommerce-refused') return f.ecommerceRows === 0;
  if (c.id === 'ip-anonymised') return f.unmaskedIpRows === 0;
  return true;
}

const STATIC_CHECKS: readonly ComplianceCheck[] = [
  {
    id: 'cross-domain-ignored',
    status: 'pass',
    title: 'Cross-domain linking parameters are ignored',
    evidence: ['pk_vid is removed from every stored URL and never used as a visitor id'],
    fix: '',
  },
  {
    id: 'no-third-party-cookie',
    status: 'pass',
    title: 'The tracking endpoint sets no cookie',
    evidence: ['tracking responses carry no Set-Cookie header'],
    fix: '',
  },
  {
    id: 'no-heatmaps',
    status: 'pass',
    title: 'Heatmaps and session recordings are impossible',
    evidence: ['Sillage has no heatmap or session-recording collection'],
    fix: '',
  },
];

// Fields scanned for personal data, with an engine-side prefilter that keeps only values that could
// hold some (an "@", 6+ digits, or a sensitive query parameter): the detectors then run on few values.
const SCAN_FIELDS: readonly [string, string][] = [
  ['url', 'url'],
  ['title', 'title'],
  ['event_category', 'event_category'],
  ['event_action', 'event_action'],
  ['event_name', 'event_name'],
  ['dimensions', 'arrayJoin(mapValues(dimensions))'],
];

function paramPrefilter(expr: string): string {
  return `hasAny(arrayMap(x -> replaceAll(lower(x), '_', ''), extractURLParameterNames(${expr})), [${PII_QUERY_PARAMETERS.map((p) => `'${p}'`).join(', ')}])`;
}

async function scanPii(events: EventStore, siteId: number, sinceSec: number): Promise<PiiFinding[]> {
  const findings = new Map<string, { field: string; kind: string; rows: number; examples: string[] }>();
  const add = (field: string, kind: string, rows: number, example: string) => {
    const key = `${field}\u0000${kind}`;
    const f = findings.get(key) ?? { field, kind, rows: 0, examples: [] };
    f.rows += rows;
    if (f.examples.length < 3) f.examples.push(example);
    findings.set(key, f);
  };
  for (const [field, expr] of SCAN_FIELDS) {
    const urlLike = field === 'url';
    const rows = await events.query<{ v: string; n: string | number; flagged: number }>(
      `SELECT v, count() AS n, max(p) AS flagged FROM (
         SELECT ${expr} AS v, ${urlLike ? paramPrefilter('v') : '0'} AS p FROM ${EVENTS_TABLE}
         WHERE site_id = {site:UInt32} AND ts >= toDateTime({since:UInt32}, 'UTC'))
       WHERE v != '' AND (position(v, '@') > 0 OR position(v, '%40') > 0 OR match(v, '\\\\d(?:[^\\\\d]{0,3}\\\\d){5}') OR p = 1)
       GROUP BY v ORDER BY n DESC LIMIT ${SCAN_LIMIT}`,
      { site: siteId, since: sinceSec },
    );
    for (const r of rows) {
      const n = Number(r.n);
      if (Number(r.flagged) === 1) add(field, 'query-param', n, r.v.replace(/([?&][^=&#]*=)[^&#]*/g, '$1…').slice(0, 80));
      const kinds = new Set(findPii(r.v).map((m) => m.kind));
      for (const kind of kinds) add(field, kind, n, redactedExample(r.v));
    }
  }
  return [...findings.values()].sort((a, b) => b.rows - a.rows);
}

export interface ComplianceOptions {
  readonly nowMs: number;
  readonly siteIds?: readonly number[];
  /** Checks the opt-out page (optout/probe.ts); absent = reported as not checked (warning). */
  readonly optOutProbe?: SiteOptOutProbe;
}

export async function complianceReport(meta: MetaStore, events: EventStore, o: ComplianceOptions): Promise<SiteCompliance[]> {
  const sites = (await meta.sites.list()).filter((s) => o.siteIds === undefined || o.siteIds.includes(s.id));
  const lastRun = await meta.settings.get<RetentionRun>(RETENTION_LAST_RUN_KEY);
  const since = new Date(o.nowMs);
  since.setUTCMonth(since.getUTCMonth() - WINDOW_MONTHS);
  const sinceSec = Math.floor(since.getTime() / 1000);
  const out: SiteCompliance[] = [];
  for (const site of sites) {
    const mode = site.privacyMode as PrivacyModeName;
    const facts = await dataFacts(events, site.id, sinceSec);
    const checks: ComplianceCheck[] = [];
    for (const c of EXEMPT_CONDITIONS) {
      const holds = c.holds(site.privacy as never);
      checks.push({
        id: c.id,
        status: conditionStatus(c, mode, holds, dataClean(c, facts)),
        title: c.title,
        evidence: conditionEvidence(c, site, facts, lastRun),
        fix: holds ? (dataClean(c, facts) ? '' : 'erase or anonymise the stored rows (sillage gdpr anonymize)') : c.fix,
      });
    }
    checks.push(...STATIC_CHECKS);
    // Overrides the mode ignores: stored, not in force; listed so nobody believes they are.
    const stored =
      (await meta.sql.query<{ privacy: Record<string, unknown> }>('SELECT privacy FROM sites WHERE id = $1', [site.id]))[0]?.privacy ?? {};
    const ignored = ignoredOverrides(mode, stored);
    checks.push({
      id: 'overrides-in-force',
      status: ignored.length === 0 ? 'pass' : 'warning',
      title: 'Every stored privacy override is in force',
      evidence:
        ignored.length === 0
          ? ['no override is overruled by the mode']
          : ignored.map((k) => `${k} = ${JSON.stringify(stored[k])} is ignored in mode ${mode}`),
      fix: ignored.length === 0 ? '' : 'remove the override, or switch the site to privacy mode custom',
    });
    checks.push({
      id: 'pii-scrubbing',
      status: site.privacy.scrubPii ? 'pass' : 'warning',
      title: 'Personal data is scrubbed from URLs, titles, events and dimensions at ingestion',
      evidence: [
        `scrubPii = ${site.privacy.scrubPii}`,
        `extra removed query parameters: ${site.privacy.removedQueryParameters.join(', ') || 'none'}`,
      ],
      fix: site.privacy.scrubPii ? '' : 'set privacy.scrubPii to true',
    });
    const pii = await scanPii(events, site.id, sinceSec);
    checks.push({
      id: 'no-stored-pii',
      status: pii.length === 0 ? 'pass' : 'fail',
      title: 'No personal data found in stored URLs, titles, event names and dimension values',
      evidence:
        pii.length === 0
          ? [`scanned ${facts.rows} rows of the last ${WINDOW_MONTHS} months`]
          : pii.map((f) => `${f.rows} rows with ${f.kind} in ${f.field}, e.g. ${f.examples[0] ?? ''}`),
      fix: pii.length === 0 ? '' : 'fix the pages that put personal data in URLs or titles, then anonymise or erase the stored rows',
    });
    if (o.optOutProbe !== undefined) {
      const probe = await o.optOutProbe(site).catch((err: Error) => ({ ok: false, evidence: [err.message] }));
      checks.push({
        id: 'opt-out',
        status: probe.ok ? 'pass' : 'fail',
        title: 'The opt-out page is reachable and working',
        evidence: probe.evidence,
        fix: probe.ok ? '' : 'check that the server serves the opt-out page (index.php?module=CoreAdminHome&action=optOut)',
      });
    } else {
      checks.push({
        id: 'opt-out',
        status: 'warning',
        title: 'The opt-out page is reachable and working',
        evidence: ['not checked (no opt-out probe was given to the audit)'],
        fix: 'run the audit through the running server or the sillage compliance check command',
      });
    }
    const status: CheckStatus = checks.some((c) => c.status === 'fail')
      ? 'fail'
      : checks.some((c) => c.status === 'warning')
        ? 'warning'
        : 'pass';
    out.push({ idSite: site.id, name: site.name, mode, status, checks, pii });
  }
  return out;
}

/** Plain-text rendering for the command line. */
export function formatCompliance(report: readonly SiteCompliance[]): string {
  const mark: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', warning: 'WARN' };
  const lines: string[] = [];
  for (const site of report) {
    lines.push(`Site ${site.idSite} "${site.name}" — privacy mode ${site.mode}: ${mark[site.status]}`);
    for (const c of site.checks) {
      lines.push(`  [${mark[c.status]}] ${c.title}`);
      for (const e of c.evidence) lines.push(`         ${e}`);
      if (c.fix !== '') lines.push(`         fix: ${c.fix}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
