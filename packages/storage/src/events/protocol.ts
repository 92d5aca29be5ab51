/**
 * Messages between the supervisor and the chDB child (engine/chdb-child.mjs, which documents the same
 * protocol in its header). Sent over IPC with `serialization: 'advanced'`, so Buffers and bigints pass as
 * they are.
 */
import type { QueryParams } from '../ports.js';

export type EngineRequest =
  | { op: 'query'; sql: string; params?: QueryParams }
  | { op: 'command'; sql: string; params?: QueryParams }
  | {
      op: 'insert';
      table: string;
      format: 'JSONEachRow' | 'JSONCompactEachRow';
      /** The columns each line's values are for, in order; all of the table's when absent. */
      columns?: string[];
      data: Uint8Array;
      settings?: Record<string, string | number | boolean>;
    }
  | { op: 'ping' }
  | { op: 'heartbeat' }
  | { op: 'shutdown' };

export interface EngineFailure {
  readonly name: string;
  readonly message: string;
  readonly clickhouseCode?: number;
}

/** What a successful reply carries, by operation. */
export interface EngineReply {
  /** JSONEachRow bytes of a query result. */
  readonly data?: Uint8Array;
  /** Rows written by an insert. */
  readonly rows?: number;
}

export type ChildMessage =
  | ({ id: number; ok: true } & EngineReply)
  | { id: number; ok: false; error: EngineFailure }
  | { type: 'ready'; pid: number }
  | { type: 'fatal'; message: string };

/** Configuration handed to the child as JSON in argv[2]. */
export interface ChildConfig {
  readonly dataDir: string;
  readonly memoryLimitBytes: number;
  readonly markCacheBytes: number;
}
