import { TEXTS } from './i18n.js';
import { type OptOutParams, styleCss } from './params.js';

export interface IframeState {
  /** True when the visitor is counted: the ignore cookie is absent. */
  readonly tracked: boolean;
  readonly doNotTrack: boolean;
  readonly nonce: string;
  /** Per-response CSP nonce for the page's one style and one script. */
  readonly cspNonce: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The legacy iframe opt-out page (matomo-compat.md §4.1). One checkbox posts the form back to the same
 * URL with the nonce; the POST sets or removes the ignore cookie and redirects here. Without script,
 * a button submits the same form.
 */
export function renderIframePage(p: OptOutParams, s: IframeState): string {
  const t = TEXTS[p.language];
  const paragraphs = [
    ...(p.showIntro ? [t.intro, t.introMore] : []),
    ...(s.doNotTrack ? [t.doNotTrack] : []),
    ...(s.tracked ? [] : [t.optedOutDone, t.clearCookiesNote]),
  ];
  const css = `body{margin:0;padding:8px;font-family:sans-serif;${styleCss(p.style)}}label{cursor:pointer}p{margin:0 0 .6em}`;
  return `<!doctype html>
<html lang="${p.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(t.title)}</title>
<style nonce="${s.cspNonce}">${css}</style>
</head>
<body>
${paragraphs.map((x) => `<p>${escapeHtml(x)}</p>`).join('\n')}
<form method="post" id="optout-form">
<input type="hidden" name="nonce" value="${escapeHtml(s.nonce)}">
<label><input type="checkbox" name="tracked" value="1" id="trackVisits"${s.tracked ? ' checked' : ''}> <strong>${escapeHtml(
    s.tracked ? t.trackedLabel : t.optedOutLabel,
  )}</strong></label>
<noscript><p><button type="submit">${escapeHtml(t.submit)}</button></p></noscript>
</form>
<script nonce="${s.cspNonce}">document.getElementById('trackVisits').addEventListener('change',function(){this.form.submit()});</script>
</body>
</html>
`;
}

/** Framing allowed from anywhere (that is the point of the page); nothing else loads or runs. */
export function iframeCsp(cspNonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${cspNonce}'`,
    `script-src 'nonce-${cspNonce}'`,
    "form-action 'self'",
    "base-uri 'none'",
    'frame-ancestors *',
  ].join('; ');
}
