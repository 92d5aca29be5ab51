/**
 * Raw-data retention: for every site whose privacy switches set retentionMonths (25 in the exempt
 * mode), delete events older than that many calendar months. The server runs it hourly; `sillage
 * retention run` and PrivacyManager.executeDataPurge run it at once. Each deletion is audit-logged
 * (action "retention.purged") with the site, the cutoff and the number of rows, and the last run is
 * kept in the settings so the compliance audit can show it.
 */
import { EVENTS_TABLE } from '@sillage/core';
import type { EventStore, MetaStore } from '@sillage/storage';

export const RETENTION_LAST_RUN_KEY = 'privacy.retention.lastRun';

export interface RetentionSiteResult {
  readonly idSite: number;
  readonly retentionMonths: number;
  /** Rows strictly older than this instant were deleted (ISO 8601). */
  readonly cutoff: string;
  readonly deletedRows: number;
}

export interface RetentionRun {
  readonly at: string;
  readonly sites: readonly RetentionSiteResult[];
}

/** `now` minus `months` calendar months, in UTC (day clamped to the shorter month: 31 Mar − 1 → 28/29 Feb). */
export function retentionCutoff(nowMs: number, months: number): Date {
  const now = new Date(nowMs);
  const target = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return target;
}

/** Applies every site's retention limit once. */
export async function runRetention(meta: MetaStore, events: EventStore, nowMs: number, actor = 'system'): Promise<RetentionRun> {
  const results: RetentionSiteResult[] = [];
  for (const site of await meta.sites.list()) {
    const months = site.privacy.retentionMonths;
    if (!(months > 0)) continue;
    const cutoff = retentionCutoff(nowMs, months);
    const cutoffSec = Math.floor(cutoff.getTime() / 1000);
    const where = "site_id = {site:UInt32} AND ts < toDateTime({cutoff:UInt32}, 'UTC')";
    const params = { site: site.id, cutoff: cutoffSec };
    const [row] = await events.query<{ n: string | number }>(`SELECT count() AS n FROM ${EVENTS_TABLE} WHERE ${where}`, params);
    const old = Number(row?.n ?? 0);
    if (old > 0) await events.command(`ALTER TABLE ${EVENTS_TABLE} DELETE WHERE ${where} SETTINGS mutations_sync = 1`, params);
    const result = { idSite: site.id, retentionMonths: months, cutoff: cutoff.toISOString(), deletedRows: old };
    results.push(result);
    // Only deletions are audit-logged: an hourly "nothing to do" would drown the log.
    if (old > 0) await meta.audit.append({ actor, action: 'retention.purged', details: { ...result } });
  }
  const run = { at: new Date(nowMs).toISOString(), sites: results };
  await meta.settings.set(RETENTION_LAST_RUN_KEY, run);
  return run;
}
