import { compileSegment, parseSegment, SillageError } from '@sillage/core';
import type { FastifyInstance } from 'fastify';
import { hasRole } from '../auth/access.js';
import { registerJsonRoute } from '../http/json-routes.js';
import type { AdminDeps } from './deps.js';
import { bool, str } from './deps.js';
import { SavedSegmentStore } from './saved-segments.js';

const MAX_DEFINITION = 4_000;

/**
 * Saved segments of the signed-in user, per site, on the server (so they follow the user from browser to
 * browser). Anyone who can view a site saves their own; sharing one with the site's other users takes
 * admin access to the site.
 *
 *   GET    /api/me/segments?idSite=N
 *   POST   /api/me/segments        { idSite, name, definition, shared? }   (same name = replace)
 *   DELETE /api/me/segments/:id
 */
export function registerSegmentRoutes(app: FastifyInstance, d: AdminDeps): void {
  // Built on first use: routes are also registered without a store (the access table test lists them).
  let store: SavedSegmentStore | undefined;
  const segments = () => {
    store ??= new SavedSegmentStore(d.meta.sql);
    return store;
  };

  registerJsonRoute(app, d.auth, {
    method: 'GET',
    url: '/api/me/segments',
    access: { kind: 'site', role: 'view' },
    async handler({ principal, idSite }) {
      const login = principal!.login;
      return { segments: (await segments().visibleTo(login, idSite)).map((s) => ({ ...s, mine: s.owner === login })) };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'POST',
    url: '/api/me/segments',
    access: { kind: 'site', role: 'view' },
    async handler({ principal, idSite, body }) {
      const p = principal!;
      const name = str(body, 'name', { max: 200 }).trim();
      const definition = str(body, 'definition', { max: MAX_DEFINITION }).trim();
      if (name === '' || definition === '') throw new SillageError('REQUEST_INVALID', ['name and definition are required']);
      try {
        // Compiled, not only parsed: an unknown dimension or value is refused now, not when a report runs.
        compileSegment(parseSegment(definition));
      } catch (err) {
        throw new SillageError('REQUEST_INVALID', [`definition: ${(err as Error).message}`]);
      }
      const shared = bool(body, 'shared') ?? false;
      if (shared && !hasRole(p, idSite, 'admin'))
        throw new SillageError('AUTH_FORBIDDEN', [`admin access to site ${idSite} to share a segment`]);
      const saved = await segments().save(p.login, idSite, name, definition, shared);
      await d.meta.audit.append({ actor: p.login, action: 'segment.saved', details: { idSite, id: saved.id, name, shared } });
      return { segment: { ...saved, mine: true } };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'DELETE',
    url: '/api/me/segments/:id',
    access: { kind: 'signed-in' },
    async handler({ principal, params }) {
      const p = principal!;
      const id = Number(params['id']);
      const deleted = Number.isSafeInteger(id) ? await segments().delete(id, p.login, p.superuser) : undefined;
      if (deleted === undefined) throw new SillageError('SEGMENT_NOT_FOUND', [params['id'] ?? '']);
      await d.meta.audit.append({
        actor: p.login,
        action: 'segment.deleted',
        details: { idSite: deleted.idSite, id, owner: deleted.owner },
      });
      return { ok: true };
    },
  });
}
