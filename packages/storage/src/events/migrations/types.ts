/** One versioned schema change of the event store: ClickHouse SQL run in order, once. */
export interface EventMigration {
  /** Sortable, unique, never reused: `NNNN_what_it_does`. */
  readonly version: string;
  /**
   * Statements run one by one (ClickHouse over HTTP takes one statement per request). Each must be safe
   * to re-run (IF NOT EXISTS …): a crash between a statement and its bookkeeping re-runs it.
   */
  readonly statements: readonly string[];
}
