import { randomBytes } from 'node:crypto';
import { isSillageError, SillageError } from '@sillage/core';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { AdminDeps } from './admin/index.js';
import { registerAdminApi } from './admin/index.js';
import type { ReportingApi } from './api/dispatch.js';
import { type ApiSessionResolver, apiHandler, registerApiRoutes } from './api/routes.js';
import type { ServerConfig } from './config.js';
import { registerDashboardApi } from './dashboard-api/routes.js';
import { NO_QUERY } from './http/query.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerOptOutRoutes } from './optout/routes.js';
import { registerTrackerScriptRoutes } from './tracker-routes.js';
import { handleTracking, isTrackingGetOnJs, registerTrackingRoutes, TRACKING_PATHS } from './tracking/routes.js';
import type { TrackingService } from './tracking/service.js';
import { APP_PREFIX, registerWebApp } from './web/static.js';

export interface AppServices {
  readonly tracking: TrackingService;
  readonly api: ReportingApi;
  /** Sign-in and administration JSON API (/api/…); absent in tests that build a bare app. */
  readonly admin?: AdminDeps;
  /** The built dashboard (packages/web/dist) served under /app/. */
  readonly webDir?: string;
  /** HMAC key of the opt-out page's nonces (kept in the metadata store); a random one per process when absent. */
  readonly optOutSecret?: string;
  /** Health of each dependency, for GET /healthz. */
  readonly health: () => Promise<{ ok: boolean; details: Record<string, unknown> }>;
}

/**
 * The HTTP surface. Bodies are read raw everywhere: the tracking endpoint must detect bulk JSON by
 * content whatever the Content-Type (as Matomo does), and the Reporting API parses PHP-style forms.
 */
export function buildApp(config: ServerConfig, logger: Logger, services: AppServices): FastifyInstance {
  // Typed as the default instance: route modules take plain FastifyInstance; pino is Fastify's own logger.
  const app = Fastify({
    loggerInstance: logger,
    // One log line per hit would drown everything else; errors are still logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: config.maxBodyBytes,
    return503OnClosing: true,
    // Routes read their query through queryParams (http/query.ts); no eager parse of every request.
    routerOptions: { querystringParser: () => NO_QUERY },
  }) as unknown as FastifyInstance;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err, req, reply) => {
    if ((err as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const tooLarge = new SillageError('TRACKING_BODY_TOO_LARGE', [config.maxBodyBytes]);
      return reply.code(tooLarge.status).send({ error: tooLarge.code, message: tooLarge.message });
    }
    if (isSillageError(err)) return reply.code(err.status).send({ error: err.code, message: err.message });
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send({ error: (err as { code?: string }).code ?? 'BAD_REQUEST', message: (err as Error).message });
    }
    req.log.error({ err, url: req.url }, 'request failed');
    return reply.code(500).send({ error: 'INTERNAL', message: 'Internal error; it has been logged.' });
  });

  registerSecurityHeaders(app, { bareRoutes: TRACKING_PATHS });
  registerTrackingRoutes(app, { service: services.tracking, ignoreCookieNames: config.ignoreCookieNames });
  // Opt-out pages (before the Reporting API, which shares /index.php) and the tracker script.
  registerOptOutRoutes(app, {
    secret: services.optOutSecret ?? randomBytes(32).toString('base64url'),
    ignoreCookieName: config.ignoreCookieNames[0] ?? 'matomo_ignore',
  });
  const trackerScript = registerTrackerScriptRoutes(app);
  const apiSessions =
    services.admin &&
    ((req: Parameters<ApiSessionResolver>[0], t: string | undefined) => services.admin!.auth.sessionPrincipalForApi(req, t));
  registerApiRoutes(app, services.api, apiSessions);
  registerDashboardApi(app, services.api, apiSessions);
  if (services.admin !== undefined) registerAdminApi(app, services.admin);
  if (services.webDir !== undefined) registerWebApp(app, services.webDir);

  // /js/ with a query string is the tracking endpoint; without one it serves the tracker script.
  app.get('/js/', (req, reply) => {
    if (isTrackingGetOnJs(req.url))
      return handleTracking(req, reply, { service: services.tracking, ignoreCookieNames: config.ignoreCookieNames });
    return trackerScript(req, reply);
  });

  app.get('/healthz', async (_req, reply) => {
    const { ok, details } = await services.health();
    return reply
      .code(ok ? 200 : 503)
      .header('Cache-Control', 'no-store')
      .send({ status: ok ? 'ok' : 'unavailable', ...details });
  });

  // GET / is the Reporting API when asked for (index.php is the directory index in Matomo set-ups).
  const api = apiHandler(services.api, apiSessions);
  app.get('/', (req, reply) => {
    if (/[?&]module=API(&|$)/.test(req.url)) return api(req, reply);
    // Everything else at / is the dashboard.
    if (services.webDir !== undefined) return reply.redirect(APP_PREFIX);
    return reply
      .type('text/plain; charset=utf-8')
      .send('Sillage analytics server. Reporting API: /index.php?module=API; tracking: /matomo.php\n');
  });

  return app;
}
