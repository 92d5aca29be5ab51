import { TEXTS } from './i18n.js';
import { type OptOutParams, styleCss } from './params.js';

/**
 * The JS opt-out (matomo-compat.md §4.2): a script the site includes, which renders the form inside the
 * site's own page. With the tracker on the page it uses `_paq` (optUserOut / forgetUserOptOut /
 * isUserOptedOut); without one it writes the same first-party consent cookies itself (mtm_consent,
 * mtm_consent_removed). No server state, so no nonce: everything happens on the site's domain.
 * Settings travel as JSON; the DOM is built with textContent, never HTML from parameters.
 */
export function renderOptOutScript(p: OptOutParams): string {
  const t = TEXTS[p.language];
  const settings = {
    divId: p.divId,
    showIntro: p.showIntro,
    style: styleCss(p.style),
    useCookiesIfNoTracker: p.useCookiesIfNoTracker,
    useCookiesTimeout: p.useCookiesTimeout,
    useSecureCookies: p.useSecureCookies,
    cookiePath: p.cookiePath ?? '',
    cookieDomain: p.cookieDomain ?? '',
    texts: t,
  };
  // JSON is valid JavaScript; </script> and U+2028/9 are escaped in case the script is inlined.
  const json = JSON.stringify(settings)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `(function () {
  'use strict';
  var settings = ${json};
  var T = settings.texts;
  var THIRTY_YEARS_MS = 30 * 365 * 864e5;

  function hasCookie(name) {
    return document.cookie.split('; ').some(function (c) { return c.split('=')[0] === name; });
  }
  function setCookie(name, ttlMs) {
    document.cookie = name + '=' + Date.now() + '; expires=' + new Date(Date.now() + ttlMs).toUTCString() +
      '; path=' + (settings.cookiePath || '/') + (settings.cookieDomain ? '; domain=' + settings.cookieDomain : '') +
      '; SameSite=Lax' + (settings.useSecureCookies ? '; Secure' : '');
  }
  // Same cookies and meaning as the tracker's consent commands.
  var consentCookies = {
    isOptedOut: function () {
      if (hasCookie('mtm_consent_removed')) { if (hasCookie('mtm_consent')) setCookie('mtm_consent', -864e5); return true; }
      return false;
    },
    optOut: function () { setCookie('mtm_consent', -864e5); setCookie('mtm_consent_removed', THIRTY_YEARS_MS); },
    optIn: function () { setCookie('mtm_consent_removed', -864e5); setCookie('mtm_consent', THIRTY_YEARS_MS); }
  };
  function trackerPresent() {
    return window._paq && !Array.isArray(window._paq);
  }

  function render(div, optedOut, toggle) {
    while (div.firstChild) div.removeChild(div.firstChild);
    if (settings.style) div.setAttribute('style', settings.style);
    function para(text) { var p = document.createElement('p'); p.textContent = text; div.appendChild(p); }
    if (settings.showIntro) { para(T.intro); para(T.introMore); }
    var label = document.createElement('label');
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.id = settings.divId + '-checkbox';
    box.checked = !optedOut;
    box.addEventListener('change', function () { toggle(!box.checked); });
    var strong = document.createElement('strong');
    strong.textContent = ' ' + (optedOut ? T.optedOutLabel : T.trackedLabel);
    label.appendChild(box);
    label.appendChild(strong);
    div.appendChild(label);
    if (optedOut) { para(T.optedOutDone); para(T.clearCookiesNote); }
  }

  function withTracker(div) {
    var show = function () {
      window._paq.push([function () { render(div, this.isUserOptedOut(), function (out) {
        window._paq.push([out ? 'optUserOut' : 'forgetUserOptOut']);
        show();
      }); }]);
    };
    show();
  }

  function withCookies(div) {
    var show = function () {
      render(div, consentCookies.isOptedOut(), function (out) {
        if (out) consentCookies.optOut(); else consentCookies.optIn();
        show();
      });
    };
    show();
  }

  function start() {
    var div = document.getElementById(settings.divId);
    if (!div) { if (window.console) console.error(T.divMissing.replace('%s', settings.divId)); return; }
    if (!navigator.cookieEnabled) { div.textContent = T.cookiesDisabled; return; }
    if (settings.useSecureCookies && location.protocol !== 'https:' && !/^(localhost|127\\.0\\.0\\.1|\\[::1\\])$/.test(location.hostname)) {
      div.textContent = T.secureCookiesOnHttp; return;
    }
    var tries = 0;
    (function poll() {
      if (trackerPresent()) return withTracker(div);
      if (++tries < settings.useCookiesTimeout * 4) return void setTimeout(poll, 250);
      if (settings.useCookiesIfNoTracker) withCookies(div);
    })();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
`;
}
