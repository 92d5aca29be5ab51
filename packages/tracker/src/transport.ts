/**
 * Sending requests the way matomo.js does (matomo-compat.md §3.5): nav.sendBeacon with the
 * parameters in the query string and an empty body; the query as the body when it would exceed 2,000
 * characters; several queued requests go together as Matomo's bulk JSON. When the beacon is refused,
 * fetch with keepalive, and last an image GET per request. Every request carries send_image=0, so the
 * server answers 204.
 *
 * Bodies go as plain strings (text/plain): the server recognises bulk JSON and form bodies by their
 * content, whatever the Content-Type, and a string costs no Blob.
 */

import { doc, nav, now, on, stringify } from './globals.js';

/** Returns `send(query, atOnce)`: queues one request (a query string without '?'); `atOnce` flushes the queue at once. */
export function createTransport(endpoint: () => string): (query: string, atOnce?: unknown) => void {
  let queue: string[] = [];
  /** When the first request left: Matomo holds those that follow it for 800 ms, so the server creates the visit once. */
  let firstSentAt = 0;

  const flush = () => {
    const url = endpoint();
    const batch = queue;
    const q = batch[0];
    queue = [];
    if (!url || !q) return;
    firstSentAt ||= now();
    // A body for a batch, or for a query longer than 2,000 characters (it has a character at index 2000).
    const body = batch[1] ? stringify({ requests: batch.map((r) => `?${r}`), send_image: 0 }) : q[2000] && q;
    const to = body ? url : `${url}?${q}`;
    if (!nav.sendBeacon(to, body))
      fetch(to, { method: 'POST', body, keepalive: true, credentials: 'include' }).catch(() =>
        batch.map((r) => (new Image().src = `${url}?${r}`)),
      );
  };

  // Whatever is queued must leave before the page goes away (outlinks, closed tabs, heartbeat pings).
  on('pagehide', flush);
  on('visibilitychange', () => doc.hidden && flush());

  return (query, atOnce) => {
    // One timer for the requests that wait; should the queue leave earlier (a link, the page hidden), that
    // timer later finds it empty or sends the next ones a little early, both harmless.
    if (queue.push(query) && (atOnce || !firstSentAt)) flush();
    else if (!queue[1]) setTimeout(flush, firstSentAt + 800 - now());
  };
}
