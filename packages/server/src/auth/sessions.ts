import { createHash, randomBytes } from 'node:crypto';
import type { SqlExecutor } from '@sillage/storage';

export type SessionStage = 'full' | 'totp';

export interface Session {
  readonly login: string;
  readonly stage: SessionStage;
  /** Synchronizer token: state-changing requests made with this session must echo it (X-CSRF-Token). */
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** How long a signed-in browser stays signed in without activity, and the longest a pending 2FA step may wait. */
export const SESSION_IDLE_MS = 8 * 3600_000;
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
export const TOTP_STAGE_MS = 5 * 60_000;

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Browser sessions in the metadata store, so every app node behind a load balancer sees them and a
 * restart signs nobody out. Only the SHA-256 of the cookie value is stored.
 */
export class SessionStore {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates a session; returns the cookie value (shown once, never stored). */
  async create(login: string, stage: SessionStage): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(this.now() + (stage === 'totp' ? TOTP_STAGE_MS : SESSION_IDLE_MS));
    await this.sql.query(
      `INSERT INTO sessions (id_hash, login, stage, csrf_token, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6)`,
      [sha256(id), login, stage, csrfToken, new Date(this.now()), expiresAt],
    );
    return { id, session: { login, stage, csrfToken, expiresAt } };
  }

  /** The live session for a cookie value; slides its idle expiry (up to SESSION_MAX_MS after creation). */
  async find(id: string | undefined): Promise<Session | undefined> {
    if (id === undefined || !ID_SHAPE.test(id)) return undefined;
    const now = new Date(this.now());
    const [row] = await this.sql.query<{ login: string; stage: SessionStage; csrf_token: string; created_at: Date; expires_at: Date }>(
      'SELECT login, stage, csrf_token, created_at, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2',
      [sha256(id), now],
    );
    if (row === undefined) return undefined;
    let expiresAt = row.expires_at;
    if (row.stage === 'full') {
      const slid = new Date(Math.min(this.now() + SESSION_IDLE_MS, row.created_at.getTime() + SESSION_MAX_MS));
      // Write at most once a minute per session: most requests only read.
      if (slid.getTime() - expiresAt.getTime() > 60_000) {
        await this.sql.query('UPDATE sessions SET expires_at = $2, last_seen_at = $3 WHERE id_hash = $1', [sha256(id), slid, now]);
        expiresAt = slid;
      }
    }
    return { login: row.login, stage: row.stage, csrfToken: row.csrf_token, expiresAt };
  }

  async destroy(id: string): Promise<void> {
    if (!ID_SHAPE.test(id)) return;
    await this.sql.query('DELETE FROM sessions WHERE id_hash = $1', [sha256(id)]);
  }

  /** Signs a user out everywhere (password change, access removed, user deleted); `exceptId` keeps the caller's own. */
  async destroyForUser(login: string, exceptId?: string): Promise<void> {
    await this.sql.query('DELETE FROM sessions WHERE login = $1 AND id_hash <> $2', [login, exceptId ? sha256(exceptId) : '']);
  }

  async purgeExpired(): Promise<number> {
    return (await this.sql.query('DELETE FROM sessions WHERE expires_at <= $1 RETURNING login', [new Date(this.now())])).length;
  }
}
