/**
 * Privacy commands: compliance audit and processing record, GDPR tools, retention, privacy settings.
 * They need both stores; with the embedded engines that is only safe while no server holds the data
 * directory (the same lock check as the metadata commands). With a running server, use the API
 * (PrivacyManager.*) instead.
 */
import { type PrivacyModeName, processingRecord, type RecordLanguage, SillageError } from '@sillage/core';
import {
  anonymizeStoredData,
  assertNotLocked,
  complianceReport,
  consentChoices,
  type DataSubjectCriteria,
  eraseDataSubject,
  exportDataSubject,
  findDataSubjects,
  formatCompliance,
  OPTOUT_SECRET_SETTING,
  openEventStore,
  openMetaStore,
  runRetention,
  type ServerConfig,
  setPrivacySettings,
  toCsv,
  withStandaloneOptOutProbe,
} from '@sillage/server';
import type { EventStore, MetaStore } from '@sillage/storage';

export async function withStores<T>(config: ServerConfig, fn: (meta: MetaStore, events: EventStore) => Promise<T>): Promise<T> {
  if (config.databaseUrl === undefined || config.clickhouseUrl === undefined) assertNotLocked(config.dataDir);
  const meta = await openMetaStore(config);
  try {
    await meta.migrate();
    const events = await openEventStore(config);
    try {
      await events.migrate();
      return await fn(meta, events);
    } finally {
      await events.close();
    }
  } finally {
    await meta.close();
  }
}

function siteId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new SillageError('SITE_NOT_FOUND', [raw ?? '']);
  return id;
}

export async function complianceCheck(
  config: ServerConfig,
  o: { site?: string; json?: boolean },
): Promise<{ text: string; failed: boolean }> {
  return withStores(config, async (meta, events) => {
    // No server runs here: the opt-out check renders the page through the same route handler, mounted
    // in process with the stored nonce key (read only; a server creates it on its first start).
    const secret = await meta.settings.get<string>(OPTOUT_SECRET_SETTING);
    const report = await withStandaloneOptOutProbe(
      { secret: typeof secret === 'string' ? secret : undefined, ignoreCookieNames: config.ignoreCookieNames },
      (optOutProbe) =>
        complianceReport(meta, events, {
          nowMs: Date.now(),
          optOutProbe,
          ...(o.site === undefined ? {} : { siteIds: [siteId(o.site)] }),
        }),
    );
    if (o.site !== undefined && report.length === 0) throw new SillageError('SITE_NOT_FOUND', [o.site]);
    const failed = report.some((s) => s.status === 'fail');
    return { text: o.json ? `${JSON.stringify(report, null, 2)}\n` : formatCompliance(report), failed };
  });
}

export async function complianceRecord(config: ServerConfig, o: { site: string; lang?: string }): Promise<string> {
  return withStores(config, async (meta) => {
    const id = siteId(o.site);
    const site = await meta.sites.get(id);
    if (site === undefined) throw new SillageError('SITE_NOT_FOUND', [id]);
    const lang: RecordLanguage = o.lang === 'fr' ? 'fr' : 'en';
    return processingRecord(
      {
        siteName: site.name,
        urls: site.urls,
        mode: site.privacyMode as PrivacyModeName,
        switches: site.privacy,
        consentChoices: await consentChoices(meta, id),
        generatedAt: new Date().toISOString(),
      },
      lang,
    );
  });
}

export interface SubjectOptions {
  site: string;
  visitorId?: string;
  userId?: string;
  ip?: string;
}

function criteria(o: SubjectOptions): DataSubjectCriteria {
  return {
    siteIds: [siteId(o.site)],
    ...(o.visitorId === undefined ? {} : { visitorId: o.visitorId }),
    ...(o.userId === undefined ? {} : { userId: o.userId }),
    ...(o.ip === undefined ? {} : { ip: o.ip }),
  };
}

