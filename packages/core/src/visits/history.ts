/**
 * What the sessionizer needs to know about a visitor's earlier visits when it starts a new one
 * (visitor_returning, visit_count, seconds since last / first visit). All times are seconds since epoch,
 * the event store's unit, so a loader can answer straight from stored rows:
 *
 *   visitCount    max(visit_count)                                    over the visitor's rows
 *   lastVisitTs   max(ts) of rows whose action_type is not ping        (pings never move the last action)
 *   firstVisitTs  min(visit_first_ts - seconds_since_first_visit)
 *   hasOrdered    any row with action_type ecommerce_order, or visitor_returning = 2
 *
 * (rows selected by site_id and visitor_id). A visitor with no rows is left out of the answer.
 */
export interface VisitorHistory {
  readonly visitCount: number;
  readonly lastVisitTs: number;
  readonly firstVisitTs: number;
  readonly hasOrdered: boolean;
}

/** Loads the history of the given visitors (16-hex ids) of one site; absent ids have no earlier visit. */
export type VisitorHistoryLoader = (siteId: number, visitorIds: string[]) => Promise<Map<string, VisitorHistory>>;
