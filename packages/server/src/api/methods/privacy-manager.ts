import { effectivePrivacy, type PrivacyModeName, processingRecord, SillageError } from '@sillage/core';
import { AUDIT_LOG_MAX, readAuditLog } from '../../privacy/audit-log.js';
import { complianceReport } from '../../privacy/compliance.js';
import {
  anonymizeStoredData,
  criteriaFromSegment,
  eraseVisits,
  exportVisits,
  findDataSubjects,
  type VisitRef,
} from '../../privacy/gdpr.js';
import { runRetention } from '../../privacy/retention.js';
import { consentChoices, setPrivacySettings } from '../../privacy/settings.js';
import { boolParam, listParam, requireParam, siteIdParam } from '../args.js';
import type { ApiContext, ApiMethod } from '../context.js';
import type { ApiParams } from '../params.js';
import type { Row, Scalar } from '../result.js';

/**
 * PrivacyManager (matomo-compat §5.2, §5.3) and Sillage's compliance audit. Data-subject export,
 * erase and anonymisation change or reveal data across visits, so they need a super user; every
 * change is audit-logged with the caller, the time and the number of rows.
 */

function actor(ctx: ApiContext): string {
  return ctx.principal?.login ?? 'anonymous';
}

/** `visits[0][idsite]=1&visits[0][idvisit]=2…` (Matomo's form) or `visits=1:2,1:3`. */
function visitsParam(params: ApiParams): VisitRef[] {
  const out = new Map<number, { idSite?: number; idVisit?: string }>();
  for (const [key, value] of Object.entries(params.all)) {
    const m = /^visits\[(\d+)\]\[(idsite|idvisit)\]$/i.exec(key);
    if (m === null) continue;
    const entry = out.get(Number(m[1])) ?? {};
    if (m[2]!.toLowerCase() === 'idsite') entry.idSite = Number(value);
    else entry.idVisit = value;
    out.set(Number(m[1]), entry);
  }
  const visits: VisitRef[] = [...out.values()].map((v) => ({ idSite: v.idSite ?? Number.NaN, idVisit: v.idVisit ?? '' }));
  for (const pair of listParam(params, 'visits')) {
    const [site, visit] = pair.split(':');
    visits.push({ idSite: Number(site), idVisit: visit ?? '' });
  }
  if (visits.length === 0) throw new SillageError('API_MISSING_PARAMETER', ['visits']);
  return visits;
}

function toRow(record: Record<string, unknown>): Row {
  const row: Record<string, Scalar> = {};
  for (const [k, v] of Object.entries(record)) {
    row[k] = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
  }
  return row;
}

const findDataSubjectsMethod: ApiMethod = {
  name: 'PrivacyManager.findDataSubjects',
  access: { kind: 'site', role: 'admin' },
  async run(ctx) {
    const criteria = criteriaFromSegment([siteIdParam(ctx.params)], requireParam(ctx.params, 'segment'));
    const visits = await findDataSubjects(ctx.deps.events, criteria);
    return { kind: 'rows', rows: visits.map((v) => toRow({ ...v })) };
  },
};

const exportDataSubjects: ApiMethod = {
  name: 'PrivacyManager.exportDataSubjects',
  access: { kind: 'superuser' },
  async run(ctx) {
    const visits = visitsParam(ctx.params);
    const rows = await exportVisits(ctx.deps.events, visits);
    await ctx.deps.meta.audit.append({ actor: actor(ctx), action: 'gdpr.exported', details: { visits: visits.length, rows: rows.length } });
    return { kind: 'rows', rows: rows.map(toRow) };
  },
};