export function gdprFind(config: ServerConfig, o: SubjectOptions): Promise<string> {
  return withStores(config, async (_meta, events) => `${JSON.stringify(await findDataSubjects(events, criteria(o)), null, 2)}\n`);
}

export function gdprExport(config: ServerConfig, o: SubjectOptions & { format?: string }): Promise<string> {
  return withStores(config, async (meta, events) => {
    const rows = await exportDataSubject(events, criteria(o));
    await meta.audit.append({ actor: 'cli', action: 'gdpr.exported', details: { ...criteria(o), rows: rows.length } });
    return o.format === 'csv' ? toCsv(rows) : `${JSON.stringify(rows, null, 2)}\n`;
  });
}

export function gdprErase(config: ServerConfig, o: SubjectOptions): Promise<{ deletedRows: number; remainingRows: number }> {
  return withStores(config, async (meta, events) => {
    const result = await eraseDataSubject(events, criteria(o));
    await meta.audit.append({
      actor: 'cli',
      action: 'gdpr.erased',
      details: { ...criteria(o), rows: result.deletedRows, remainingRows: result.remainingRows },
    });
    if (result.remainingRows > 0)
      throw new SillageError('STORE_QUERY_FAILED', ['event', `${result.remainingRows} rows still match after the erase`]);
    return result;
  });
}

export interface AnonymizeCliOptions {
  site: string;
  from: string;
  to: string;
  ipBytes?: string;
  location?: boolean;
  userAgent?: boolean;
  userId?: boolean;
}

export function gdprAnonymize(config: ServerConfig, o: AnonymizeCliOptions): Promise<number> {
  return withStores(config, async (meta, events) => {
    const siteIds = o.site === 'all' ? (await meta.sites.list()).map((s) => s.id) : [siteId(o.site)];
    const day = (d: string) => {
      const t = Date.parse(`${d}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(t)) throw new SillageError('REQUEST_INVALID', [`date ${d}: use YYYY-MM-DD`]);
      return t / 1000;
    };
    const bytes = o.ipBytes === undefined ? undefined : Number(o.ipBytes);
    if (bytes !== undefined && ![1, 2, 3, 4].includes(bytes))
      throw new SillageError('REQUEST_INVALID', ['--ip-bytes must be 1, 2, 3 or 4']);
    const options = {
      siteIds,
      fromSec: day(o.from),
      toSec: day(o.to) + 86_399,
      ...(bytes === undefined ? {} : { ipBytes: bytes as 1 | 2 | 3 | 4 }),
      location: o.location === true,
      userAgent: o.userAgent === true,
      userId: o.userId === true,
    };
    const rows = await anonymizeStoredData(events, options);
    await meta.audit.append({ actor: 'cli', action: 'gdpr.anonymized', details: { ...options, rows } });
    return rows;
  });
}

export function retentionRun(config: ServerConfig): Promise<string> {
  return withStores(config, async (meta, events) => {
    const run = await runRetention(meta, events, Date.now(), 'cli');
    return `${run.sites.map((s) => `site ${s.idSite}: ${s.deletedRows} rows older than ${s.cutoff} deleted (${s.retentionMonths} months)`).join('\n')}\n`;
  });
}

/** `--set key=value`: JSON values (true, 25, ["a"]) or bare strings. */
export function parseSettings(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new SillageError('REQUEST_INVALID', [`--set ${pair}: use key=value`]);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare string such as channel
    }
    out[pair.slice(0, eq)] = value;
  }
  return out;
}

export function privacySet(config: ServerConfig, o: { site: string; mode?: string; set?: string[] }): Promise<string> {
  return withStores(config, async (meta) => {
    const site = await setPrivacySettings(meta, siteId(o.site), o.mode, parseSettings(o.set ?? []), 'cli');
    return `${JSON.stringify({ idSite: site.id, mode: site.privacyMode, switches: site.privacy }, null, 2)}\n`;
  });
}
