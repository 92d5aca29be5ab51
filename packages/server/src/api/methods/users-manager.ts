import { SillageError } from '@sillage/core';
import { verifyPassword } from '../../auth/passwords.js';
import { generateToken, hashToken } from '../../auth/tokens.js';
import { requireParam } from '../args.js';
import type { ApiMethod } from '../context.js';

/** `UsersManager.createAppSpecificTokenAuth`: a token from a login and password (import_logs.py --login/--password). */
const createAppSpecificTokenAuth: ApiMethod = {
  name: 'UsersManager.createAppSpecificTokenAuth',
  access: { kind: 'public' },
  async run(ctx) {
    const login = requireParam(ctx.params, 'userLogin');
    const password = requireParam(ctx.params, 'passwordConfirmation');
    const user = await ctx.deps.meta.users.get(login);
    // Same answer for an unknown login and a wrong password, so logins cannot be probed.
    if (user === undefined || !(await verifyPassword(user.passwordHash, password))) throw new SillageError('API_INVALID_LOGIN');
    const token = generateToken();
    const description = ctx.params.get('description') || 'App-specific token';
    await ctx.deps.meta.tokens.create({ login, hash: hashToken(token), description });
    await ctx.deps.meta.audit.append({ actor: login, action: 'token.created', details: { description, via: 'api' } });
    return { kind: 'scalar', value: token };
  },
};

export const usersManagerMethods: ApiMethod[] = [createAppSpecificTokenAuth];
