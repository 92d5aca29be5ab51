import { randomBytes } from 'node:crypto';
import { isSillageError, SillageError } from '@sillage/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseCookies } from '../http/cookies.js';
import { rawQueryOf } from '../http/query.js';
import { addRouteHook } from '../http/route-hooks.js';
import { iframeCsp, renderIframePage } from './iframe-page.js';
import { renderOptOutScript } from './js-page.js';
import { createNonce, newBinding, verifyNonce } from './nonce.js';
import { parseOptOutParams } from './params.js';

/**
 * The opt-out pages of the analytics server (matomo-compat.md §4), at Matomo's URLs:
 *   index.php?module=CoreAdminHome&action=optOut    the legacy iframe (sets or removes the ignore cookie)
 *   index.php?module=CoreAdminHome&action=optOutJS  the JS opt-out (renders in the site's page)
 * They share /index.php (and /) with the Reporting API, so a hook answers them before the API route.
 */
export interface OptOutOptions {
  /** HMAC key for nonces (kept in the metadata store; see secret.ts). */
  readonly secret: string;
  /** The ignore cookie this page sets; the tracking endpoint honours it (SILLAGE_IGNORE_COOKIE_NAMES). */
  readonly ignoreCookieName: string;
  readonly now?: () => number;
}

/** Binds the form's nonce to this browser (see nonce.ts). */
export const BINDING_COOKIE = 'sillage_optout';
/** Matomo's ignore cookie lasts 30 years. */
const IGNORE_COOKIE_MAX_AGE_S = 30 * 365 * 86_400;

type Action = 'optOut' | 'optOutJS';

function optOutAction(url: string): Action | undefined {
  const params = new URLSearchParams(rawQueryOf(url));
  if (params.get('module') !== 'CoreAdminHome') return undefined;
  const action = params.get('action');
  return action === 'optOut' || action === 'optOutJS' ? action : undefined;
}

/**
 * Cookie attributes for a page that lives in a third-party iframe. Over HTTPS: SameSite=None; Secure,
 * the only way the cookie reaches the server from inside another site's page (browsers that block
 * third-party cookies block it anyway, which is why Matomo deprecated this page). Over plain HTTP,
 * browsers refuse SameSite=None without Secure, so Lax: the cookie then works only when the page and the
 * tracked site are same-site (e.g. two ports of one host, as in our tests), never across sites.
 */
function cookieAttributes(secure: boolean): string {
  return secure ? 'Path=/; SameSite=None; Secure' : 'Path=/; SameSite=Lax';
}

function queryOf(req: FastifyRequest): URLSearchParams {
  return new URLSearchParams(rawQueryOf(req.url));
}

/** The request's own origin, as the browser sees the server (Host, and the protocol Fastify trusts). */
function ownOrigin(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? ''}`;
}

export function registerOptOutRoutes(app: FastifyInstance, options: OptOutOptions): void {
  const now = options.now ?? Date.now;

  const iframeGet = (req: FastifyRequest, reply: FastifyReply) => {
    const params = parseOptOutParams(queryOf(req), req.headers['accept-language']);
    const secure = req.protocol === 'https';
    let binding = parseCookies(req.headers.cookie).get(BINDING_COOKIE);
    if (!binding || !/^[\w-]{24}$/.test(binding)) {
      binding = newBinding();
      reply.header('Set-Cookie', `${BINDING_COOKIE}=${binding}; HttpOnly; ${cookieAttributes(secure)}`);
    }
    const cspNonce = randomBytes(12).toString('base64url');
    const dnt = req.headers['dnt'] === '1' || req.headers['sec-gpc'] === '1';
    const html = renderIframePage(params, {
      tracked: parseCookies(req.headers.cookie).get(options.ignoreCookieName) === undefined,
      doNotTrack: dnt,
      nonce: createNonce(options.secret, binding, now()),
      cspNonce,
    });
    return reply
      .header('Content-Security-Policy', iframeCsp(cspNonce))
      .header('Cache-Control', 'no-store')
      .header('Vary', 'Cookie, Accept-Language')
      .type('text/html; charset=utf-8')
      .send(html);
  };

  /** The toggle: only a POST with a nonce bound to this browser, from our own page, changes anything. */
  const iframePost = (req: FastifyRequest, reply: FastifyReply) => {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== ownOrigin(req))
      throw new SillageError('OPTOUT_NONCE_INVALID', [`cross-origin request from ${origin}`]);
    const body = new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
    const check = verifyNonce(options.secret, parseCookies(req.headers.cookie).get(BINDING_COOKIE), body.get('nonce') ?? undefined, now());
    if (check !== 'ok') throw new SillageError('OPTOUT_NONCE_INVALID', [`nonce ${check}`]);
    const tracked = body.get('tracked') === '1';
    const attrs = cookieAttributes(req.protocol === 'https');
    reply.header(
      'Set-Cookie',
      tracked
        ? `${options.ignoreCookieName}=; Max-Age=0; ${attrs}`
        : `${options.ignoreCookieName}=ignore=*; Max-Age=${IGNORE_COOKIE_MAX_AGE_S}; ${attrs}`,
    );
    // Post/redirect/get: the page shows the new state, and a reload does not post again.
    return reply.header('Cache-Control', 'no-store').redirect(req.url, 303);
  };

  const script = (req: FastifyRequest, reply: FastifyReply) => {
    const params = parseOptOutParams(queryOf(req), req.headers['accept-language']);
    return reply
      .header('Cache-Control', 'no-store')
      .header('Access-Control-Allow-Origin', '*')
      .header('Vary', 'Accept-Language')
      .type('application/javascript; charset=utf-8')
      .send(renderOptOutScript(params));
  };

  const optOut = async (req: FastifyRequest, reply: FastifyReply) => {
    const action = optOutAction(req.url);
    if (action === undefined) return;
    try {
      if (action === 'optOutJS') return script(req, reply);
      if (req.method === 'POST') return iframePost(req, reply);
      if (req.method === 'GET' || req.method === 'HEAD') return iframeGet(req, reply);
    } catch (err) {
      if (!isSillageError(err)) throw err;
      return reply
        .code(err.status)
        .header('Cache-Control', 'no-store')
        .header('X-Sillage-Error', err.code)
        .type('text/plain; charset=utf-8')
        .send(err.message);
    }
  };
  // The opt-out shares /index.php and / with the Reporting API (Matomo's module=CoreAdminHome): it
  // answers before their handlers when the query asks for it, and lets them answer otherwise.
  addRouteHook(
    app,
    'preHandler',
    (req, reply, done) => {
      optOut(req, reply).then(() => {
        if (!reply.sent) done();
      }, done);
    },
    (path) => path === '/index.php' || path === '/',
  );
}
