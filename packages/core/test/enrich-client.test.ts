import { describe, expect, it } from 'vitest';
import { languageCodeOf, languageOf, languageRegionOf, localHourOf, parseHit } from '../src/index.js';
import { request } from './fixtures/tracking.js';

describe('browser language', () => {
  it.each([
    // tag, language, region, language code
    ['fr-ca', 'fr', 'ca', 'fr-ca'],
    ['fr', 'fr', '', 'fr'],
    ['en-US', 'en', 'us', 'en-us'],
    ['pt_BR', 'pt', 'br', 'pt-br'],
    ['es-419', 'es', '419', 'es-419'],
    ['zh-hant-tw', 'zh', 'tw', 'zh-tw'],
    ['zh-hans', 'zh', '', 'zh'],
    ['fil-ph', 'fil', 'ph', 'fil-ph'],
    ['', '', '', ''],
    ['*', '', '', ''],
    ['x-klingon', '', '', ''],
  ])('%s → %s / %s / %s', (tag, language, region, code) => {
    expect(languageOf(tag)).toBe(language);
    expect(languageRegionOf(tag)).toBe(region);
    expect(languageCodeOf(tag)).toBe(code);
  });

  it.each([
    ['lang wins over Accept-Language', { lang: 'de-AT' }, 'fr-CA,fr;q=0.9', 'de-at'],
    ['Accept-Language when lang is absent', {}, 'fr-CA,fr;q=0.9,en;q=0.8', 'fr-ca'],
    ['Accept-Language when lang is blank', { lang: '  ' }, 'pt-BR', 'pt-br'],
    ['nothing sent', {}, '', ''],
  ])('hit language: %s', (_name, params, acceptLanguage, expected) => {
    const hit = parseHit(request({ idsite: '1', rec: '1', ...params }, { headers: { acceptLanguage } }));
    expect(hit.language).toBe(expected);
  });
});

describe('resolution and local time from the tracker', () => {
  it.each([
    [{ res: '1920x1080' }, '1920x1080'],
    [{ res: '390X844' }, '390x844'],
    [{ res: 'unknown' }, undefined],
    [{ res: '1920*1080' }, undefined],
    [{}, undefined],
  ])('res %o → %s', (params, expected) => {
    expect(parseHit(request({ idsite: '1', rec: '1', ...params })).resolution).toBe(expected);
  });

  it.each([
    [{ h: '14', m: '5', s: '9' }, 14 * 3600 + 5 * 60 + 9, 14],
    [{ h: '0', m: '0', s: '0' }, 0, 0],
    [{ h: '23', m: '59', s: '59' }, 86_399, 23],
    // Matomo: an out-of-range part counts as 0.
    [{ h: '25', m: '10', s: '0' }, 600, 0],
    [{ h: '9' }, 9 * 3600, 9],
  ])('h/m/s %o → %s s, hour %s', (params, seconds, hour) => {
    const hit = parseHit(request({ idsite: '1', rec: '1', ...params }));
    expect(hit.localTimeSeconds).toBe(seconds);
    expect(localHourOf(hit.localTimeSeconds!)).toBe(hour);
  });

  it.each([
    [-5, 0],
    [Number.NaN, 0],
    [90_000, 23],
  ])('localHourOf(%s) = %s', (seconds, hour) => {
    expect(localHourOf(seconds)).toBe(hour);
  });
});
