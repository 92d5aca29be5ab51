import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, tempDataDir } from './support/harness.js';

/** The built tracker served by the real server under every path a Matomo snippet may use. */
const BUILT = readFileSync(new URL('../../tracker/dist/tracker.min.js', import.meta.url), 'utf8');

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;

beforeAll(async () => {
  data = tempDataDir();
  server = await startServer({ SILLAGE_DATA_DIR: data.dir });
});
afterAll(async () => {
  if (server) await server.stop();
  data?.remove();
});

describe('tracker script', () => {
  it.each(['/matomo.js', '/piwik.js', '/js/', '/sillage.js'])(
    'GET %s: the script, cacheable, with an ETag; 304 when unchanged',
    async (path) => {
      const res = await fetch(server.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('public, max-age=604800');
      expect(await res.text()).toBe(BUILT);
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]{27}"$/);
      const again = await fetch(server.url + path, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect((await fetch(server.url + path, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    },
  );

  it('/js/ with a query string is still the tracking endpoint', async () => {
    const res = await fetch(`${server.url}/js/?idsite=1&rec=1&send_image=0`);
    expect(res.headers.get('content-type') ?? '').not.toContain('javascript');
  });
});
