import type { FastifyInstance } from 'fastify';

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
 * sets its own Content-Security-Policy before sending; this hook then leaves both the CSP and
 * X-Frame-Options to it.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { readonly bareRoutes?: readonly string[] } = {}): void {
  const bare = new Set(options.bareRoutes ?? []);
  // Callback style: this runs on every response, tracking hits included, and an async hook costs a promise.
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    // A tracking answer (a GIF, a 204 or the bulk JSON) is never rendered as a page: the page headers
    // would only add ~450 bytes to each of thousands of answers a second.
    const route = req.routeOptions.url;
    if (route !== undefined && bare.has(route)) return done(null, payload);
    reply.header('Referrer-Policy', 'same-origin');
    if (reply.getHeader('content-security-policy') === undefined) {
      reply.header('Content-Security-Policy', DEFAULT_CSP);
      reply.header('X-Frame-Options', 'DENY');
    }
    done(null, payload);
  });
}
