import type { FastifyInstance } from 'fastify';
import { registerAuthRoutes } from './auth-routes.js';
import type { AdminDeps } from './deps.js';
import { registerMeRoutes } from './me-routes.js';
import { registerSegmentRoutes } from './segments-routes.js';
import { registerSettingsRoutes } from './settings-routes.js';
import { registerSiteRoutes } from './sites-routes.js';
import { registerUserRoutes } from './users-routes.js';

export type { AdminDeps } from './deps.js';

/** Sign-in and administration JSON API under /api/ (the dashboard's own API, not Matomo's). */
export function registerAdminApi(app: FastifyInstance, deps: AdminDeps): void {
  registerAuthRoutes(app, deps);
  registerMeRoutes(app, deps);
  registerSegmentRoutes(app, deps);
  registerSiteRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerSettingsRoutes(app, deps);
}
