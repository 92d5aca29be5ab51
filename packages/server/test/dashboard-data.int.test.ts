import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSites, createSuperUserToken } from './support/fixtures.js';
import { api, startServer, type TestServer, tempDataDir, waitShipped } from './support/harness.js';
import { SessionClient } from './support/session-client.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

/**
 * What the dashboard reads besides reports: the custom dimensions that have data (one report each), and
 * the saved segments, kept per user and site on the server.
 */
describe('custom dimensions with data, saved segments', () => {
  const data = tempDataDir();
  const env = { SILLAGE_DATA_DIR: data.dir };
  let server: TestServer;
  let token: string;
  let sites: number[];
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    sites = await createSites(data.dir, [
      { name: 'Dimensions', urls: ['https://dims.example'], timezone: 'UTC' },
      { name: 'None', urls: ['https://none.example'], timezone: 'UTC' },
    ]);
    token = await createSuperUserToken({ SILLAGE_DATA_DIR: data.dir });
    server = await startServer(env);
    // Three visitors on site 1: dimension 1 on all, dimension 4 on one, dimension 7 sent empty (no value);
    // site 2 has none.
    const hits: Record<string, string>[] = [
      { idsite: String(sites[0]), _id: '0000000000000001', dimension1: 'guest', dimension4: 'spring' },
      { idsite: String(sites[0]), _id: '0000000000000002', dimension1: 'member', dimension7: '' },
      { idsite: String(sites[0]), _id: '0000000000000003', dimension1: 'member' },
      { idsite: String(sites[1]), _id: '0000000000000004' },
    ];
    for (const [i, h] of hits.entries()) {
      const q = new URLSearchParams({ rec: '1', url: 'https://dims.example/', action_name: 'Home', ...h });
      // Cookieless visitors are told apart by their browser: one browser version each.
      const res = await fetch(`${server.url}/matomo.php?${q}`, { headers: { 'user-agent': UA.replace('130.0', `130.${i}`) } });
      expect(res.status).toBeLessThan(300);
    }
    await waitShipped(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    data.remove();
  });

  it.each([
    ['every event of site 1', { idSite: '1' }, [1, 4]],
    ['site 1 today', { idSite: '1', period: 'day', date: today }, [1, 4]],
    ['site 1 on a day without events', { idSite: '1', period: 'day', date: '2020-01-01' }, []],
    ['site 2', { idSite: '2' }, []],
  ])('getConfiguredCustomDimensions: %s → %o', async (_name, params, ids) => {
    const rows = (await api(server.url, { method: 'CustomDimensions.getConfiguredCustomDimensions', token_auth: token, ...params })) as {
      idcustomdimension: number;
      idsite: number;
    }[];
    expect(rows.map((r) => r.idcustomdimension)).toEqual(ids);
    for (const r of rows) expect(r.idsite).toBe(Number(params.idSite));
  });

  it('each dimension id has its own report', async () => {
    const report = (id: number) =>
      api(server.url, {
        method: 'CustomDimensions.getCustomDimension',
        idSite: '1',
        idDimension: String(id),
        period: 'day',
        date: today,
        token_auth: token,
      }) as Promise<{ label: string; nb_visits: number }[]>;
    const one = await report(1);
    expect(Object.fromEntries(one.map((r) => [r.label, r.nb_visits]))).toEqual({ member: 2, guest: 1 });
    const four = await report(4);
    expect(four.find((r) => r.label === 'spring')?.nb_visits).toBe(1);
  });

  it('saves segments per user and site, replaces by name, shares only with admin access, deletes only your own', async () => {
    const root = new SessionClient(server.url);
    await root.login('admin', 'correct horse battery staple');
    expect((await root.call('POST', '/api/admin/users', { login: 'viewer', password: 'viewer password' })).status).toBe(200);
    expect((await root.call('PUT', `/api/admin/sites/${sites[0]}/access/viewer`, { role: 'view' })).status).toBe(200);
    const viewer = new SessionClient(server.url);
    await viewer.login('viewer', 'viewer password');
    const list = async (c: SessionClient, idSite = sites[0]) =>
      (await c.call('GET', `/api/me/segments?idSite=${idSite}`)).body['segments'] as {
        id: number;
        name: string;
        definition: string;
        mine: boolean;
        shared: boolean;
      }[];

    const mobile = await root.call('POST', '/api/me/segments', { idSite: sites[0], name: 'Mobile', definition: 'deviceType==smartphone' });
    expect(mobile.status).toBe(200);
    const shared = await root.call('POST', '/api/me/segments', {
      idSite: sites[0],
      name: 'Members',
      definition: 'dimension1==member',
      shared: true,
    });
    expect(shared.status).toBe(200);
    // Same name again: replaced, not duplicated.
    await root.call('POST', '/api/me/segments', { idSite: sites[0], name: 'Mobile', definition: 'deviceType==tablet' });
    expect((await list(root)).map((s) => [s.name, s.definition, s.mine])).toEqual([
      ['Members', 'dimension1==member', true],
      ['Mobile', 'deviceType==tablet', true],
    ]);
    expect(await list(root, sites[1])).toEqual([]);

    // The viewer sees the shared one (not theirs), saves their own, cannot share.
    expect((await list(viewer)).map((s) => [s.name, s.mine])).toEqual([['Members', false]]);
    expect((await viewer.call('POST', '/api/me/segments', { idSite: sites[0], name: 'Mine', definition: 'visitorType==new' })).status).toBe(
      200,
    );
    const refused = await viewer.call('POST', '/api/me/segments', {
      idSite: sites[0],
      name: 'Pub',
      definition: 'visitorType==new',
      shared: true,
    });
    expect([refused.status, refused.body['error']]).toEqual([403, 'AUTH_FORBIDDEN']);
    expect((await list(viewer)).map((s) => [s.name, s.mine])).toEqual([
      ['Mine', true],
      ['Members', false],
    ]);
    expect((await list(root)).map((s) => s.name)).toEqual(['Members', 'Mobile']);

    // Invalid definitions are refused.
    const bad = await viewer.call('POST', '/api/me/segments', { idSite: sites[0], name: 'Bad', definition: 'noSuchDimension==1' });
    expect([bad.status, bad.body['error']]).toEqual([400, 'REQUEST_INVALID']);

    // Deleting someone else's segment: not found for the viewer; the super user may.
    const membersId = (shared.body['segment'] as { id: number }).id;
    const notYours = await viewer.call('DELETE', `/api/me/segments/${membersId}`);
    expect([notYours.status, notYours.body['error']]).toEqual([404, 'SEGMENT_NOT_FOUND']);
    expect((await root.call('DELETE', `/api/me/segments/${membersId}`)).status).toBe(200);
    expect((await list(viewer)).map((s) => s.name)).toEqual(['Mine']);

    // They live in the metadata store: a restart keeps them.
    await server.stop();
    server = await startServer(env);
    const again = new SessionClient(server.url);
    await again.login('viewer', 'viewer password');
    expect((await list(again)).map((s) => [s.name, s.definition])).toEqual([['Mine', 'visitorType==new']]);
  });
});
