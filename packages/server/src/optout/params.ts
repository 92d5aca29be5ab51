import { SillageError } from '@sillage/core';

/**
 * Parameters of both opt-out pages (matomo-compat.md §4), validated as Matomo does: a bad style value is
 * an error, never copied into the page.
 */
export type Language = 'en' | 'fr';
export const LANGUAGES: readonly Language[] = ['en', 'fr'];

export interface OptOutStyle {
  readonly backgroundColor?: string;
  readonly fontColor?: string;
  readonly fontSize?: string;
  readonly fontFamily?: string;
}

export interface OptOutParams {
  readonly language: Language;
  readonly showIntro: boolean;
  readonly style: OptOutStyle;
  /** JS opt-out only. */
  readonly divId: string;
  readonly useCookiesIfNoTracker: boolean;
  readonly useCookiesTimeout: number;
  readonly useSecureCookies: boolean;
  readonly cookiePath: string | undefined;
  readonly cookieDomain: string | undefined;
}

const COLOR = /^([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const FONT_SIZE = /^\d+(\.\d*)?(px|pt|em|rem|%)$/;
const FONT_FAMILY = /^[a-zA-Z0-9- ,'"]+$/;
const DIV_ID = /^[A-Za-z][\w-]{0,63}$/;
const COOKIE_PATH = /^\/[\w\-./~]*$/;
const COOKIE_DOMAIN = /^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;

function checked(q: URLSearchParams, name: string, pattern: RegExp): string | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!pattern.test(v)) throw new SillageError('OPTOUT_PARAMETER_INVALID', [name, v.slice(0, 100)]);
  return v;
}

const flag = (q: URLSearchParams, name: string, fallback: boolean) => {
  const v = q.get(name);
  return v === null || v === '' ? fallback : v !== '0' && v.toLowerCase() !== 'false';
};

/** `language` when supported; otherwise (absent, `auto`, unknown) the browser's preference; English last. */
export function pickLanguage(requested: string | null, acceptLanguage: string | undefined): Language {
  const r = requested?.toLowerCase().slice(0, 2);
  if (r && (LANGUAGES as string[]).includes(r)) return r as Language;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: (tag ?? '').slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (ranked.find((x) => (LANGUAGES as string[]).includes(x.lang))?.lang as Language | undefined) ?? 'en';
}

export function parseOptOutParams(q: URLSearchParams, acceptLanguage: string | undefined): OptOutParams {
  const background = checked(q, 'backgroundColor', COLOR);
  const font = checked(q, 'fontColor', COLOR);
  const timeout = Number(q.get('useCookiesTimeout') ?? 10);
  return {
    language: pickLanguage(q.get('language'), acceptLanguage),
    showIntro: flag(q, 'showIntro', true),
    style: {
      ...(background && { backgroundColor: `#${background}` }),
      ...(font && { fontColor: `#${font}` }),
      ...(checked(q, 'fontSize', FONT_SIZE) && { fontSize: q.get('fontSize')! }),
      ...(checked(q, 'fontFamily', FONT_FAMILY) && { fontFamily: q.get('fontFamily')! }),
    },
    divId: checked(q, 'divId', DIV_ID) ?? 'matomo-opt-out',
    useCookiesIfNoTracker: flag(q, 'useCookiesIfNoTracker', true),
    useCookiesTimeout: Number.isFinite(timeout) && timeout >= 0 && timeout <= 60 ? timeout : 10,
    useSecureCookies: flag(q, 'useSecureCookies', true),
    cookiePath: checked(q, 'cookiePath', COOKIE_PATH),
    cookieDomain: checked(q, 'cookieDomain', COOKIE_DOMAIN),
  };
}

/** Inline CSS for the validated style (safe: every value matched a strict pattern). */
export function styleCss(s: OptOutStyle): string {
  return [
    s.backgroundColor && `background-color:${s.backgroundColor}`,
    s.fontColor && `color:${s.fontColor}`,
    s.fontSize && `font-size:${s.fontSize}`,
    s.fontFamily && `font-family:${s.fontFamily}`,
  ]
    .filter(Boolean)
    .join(';');
}
