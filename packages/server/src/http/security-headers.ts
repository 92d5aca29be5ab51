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
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    if (reply.getHeader('content-security-policy') === undefined) {
      reply.header('Content-Security-Policy', DEFAULT_CSP);
      reply.header('X-Frame-Options', 'DENY');
    }
    return payload;
  });
}
