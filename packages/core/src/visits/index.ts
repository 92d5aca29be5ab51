// The public surface of the sessionizer; helpers (LRU, local day, host parsing) stay internal.
export { buildEventRow } from './build-event-row.js';
export { type Campaign, detectCampaign } from './campaign.js';
export type { VisitorHistory, VisitorHistoryLoader } from './history.js';
export { bigintToHexId, hexIdToBigint, ZERO_ID } from './ids.js';
export { referrerOfHit, type VisitReferrer } from './referrer.js';
export {
  type NewVisitReason,
  Sessionizer,
  type SessionizerOptions,
  VISIT_RESTORE_COLUMNS,
  type VisitAssignment,
  type VisitRestoreRow,
} from './sessionizer.js';
