import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { injectOf, probeOptOutPage, withStandaloneOptOut, withStandaloneOptOutProbe } from '../src/optout/probe.js';

/**
 * The audit's opt-out check against the real opt-out handler (in-process Fastify, no socket): it passes
 * when the page works, and each way the page or its cookie can be broken makes it fail with the reason.
 */
const NAMES = ['matomo_ignore', 'piwik_ignore'] as const;

describe('opt-out probe', () => {
  it('passes on the real handler and says what it verified', async () => {
    const result = await withStandaloneOptOutProbe({ secret: 'k'.repeat(43), ignoreCookieNames: NAMES }, (probe) => probe({ id: 3 }));
    expect(result.ok).toBe(true);
    const text = result.evidence.join('\n');
    expect(text).toContain('action=optOut&idsite=3');
    expect(text).toContain('in process (no server running)');
    expect(text).toContain('nonce is valid for the browser cookie sillage_optout');
    expect(text).toMatch(/set the cookie matomo_ignore for 30 years; a forged nonce was refused \(4\d\d\)/);
    expect(text).toContain('a hit carrying it is dropped (opt-out-cookie)');
    expect(text).toContain('opting back in removes the cookie');
  });

  it.each([
    [
      'the page sets a cookie the tracking endpoint does not read',
      { pageCookie: 'custom_ignore', honoured: NAMES, verifyWith: 'same' },
      'the tracking endpoint does not honour custom_ignore (it reads matomo_ignore, piwik_ignore)',
    ],
    [
      'the nonce key differs from the one the audit knows',
      { pageCookie: 'matomo_ignore', honoured: NAMES, verifyWith: 'other' },
      "the form's nonce does not verify (mismatch)",
    ],
  ] as const)('fails when %s', async (_name, c, reason) => {
    const result = await withStandaloneOptOut({ ignoreCookieName: c.pageCookie }, (inject, secret) =>
      probeOptOutPage(inject, 1, { ignoreCookieNames: c.honoured, via: 'test', secret: c.verifyWith === 'same' ? secret : 'x'.repeat(43) }),
    );
    expect(result.ok).toBe(false);
    expect(result.evidence.at(-1)).toBe(reason);
  });

  it('fails when the server does not serve the page', async () => {
    const app = Fastify();
    app.get('/index.php', async (_req, reply) => reply.code(404).send('no'));
    const result = await probeOptOutPage(injectOf(app), 1, { ignoreCookieNames: NAMES, via: 'test' });
    await app.close();
    expect(result).toEqual({
      ok: false,
      evidence: ['GET /index.php?module=CoreAdminHome&action=optOut&idsite=1&language=en answered 404'],
    });
  });

  it('fails when the page renders without a form', async () => {
    const app = Fastify();
    app.get('/index.php', async (_req, reply) =>
      reply.header('content-security-policy', "script-src 'nonce-abc'").type('text/html').send('<p>Opt-out</p>'),
    );
    const result = await probeOptOutPage(injectOf(app), 1, { ignoreCookieNames: NAMES, via: 'test' });
    await app.close();
    expect(result.ok).toBe(false);
    expect(result.evidence).toEqual(['the page has no opt-out form with a nonce']);
  });
});
