import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Serves the browser tracker (packages/tracker, built to dist/tracker.min.js) under every path a Matomo
 * snippet may load it from: /matomo.js, /piwik.js, /js/ (GET without a query string) and /sillage.js.
 * A site keeps its Matomo snippet unchanged and gets our script.
 *
 * Caching: the script is revalidated cheaply (ETag → 304) and cached for a week; not "immutable",
 * because the URL never changes when the script does (snippets cannot carry a version).
 */
export const TRACKER_PATHS = ['/matomo.js', '/piwik.js', '/sillage.js'] as const;
export const TRACKER_MAX_AGE_S = 604_800;

/** Where the workspace build puts the script, relative to this module's built file (packages/server/dist). */
export const DEFAULT_TRACKER_FILE = new URL('../../tracker/dist/tracker.min.js', import.meta.url);

export interface TrackerScript {
  readonly body: Buffer;
  readonly etag: string;
}

export function loadTrackerScript(file: URL | string = DEFAULT_TRACKER_FILE): TrackerScript | undefined {
  try {
    const body = readFileSync(file);
    return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  } catch {
    return undefined;
  }
}

/** True when an If-None-Match header names this ETag (a list, weak validators and `*` included). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

export function serveTracker(script: TrackerScript | undefined) {
  return (req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (!script) {
      return reply
        .code(503)
        .header('Cache-Control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('The tracker script is not built: run `npm run build`.');
    }
    reply
      .header('Cache-Control', `public, max-age=${TRACKER_MAX_AGE_S}`)
      .header('ETag', script.etag)
      // Loaded cross-origin by every tracked site.
      .header('Access-Control-Allow-Origin', '*')
      .header('X-Content-Type-Options', 'nosniff');
    if (etagMatches(req.headers['if-none-match'], script.etag)) return reply.code(304).send();
    return reply.code(200).type('application/javascript; charset=utf-8').send(script.body);
  };
}

export function registerTrackerScriptRoutes(
  app: FastifyInstance,
  script = loadTrackerScript(),
): (req: FastifyRequest, reply: FastifyReply) => FastifyReply {
  const handler = serveTracker(script);
  for (const path of TRACKER_PATHS) app.get(path, handler);
  return handler;
}
