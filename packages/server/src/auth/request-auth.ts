import { SillageError } from '@sillage/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseCookies, sessionCookie } from '../http/cookies.js';
import { queryParams } from '../http/query.js';
import type { AccessControl, Principal } from './access.js';
import type { Session, SessionStore } from './sessions.js';

export const SESSION_COOKIE = 'sillage_session';
export const CSRF_HEADER = 'x-csrf-token';

/** How a request proved who it is. */
export interface RequestIdentity {
  readonly principal: Principal | undefined;
  readonly via: 'session' | 'token' | 'none';
  /** The session row (also for a session still waiting for its second factor, which has no principal). */
  readonly session?: Session;
  readonly sessionId?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerOf(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
}

function queryToken(req: FastifyRequest): string | undefined {
  return queryParams(req)['token_auth'];
}

/**
 * The one place a JSON API request (dashboard, administration) gets its principal. A browser session
 * and an API token give the same Principal, so every route's access rule applies to both alike:
 * - an API token (Authorization: Bearer, or token_auth in the query) — not ambient, so no CSRF check;
 * - else the session cookie — ambient, so state-changing requests must echo the session's CSRF token
 *   in X-CSRF-Token (synchronizer token pattern) and come from our own origin.
 */
export class RequestAuth {
  constructor(
    private readonly access: AccessControl,
    readonly sessions: SessionStore,
  ) {}

  async identify(req: FastifyRequest): Promise<RequestIdentity> {
    const token = bearerOf(req) ?? queryToken(req);
    // Matomo's token_auth=anonymous names no one: the caller is anonymous, as without a token.
    if (token !== undefined && token !== '' && token !== 'anonymous') {
      // Fresh: a revoked token must stop working at once on the dashboard and admin APIs.
      const principal = await this.access.principalForToken(token, { fresh: true });
      if (principal === undefined) throw new SillageError('AUTH_REQUIRED');
      return { principal, via: 'token' };
    }
    const sessionId = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    const session = await this.sessions.find(sessionId);
    if (session === undefined || sessionId === undefined) return { principal: undefined, via: 'none' };
    if (!SAFE_METHODS.has(req.method)) checkCsrf(req, session);
    const principal = session.stage === 'full' ? await this.access.principalForLogin(session.login) : undefined;
    return { principal, via: 'session', session, sessionId };
  }

  /** Whether a site's dashboard is public (the anonymous 'view' of access.ts). */
  isPublicSite(idSite: number): Promise<boolean> {
    return this.access.isPublicSite(idSite);
  }

  /** The session of a Reporting API call made with force_api_session=1 and token_auth = the CSRF token (Matomo's UI convention). */
  async sessionPrincipalForApi(req: FastifyRequest, tokenAuth: string | undefined): Promise<Principal | undefined> {
    const sessionId = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    const session = await this.sessions.find(sessionId);
    if (session === undefined || session.stage !== 'full' || tokenAuth !== session.csrfToken) return undefined;
    return this.access.principalForLogin(session.login);
  }

  setSessionCookie(req: FastifyRequest, reply: FastifyReply, id: string, maxAgeSeconds: number): void {
    reply.header('Set-Cookie', sessionCookie(SESSION_COOKIE, id, { secure: req.protocol === 'https', maxAgeSeconds }));
  }

  clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
    reply.header('Set-Cookie', sessionCookie(SESSION_COOKIE, '', { secure: req.protocol === 'https', maxAgeSeconds: 0 }));
  }
}

/** Refuses a state-changing request from another origin (when the browser says so) or without the CSRF token. */
export function checkSameOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new SillageError('AUTH_CROSS_ORIGIN', [origin]);
  }
  if (host !== req.host) throw new SillageError('AUTH_CROSS_ORIGIN', [origin]);
}

function checkCsrf(req: FastifyRequest, session: Session): void {
  checkSameOrigin(req);
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || sent !== session.csrfToken) throw new SillageError('AUTH_CSRF_INVALID');
}
