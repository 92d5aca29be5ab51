import { SillageError } from '@sillage/core';
import type { Role } from '@sillage/storage';
import type { FastifyInstance } from 'fastify';
import { hashPassword, validateNewUser } from '../auth/passwords.js';
import { registerJsonRoute } from '../http/json-routes.js';
import type { AdminDeps } from './deps.js';
import { bool, str } from './deps.js';
import { tokenView } from './me-routes.js';

const ROLES: readonly (Role | 'none')[] = ['view', 'write', 'admin', 'none'];

/** Users, their access per site, their tokens: super users manage all; a site admin sets access on their site. */
export function registerUserRoutes(app: FastifyInstance, d: AdminDeps): void {
  const superuser = { kind: 'superuser' } as const;
  const existing = async (login: string) => {
    const user = await d.meta.users.get(login);
    if (user === undefined) throw new SillageError('USER_NOT_FOUND', [login]);
    return user;
  };

  registerJsonRoute(app, d.auth, {
    method: 'GET',
    url: '/api/admin/users',
    access: superuser,
    async handler() {
      const users = await d.meta.users.list();
      return {
        users: await Promise.all(
          users.map(async (u) => {
            const sec = await d.security.get(u.login);
            return {
              login: u.login,
              email: u.email,
              superuser: u.superuser,
              twoFactor: sec.totpEnabled,
              locked: sec.lockedUntil !== null && sec.lockedUntil.getTime() > d.now(),
              access: Object.fromEntries(await d.meta.access.forUser(u.login)),
              createdAt: u.createdAt.toISOString(),
            };
          }),
        ),
      };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'POST',
    url: '/api/admin/users',
    access: superuser,
    async handler({ principal, body }) {
      const login = str(body, 'login').trim();
      const password = str(body, 'password');
      validateNewUser(login, password);
      const superuserFlag = bool(body, 'superuser') ?? false;
      await d.meta.users.create({
        login,
        email: str(body, 'email', { optional: true }).trim(),
        passwordHash: await hashPassword(password),
        superuser: superuserFlag,
      });
      await d.meta.audit.append({
        actor: principal?.login ?? '',
        action: 'user.created',
        details: { login, superuser: superuserFlag, via: 'admin' },
      });
      return { ok: true, login };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'PUT',
    url: '/api/admin/users/:login',
    access: superuser,
    async handler({ principal, params, body }) {
      const login = params['login'] ?? '';
      await existing(login);
      const actor = principal?.login ?? '';
      const email = body['email'] === undefined ? undefined : str(body, 'email', { optional: true }).trim();
      if (email !== undefined) await d.meta.sql.query('UPDATE users SET email = $2 WHERE login = $1', [login, email]);
      const su = bool(body, 'superuser');
      if (su !== undefined) {
        if (!su && login === actor) throw new SillageError('USER_INVALID', ['you cannot remove your own super user access']);
        await d.meta.sql.query('UPDATE users SET superuser = $2 WHERE login = $1', [login, su]);
      }
      const password = str(body, 'password', { optional: true });
      if (password !== '') {
        validateNewUser(login, password);
        await d.meta.users.setPassword(login, await hashPassword(password));
        // A reset signs the user out everywhere and lifts a lock-out.
        await d.auth.sessions.destroyForUser(login);
        await d.security.clearFailures(login);
      }
      if (bool(body, 'disableTwoFactor') === true) await d.security.disableTotp(login);
      d.access.clearCache();
      await d.meta.audit.append({
        actor,
        action: 'user.updated',
        details: {
          login,
          email: email !== undefined,
          superuser: su,
          passwordReset: password !== '',
          disableTwoFactor: body['disableTwoFactor'] === true,
        },
      });
      return { ok: true };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'DELETE',
    url: '/api/admin/users/:login',
    access: superuser,
    async handler({ principal, params }) {
      const login = params['login'] ?? '';
      if (login === principal?.login) throw new SillageError('USER_INVALID', ['you cannot delete yourself']);
      await existing(login);
      // Tokens, access and sessions go with the user (ON DELETE CASCADE).
      await d.meta.sql.query('DELETE FROM users WHERE login = $1', [login]);
      d.access.clearCache();
      await d.meta.audit.append({ actor: principal?.login ?? '', action: 'user.deleted', details: { login } });
      return { ok: true };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'PUT',
    url: '/api/admin/sites/:idSite/access/:login',
    access: { kind: 'site', role: 'admin' },
    async handler({ principal, params, body, idSite }) {
      const login = params['login'] ?? '';
      const role = str(body, 'role') as Role | 'none';
      if (!ROLES.includes(role)) throw new SillageError('REQUEST_INVALID', [`role: ${role}`]);
      const target = await existing(login);
      if (target.superuser) throw new SillageError('USER_INVALID', [`${login} is a super user and has access to every site`]);
      await d.meta.access.set(login, idSite, role === 'none' ? null : role);
      d.access.clearCache();
      await d.meta.audit.append({ actor: principal?.login ?? '', action: 'access.set', details: { login, idSite, role } });
      return { ok: true };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'GET',
    url: '/api/admin/users/:login/tokens',
    access: superuser,
    async handler({ params }) {
      const login = params['login'] ?? '';
      await existing(login);
      return { tokens: (await d.meta.tokens.listForUser(login)).map(tokenView) };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'DELETE',
    url: '/api/admin/users/:login/tokens/:id',
    access: superuser,
    async handler({ principal, params }) {
      const login = params['login'] ?? '';
      const id = Number(params['id']);
      const owned = (await d.meta.tokens.listForUser(login)).some((t) => t.id === id);
      if (!owned || !(await d.meta.tokens.revoke(id))) throw new SillageError('TOKEN_NOT_FOUND', [params['id'] ?? '']);
      d.access.clearCache();
      await d.meta.audit.append({ actor: principal?.login ?? '', action: 'token.revoked', details: { login, id } });
      return { ok: true };
    },
  });
}
