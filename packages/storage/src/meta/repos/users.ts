import { SillageError } from '@sillage/core';
import type { SqlExecutor, UserRecord, UserRepo } from '../../ports.js';
import { sqlStateOf } from '../executor.js';

interface UserRow {
  login: string;
  email: string;
  password_hash: string;
  superuser: boolean;
  created_at: Date;
}

const COLUMNS = 'login, email, password_hash, superuser, created_at';

function toRecord(row: UserRow): UserRecord {
  return {
    login: row.login,
    email: row.email,
    passwordHash: row.password_hash,
    superuser: row.superuser,
    createdAt: row.created_at,
  };
}

export class SqlUserRepo implements UserRepo {
  constructor(private readonly sql: SqlExecutor) {}

  async create(user: { login: string; email?: string; passwordHash: string; superuser?: boolean }): Promise<UserRecord> {
    const login = typeof user?.login === 'string' ? user.login.trim() : '';
    if (login === '') throw new SillageError('USER_INVALID', ['login must not be empty']);
    if (typeof user.passwordHash !== 'string' || user.passwordHash === '') {
      throw new SillageError('USER_INVALID', ['a password hash is required']);
    }
    try {
      const [row] = await this.sql.query<UserRow>(
        `INSERT INTO users (login, email, password_hash, superuser) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [login, user.email ?? '', user.passwordHash, user.superuser ?? false],
      );
      return toRecord(row!);
    } catch (err) {
      if (sqlStateOf(err) === '23505') throw new SillageError('USER_EXISTS', [login], { cause: err });
      throw err;
    }
  }

  async get(login: string): Promise<UserRecord | undefined> {
    const [row] = await this.sql.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE login = $1`, [login]);
    return row && toRecord(row);
  }

  async list(): Promise<UserRecord[]> {
    return (await this.sql.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY login`)).map(toRecord);
  }

  async count(): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return row?.n ?? 0;
  }

  async setPassword(login: string, passwordHash: string): Promise<void> {
    if (typeof passwordHash !== 'string' || passwordHash === '') throw new SillageError('USER_INVALID', ['a password hash is required']);
    const rows = await this.sql.query('UPDATE users SET password_hash = $2 WHERE login = $1 RETURNING login', [login, passwordHash]);
    if (rows.length === 0) throw new SillageError('USER_NOT_FOUND', [login]);
  }
}
