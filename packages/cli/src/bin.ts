import { isSillageError } from '@sillage/core';
import { configFromEnv } from '@sillage/server';
import { Command } from 'commander';
import { migrateAll, serve, siteAdd, tokenCreate, userAdd } from './commands.js';
import {
  type AnonymizeCliOptions,
  complianceCheck,
  complianceRecord,
  gdprAnonymize,
  gdprErase,
  gdprExport,
  gdprFind,
  privacySet,
  retentionRun,
  type SubjectOptions,
} from './privacy-commands.js';

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

const collect = (v: string, prev: string[] = []) => [...prev, v];

const compliance = program.command('compliance').description('privacy compliance audit and record of processing');
compliance
  .command('check')
  .description('audit every site (or one) against the consent-exemption conditions; exit code 2 when a check fails')
  .option('--site <id>', 'only this site')
  .option('--json', 'machine-readable output', false)
  .action(async (o: { site?: string; json?: boolean }) => {
    const r = await complianceCheck(configFromEnv(), o).catch(fail);
    process.stdout.write(r.text);
    if (r.failed) process.exitCode = 2;
  });
compliance
  .command('record')
  .description("print the site's record of processing (Markdown) for its privacy policy")
  .requiredOption('--site <id>', 'site id')
  .option('--lang <en|fr>', 'language', 'en')
  .action(async (o: { site: string; lang?: string }) => {
    process.stdout.write(await complianceRecord(configFromEnv(), o).catch(fail));
  });

const gdpr = program.command('gdpr').description('data-subject tools: find, export, erase, anonymise');
const subject = (c: Command) =>
  c
    .requiredOption('--site <id>', 'site id')
    .option('--visitor-id <hex>', '16 hex characters')
    .option('--user-id <uid>', 'User ID')
    .option('--ip <ip>', 'IP as stored (anonymised)');
subject(gdpr.command('find').description("list a data subject's visits")).action(async (o: SubjectOptions) => {
  process.stdout.write(await gdprFind(configFromEnv(), o).catch(fail));
});
subject(gdpr.command('export').description('print every stored row of a data subject'))
  .option('--format <json|csv>', 'output format', 'json')
  .action(async (o: SubjectOptions & { format?: string }) => {
    process.stdout.write(await gdprExport(configFromEnv(), o).catch(fail));
  });
subject(gdpr.command('erase').description('delete every visit of a data subject from the event store')).action(
  async (o: SubjectOptions) => {
    const r = await gdprErase(configFromEnv(), o).catch(fail);
    process.stdout.write(`${r.deletedRows} rows deleted; a new search finds ${r.remainingRows}\n`);
  },
);
gdpr
  .command('anonymize')
  .description('anonymise stored data over a date range')
  .requiredOption('--site <id|all>', 'site id or all')
  .requiredOption('--from <YYYY-MM-DD>', 'first day (UTC)')
  .requiredOption('--to <YYYY-MM-DD>', 'last day (UTC)')
  .option('--ip-bytes <n>', 'zero this many IP bytes (1-4)')
  .option('--location', 'clear country, region, city and coordinates', false)
  .option('--user-agent', 'clear user agent and client hints', false)
  .option('--user-id', 'clear the User ID', false)
  .action(async (o: AnonymizeCliOptions) => {
    const rows = await gdprAnonymize(configFromEnv(), o).catch(fail);
    process.stdout.write(`${rows} rows anonymised\n`);
  });

program
  .command('retention')
  .description('raw-data retention')
  .command('run')
  .description("delete events older than each site's retentionMonths now")
  .action(async () => {
    process.stdout.write(await retentionRun(configFromEnv()).catch(fail));
  });

program
  .command('privacy')
  .description('privacy settings')
  .command('set')
  .description("set a site's privacy mode and switches (each change is audit-logged)")
  .requiredOption('--site <id>', 'site id')
  .option('--mode <exempt|consented|custom>', 'privacy mode')
  .option('--set <key=value>', 'switch override, e.g. retentionMonths=13; repeatable', collect)
  .action(async (o: { site: string; mode?: string; set?: string[] }) => {
    process.stdout.write(await privacySet(configFromEnv(), o).catch(fail));
  });

program.parseAsync(process.argv).catch(fail);
