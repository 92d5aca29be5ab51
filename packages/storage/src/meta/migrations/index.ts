import * as m001 from './001-initial.js';
import * as m002 from './002-sessions-security.js';
import * as m003 from './003-saved-segments.js';

export interface Migration {
  /** Sortable and unique: `NNN_name`. Recorded in schema_migrations once applied. */
  readonly id: string;
  /** One or more statements, run in one transaction. */
  readonly sql: string;
}

/** Every migration, in the order they apply. Append new ones; never edit or reorder applied ones. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003];
