import { SillageError } from '@sillage/core';
import { describe, expect, it } from 'vitest';
import { renderIframePage } from '../src/optout/iframe-page.js';
import { renderOptOutScript } from '../src/optout/js-page.js';
import { createNonce, verifyNonce } from '../src/optout/nonce.js';
import { parseOptOutParams, pickLanguage } from '../src/optout/params.js';
import { etagMatches, loadTrackerScript } from '../src/tracker-routes.js';

const SECRET = 'k'.repeat(43);
const NOW = 1_760_000_000_000;

describe('opt-out nonce', () => {
  const binding = 'b'.repeat(24);
  const nonce = createNonce(SECRET, binding, NOW);
  it.each([
    ['the same browser, in time', SECRET, binding, nonce, NOW + 1000, 'ok'],
    ['another browser (binding)', SECRET, 'c'.repeat(24), nonce, NOW, 'mismatch'],
    ['another server secret', 'x'.repeat(43), binding, nonce, NOW, 'mismatch'],
    ['expired (an hour later)', SECRET, binding, nonce, NOW + 3_600_001, 'expired'],
    ['no nonce', SECRET, binding, undefined, NOW, 'missing'],
    ['no binding cookie', SECRET, undefined, nonce, NOW, 'missing'],
    ['garbage', SECRET, binding, 'abc.def', NOW, 'malformed'],
    ['a later expiry with the old signature', SECRET, binding, nonce.replace(/^\d+/, String(NOW + 9_999_999)), NOW, 'mismatch'],
  ] as const)('%s → %s', (_n, secret, b, n, now, expected) => {
    expect(verifyNonce(secret, b, n, now)).toBe(expected);
  });
});

describe('opt-out parameters', () => {
  it.each([
    ['fr', undefined, 'fr'],
    ['FR', 'en', 'fr'],
    ['auto', 'fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    [null, 'de-DE,de;q=0.9,fr;q=0.5', 'fr'],
    [null, 'fr;q=0,en', 'en'],
    ['es', 'es-ES', 'en'],
    [null, undefined, 'en'],
  ] as const)('language=%s, Accept-Language %s → %s', (requested, accept, expected) => {
    expect(pickLanguage(requested, accept)).toBe(expected);
  });

  it('validates styles as Matomo does and keeps them', () => {
    const p = parseOptOutParams(
      new URLSearchParams('backgroundColor=fff&fontColor=00AA11&fontSize=1.5em&fontFamily=Arial, sans-serif&showIntro=0'),
      undefined,
    );
    expect(p.style).toEqual({ backgroundColor: '#fff', fontColor: '#00AA11', fontSize: '1.5em', fontFamily: 'Arial, sans-serif' });
    expect(p.showIntro).toBe(false);
    expect(p.divId).toBe('matomo-opt-out');
  });

  it.each([
    ['backgroundColor', 'red;background:url(x)'],
    ['fontColor', '#fff'],
    ['fontSize', '12px;x'],
    ['fontFamily', 'Arial</style>'],
    ['divId', 'a"b'],
  ])('%s=%s is refused', (name, value) => {
    expect(() => parseOptOutParams(new URLSearchParams({ [name]: value }), undefined)).toThrow(SillageError);
  });
});

describe('opt-out pages', () => {
  const params = parseOptOutParams(new URLSearchParams('language=fr&fontColor=333'), undefined);
  it('iframe page: state, nonce, styles, French texts, no inline script without the CSP nonce', () => {
    const html = renderIframePage(params, { tracked: false, doNotTrack: true, nonce: 'N.1', cspNonce: 'csp123' });
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('name="nonce" value="N.1"');
    expect(html).not.toMatch(/id="trackVisits" checked/);
    expect(html).toContain('Refus enregistré');
    expect(html).toContain('Do Not Track');
    expect(html).toContain('color:#333');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="csp123">');
  });

  it('JS opt-out: valid JavaScript carrying the settings', () => {
    const js = renderOptOutScript(params);
    expect(() => new Function(js)).not.toThrow();
    expect(js).toContain('"divId":"matomo-opt-out"');
    expect(js).toContain('Vos visites sont comptabilisées');
  });
});

describe('tracker script', () => {
  it.each([
    [undefined, false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['*', true],
    ['"abd"', false],
  ])('If-None-Match %s → %s', (header, expected) => {
    expect(etagMatches(header, '"abc"')).toBe(expected);
  });

  it('is absent (503 later) when not built, with a strong ETag when it is', () => {
    expect(loadTrackerScript('/nonexistent/tracker.min.js')).toBeUndefined();
    const s = loadTrackerScript(new URL('../../tracker/dist/tracker.min.js', import.meta.url));
    if (s) expect(s.etag).toMatch(/^"[\w-]{27}"$/);
  });
});
