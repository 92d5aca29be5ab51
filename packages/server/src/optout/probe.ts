import { randomBytes } from 'node:crypto';
import { defaultTrackingSteps, dropOptOutCookie, type Hit, type PipelineContext } from '@sillage/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { readHeaders } from '../tracking/request.js';
import { verifyNonce } from './nonce.js';
import { BINDING_COOKIE, registerOptOutRoutes } from './routes.js';

/**
 * The compliance audit's "opt-out page reachable and working" check. It renders the page through the
 * opt-out route handler — the running server's own routes when the audit runs inside the server
 * (Fastify inject: no network, no port), or the same handler mounted in a private in-process instance
 * when the CLI runs without a server — and verifies what a visitor relies on:
 *   1. GET answers an HTML page with a CSP, a form and a nonce bound to this browser's cookie;
 *   2. posting the form with that nonce sets the ignore cookie for years (and a forged nonce is refused);
 *   3. the tracking endpoint honours that cookie: its header reader keeps it and the opt-out step of the
 *      pipeline drops a hit that carries it (run as a pure step: the probe never stores a hit);
 *   4. opting back in removes the cookie; the JS opt-out script is served.
 * Read-only: nothing is written to either store.
 */
export interface OptOutProbeResult {
  readonly ok: boolean;
  /** What was verified (or what failed), one fact per line. */
  readonly evidence: readonly string[];
}

/** The subset of Fastify's inject the probe needs. */
export type InjectFn = (request: {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  payload?: string;
}) => Promise<{ statusCode: number; headers: Record<string, string | string[] | number | undefined>; body: string }>;

export interface OptOutProbeOptions {
  /** Ignore cookies the tracking endpoint honours (SILLAGE_IGNORE_COOKIE_NAMES). */
  readonly ignoreCookieNames: readonly string[];
  /** Where the page was rendered, for the evidence ("the running server's routes", …). */
  readonly via: string;
  readonly now?: () => number;
  /** The nonce key, to verify the nonce independently of the handler; unknown = checked by the POST only. */
  readonly secret?: string;
}

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

function setCookies(headers: Record<string, unknown>): string[] {
  const v = headers['set-cookie'];
  return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
}

function header(headers: Record<string, unknown>, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? String(v[0] ?? '') : v === undefined ? '' : String(v);
}

class ProbeFailure extends Error {}

export async function probeOptOutPage(inject: InjectFn, idSite: number, o: OptOutProbeOptions): Promise<OptOutProbeResult> {
  const evidence: string[] = [];
  const fail = (what: string): never => {
    throw new ProbeFailure(what);
  };
  try {
    const url = `/index.php?module=CoreAdminHome&action=optOut&idsite=${idSite}&language=en`;
    const page = await inject({ method: 'GET', url, headers: { 'user-agent': BROWSER_UA } });
    if (page.statusCode !== 200) fail(`GET ${url} answered ${page.statusCode}`);
    if (!header(page.headers, 'content-type').startsWith('text/html'))
      fail(`GET ${url} is not HTML (${header(page.headers, 'content-type')})`);
    if (!/script-src 'nonce-/.test(header(page.headers, 'content-security-policy'))) fail('the page has no Content-Security-Policy');
    const nonce = /<input type="hidden" name="nonce" value="([^"]+)">/.exec(page.body)?.[1];
    if (!/<form method="post"/.test(page.body) || nonce === undefined) fail('the page has no opt-out form with a nonce');
    const bindingCookie = setCookies(page.headers).find((c) => c.startsWith(`${BINDING_COOKIE}=`));
    const binding = bindingCookie?.slice(BINDING_COOKIE.length + 1).split(';')[0];
    if (binding === undefined) fail(`the page sets no ${BINDING_COOKIE} cookie to bind its nonce`);
    if (o.secret !== undefined) {
      const check = verifyNonce(o.secret, binding, nonce, (o.now ?? Date.now)());
      if (check !== 'ok') fail(`the form's nonce does not verify (${check})`);
    }
    evidence.push(
      `GET ${url} rendered through ${o.via}: 200 HTML with a CSP and a form whose nonce is ${
        o.secret === undefined ? 'bound' : 'valid for'
      } the browser cookie ${BINDING_COOKIE}`,
    );

    const cookieHeader = `${BINDING_COOKIE}=${binding}`;
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader, 'user-agent': BROWSER_UA };
    const forged = await inject({ method: 'POST', url, headers: form, payload: 'nonce=0.forged' });
    if (forged.statusCode < 400 || setCookies(forged.headers).length > 0) fail(`a forged nonce was accepted (${forged.statusCode})`);
    const optOut = await inject({ method: 'POST', url, headers: form, payload: new URLSearchParams({ nonce: nonce! }).toString() });
    const ignore = setCookies(optOut.headers).find((c) => /^[^=]+=[^;]+;.*Max-Age=\d{6,}/i.test(c));
    if (optOut.statusCode !== 303 || ignore === undefined)
      fail(`posting the form (opt out) answered ${optOut.statusCode} without a lasting ignore cookie`);
    const [name, value] = ignore!.split(';')[0]!.split(/=(.*)/s) as [string, string];
    const years = Math.round(Number(/Max-Age=(\d+)/i.exec(ignore!)?.[1]) / (365 * 86_400));
    evidence.push(
      `posting the form with its nonce set the cookie ${name} for ${years} years; a forged nonce was refused (${forged.statusCode})`,
    );

    if (!o.ignoreCookieNames.includes(name))
      fail(`the tracking endpoint does not honour ${name} (it reads ${o.ignoreCookieNames.join(', ')})`);
    if (!defaultTrackingSteps().some((s) => s.name === dropOptOutCookie.name)) fail('the tracking pipeline has no opt-out step');
    const request = { headers: readHeaders({ cookie: `${name}=${value}`, 'user-agent': BROWSER_UA }, o.ignoreCookieNames) };
    // The step reads only the request's cookies and the honoured names; the rest of the context is unused.
    const ctx = { request, ignoreCookieNames: o.ignoreCookieNames } as unknown as PipelineContext;
    const outcome = dropOptOutCookie.run({} as Hit, ctx);
    if (outcome?.drop !== 'opt-out-cookie') fail(`a hit carrying ${name} is not dropped by the tracking pipeline`);
    evidence.push(`the tracking endpoint honours ${name}: a hit carrying it is dropped (opt-out-cookie), nothing stored by this check`);

    const optIn = await inject({
      method: 'POST',
      url,
      headers: { ...form, cookie: `${cookieHeader}; ${name}=${value}` },
      payload: new URLSearchParams({ nonce: nonce!, tracked: '1' }).toString(),
    });
    if (!setCookies(optIn.headers).some((c) => c.startsWith(`${name}=;`) && /Max-Age=0/i.test(c)))
      fail(`opting back in did not remove ${name} (${optIn.statusCode})`);
    const js = await inject({ method: 'GET', url: '/index.php?module=CoreAdminHome&action=optOutJS&divId=x&language=en' });
    if (js.statusCode !== 200 || !header(js.headers, 'content-type').includes('javascript'))
      fail(`the JavaScript opt-out answered ${js.statusCode} ${header(js.headers, 'content-type')}`);
    evidence.push('opting back in removes the cookie; the JavaScript opt-out (action=optOutJS) is served');
    return { ok: true, evidence };
  } catch (err) {
    if (!(err instanceof ProbeFailure)) throw err;
    return { ok: false, evidence: [...evidence, err.message] };
  }
}

