import { EVENTS_TABLE, EXEMPT_CONDITIONS, type PrivacySwitches } from '@sillage/core';
import { createEventStore, createMetaStore, type EventStore, type MetaStore } from '@sillage/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complianceReport } from '../src/privacy/compliance.js';
import { exportDataSubject, findDataSubjects } from '../src/privacy/gdpr.js';
import { createSites, createSuperUserToken } from './support/fixtures.js';
import { api, healthz, runCli, startServer, type TestServer, tempDataDir, waitFor, waitShipped } from './support/harness.js';

/**
 * Privacy end to end on the real server: forbidden input for an exempt site goes through the real
 * tracking endpoint and is proved absent from the event store; the audit turns red when a setting
 * breaks a condition; GDPR erase leaves nothing findable; retention deletes old rows on schedule.
 */
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

let data: ReturnType<typeof tempDataDir>;
let env: Record<string, string>;
let server: TestServer | undefined;
let token: string;
let exemptSite: number;
let customSite: number;
let retentionSite: number;

async function track(params: Record<string, string>): Promise<Response> {
  const res = await fetch(`${server!.url}/matomo.php?${new URLSearchParams({ rec: '1', send_image: '0', ...params })}`, {
    headers: { 'User-Agent': BROWSER_UA },
  });
  expect(res.status).toBeLessThan(300);
  return res;
}

/** Opens both stores in the test process (the server must be stopped: it holds the data directory). */
async function withStores<T>(fn: (meta: MetaStore, events: EventStore) => Promise<T>): Promise<T> {
  const meta = await createMetaStore({ kind: 'pglite', dataDir: `${data.dir}/meta` });
  const events = await createEventStore({ kind: 'chdb', dataDir: `${data.dir}/events` });
  try {
    return await fn(meta, events);
  } finally {
    await events.close();
    await meta.close();
  }
}

const monthsAgo = (n: number) => Math.floor((Date.now() - n * 30.5 * 86_400_000) / 1000);

beforeAll(async () => {
  data = tempDataDir('sillage-privacy-');
  env = { SILLAGE_DATA_DIR: data.dir };
  [exemptSite, customSite, retentionSite] = (await createSites(data.dir, [
    { name: 'Exempt', urls: ['https://exempt.example'] },
    { name: 'Custom', urls: ['https://custom.example'], privacyMode: 'custom', privacy: { allowUserId: true, allowEcommerce: true } },
    { name: 'Retention', urls: ['https://old.example'], privacy: { retentionMonths: 12 } },
  ])) as [number, number, number];
  token = await createSuperUserToken(env);
  server = await startServer(env);

  // Exempt site: everything the exemption forbids, in one visit.
  const first = await track({
    idsite: String(exemptSite),
    token_auth: token,
    cip: '203.0.113.77',
    url: 'https://exempt.example/account?email=jane%40doe.com&pk_vid=0123456789abcdef1718451200&mtm_campaign=spring&mtm_kwd=alice&mtm_source=news&page=2',
    action_name: 'Welcome jane.doe@example.com',
    uid: 'alice@example.com',
    dimension1: 'call +33 6 12 34 56 78',
    e_c: 'Form',
    e_a: 'Submit',
  });
  expect(first.headers.get('set-cookie')).toBeNull();
  const order = await track({
    idsite: String(exemptSite),
    token_auth: token,
    cip: '203.0.113.77',
    idgoal: '0',
    ec_id: 'A1',
    revenue: '10',
  });
  expect(order.headers.get('x-sillage-ignored')).toBe('refused-ecommerce');
  const cart = await track({ idsite: String(exemptSite), token_auth: token, cip: '203.0.113.77', idgoal: '0', revenue: '5' });
  expect(cart.headers.get('x-sillage-ignored')).toBe('refused-ecommerce');

  // Custom site: two users with User ID allowed.
  for (const [uid, ip] of [
    ['bob', '198.51.100.1'],
    ['carol', '198.51.100.2'],
  ] as const) {
    for (let i = 0; i < 3; i++)
      await track({
        idsite: String(customSite),
        token_auth: token,
        cip: ip,
        uid,
        url: `https://custom.example/p${i}`,
        action_name: `Page ${i}`,
      });
  }

  // Retention site (12 months): one hit 18 months ago, one a month ago.
  for (const [age, path] of [
    [18, 'old'],
    [1, 'recent'],
  ] as const) {
    await track({ idsite: String(retentionSite), token_auth: token, cdt: String(monthsAgo(age)), url: `https://old.example/${path}` });
  }
  await waitShipped(server.url);
  const ingest = (await healthz(server.url)).body['ingest'] as { stripped: Record<string, number>; dropped: Record<string, number> };
  expect(ingest.stripped).toMatchObject({ 'refused-user-id': 1, 'scrubbed-email': 1, 'scrubbed-phone': 1, 'scrubbed-query-param': 1 });
  expect(ingest.dropped['refused-ecommerce']).toBe(2);
  await server.stop();
  server = undefined;
}, 180_000);

afterAll(async () => {
  await server?.stop();
  data?.remove();
});

