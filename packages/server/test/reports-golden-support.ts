import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { waitShipped } from './support/harness.js';

/**
 * What the golden report tests share: the hit builder, the bulk sender and the fixture reader. The
 * expected answers live in fixtures/golden/*.json, written by hand, never produced by this code.
 */

/** A desktop Chrome on Linux: Node's own user agent would be dropped as a bot. */
export const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

export interface GoldenCase {
  name: string;
  params: Record<string, string>;
  expected: unknown;
}

export function golden(file: string): GoldenCase[] {
  return (JSON.parse(readFileSync(new URL(`./fixtures/golden/${file}`, import.meta.url), 'utf8')) as { cases: GoldenCase[] }).cases;
}

/** `$site` in an expected answer stands for the site id the test created. */
export const withSite = (expected: unknown, site: number): unknown =>
  JSON.parse(JSON.stringify(expected).replaceAll('$site', String(site)));

export type HitParams = Record<string, string | number>;

/** One hit: cdt is UTC; h/m/s is the visitor's local time. */
export function hit(site: number, who: object, cdt: string, local: string, extra: HitParams = {}): HitParams {
  const [h, m, s] = local.split(':');
  return { idsite: site, rec: 1, cdt, h: h!, m: m!, s: s!, ...who, ...extra };
}

/** Sends the hits in one bulk request with the token (cdt and country overrides need it), then waits until they are stored. */
export async function sendBulk(serverUrl: string, token: string, hits: readonly HitParams[]): Promise<void> {
  const requests = hits.map((h) => `?${new URLSearchParams(Object.entries(h).map(([k, v]): [string, string] => [k, String(v)]))}`);
  const res = await fetch(`${serverUrl}/matomo.php`, {
    method: 'POST',
    headers: { 'user-agent': UA },
    body: JSON.stringify({ token_auth: token, requests }),
  });
  expect(await res.json()).toEqual({ status: 'success', tracked: requests.length, invalid: 0 });
  await waitShipped(serverUrl);
}
