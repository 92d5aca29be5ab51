import type { VisitorHistory, VisitorHistoryLoader, VisitRestoreRow } from '@sillage/core';
import { ACTION_TYPE_CODE, EVENT_COLUMNS, EVENTS_TABLE, hexIdToBigint, VISIT_RESTORE_COLUMNS } from '@sillage/core';
import type { EventStore } from '@sillage/storage';

/**
 * The event-store reads ingestion needs (not reports): the shipping high-water mark, the visitor
 * histories the sessionizer asks for, and the rows that rebuild active visits after a restart.
 */

/** How a stored value comes back to JavaScript, from the column's ClickHouse type (EVENT_COLUMNS). */
type Decode = 'bigint' | 'seconds' | 'string' | 'number';
const DECODE: ReadonlyMap<string, Decode> = new Map(
  EVENT_COLUMNS.map(([name, type]): [string, Decode] => [
    name,
    /^U?Int64$/.test(type) ? 'bigint' : type.startsWith('DateTime') ? 'seconds' : /String\)?$/.test(type) ? 'string' : 'number',
  ]),
);

/** Highest local sequence number this node has stored (see node-id.ts): everything up to it was shipped. */
export async function maxStoredSeq(events: EventStore, range: { from: bigint; to: bigint }): Promise<number> {
  const rows = await events.query<{ m: string | number }>(
    `SELECT max(seq - {from:UInt64}) AS m FROM ${EVENTS_TABLE} WHERE seq >= {from:UInt64} AND seq < {to:UInt64}`,
    { from: range.from.toString(), to: range.to.toString() },
  );
  return Number(rows[0]?.m ?? 0);
}

/** Rows of every visit with activity since `sinceSec`, typed as the sessionizer's restore() wants. */
export async function loadRestoreRows(events: EventStore, sinceSec: number): Promise<VisitRestoreRow[]> {
  const select = VISIT_RESTORE_COLUMNS.map((c) => (DECODE.get(c) === 'seconds' ? `toUnixTimestamp(${c}) AS ${c}` : c)).join(', ');
  const raw = await events.query<Record<string, string | number>>(
    `SELECT ${select} FROM ${EVENTS_TABLE}
     WHERE (site_id, visit_id) IN (SELECT DISTINCT site_id, visit_id FROM ${EVENTS_TABLE} WHERE ts >= toDateTime({since:UInt32}, 'UTC'))
     ORDER BY seq`,
    { since: Math.max(0, sinceSec) },
  );
  return raw.map((r) => {
    const row: Record<string, unknown> = {};
    for (const c of VISIT_RESTORE_COLUMNS) {
      const v = r[c];
      const decode = DECODE.get(c);
      row[c] = decode === 'bigint' ? BigInt(v ?? 0) : decode === 'string' ? String(v ?? '') : Number(v ?? 0);
    }
    return row as unknown as VisitRestoreRow;
  });
}

/** The sessionizer's VisitorHistoryLoader, answered from stored rows (see core/visits/history.ts). */
export function visitorHistoryLoader(events: EventStore): VisitorHistoryLoader {
  return async (siteId, visitorIds) => {
    const out = new Map<string, VisitorHistory>();
    if (visitorIds.length === 0) return out;
    const ids = visitorIds.map((h) => hexIdToBigint(h).toString());
    const rows = await events.query<Record<string, string | number>>(
      `SELECT leftPad(lower(hex(visitor_id)), 16, '0') AS vid,
              max(visit_count) AS visit_count,
              maxIf(toUnixTimestamp(ts), action_type != {ping:UInt8}) AS last_ts,
              min(toUnixTimestamp(visit_first_ts) - seconds_since_first_visit) AS first_ts,
              max(action_type = {order:UInt8} OR visitor_returning = 2) AS ordered
       FROM ${EVENTS_TABLE}
       WHERE site_id = {site:UInt32} AND visitor_id IN {ids:Array(UInt64)}
       GROUP BY visitor_id`,
      { site: siteId, ids, ping: ACTION_TYPE_CODE.ping, order: ACTION_TYPE_CODE.ecommerce_order },
    );
    for (const r of rows) {
      out.set(String(r['vid']), {
        visitCount: Number(r['visit_count']),
        lastVisitTs: Number(r['last_ts']),
        firstVisitTs: Number(r['first_ts']),
        hasOrdered: Number(r['ordered']) === 1,
      });
    }
    return out;
  };
}
