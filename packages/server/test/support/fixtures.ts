import { createMetaStore, type NewSite } from '@sillage/storage';
import { runCli } from './harness.js';

/** Creates a super user and a token with the real CLI; returns the token. */
export async function createSuperUserToken(env: Record<string, string>, login = 'admin'): Promise<string> {
  const user = await runCli(['user', 'add', '--login', login, '--password-stdin', '--superuser'], env, 'correct horse battery staple\n');
  if (user.code !== 0) throw new Error(`user add failed: ${user.stderr}`);
  const token = await runCli(['token', 'create', '--login', login], env);
  if (token.code !== 0) throw new Error(`token create failed: ${token.stderr}`);
  return token.stdout.trim();
}

/** Sites with settings the CLI does not expose yet, written straight into the metadata store (server stopped). */
export async function createSites(dataDir: string, sites: NewSite[]): Promise<number[]> {
  const meta = await createMetaStore({ kind: 'pglite', dataDir: `${dataDir}/meta` });
  try {
    await meta.migrate();
    const ids: number[] = [];
    for (const s of sites) ids.push((await meta.sites.create(s)).id);
    return ids;
  } finally {
    await meta.close();
  }
}