describe('exempt site: forbidden input sent through the endpoint is not stored', () => {
  it('stores one row with no User ID, no ecommerce, an anonymised IP, scrubbed text and channel-level campaign', async () => {
    const rows = await withStores((_m, events) =>
      events.query<Record<string, unknown>>(
        `SELECT user_id, ip, url, title, action_type, campaign_name, campaign_keyword, campaign_source, dimensions,
                leftPad(lower(hex(visitor_id)), 16, '0') AS visitor
         FROM ${EVENTS_TABLE} WHERE site_id = {s:UInt32}`,
        { s: exemptSite },
      ),
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row['user_id']).toBe(''); // User ID refused
    expect(row['ip']).toBe('203.0.0.0'); // 2 bytes anonymised
    expect(row['url']).toBe('https://exempt.example/account?page=2'); // email param, pk_vid, campaign params gone
    expect(row['title']).toBe('Welcome [email]');
    expect(row['dimensions']).toEqual({ 1: 'call [phone]' });
    expect(row['campaign_name']).toBe('spring');
    expect(row['campaign_source']).toBe('news');
    expect(row['campaign_keyword']).toBe(''); // channel level only
    expect(row['visitor']).not.toBe('0123456789abcdef'); // pk_vid never sets the visitor id
    expect(row['action_type']).not.toBe(7);
  });

  it('the compliance audit passes every exemption condition, with the data as evidence', async () => {
    const [site] = await withStores((meta, events) => complianceReport(meta, events, { nowMs: Date.now(), siteIds: [exemptSite] }));
    const byId = new Map(site!.checks.map((c) => [c.id, c]));
    for (const c of EXEMPT_CONDITIONS) expect(byId.get(c.id)?.status, c.id).toBe('pass');
    expect(byId.get('user-id-refused')?.evidence).toContain('User ID report has no data');
    expect(byId.get('ecommerce-refused')?.evidence).toContain('0 ecommerce hits in the last 25 months');
    expect(byId.get('no-stored-pii')?.status).toBe('pass');
  }, 60_000);
});

describe('the audit turns red when a setting breaks a condition', () => {
  const cases: [string, Partial<PrivacySwitches> & Record<string, unknown>][] = [
    ['ip-anonymised', { anonymizeIpBytes: 1 }],
    ['user-id-refused', { allowUserId: true }],
    ['ecommerce-refused', { allowEcommerce: true }],
    ['visits-log-off', { visitsLog: true }],
    ['visits-log-off', { visitorProfile: true }],
    ['cookie-lifetime', { cookieLifetimeMonths: 24 }],
    ['retention', { retentionMonths: 0 }],
    ['campaign-channel', { campaignDetail: 'full' }],
  ];
  it('fails each condition in custom mode; an exempt site ignores the override instead', async () => {
    await withStores(async (meta, events) => {
      for (const [id, privacy] of cases) {
        const host = `${id}-${Object.keys(privacy).join('-').toLowerCase()}`;
        const site = await meta.sites.create({ name: `Broken ${host}`, urls: [`https://${host}.example`], privacyMode: 'custom', privacy });
        const [report] = await complianceReport(meta, events, { nowMs: Date.now(), siteIds: [site.id] });
        expect(report!.checks.find((c) => c.id === id)?.status, id).toBe('fail');
        expect(report!.status).toBe('fail');
        const exempt = await meta.sites.update(site.id, { privacyMode: 'exempt' });
        const [again] = await complianceReport(meta, events, { nowMs: Date.now(), siteIds: [exempt.id] });
        // Campaign detail is the one waivable condition: a warning, not a pass.
        expect(again!.checks.find((c) => c.id === id)?.status, id).toBe(id === 'campaign-channel' ? 'warning' : 'pass');
      }
    });
  }, 120_000);

  it('finds personal data stored before scrubbing existed and reports it redacted', async () => {
    await withStores(async (meta, events) => {
      const site = await meta.sites.create({ name: 'Legacy', urls: ['https://legacy.example'] });
      const [template] = await events.query<Record<string, unknown>>(`SELECT * FROM ${EVENTS_TABLE} WHERE site_id = {s:UInt32} LIMIT 1`, {
        s: exemptSite,
      });
      await events.command(
        `INSERT INTO ${EVENTS_TABLE} (site_id, ts, seq, visit_id, url, title) VALUES
         ({s:UInt32}, now() - 86400, 0, 0, 'https://legacy.example/?token=abc', 'Card 4111 1111 1111 1111')`,
        { s: site.id },
      );
      expect(template).toBeDefined();
      const [report] = await complianceReport(meta, events, { nowMs: Date.now(), siteIds: [site.id] });
      expect(report!.checks.find((c) => c.id === 'no-stored-pii')?.status).toBe('fail');
      const kinds = report!.pii.map((f) => `${f.field}:${f.kind}`).sort();
      expect(kinds).toEqual(['title:card', 'url:query-param']);
      expect(JSON.stringify(report!.pii)).not.toContain('4111');
      expect(JSON.stringify(report!.pii)).not.toContain('abc');
    });
  }, 60_000);
});

