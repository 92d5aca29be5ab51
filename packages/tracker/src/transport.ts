/**
 * Sending requests the way matomo.js does (matomo-compat.md §3.5): navigator.sendBeacon with the
 * parameters in the query string and an empty body; a form body when the query would exceed 2,000
 * characters; several queued requests go together as Matomo's bulk JSON. When the beacon is refused,
 * fetch with keepalive, and last an image GET per request. Every request carries send_image=0, so the
 * server answers 204.
 */

/** Matomo holds the requests that follow the first one for 800 ms, so the server creates the visit once. */
const FIRST_REQUEST_WINDOW_MS = 800;

/** Returns `send(query, now)`: queues one request (a query string without '?'); `now` flushes the queue at once. */
export function createTransport(endpoint: () => string): (query: string, now?: boolean) => void {
  let queue: string[] = [];
  let firstSentAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const post = (url: string, body: string | null, queries: string[]) => {
    const blob = body && new Blob([body], { type: 'application/x-www-form-urlencoded; charset=UTF-8' });
    try {
      if (navigator.sendBeacon(url, blob)) return;
    } catch {
      // a beacon may throw (e.g. an invalid URL): fall back below
    }
    fetch(url, { method: 'POST', body: blob, keepalive: true, credentials: 'include' }).catch(() => {
      for (const q of queries) new Image().src = `${endpoint()}?${q}`;
    });
  };

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const url = endpoint();
    const batch = queue;
    queue = [];
    const q = batch[0];
    if (!url || !q) return;
    firstSentAt ||= Date.now();
    if (batch[1]) post(url, JSON.stringify({ requests: batch.map((r) => `?${r}`), send_image: 0 }), batch);
    else if (q.length > 2000) post(url, q, batch);
    else post(`${url}?${q}`, null, batch);
  };

  // Whatever is queued must leave before the page goes away (outlinks, closed tabs, heartbeat pings).
  addEventListener('pagehide', flush);
  addEventListener('visibilitychange', () => document.hidden && flush());

  return (query, now) => {
    queue.push(query);
    if (now || !firstSentAt) flush();
    else timer ??= setTimeout(flush, firstSentAt + FIRST_REQUEST_WINDOW_MS - Date.now());
  };
}
