import type { SqlExecutor } from '@sillage/storage';
import { hashRecoveryCode } from './totp.js';

export interface UserSecurity {
  readonly totpSecret: string | null;
  readonly totpEnabled: boolean;
  readonly recoveryCodesLeft: number;
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
  /** '' = the browser's language. */
  readonly language: string;
}

const EMPTY: UserSecurity = {
  totpSecret: null,
  totpEnabled: false,
  recoveryCodesLeft: 0,
  failedLogins: 0,
  lockedUntil: null,
  language: '',
};

interface Row {
  totp_secret: string | null;
  totp_enabled: boolean;
  recovery_code_hashes: string[];
  failed_logins: number;
  locked_until: Date | null;
  language: string;
}

/** Per-user sign-in state: two-factor secret and recovery codes, failed attempts, lock-out, language. */
export class UserSecurityStore {
  constructor(private readonly sql: SqlExecutor) {}

  async get(login: string): Promise<UserSecurity> {
    const [row] = await this.sql.query<Row>('SELECT * FROM user_security WHERE login = $1', [login]);
    if (row === undefined) return EMPTY;
    return {
      totpSecret: row.totp_secret,
      totpEnabled: row.totp_enabled,
      recoveryCodesLeft: row.recovery_code_hashes.length,
      failedLogins: row.failed_logins,
      lockedUntil: row.locked_until,
      language: row.language,
    };
  }

  private async upsert(login: string, column: string, value: unknown): Promise<void> {
    await this.sql.query(
      `INSERT INTO user_security (login, ${column}) VALUES ($1, $2)
       ON CONFLICT (login) DO UPDATE SET ${column} = EXCLUDED.${column}`,
      [login, value],
    );
  }

  /** Counts a failed sign-in; locks the account for `lockMs` once `maxFailures` is reached. Returns the new count. */
  async recordFailure(
    login: string,
    maxFailures: number,
    lockMs: number,
    now: Date,
  ): Promise<{ failures: number; lockedUntil: Date | null }> {
    const [row] = await this.sql.query<{ failed_logins: number; locked_until: Date | null }>(
      `INSERT INTO user_security (login, failed_logins) VALUES ($1, 1)
       ON CONFLICT (login) DO UPDATE SET failed_logins = user_security.failed_logins + 1
       RETURNING failed_logins, locked_until`,
      [login],
    );
    const failures = row?.failed_logins ?? 1;
    if (failures >= maxFailures) {
      const until = new Date(now.getTime() + lockMs);
      // The count restarts, so after the lock expires the user again has `maxFailures` tries.
      await this.sql.query('UPDATE user_security SET locked_until = $2, failed_logins = 0 WHERE login = $1', [login, until]);
      return { failures, lockedUntil: until };
    }
    return { failures, lockedUntil: row?.locked_until ?? null };
  }

  async clearFailures(login: string): Promise<void> {
    await this.sql.query('UPDATE user_security SET failed_logins = 0, locked_until = NULL WHERE login = $1', [login]);
  }

  async setLanguage(login: string, language: string): Promise<void> {
    await this.upsert(login, 'language', language);
  }

  /** Starts enrolment: a secret that is not yet required at sign-in until confirmed with a code. */
  async setPendingTotp(login: string, secret: string): Promise<void> {
    await this.sql.query(
      `INSERT INTO user_security (login, totp_secret, totp_enabled) VALUES ($1, $2, false)
       ON CONFLICT (login) DO UPDATE SET totp_secret = EXCLUDED.totp_secret, totp_enabled = false`,
      [login, secret],
    );
  }

  async enableTotp(login: string, recoveryCodes: readonly string[]): Promise<void> {
    await this.sql.query('UPDATE user_security SET totp_enabled = true, recovery_code_hashes = $2 WHERE login = $1', [
      login,
      recoveryCodes.map(hashRecoveryCode),
    ]);
  }

  async disableTotp(login: string): Promise<void> {
    await this.sql.query(
      `UPDATE user_security SET totp_enabled = false, totp_secret = NULL, recovery_code_hashes = '{}' WHERE login = $1`,
      [login],
    );
  }

  /** Uses up a recovery code; true when it was one of the user's unused codes. */
  async consumeRecoveryCode(login: string, code: string): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE user_security SET recovery_code_hashes = array_remove(recovery_code_hashes, $2)
       WHERE login = $1 AND $2 = ANY (recovery_code_hashes) RETURNING login`,
      [login, hashRecoveryCode(code)],
    );
    return rows.length > 0;
  }
}