describe('GDPR tools', () => {
  it('finds, exports (JSON and CSV) and erases a data subject; nothing finds them afterwards', async () => {
    const find = await runCli(['gdpr', 'find', '--site', String(customSite), '--user-id', 'bob'], env);
    expect(find.code, find.stderr).toBe(0);
    const visits = JSON.parse(find.stdout) as { userId: string; visitIp: string }[];
    expect(visits.length).toBeGreaterThan(0);
    expect(visits.every((v) => v.userId === 'bob' && v.visitIp === '198.51.0.0')).toBe(true);

    const csv = await runCli(['gdpr', 'export', '--site', String(customSite), '--user-id', 'bob', '--format', 'csv'], env);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(1 + 3);

    const erase = await runCli(['gdpr', 'erase', '--site', String(customSite), '--user-id', 'bob'], env);
    expect(erase.code, erase.stderr).toBe(0);
    expect(erase.stdout).toContain('3 rows deleted; a new search finds 0');

    await withStores(async (meta, events) => {
      const bobVisitor = visits[0] as unknown as { visitorId: string };
      expect(await findDataSubjects(events, { siteIds: [customSite], userId: 'bob' })).toEqual([]);
      expect(await findDataSubjects(events, { siteIds: [customSite], visitorId: bobVisitor.visitorId })).toEqual([]);
      expect(await exportDataSubject(events, { siteIds: [customSite], userId: 'bob' })).toEqual([]);
      const left = await events.query<{ u: string; n: string }>(
        `SELECT user_id AS u, count() AS n FROM ${EVENTS_TABLE} WHERE site_id = {s:UInt32} GROUP BY u`,
        { s: customSite },
      );
      expect(left.map((r) => [r.u, Number(r.n)])).toEqual([['carol', 3]]);
      const audit = await meta.audit.list({ action: 'gdpr.erased' });
      expect(audit[0]).toMatchObject({ actor: 'cli', details: { userId: 'bob', rows: 3, remainingRows: 0 } });
    });

    // Reports of the running server no longer count bob.
    server = await startServer(env);
    const visitsNow = (await api(server.url, {
      method: 'VisitsSummary.getVisits',
      idSite: String(customSite),
      period: 'year',
      date: 'today',
      token_auth: token,
    })) as { value: number };
    expect(visitsNow.value).toBe(1);
    const found = await api(server.url, {
      method: 'PrivacyManager.findDataSubjects',
      idSite: String(customSite),
      segment: 'userId==bob',
      token_auth: token,
    });
    expect(found).toEqual([]);
    await server.stop();
    server = undefined;
  }, 180_000);
});

describe('the audit checks the opt-out page', () => {
  it('renders it through the CLI in process and through the running server, and says what it verified', async () => {
    const cli = await runCli(['compliance', 'check', '--site', String(exemptSite), '--json'], env);
    const [fromCli] = JSON.parse(cli.stdout) as { checks: { id: string; status: string; evidence: string[] }[] }[];
    const cliCheck = fromCli!.checks.find((c) => c.id === 'opt-out');
    expect(cliCheck?.status, cliCheck?.evidence.join('\n')).toBe('pass');
    expect(cliCheck?.evidence.join('\n')).toContain('the opt-out route handler, in process (no server running)');
    expect(cliCheck?.evidence.join('\n')).toContain('set the cookie matomo_ignore for 30 years');

    server = await startServer(env);
    const rows = (await api(server.url, {
      method: 'PrivacyManager.getComplianceReport',
      idSite: String(exemptSite),
      token_auth: token,
    })) as {
      id: string;
      status: string;
      evidence: string;
    }[];
    await server.stop();
    server = undefined;
    const check = rows.find((r) => r.id === 'opt-out');
    expect(check?.status, check?.evidence).toBe('pass');
    expect(check?.evidence).toContain("rendered through the running server's own routes");
    expect(check?.evidence).toContain('nonce is valid for the browser cookie sillage_optout');
    expect(check?.evidence).toContain('a hit carrying it is dropped (opt-out-cookie)');
  }, 120_000);
});

describe('retention', () => {
  it('the server deletes events older than the limit on schedule, keeps newer ones and audit-logs it', async () => {
    server = await startServer(env);
    await waitFor(async () => server!.logs.some((l) => l.includes('retention job ran')), 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${server?.logs.slice(-20).join('\n')}`);
    });
    await server.stop();
    server = undefined;
    await withStores(async (meta, events) => {
      const urls = await events.query<{ url: string }>(`SELECT url FROM ${EVENTS_TABLE} WHERE site_id = {s:UInt32}`, { s: retentionSite });
      expect(urls.map((r) => r.url)).toEqual(['https://old.example/recent']);
      const audit = await meta.audit.list({ action: 'retention.purged' });
      const entry = audit.find((e) => e.details['idSite'] === retentionSite);
      expect(entry).toMatchObject({ actor: 'system', details: { retentionMonths: 12, deletedRows: 1 } });
    });
  }, 120_000);
});
