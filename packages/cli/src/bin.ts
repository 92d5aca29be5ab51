import { isSillageError } from '@sillage/core';
import { configFromEnv } from '@sillage/server';
import { Command } from 'commander';
import { migrateAll, serve, siteAdd, tokenCreate, userAdd } from './commands.js';

/** Reads the whole of standard input (for --password-stdin), without the final newline. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function fail(err: unknown): never {
  if (isSillageError(err)) {
    process.stderr.write(`sillage: ${err.message} [${err.code}]\n`);
    process.exit(1);
  }
  process.stderr.write(`sillage: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}

const program = new Command('sillage').description('Sillage: privacy-first, Matomo-compatible web analytics').showHelpAfterError();

program
  .command('serve')
  .description('start the server (HOST, PORT, SILLAGE_DATA_DIR, DATABASE_URL, CLICKHOUSE_URL …: see README)')
  .action(() => serve(configFromEnv()).catch(fail));

program
  .command('migrate')
  .description('create or upgrade both stores, then exit')
  .action(async () => {
    const r = await migrateAll(configFromEnv()).catch(fail);
    process.stdout.write(`metadata store at ${r.meta}, event store at ${r.events}\n`);
  });

const site = program.command('site').description('manage sites');
site
  .command('add')
  .description('add a site; prints its id')
  .requiredOption('--name <name>', 'site name')
  .requiredOption('--url <url>', 'main URL; repeat for aliases', (v: string, prev: string[] = []) => [...prev, v])
  .option('--timezone <tz>', 'IANA timezone, e.g. Europe/Paris (default UTC)')
  .option('--currency <code>', 'ISO 4217 currency (default EUR)')
  .action(async (o: { name: string; url: string[]; timezone?: string; currency?: string }) => {
    const id = await siteAdd(configFromEnv(), o).catch(fail);
    process.stdout.write(`${id}\n`);
  });

const user = program.command('user').description('manage users');
user
  .command('add')
  .description('add a user; the password is read from standard input')
  .requiredOption('--login <login>', 'login')
  .requiredOption('--password-stdin', 'read the password from standard input')
  .option('--superuser', 'give super user access', false)
  .option('--email <email>', 'e-mail address')
  .action(async (o: { login: string; superuser: boolean; email?: string }) => {
    const password = await readStdin();
    const input: Parameters<typeof userAdd>[1] = { login: o.login, password, superuser: o.superuser };
    if (o.email !== undefined) input.email = o.email;
    await userAdd(configFromEnv(), input).catch(fail);
    process.stderr.write(`user ${o.login} created\n`);
  });

const token = program.command('token').description('manage API tokens');
token
  .command('create')
  .description('create an API token for a user; prints it (it is stored hashed and never shown again)')
  .requiredOption('--login <login>', 'the user the token acts as')
  .option('--description <text>', 'what the token is for')
  .action(async (o: { login: string; description?: string }) => {
    const t = await tokenCreate(configFromEnv(), o).catch(fail);
    process.stdout.write(`${t}\n`);
  });

program.parseAsync(process.argv).catch(fail);
