import { isSillageError } from '@sillage/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rawQueryOf } from '../http/query.js';
import { setNoSniff } from '../http/security-headers.js';
import { parseTransport, readHeaders } from './request.js';
import type { TrackingService } from './service.js';

/** Matomo's 43-byte transparent GIF. */
export const TRACKING_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAAAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

const ABOUT = 'This resource is part of Sillage, a Matomo-compatible web analytics server.';

export interface TrackingRouteOptions {
  readonly service: TrackingService;
  readonly ignoreCookieNames: readonly string[];
}

/**
 * The Matomo tracking endpoint: /matomo.php, /piwik.php, and /js/ with a query string or a body
 * (matomo-compat.md §1, §9a–b). Answers: the GIF (200) or 204 under send_image=0, for tracked and
 * excluded hits alike; 400 for invalid ones (204 under send_image=0, as Matomo ends up sending); the
 * bulk JSON for bulk requests. A hit is acknowledged only after it is durable in the spool.
 */
/** Every path the tracking endpoint answers on (GET /js/ without a query serves the tracker script). */
export const TRACKING_PATHS = ['/matomo.php', '/piwik.php', '/js/', '/js/tracker.php'] as const;

export function registerTrackingRoutes(app: FastifyInstance, options: TrackingRouteOptions): void {
  const handler = (req: FastifyRequest, reply: FastifyReply) => handleTracking(req, reply, options);
  for (const path of ['/matomo.php', '/piwik.php']) {
    app.get(path, handler);
    app.post(path, handler);
    app.options(path, preflight);
  }
  app.post('/js/', handler);
  app.post('/js/tracker.php', handler);
  app.get('/js/tracker.php', handler);
  app.options('/js/', preflight);
}

/** GET /js/ with a query string is tracking; without one it serves the tracker script (tracker issue). */
export function isTrackingGetOnJs(url: string): boolean {
  return rawQueryOf(url) !== '';
}

export async function handleTracking(req: FastifyRequest, reply: FastifyReply, options: TrackingRouteOptions): Promise<FastifyReply> {
  corsHeaders(req, reply);
  setNoSniff(reply);
  reply.header('Cache-Control', 'no-store');
  const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  let transport: ReturnType<typeof parseTransport>;
  try {
    transport = parseTransport(req.method, rawQueryOf(req.url), body);
  } catch (err) {
    if (!isSillageError(err)) throw err;
    reply.header('X-Sillage-Error', err.code);
    return reply.code(400).type('application/json').send({ status: 'error', tracked: 0, invalid: 0, message: err.message });
  }
  const headers = readHeaders(req.headers, options.ignoreCookieNames);
  if (!transport.bulk) {
    if (transport.requests.length === 0) {
      return reply
        .code(req.method === 'GET' ? 200 : 400)
        .type('text/plain; charset=utf-8')
        .send(ABOUT);
    }
    return single(reply, options.service, transport.requests[0]!, headers, req.ip, transport.sendImage);
  }
  return bulk(reply, options.service, transport, headers, req.ip);
}

async function single(
  reply: FastifyReply,
  service: TrackingService,
  params: Record<string, string>,
  headers: ReturnType<typeof readHeaders>,
  ip: string,
  sendImage: boolean,
): Promise<FastifyReply> {
  const outcome = await service.track(params, headers, ip);
  let status = 200;
  if (outcome.kind === 'accepted') {
    await outcome.durable;
  } else if (outcome.kind === 'dropped') {
    reply.header('X-Sillage-Ignored', outcome.reason);
  } else {
    reply.header('X-Sillage-Error', outcome.error.code);
    status = outcome.error.status;
  }
  if (!sendImage) return reply.code(204).send();
  return reply.code(status).type('image/gif').send(TRACKING_GIF);
}

async function bulk(
  reply: FastifyReply,
  service: TrackingService,
  transport: ReturnType<typeof parseTransport>,
  headers: ReturnType<typeof readHeaders>,
  ip: string,
): Promise<FastifyReply> {
  let tracked = 0;
  const invalidIndices: number[] = [];
  const durable: Promise<number>[] = [];
  const ignored = new Map<string, number>();
  try {
    for (const [index, params] of transport.requests.entries()) {
      if (transport.malformedIndexes.includes(index)) {
        invalidIndices.push(index);
        continue;
      }
      // Sequential on purpose: hits of one batch reach the spool in their order (visits depend on it).
      const outcome = await service.track(params, headers, ip, transport.bulkToken);
      if (outcome.kind === 'invalid') {
        invalidIndices.push(index);
        continue;
      }
      tracked++;
      if (outcome.kind === 'accepted') durable.push(outcome.durable);
      else ignored.set(outcome.reason, (ignored.get(outcome.reason) ?? 0) + 1);
    }
    await Promise.all(durable);
  } catch (err) {
    // Like Matomo, an unexpected failure aborts the batch; what was acknowledged before stays stored.
    const status = isSillageError(err) ? err.status : 500;
    if (isSillageError(err)) reply.header('X-Sillage-Error', err.code);
    return reply.code(Math.max(status, 500)).type('application/json').send({ status: 'error', tracked, invalid: invalidIndices.length });
  }
  if (ignored.size > 0) reply.header('X-Sillage-Ignored', [...ignored].map(([r, n]) => `${r}=${n}`).join(', '));
  if (!transport.sendImage) return reply.code(204).send();
  const answer: Record<string, unknown> = { status: 'success', tracked, invalid: invalidIndices.length };
  // Matomo tells which entries were invalid only to a super user.
  if (invalidIndices.length > 0 && (await service.isSuperuserToken(transport.bulkToken))) answer['invalid_indices'] = invalidIndices;
  return reply.code(200).type('application/json').send(answer);
}

function preflight(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  corsHeaders(req, reply);
  setNoSniff(reply);
  return reply
    .code(204)
    .header('Access-Control-Allow-Methods', 'GET, POST')
    .header('Access-Control-Allow-Headers', '*')
    .header('Access-Control-Max-Age', '86400')
    .send();
}

/** Echo the Origin with credentials allowed: the Matomo tracker sends its XHR/beacon with credentials. */
function corsHeaders(req: FastifyRequest, reply: FastifyReply): void {
  const origin = req.headers.origin;
  reply.header('Access-Control-Allow-Origin', origin ?? '*');
  if (origin !== undefined) {
    reply.header('Access-Control-Allow-Credentials', 'true');
    reply.header('Vary', 'Origin');
  }
}