const deleteDataSubjects: ApiMethod = {
  name: 'PrivacyManager.deleteDataSubjects',
  access: { kind: 'superuser' },
  async run(ctx) {
    const visits = visitsParam(ctx.params);
    const result = await eraseVisits(ctx.deps.events, visits);
    await ctx.deps.meta.audit.append({
      actor: actor(ctx),
      action: 'gdpr.erased',
      details: { visits: visits.length, rows: result.deletedRows, remainingRows: result.remainingRows },
    });
    if (result.remainingRows > 0)
      throw new SillageError('STORE_QUERY_FAILED', ['event', `${result.remainingRows} rows still match after the erase`]);
    return { kind: 'row', row: { deleted: result.deletedRows } };
  },
};

/** `date` as "YYYY-MM-DD" or "YYYY-MM-DD,YYYY-MM-DD" (UTC days, inclusive). */
function dateRange(value: string): { fromSec: number; toSec: number } {
  const [a, b = a] = value.split(',');
  const day = (d: string | undefined) => {
    if (d === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(d.trim())) throw new SillageError('API_INVALID_PARAMETER', ['date', value]);
    return Date.parse(`${d.trim()}T00:00:00Z`) / 1000;
  };
  return { fromSec: day(a), toSec: day(b) + 86_399 };
}

const anonymizeSomeRawData: ApiMethod = {
  name: 'PrivacyManager.anonymizeSomeRawData',
  access: { kind: 'superuser' },
  async run(ctx) {
    const raw = requireParam(ctx.params, 'idSites');
    const siteIds =
      raw === 'all' ? (await ctx.deps.meta.sites.list()).map((s) => s.id) : listParam(ctx.params, 'idSites').map((s) => Number(s));
    if (siteIds.some((id) => !Number.isInteger(id) || id <= 0)) throw new SillageError('API_INVALID_PARAMETER', ['idSites', raw]);
    const { fromSec, toSec } = dateRange(requireParam(ctx.params, 'date'));
    const ipBytes = boolParam(ctx.params, 'anonymizeIp', false) ? (Number(ctx.params.get('ipBytes') ?? 2) as 1 | 2 | 3 | 4) : undefined;
    if (ipBytes !== undefined && ![1, 2, 3, 4].includes(ipBytes))
      throw new SillageError('API_INVALID_PARAMETER', ['ipBytes', String(ipBytes)]);
    const options = {
      siteIds,
      fromSec,
      toSec,
      ...(ipBytes === undefined ? {} : { ipBytes }),
      location: boolParam(ctx.params, 'anonymizeLocation', false),
      userAgent: boolParam(ctx.params, 'anonymizeUserAgent', false),
      userId: boolParam(ctx.params, 'anonymizeUserId', false),
    };
    const rows = await anonymizeStoredData(ctx.deps.events, options);
    await ctx.deps.meta.audit.append({ actor: actor(ctx), action: 'gdpr.anonymized', details: { ...options, rows } });
    return { kind: 'row', row: { rows } };
  },
};

const executeDataPurge: ApiMethod = {
  name: 'PrivacyManager.executeDataPurge',
  access: { kind: 'superuser' },
  async run(ctx) {
    const run = await runRetention(ctx.deps.meta, ctx.deps.events, ctx.deps.now(), actor(ctx));
    return { kind: 'rows', rows: run.sites.map((s) => toRow({ ...s })) };
  },
};

const getComplianceReport: ApiMethod = {
  name: 'PrivacyManager.getComplianceReport',
  access: { kind: 'site', role: 'admin' },
  async run(ctx) {
    const [site] = await complianceReport(ctx.deps.meta, ctx.deps.events, {
      nowMs: ctx.deps.now(),
      siteIds: [siteIdParam(ctx.params)],
      ...(ctx.deps.optOutProbe ? { optOutProbe: ctx.deps.optOutProbe } : {}),
    });
    if (site === undefined) throw new SillageError('API_UNKNOWN_SITE', [siteIdParam(ctx.params)]);
    return {
      kind: 'rows',
      rows: site.checks.map((c) => ({ id: c.id, status: c.status, title: c.title, evidence: c.evidence.join('; '), fix: c.fix })),
    };
  },
};

