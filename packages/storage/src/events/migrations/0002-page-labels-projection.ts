/**
 * Migration 0002: the distinct page URLs and titles of each site and UTC day, as a projection of the
 * events table.
 *
 * Page reports group page views by a 64-bit hash of their label (a number is ≈ 2.5× cheaper than a
 * string to collect per visit, and cheaper to group by) and then need the label of each hash: read from
 * the raw rows, that is one more pass over every page view of the span; from this projection, a few
 * thousand rows.
 *
 * A projection, not a table of its own: the engine writes it with every insert (the insert path does
 * nothing), and rebuilds it when a mutation deletes rows (GDPR erasure, retention), so no label outlives
 * its events. Parts written before this migration get it from MATERIALIZE PROJECTION, a mutation (≈ 5 s
 * on 10 M rows embedded, where it runs before the migration returns; in the background on a ClickHouse
 * server); a part without it is read raw instead, with the same answer.
 */
import type { EventMigration } from './types.js';

export const migration0002: EventMigration = {
  version: '0002_page_labels_projection',
  statements: [
    `ALTER TABLE sillage.events ADD PROJECTION IF NOT EXISTS page_labels
(
    SELECT site_id, toDate(ts), url, title, count()
    GROUP BY site_id, toDate(ts), url, title
)`,
    'ALTER TABLE sillage.events MATERIALIZE PROJECTION page_labels',
  ],
};
