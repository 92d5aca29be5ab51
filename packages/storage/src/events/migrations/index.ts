import { migration0001 } from './0001-create-events.js';
import { migration0002 } from './0002-page-labels-projection.js';
import type { EventMigration } from './types.js';

export type { EventMigration } from './types.js';

/** Every migration, oldest first. Append only. */
export const EVENT_MIGRATIONS: readonly EventMigration[] = [migration0001, migration0002];
