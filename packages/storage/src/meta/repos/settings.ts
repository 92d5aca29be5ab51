import type { SettingsRepo, SqlExecutor } from '../../ports.js';

export class SqlSettingsRepo implements SettingsRepo {
  constructor(private readonly sql: SqlExecutor) {}

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const [row] = await this.sql.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
    return row?.value;
  }

  /** Stores any JSON value; `undefined` removes the key (JSON has no undefined, and get() then answers undefined). */
  async set(key: string, value: unknown): Promise<void> {
    if (value === undefined) {
      await this.sql.query('DELETE FROM settings WHERE key = $1', [key]);
      return;
    }
    // Serialised here and cast from text: `pg` would turn a JS array into a Postgres array, not JSON.
    await this.sql.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2::text::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [key, JSON.stringify(value)],
    );
  }
}
