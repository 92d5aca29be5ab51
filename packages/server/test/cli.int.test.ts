import { createMetaStore } from '@sillage/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from './support/harness.js';

/** The `sillage` command's contract: what it prints on stdout, its errors, and what it stores. */
let data: ReturnType<typeof tempDataDir>;
let env: Record<string, string>;

beforeAll(() => {
  data = tempDataDir();
  env = { SILLAGE_DATA_DIR: data.dir };
});
afterAll(() => data?.remove());

describe('sillage site add', () => {
  it('prints the new id alone on stdout', async () => {
    const a = await runCli(
      ['site', 'add', '--name', 'A', '--url', 'https://a.example', '--timezone', 'Europe/Paris', '--currency', 'EUR'],
      env,
    );
    const b = await runCli(['site', 'add', '--name', 'B', '--url', 'https://b.example', '--url', 'https://www.b.example'], env);
    expect([a.code, a.stdout, b.code, b.stdout]).toEqual([0, '1\n', 0, '2\n']);
  });

  it.each([
    [['--name', 'X', '--url', 'not a url'], /Invalid site/],
    [['--name', 'X', '--url', 'https://x.example', '--timezone', 'Mars/Olympus'], /Invalid site/],
    [['--name', 'X', '--url', 'https://x.example', '--currency', 'EURO'], /Invalid site/],
    [['--url', 'https://x.example'], /required option '--name <name>'/],
  ])('refuses bad input %j with a clear message and no output', async (args, message) => {
    const r = await runCli(['site', 'add', ...args], env);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

describe('sillage user add and token create', () => {
  it('creates a user from a password on stdin, and a token stored only as a hash', async () => {
    const u = await runCli(
      ['user', 'add', '--login', 'alice', '--password-stdin', '--email', 'alice@example.org'],
      env,
      'a fine long password\n',
    );
    expect(u.code).toBe(0);
    expect(u.stdout).toBe('');
    const t = await runCli(['token', 'create', '--login', 'alice', '--description', 'reports'], env);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^[0-9a-f]{32}\n$/);
    const token = t.stdout.trim();

    const meta = await createMetaStore({ kind: 'pglite', dataDir: `${data.dir}/meta` });
    try {
      const rows = await meta.sql.query<Record<string, unknown>>('SELECT * FROM tokens');
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(token);
      const user = await meta.users.get('alice');
      expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(user?.superuser).toBe(false);
    } finally {
      await meta.close();
    }
  });

  it.each([
    [['user', 'add', '--login', 'bob', '--password-stdin'], 'short\n', /at least 8 characters/],
    [['user', 'add', '--login', 'alice', '--password-stdin'], 'another long password\n', /already exists/],
    [['user', 'add', '--login', 'b b', '--password-stdin'], 'a long enough password\n', /Invalid user/],
    [['token', 'create', '--login', 'nobody'], '', /No user with login nobody/],
  ])('%j fails clearly', async (args, stdin, message) => {
    const r = await runCli(args, env, stdin);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});