/**
 * The audit with its structure, for the dashboard: the site's status, each check with its evidence
 * (one fact per line) and fix, and the stored-PII findings (counts and redacted examples, one per line).
 */
const getComplianceAudit: ApiMethod = {
  name: 'PrivacyManager.getComplianceAudit',
  access: { kind: 'site', role: 'admin' },
  async run(ctx) {
    const id = siteIdParam(ctx.params);
    const [site] = await complianceReport(ctx.deps.meta, ctx.deps.events, {
      nowMs: ctx.deps.now(),
      siteIds: [id],
      ...(ctx.deps.optOutProbe ? { optOutProbe: ctx.deps.optOutProbe } : {}),
    });
    if (site === undefined) throw new SillageError('API_UNKNOWN_SITE', [id]);
    return {
      kind: 'row',
      row: {
        idSite: site.idSite,
        name: site.name,
        mode: site.mode,
        status: site.status,
        checks: site.checks.map((c) => ({ id: c.id, status: c.status, title: c.title, evidence: c.evidence.join('\n'), fix: c.fix })),
        pii: site.pii.map((f) => ({ field: f.field, kind: f.kind, rows: f.rows, examples: f.examples.join('\n') })),
      },
    };
  },
};

const getAuditLog: ApiMethod = {
  name: 'PrivacyManager.getAuditLog',
  access: { kind: 'superuser' },
  async run(ctx) {
    const limit = Number(ctx.params.get('filter_limit') ?? ctx.params.get('limit') ?? 200);
    const action = ctx.params.get('action');
    const lines = await readAuditLog(ctx.deps.meta, {
      ...(action ? { action } : {}),
      limit: Number.isFinite(limit) && limit > 0 ? limit : AUDIT_LOG_MAX,
    });
    return { kind: 'rows', rows: lines.map((l) => toRow({ ...l })) };
  },
};

const getProcessingRecord: ApiMethod = {
  name: 'PrivacyManager.getProcessingRecord',
  access: { kind: 'site', role: 'view' },
  async run(ctx) {
    const id = siteIdParam(ctx.params);
    const site = await ctx.deps.meta.sites.get(id);
    if (site === undefined) throw new SillageError('API_UNKNOWN_SITE', [id]);
    const lang = ctx.params.get('lang') === 'fr' ? 'fr' : 'en';
    const text = processingRecord(
      {
        siteName: site.name,
        urls: site.urls,
        mode: site.privacyMode as PrivacyModeName,
        switches: site.privacy,
        consentChoices: await consentChoices(ctx.deps.meta, id),
        generatedAt: new Date(ctx.deps.now()).toISOString(),
      },
      lang,
    );
    return { kind: 'scalar', value: text };
  },
};

const setPrivacySettingsMethod: ApiMethod = {
  name: 'PrivacyManager.setPrivacySettings',
  access: { kind: 'site', role: 'admin' },
  async run(ctx) {
    const id = siteIdParam(ctx.params);
    const mode = ctx.params.get('mode');
    const json = ctx.params.get('settings');
    let overrides: Record<string, unknown> = {};
    if (json !== undefined && json !== '') {
      try {
        overrides = JSON.parse(json) as Record<string, unknown>;
      } catch {
        throw new SillageError('API_INVALID_PARAMETER', ['settings', json]);
      }
    }
    const site = await setPrivacySettings(ctx.deps.meta, id, mode, overrides, actor(ctx));
    ctx.deps.sites.invalidate(id);
    return {
      kind: 'row',
      row: toRow({ idsite: id, privacy_mode: site.privacyMode, ...effectivePrivacy(site.privacyMode, {}), ...site.privacy }),
    };
  },
};

export const privacyManagerMethods: readonly ApiMethod[] = [
  findDataSubjectsMethod,
  exportDataSubjects,
  deleteDataSubjects,
  anonymizeSomeRawData,
  executeDataPurge,
  getComplianceReport,
  getComplianceAudit,
  getAuditLog,
  getProcessingRecord,
  setPrivacySettingsMethod,
];
