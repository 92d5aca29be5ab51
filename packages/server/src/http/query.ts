import type { FastifyRequest } from 'fastify';
import { parseQueryString } from '../tracking/request.js';

/**
 * A request's query parameters, read when a route asks for them. Fastify's own eager parse is switched
 * off (app.ts: `req.query` is always empty): tracking hits, most of the traffic, parse their query
 * themselves with Matomo's rules, and a second parse per hit was measurable. Repeated names: the last wins.
 */
export function queryParams(req: FastifyRequest): Record<string, string> {
  return parseQueryString(rawQueryOf(req.url));
}

/** The raw query string of a request URL (after '?', before any '#'), '' when there is none. */
export function rawQueryOf(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return '';
  const hash = url.indexOf('#', q);
  return url.slice(q + 1, hash === -1 ? undefined : hash);
}

/** What Fastify gets as `req.query` for every request (see queryParams). */
export const NO_QUERY: Readonly<Record<string, never>> = Object.freeze({});
