import type { AuditEntry, MetaStore } from '@sillage/storage';

/**
 * The audit log as the privacy pages show it: who, when, what, on which site, and how many rows. Each
 * action names its count differently (gdpr.* "rows", retention.purged "deletedRows", salts.destroyed
 * "count"); this is the one place that knows.
 */
export interface AuditLogLine {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly idSite: number | null;
  readonly rows: number | null;
  readonly details: Record<string, unknown>;
}

export const AUDIT_LOG_MAX = 1000;

export function auditRowCount(details: Record<string, unknown>): number | null {
  for (const key of ['rows', 'deletedRows', 'count']) {
    const v = details[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

export function auditLogLine(e: AuditEntry): AuditLogLine {
  const site = e.details['idSite'];
  return {
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    idSite: typeof site === 'number' ? site : null,
    rows: auditRowCount(e.details),
    details: e.details,
  };
}

/** Newest first; `action` filters on one action ("gdpr.erased") or a family ("gdpr."). */
export async function readAuditLog(meta: MetaStore, o: { action?: string; limit?: number }): Promise<AuditLogLine[]> {
  const limit = Math.min(AUDIT_LOG_MAX, Math.max(1, o.limit ?? 200));
  const family = o.action?.endsWith('.') === true;
  const entries = await meta.audit.list({
    ...(o.action && !family ? { action: o.action } : {}),
    limit: family ? AUDIT_LOG_MAX : limit,
  });
  return entries
    .filter((e) => !family || e.action.startsWith(o.action!))
    .slice(0, limit)
    .map(auditLogLine);
}
