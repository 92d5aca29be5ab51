/**
 * Why a hit was not stored. Every drop is counted by its reason and explained to the client in the
 * `X-Sillage-Ignored` response header; the endpoint still answers success, as Matomo does for excluded
 * requests, so trackers never retry them.
 */
export const DROP_REASONS = [
  'not-recorded', // rec is missing or not 1
  'opt-out-cookie', // the visitor set the ignore cookie (matomo_ignore / piwik_ignore)
  'do-not-track', // DNT / X-Do-Not-Track header and the site honours it
  'prefetch', // X-Purpose: preview|instant or X-Moz: prefetch
  'excluded-ip', // client IP in the site's excluded IPs / CIDR ranges
  'excluded-user-agent', // user agent matches the site's excluded user agents
  'excluded-parameter', // page URL carries a query parameter the site excludes hits for
  'bot', // user agent recognised as a bot and bots=1 not given
  'spam-referrer', // referrer host on the spam list
  'refused-user-id', // uid sent to a site whose privacy mode refuses User ID
  'refused-ecommerce', // ecommerce order or cart update sent to a site whose privacy mode refuses ecommerce
  'ping-without-visit', // a heartbeat that would start a new visit: never creates one
  'invalid-action', // ca=1 with nothing a handler claims, or an action missing its required fields
  'unreadable-record', // a spool record the shipper cannot turn into a row: set aside in a file, never retried forever
] as const;

export type DropReason = (typeof DROP_REASONS)[number];

export interface Drop {
  readonly drop: DropReason;
  /** Free text for logs only; never sent to the client. */
  readonly detail?: string;
}

export function drop(reason: DropReason, detail?: string): Drop {
  return detail === undefined ? { drop: reason } : { drop: reason, detail };
}

export function isDrop(value: unknown): value is Drop {
  return typeof value === 'object' && value !== null && 'drop' in value;
}
