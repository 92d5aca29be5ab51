import type { AuditEntry, AuditRepo, SqlExecutor } from '../../ports.js';

interface AuditRow {
  id: string | number; // bigserial: `pg` returns int8 as a string
  at: Date;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

function toEntry(row: AuditRow): AuditEntry {
  return { id: Number(row.id), at: row.at, actor: row.actor, action: row.action, details: row.details };
}

export class SqlAuditRepo implements AuditRepo {
  constructor(private readonly sql: SqlExecutor) {}

  async append(entry: { actor: string; action: string; details?: Record<string, unknown> }): Promise<AuditEntry> {
    const [row] = await this.sql.query<AuditRow>(
      'INSERT INTO audit_log (actor, action, details) VALUES ($1, $2, $3::text::jsonb) RETURNING id, at, actor, action, details',
      [entry.actor, entry.action, JSON.stringify(entry.details ?? {})],
    );
    return toEntry(row!);
  }

  /** Newest first. `since` is inclusive; `limit` defaults to 100. */
  async list(filter: { action?: string; since?: Date; limit?: number } = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.action !== undefined) {
      params.push(filter.action);
      where.push(`action = $${params.length}`);
    }
    if (filter.since !== undefined) {
      params.push(filter.since);
      where.push(`at >= $${params.length}`);
    }
    const limit = Math.max(0, Math.min(Math.trunc(filter.limit ?? 100), 10_000));
    params.push(Number.isFinite(limit) ? limit : 100);
    const rows = await this.sql.query<AuditRow>(
      `SELECT id, at, actor, action, details FROM audit_log
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toEntry);
  }
}
