import { SillageError } from '@sillage/core';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../auth/access.js';
import { checkNewPassword, hashPassword, verifyPassword } from '../auth/passwords.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { generateRecoveryCodes, generateTotpSecret, otpauthUri, verifyTotp } from '../auth/totp.js';
import { registerJsonRoute } from '../http/json-routes.js';
import type { AdminDeps } from './deps.js';
import { LANGUAGES, str } from './deps.js';

function me(p: Principal | undefined): Principal {
  if (p === undefined) throw new SillageError('AUTH_REQUIRED');
  return p;
}

/** Tokens as listed: never the secret (it is shown once, at creation). */
export function tokenView(t: { id: number; description: string; createdAt: Date; lastUsedAt: Date | null }) {
  return { id: t.id, description: t.description, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null };
}

/** The signed-in user's own settings: language, password, two-factor authentication, API tokens. */
export function registerMeRoutes(app: FastifyInstance, d: AdminDeps): void {
  const signedIn = { kind: 'signed-in' } as const;

  registerJsonRoute(app, d.auth, {
    method: 'PUT',
    url: '/api/me/language',
    access: signedIn,
    async handler({ principal, body }) {
      const language = str(body, 'language', { optional: true });
      if (language !== '' && !(LANGUAGES as readonly string[]).includes(language)) {
        throw new SillageError('REQUEST_INVALID', [`language: ${language}`]);
      }
      await d.security.setLanguage(me(principal).login, language);
      return { ok: true, language };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'POST',
    url: '/api/me/password',
    access: signedIn,
    async handler({ principal, body, identity }) {
      const login = me(principal).login;
      const current = str(body, 'currentPassword');
      const next = str(body, 'newPassword');
      const user = await d.meta.users.get(login);
      if (user === undefined || !(await verifyPassword(user.passwordHash, current))) throw new SillageError('AUTH_INVALID_LOGIN');
      checkNewPassword(next);
      await d.meta.users.setPassword(login, await hashPassword(next));
      // Other browsers signed in as this user are signed out; this one stays.
      await d.auth.sessions.destroyForUser(login, identity.sessionId);
      await d.meta.audit.append({ actor: login, action: 'user.password-changed', details: { login } });
      return { ok: true };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'POST',
    url: '/api/me/two-factor/start',
    access: signedIn,
    async handler({ principal }) {
      const login = me(principal).login;
      const sec = await d.security.get(login);
      if (sec.totpEnabled) throw new SillageError('REQUEST_INVALID', [`two-factor: already enabled; disable it first`]);
      const secret = generateTotpSecret();
      await d.security.setPendingTotp(login, secret);
      return { secret, uri: otpauthUri(secret, login) };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'POST',
    url: '/api/me/two-factor/confirm',
    access: signedIn,
    async handler({ principal, body }) {
      const login = me(principal).login;
      const sec = await d.security.get(login);
      if (sec.totpSecret === null || sec.totpEnabled) throw new SillageError('REQUEST_INVALID', [`two-factor: start the enrolment first`]);
      if (!verifyTotp(sec.totpSecret, str(body, 'code', { max: 20 }), d.now())) throw new SillageError('AUTH_TOTP_INVALID');
      const recoveryCodes = generateRecoveryCodes();
      await d.security.enableTotp(login, recoveryCodes);
      await d.meta.audit.append({ actor: login, action: 'user.two-factor-enabled', details: { login } });
      return { ok: true, recoveryCodes };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'POST',
    url: '/api/me/two-factor/disable',
    access: signedIn,
    async handler({ principal, body }) {
      const login = me(principal).login;
      const user = await d.meta.users.get(login);
      if (user === undefined || !(await verifyPassword(user.passwordHash, str(body, 'password'))))
        throw new SillageError('AUTH_INVALID_LOGIN');
      await d.security.disableTotp(login);
      await d.meta.audit.append({ actor: login, action: 'user.two-factor-disabled', details: { login } });
      return { ok: true };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'GET',
    url: '/api/me/tokens',
    access: signedIn,
    async handler({ principal }) {
      return { tokens: (await d.meta.tokens.listForUser(me(principal).login)).map(tokenView) };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'POST',
    url: '/api/me/tokens',
    access: signedIn,
    async handler({ principal, body }) {
      const login = me(principal).login;
      const description = str(body, 'description', { optional: true, max: 200 }).trim() || 'Created in the dashboard';
      const token = generateToken();
      const record = await d.meta.tokens.create({ login, hash: hashToken(token), description });
      await d.meta.audit.append({ actor: login, action: 'token.created', details: { login, description, via: 'dashboard' } });
      // The only time the secret leaves the server.
      return { token, ...tokenView(record) };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'DELETE',
    url: '/api/me/tokens/:id',
    access: signedIn,
    async handler({ principal, params }) {
      const login = me(principal).login;
      const id = Number(params['id']);
      const owned = (await d.meta.tokens.listForUser(login)).some((t) => t.id === id);
      if (!owned || !(await d.meta.tokens.revoke(id))) throw new SillageError('TOKEN_NOT_FOUND', [params['id'] ?? '']);
      d.access.clearCache();
      await d.meta.audit.append({ actor: login, action: 'token.revoked', details: { login, id } });
      return { ok: true };
    },
  });
}