/**
 * The opt-out handler mounted alone in a private Fastify instance (no listening socket), for the CLI:
 * the same registerOptOutRoutes the server uses, with the server's body handling (raw buffers).
 */
export async function withStandaloneOptOut<T>(
  options: { secret?: string; ignoreCookieName: string; now?: () => number },
  fn: (inject: InjectFn, secret: string) => Promise<T>,
): Promise<T> {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const app: FastifyInstance = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  registerOptOutRoutes(app, { secret, ignoreCookieName: options.ignoreCookieName, ...(options.now ? { now: options.now } : {}) });
  // Hooks run for routed paths only: in the server the Reporting API owns /index.php; here a stub does.
  app.route({ method: ['GET', 'POST'], url: '/index.php', handler: async (_req, reply) => reply.code(404).send() });
  await app.ready();
  try {
    return await fn(injectOf(app), secret);
  } finally {
    await app.close();
  }
}

/** The audit's view of the probe: one site at a time. */
export type SiteOptOutProbe = (site: { readonly id: number }) => Promise<OptOutProbeResult>;

/**
 * The probe of a running server: renders through the app's own routes once the app exists (it is built
 * after the API that uses the probe). The nonce key is the server's, so the nonce is verified too.
 */
export function serverOptOutProbe(
  app: () => FastifyInstance | undefined,
  o: { secret: string; ignoreCookieNames: readonly string[] },
): SiteOptOutProbe {
  return async (site) => {
    const instance = app();
    if (instance === undefined) return { ok: false, evidence: ['the HTTP routes are not built yet'] };
    return probeOptOutPage(injectOf(instance), site.id, { ...o, via: "the running server's own routes" });
  };
}

/** The probe without a server (CLI): the opt-out handler in a private instance, with the stored nonce key. */
export async function withStandaloneOptOutProbe<T>(
  o: { secret: string | undefined; ignoreCookieNames: readonly string[] },
  fn: (probe: SiteOptOutProbe) => Promise<T>,
): Promise<T> {
  return withStandaloneOptOut(
    { ...(o.secret ? { secret: o.secret } : {}), ignoreCookieName: o.ignoreCookieNames[0] ?? 'matomo_ignore' },
    (inject, secret) =>
      fn((site) =>
        probeOptOutPage(inject, site.id, {
          ignoreCookieNames: o.ignoreCookieNames,
          secret,
          via: 'the opt-out route handler, in process (no server running)',
        }),
      ),
  );
}

/** Fastify's inject as the probe's InjectFn. */
export function injectOf(app: FastifyInstance): InjectFn {
  return async (r) => {
    const res = await app.inject({
      method: r.method,
      url: r.url,
      ...(r.headers ? { headers: r.headers } : {}),
      ...(r.payload !== undefined ? { payload: r.payload } : {}),
    });
    return { statusCode: res.statusCode, headers: res.headers as Record<string, string | string[] | number | undefined>, body: res.body };
  };
}
