import { SillageError } from '@sillage/core';
import type { Role } from '@sillage/storage';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/access.js';
import { hasRole } from '../auth/access.js';
import type { RequestAuth, RequestIdentity } from '../auth/request-auth.js';
import { checkSameOrigin } from '../auth/request-auth.js';
import { queryParams } from './query.js';

/**
 * Who may call a JSON route. Checked by `registerJsonRoute` before any handler runs — handlers never
 * check access themselves, so none can forget to (the same design as the Reporting API's AccessRule).
 */
export type RouteAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'signed-in' }
  | { readonly kind: 'superuser' }
  /**
   * `role` on the site named by `:idSite` in the path, or `idSite` in the query or the JSON body.
   * `publicDashboard`: a caller without credentials passes too when that site's dashboard is public
   * (read-only dashboard routes only; no administration route sets it).
   */
  | { readonly kind: 'site'; readonly role: Role; readonly publicDashboard?: boolean };

export interface JsonContext<P extends Principal | undefined = Principal | undefined> {
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  readonly identity: RequestIdentity;
  readonly principal: P;
  /** Parsed JSON body ({} when none). */
  readonly body: Record<string, unknown>;
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  /** The site checked by a 'site' rule. */
  readonly idSite: number;
}

export interface JsonRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly access: RouteAccess;
  handler(ctx: JsonContext): Promise<unknown>;
}

function parseBody(req: FastifyRequest): Record<string, unknown> {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (raw.trim() === '') return {};
  // A JSON content type cannot be sent cross-site without a CORS preflight we never grant.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new SillageError('REQUEST_INVALID', [`Content-Type: expected application/json`]);
  }
  try {
    const v = JSON.parse(raw) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch {
    throw new SillageError('REQUEST_INVALID', [`body: expected a JSON object`]);
  }
}

function siteIdOf(params: Record<string, string>, query: Record<string, string>, body: Record<string, unknown>): number {
  const raw = params['idSite'] ?? query['idSite'] ?? body['idSite'];
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new SillageError('REQUEST_INVALID', [`idSite: ${String(raw ?? '')}`]);
  return id;
}

/** Applies a route's access rule; throws AUTH_REQUIRED (401) or AUTH_FORBIDDEN (403). */
export async function checkRouteAccess(
  rule: RouteAccess,
  principal: Principal | undefined,
  idSite: () => number,
  isPublicSite: (id: number) => Promise<boolean> = async () => false,
): Promise<void> {
  if (rule.kind === 'public') return;
  if (principal === undefined) {
    if (rule.kind === 'site' && rule.publicDashboard === true && rule.role === 'view' && (await isPublicSite(idSite()))) return;
    throw new SillageError('AUTH_REQUIRED');
  }
  switch (rule.kind) {
    case 'signed-in':
      return;
    case 'superuser':
      if (!principal.superuser) throw new SillageError('AUTH_FORBIDDEN', ['super user access']);
      return;
    case 'site': {
      const id = idSite();
      if (!hasRole(principal, id, rule.role)) throw new SillageError('AUTH_FORBIDDEN', [`${rule.role} access to site ${id}`]);
      return;
    }
  }
}

/** Every route registered so far, for tests that check access route by route. */
export const REGISTERED_JSON_ROUTES: { method: string; url: string; access: RouteAccess }[] = [];

/**
 * Registers a JSON route behind the access layer: identify the caller (session or token, with the CSRF
 * check for sessions), apply the rule, parse the body, run the handler, answer JSON with no caching.
 */
export function registerJsonRoute(app: FastifyInstance, auth: RequestAuth, route: JsonRoute): void {
  REGISTERED_JSON_ROUTES.push({ method: route.method, url: route.url, access: route.access });
  app.route({
    method: route.method,
    url: route.url,
    handler: async (req, reply) => {
      if (req.method !== 'GET') checkSameOrigin(req);
      const identity = await auth.identify(req);
      const params = (req.params ?? {}) as Record<string, string>;
      const query = queryParams(req);
      const body = parseBody(req);
      let idSite = 0;
      await checkRouteAccess(
        route.access,
        identity.principal,
        () => {
          idSite = siteIdOf(params, query, body);
          return idSite;
        },
        (id) => auth.isPublicSite(id),
      );
      const result = await route.handler({ req, reply, identity, principal: identity.principal, body, params, query, idSite });
      reply.header('Cache-Control', 'no-store');
      if (reply.sent) return reply;
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(result ?? { ok: true }));
    },
  });
}
