import type { SqlExecutor } from '@sillage/storage';

export interface SavedSegment {
  readonly id: number;
  readonly owner: string;
  readonly idSite: number;
  readonly name: string;
  readonly definition: string;
  readonly shared: boolean;
  readonly updatedAt: string;
}

interface Row {
  id: number;
  login: string;
  site_id: number;
  name: string;
  definition: string;
  shared: boolean;
  updated_at: Date;
}

const view = (r: Row): SavedSegment => ({
  id: r.id,
  owner: r.login,
  idSite: r.site_id,
  name: r.name,
  definition: r.definition,
  shared: r.shared,
  updatedAt: r.updated_at.toISOString(),
});

/** Named segments per user and site (table saved_segments, meta migration 003). Access is the routes' job. */
export class SavedSegmentStore {
  constructor(private readonly sql: SqlExecutor) {}

  /** The user's own segments for the site, then those other users shared on it; by name. */
  async visibleTo(login: string, idSite: number): Promise<SavedSegment[]> {
    const rows = await this.sql.query<Row>(
      `SELECT * FROM saved_segments WHERE site_id = $2 AND (login = $1 OR shared)
       ORDER BY (login = $1) DESC, lower(name), id`,
      [login, idSite],
    );
    return rows.map(view);
  }

  /** Creates the user's segment of that name on the site, or replaces it (saving is by name). */
  async save(login: string, idSite: number, name: string, definition: string, shared: boolean): Promise<SavedSegment> {
    const [row] = await this.sql.query<Row>(
      `INSERT INTO saved_segments (login, site_id, name, definition, shared) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (login, site_id, name)
       DO UPDATE SET definition = EXCLUDED.definition, shared = EXCLUDED.shared, updated_at = now()
       RETURNING *`,
      [login, idSite, name, definition, shared],
    );
    return view(row!);
  }

  /** Deletes a segment its owner (or, with `anyOwner`, a super user) may delete; false when there is none. */
  async delete(id: number, login: string, anyOwner: boolean): Promise<SavedSegment | undefined> {
    const [row] = await this.sql.query<Row>('DELETE FROM saved_segments WHERE id = $1 AND (login = $2 OR $3) RETURNING *', [
      id,
      login,
      anyOwner,
    ]);
    return row === undefined ? undefined : view(row);
  }
}
