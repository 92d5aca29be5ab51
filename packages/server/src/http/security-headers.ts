import type { FastifyInstance, FastifyReply } from 'fastify';
import { addRouteHook } from './route-hooks.js';

/**
 * The Content-Security-Policy of every page: our own scripts, styles, images and API only; no inline
 * script (the dashboard has none), no plugins, no framing. uPlot and React set styles through the
 * CSSOM, which style-src does not restrict, so no 'unsafe-inline' is needed.
 */
export const DEFAULT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Security headers on every response. A route that must be framed by other sites (the opt-out page)
 * sets its own Content-Security-Policy before sending; the hook then leaves both the CSP and
 * X-Frame-Options to it.
 *
 * The tracking routes (`bareRoutes`) get no hook at all: their answers (a GIF, a 204, the bulk JSON) are
 * never rendered as a page, so they set nosniff themselves (`setNoSniff`) and skip the ~450 bytes of page
 * headers and the hook's cost on each of thousands of answers a second. Answers of no route (404) get
 * the page headers from the not-found handler set here.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { readonly bareRoutes?: readonly string[] } = {}): void {
  const bare = new Set(options.bareRoutes ?? []);
  addRouteHook(
    app,
    'onSend',
    (_req, reply, payload, done) => {
      setPageHeaders(reply);
      done(null, payload);
    },
    (path) => !bare.has(path),
  );
  app.setNotFoundHandler((req, reply) => {
    setPageHeaders(reply);
    return reply.code(404).send({ message: `Route ${req.method}:${req.url} not found`, error: 'Not Found', statusCode: 404 });
  });
}

export function setNoSniff(reply: FastifyReply): void {
  reply.header('X-Content-Type-Options', 'nosniff');
}

function setPageHeaders(reply: FastifyReply): void {
  setNoSniff(reply);
  reply.header('Referrer-Policy', 'same-origin');
  if (reply.getHeader('content-security-policy') === undefined) {
    reply.header('Content-Security-Policy', DEFAULT_CSP);
    reply.header('X-Frame-Options', 'DENY');
  }
}
