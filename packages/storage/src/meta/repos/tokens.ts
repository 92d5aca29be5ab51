import { SillageError } from '@sillage/core';
import type { SqlExecutor, TokenRecord, TokenRepo } from '../../ports.js';
import { sqlStateOf } from '../executor.js';

interface TokenRow {
  id: number;
  login: string;
  description: string;
  created_at: Date;
  last_used_at: Date | null;
}

// The hash is deliberately not selected: callers look tokens up by it and never need it back.
const COLUMNS = 'id, login, description, created_at, last_used_at';

function toRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    login: row.login,
    description: row.description,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

function isValidId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647;
}

export class SqlTokenRepo implements TokenRepo {
  constructor(private readonly sql: SqlExecutor) {}

  async create(token: { login: string; hash: string; description?: string }): Promise<TokenRecord> {
    try {
      const [row] = await this.sql.query<TokenRow>(
        `INSERT INTO tokens (login, hash, description) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
        [token.login, token.hash, token.description ?? ''],
      );
      return toRecord(row!);
    } catch (err) {
      if (sqlStateOf(err) === '23503') throw new SillageError('USER_NOT_FOUND', [token.login], { cause: err });
      throw err;
    }
  }

  async findByHash(hash: string): Promise<TokenRecord | undefined> {
    const [row] = await this.sql.query<TokenRow>(`SELECT ${COLUMNS} FROM tokens WHERE hash = $1`, [hash]);
    return row && toRecord(row);
  }

  async listForUser(login: string): Promise<TokenRecord[]> {
    return (await this.sql.query<TokenRow>(`SELECT ${COLUMNS} FROM tokens WHERE login = $1 ORDER BY id`, [login])).map(toRecord);
  }

  async revoke(id: number): Promise<boolean> {
    if (!isValidId(id)) return false;
    return (await this.sql.query('DELETE FROM tokens WHERE id = $1 RETURNING id', [id])).length > 0;
  }

  async touch(id: number, at: Date): Promise<void> {
    if (!isValidId(id)) return;
    await this.sql.query('UPDATE tokens SET last_used_at = $2 WHERE id = $1', [id, at]);
  }
}
