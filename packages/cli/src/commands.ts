import { SillageError } from '@sillage/core';
import type { ServerConfig } from '@sillage/server';
import {
  assertNotLocked,
  generateToken,
  hashPassword,
  hashToken,
  openEventStore,
  openMetaStore,
  startServer,
  validateNewUser,
} from '@sillage/server';
import type { MetaStore } from '@sillage/storage';

/**
 * The metadata commands open the store directly. With the embedded engine that is only safe while no
 * server holds the data directory, so they check the lock first and say so clearly.
 */
export async function withMetaStore<T>(config: ServerConfig, fn: (meta: MetaStore) => Promise<T>): Promise<T> {
  if (config.databaseUrl === undefined) assertNotLocked(config.dataDir);
  const meta = await openMetaStore(config);
  try {
    await meta.migrate();
    return await fn(meta);
  } finally {
    await meta.close();
  }
}

export interface SiteAddOptions {
  name: string;
  url: string[];
  timezone?: string;
  currency?: string;
}

export async function siteAdd(config: ServerConfig, o: SiteAddOptions): Promise<number> {
  return withMetaStore(config, async (meta) => {
    const input: Parameters<MetaStore['sites']['create']>[0] = { name: o.name, urls: o.url };
    if (o.timezone !== undefined) input.timezone = o.timezone;
    if (o.currency !== undefined) input.currency = o.currency;
    const site = await meta.sites.create(input);
    await meta.audit.append({ actor: 'cli', action: 'site.created', details: { idSite: site.id } });
    return site.id;
  });
}

export interface UserAddOptions {
  login: string;
  password: string;
  superuser: boolean;
  email?: string;
}

export async function userAdd(config: ServerConfig, o: UserAddOptions): Promise<void> {
  validateNewUser(o.login, o.password);
  const passwordHash = await hashPassword(o.password);
  await withMetaStore(config, async (meta) => {
    const user: Parameters<MetaStore['users']['create']>[0] = { login: o.login, passwordHash, superuser: o.superuser };
    if (o.email !== undefined) user.email = o.email;
    await meta.users.create(user);
    await meta.audit.append({ actor: 'cli', action: 'user.created', details: { login: o.login, superuser: o.superuser } });
  });
}

export async function tokenCreate(config: ServerConfig, o: { login: string; description?: string }): Promise<string> {
  return withMetaStore(config, async (meta) => {
    if ((await meta.users.get(o.login)) === undefined) throw new SillageError('USER_NOT_FOUND', [o.login]);
    const token = generateToken();
    const description = o.description ?? 'Created with the sillage command';
    await meta.tokens.create({ login: o.login, hash: hashToken(token), description });
    await meta.audit.append({ actor: 'cli', action: 'token.created', details: { login: o.login, description } });
    return token;
  });
}

export async function migrateAll(config: ServerConfig): Promise<{ meta: string; events: string }> {
  if (config.databaseUrl === undefined || config.clickhouseUrl === undefined) assertNotLocked(config.dataDir);
  const meta = await openMetaStore(config);
  const events = await openEventStore(config).catch(async (err) => {
    await meta.close();
    throw err;
  });
  try {
    const m = await meta.migrate();
    const e = await events.migrate();
    return { meta: m.current, events: e.current };
  } finally {
    await Promise.allSettled([meta.close(), events.close()]);
  }
}

/** `sillage serve`: runs until SIGTERM/SIGINT, then shuts down gracefully (every accepted hit kept). */
export async function serve(config: ServerConfig): Promise<void> {
  const server = await startServer(config);
  let signals = 0;
  const stop = (signal: string) => {
    signals++;
    if (signals > 1) {
      server.logger.warn({ signal }, 'second signal: exiting now; accepted hits stay in the spool');
      process.exit(130);
    }
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err) => {
        server.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
