import { SillageError } from '@sillage/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/access.js';
import { bearerOf } from '../auth/request-auth.js';
import { rawQueryOf } from '../http/query.js';
import type { ReportingApi } from './dispatch.js';
import { apiParams } from './params.js';
import { encodeDelimited, renderDelimited, renderJson, renderXml } from './render.js';
import type { ApiOutcome } from './result.js';

/**
 * HTTP routes of the Matomo Reporting API: `index.php?module=API&…` by GET or POST, and POST `/` (what
 * import_logs.py calls). Parameters may be in the query or a form body; the token also in a Bearer header.
 */
export function registerApiRoutes(app: FastifyInstance, api: ReportingApi, sessions?: ApiSessionResolver): void {
  const handler = apiHandler(api, sessions);
  app.get('/index.php', handler);
  app.post('/index.php', handler);
  app.post('/', handler);
}

/** Finds the principal of the browser session behind a force_api_session=1 call (see auth/request-auth.ts). */
export type ApiSessionResolver = (req: FastifyRequest, tokenAuth: string | undefined) => Promise<Principal | undefined>;

export function apiHandler(
  api: ReportingApi,
  sessions?: ApiSessionResolver,
): (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  return async (req, reply) => {
    const rawQuery = rawQueryOf(req.url);
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const params = apiParams(rawQuery, body);
    const bearer = bearerOf(req);
    const format = (params.get('format') ?? 'xml').toLowerCase();
    let outcome: ApiOutcome;
    if (format !== 'json' && format !== 'xml' && format !== 'csv' && format !== 'tsv') {
      const err = new SillageError('API_FORMAT_UNSUPPORTED', [format]);
      outcome = { ok: false, message: err.message, status: err.status };
    } else {
      outcome = await api.call(params, bearer, sessions && ((tokenAuth) => sessions(req, tokenAuth)));
    }
    reply.header('Cache-Control', 'no-store');
    reply.code(outcome.ok ? 200 : outcome.status);
    if (format === 'json') return reply.type('application/json; charset=utf-8').send(renderJson(outcome));
    if (format === 'csv' || format === 'tsv') {
      const unicode = params.get('convertToUnicode') !== '0';
      const text = renderDelimited(outcome, format === 'csv' ? ',' : '\t');
      const mime = format === 'csv' ? 'text/csv' : 'text/tab-separated-values';
      return reply.type(`${mime}; charset=${unicode ? 'utf-16le' : 'utf-8'}`).send(encodeDelimited(text, unicode));
    }
    return reply.type('text/xml; charset=utf-8').send(renderXml(outcome));
  };
}
