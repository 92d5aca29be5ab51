import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build` puts the dashboard (packages/web/dist), seen from packages/server/dist/web/. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** The dashboard's URL prefix: every single-page-app route lives under it. */
export const APP_PREFIX = '/app/';

/**
 * Serves the dashboard: hashed assets under /app/assets/ cached for a year, and index.html (never
 * cached, so a new release is picked up on the next load) for every other /app/ path, where the
 * client-side router takes over. Nothing is fetched from elsewhere: fonts, icons and map data are in the bundle.
 */
export function registerWebApp(app: FastifyInstance, webDir: string): void {
  const indexPath = join(webDir, 'index.html');
  if (!existsSync(indexPath)) {
    app.get('/app/*', (_req, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send('The dashboard is not built: run `npm run build`.\n'),
    );
    return;
  }
  const indexHtml = readFileSync(indexPath);
  void app.register(fastifyStatic, {
    root: webDir,
    prefix: APP_PREFIX,
    index: false,
    wildcard: false,
    decorateReply: false,
    setHeaders(res, path) {
      res.header('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
  app.get('/app', (_req, reply) => reply.redirect(APP_PREFIX));
  app.get('/app/', sendIndex);
  app.get('/app/*', sendIndex);
}
