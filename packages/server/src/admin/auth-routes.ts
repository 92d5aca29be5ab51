import { SillageError } from '@sillage/core';
import type { FastifyInstance } from 'fastify';
import { hasRole } from '../auth/access.js';
import { hashPassword, validateNewUser, verifyPassword } from '../auth/passwords.js';
import { SESSION_MAX_MS } from '../auth/sessions.js';
import { verifyTotp } from '../auth/totp.js';
import { registerJsonRoute } from '../http/json-routes.js';
import type { AdminDeps } from './deps.js';
import { str } from './deps.js';

/** Advisory lock key serialising first-run setup (arbitrary constant: ASCII "sillsetu"). */
const SETUP_LOCK_KEY = '8317145168542790005';

/** Whole seconds an account stays locked after `now`, or undefined when it is not locked. */
function secondsLocked(lockedUntil: Date | null, now: Date): number | undefined {
  return lockedUntil !== null && lockedUntil > now ? Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000) : undefined;
}

/** A dummy hash verified for unknown logins, so a response time does not tell which logins exist. */
let dummyHash: Promise<string> | undefined;

/** First run, sign-in (password, then the second factor when enrolled), sign-out, and "who am I". */
export function registerAuthRoutes(app: FastifyInstance, d: AdminDeps): void {
  const startSession = async (
    req: Parameters<typeof d.auth.setSessionCookie>[0],
    reply: Parameters<typeof d.auth.setSessionCookie>[1],
    login: string,
    stage: 'full' | 'totp',
  ) => {
    const { id, session } = await d.auth.sessions.create(login, stage);
    d.auth.setSessionCookie(req, reply, id, Math.floor(SESSION_MAX_MS / 1000));
    return session;
  };

  registerJsonRoute(app, d.auth, {
    method: 'GET',
    url: '/api/session',
    access: { kind: 'public' },
    async handler({ identity, principal }) {
      const setupRequired = (await d.meta.users.count()) === 0;
      if (principal === undefined) {
        return {
          setupRequired,
          user: null,
          twoFactorPending: identity.session?.stage === 'totp',
          csrfToken: identity.session?.csrfToken ?? null,
        };
      }
      const user = await d.meta.users.get(principal.login);
      const sec = await d.security.get(principal.login);
      const sites = (await d.meta.sites.list())
        .filter((s) => hasRole(principal, s.id, 'view'))
        .map((s) => ({
          id: s.id,
          name: s.name,
          mainUrl: s.mainUrl,
          timezone: s.timezone,
          currency: s.currency,
          role: principal.superuser ? 'admin' : principal.roles.get(s.id),
        }));
      return {
        setupRequired,
        twoFactorPending: false,
        csrfToken: identity.session?.csrfToken ?? null,
        user: {
          login: principal.login,
          email: user?.email ?? '',
          superuser: principal.superuser,
          language: sec.language,
          twoFactor: sec.totpEnabled,
          recoveryCodesLeft: sec.recoveryCodesLeft,
        },
        sites,
      };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'POST',
    url: '/api/setup',
    access: { kind: 'public' },
    async handler({ req, reply, body }) {
      const login = str(body, 'login').trim();
      const password = str(body, 'password');
      const email = str(body, 'email', { optional: true }).trim();
      validateNewUser(login, password);
      const passwordHash = await hashPassword(password);
      // One transaction under an advisory lock: two first-run forms submitted together create one super user.
      const created = await d.meta.sql.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [SETUP_LOCK_KEY]);
        return tx.query(
          `INSERT INTO users (login, email, password_hash, superuser)
           SELECT $1, $2, $3, true WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING login`,
          [login, email, passwordHash],
        );
      });
      if (created.length === 0) throw new SillageError('AUTH_SETUP_DONE');
      await d.meta.audit.append({ actor: login, action: 'user.created', details: { login, superuser: true, via: 'setup' } });
      const session = await startSession(req, reply, login, 'full');
      return { ok: true, csrfToken: session.csrfToken };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'POST',
    url: '/api/login',
    access: { kind: 'public' },
    async handler({ req, reply, body }) {
      const login = str(body, 'login', { max: 200 }).trim();
      const password = str(body, 'password', { max: 1000 });
      const wait = d.limiter.take(req.ip);
      if (wait > 0) throw new SillageError('AUTH_RATE_LIMITED', [wait]);
      const now = new Date(d.now());
      const user = await d.meta.users.get(login);
      if (user === undefined) {
        dummyHash ??= hashPassword('not a real password, only spends the same time');
        await verifyPassword(await dummyHash, password);
        throw new SillageError('AUTH_INVALID_LOGIN');
      }
      const sec = await d.security.get(login);
      const lockedFor = secondsLocked(sec.lockedUntil, now);
      if (lockedFor !== undefined) throw new SillageError('AUTH_LOCKED', [lockedFor]);
      if (!(await verifyPassword(user.passwordHash, password))) {
        const r = await d.security.recordFailure(login, d.lockout.maxFailures, d.lockout.lockMs, now);
        const nowLockedFor = secondsLocked(r.lockedUntil, now);
        await d.meta.audit.append({
          actor: login,
          action: 'login.failed',
          details: { ip: req.ip, locked: nowLockedFor !== undefined },
        });
        if (nowLockedFor !== undefined) throw new SillageError('AUTH_LOCKED', [nowLockedFor]);
        throw new SillageError('AUTH_INVALID_LOGIN');
      }
      await d.security.clearFailures(login);
      d.limiter.reset(req.ip);
      const stage = sec.totpEnabled ? 'totp' : 'full';
      const session = await startSession(req, reply, login, stage);
      if (stage === 'full') await d.meta.audit.append({ actor: login, action: 'login', details: { ip: req.ip } });
      return { ok: true, twoFactorRequired: stage === 'totp', csrfToken: session.csrfToken };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'POST',
    url: '/api/login/two-factor',
    access: { kind: 'public' },
    async handler({ req, reply, identity, body }) {
      const session = identity.session;
      if (session === undefined || session.stage !== 'totp' || identity.sessionId === undefined) throw new SillageError('AUTH_REQUIRED');
      const wait = d.limiter.take(req.ip);
      if (wait > 0) throw new SillageError('AUTH_RATE_LIMITED', [wait]);
      const code = str(body, 'code', { optional: true, max: 100 });
      const recoveryCode = str(body, 'recoveryCode', { optional: true, max: 100 });
      const sec = await d.security.get(session.login);
      let ok = false;
      if (code !== '' && sec.totpSecret !== null) ok = verifyTotp(sec.totpSecret, code, d.now());
      else if (recoveryCode !== '') ok = await d.security.consumeRecoveryCode(session.login, recoveryCode);
      if (!ok) {
        const now = new Date(d.now());
        const r = await d.security.recordFailure(session.login, d.lockout.maxFailures, d.lockout.lockMs, now);
        const lockedFor = secondsLocked(r.lockedUntil, now);
        if (lockedFor !== undefined) {
          await d.auth.sessions.destroy(identity.sessionId);
          throw new SillageError('AUTH_LOCKED', [lockedFor]);
        }
        throw new SillageError('AUTH_TOTP_INVALID');
      }
      await d.security.clearFailures(session.login);
      // A new session id for the full sign-in: the half-signed-in id is never promoted (no fixation).
      await d.auth.sessions.destroy(identity.sessionId);
      const full = await startSession(req, reply, session.login, 'full');
      await d.meta.audit.append({
        actor: session.login,
        action: 'login',
        details: { ip: req.ip, twoFactor: recoveryCode !== '' ? 'recovery-code' : 'totp' },
      });
      return { ok: true, csrfToken: full.csrfToken };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'POST',
    url: '/api/logout',
    access: { kind: 'public' },
    async handler({ req, reply, identity }) {
      if (identity.sessionId !== undefined) await d.auth.sessions.destroy(identity.sessionId);
      d.auth.clearSessionCookie(req, reply);
      return { ok: true };
    },
  });
}
