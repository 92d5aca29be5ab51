import { type CookieOptions, readCookie, writeCookie } from './cookies.js';
import { DOWNLOAD_EXTENSIONS, hasClass, hostMatches, linkType } from './links.js';
import { createTransport } from './transport.js';

/**
 * One tracker: Matomo's commands as methods of a plain object (the `_paq` API looks them up by name).
 * Written for size (the script must stay under 4 KB gzipped): state lives in closure variables, which
 * the minifier renames, and the request parameters are built in one place.
 *
 * Privacy model: cookieless unless the site asks for cookies (`enableCookies`, or one of the consent
 * flows, which only make sense for a site that wants cookies once consent is given). Even then
 * `disableCookies` and Do Not Track win. Without cookies nothing on the device is read or written, save
 * the consent cookies (mtm_*), which exist only after the visitor made a choice and must be honoured.
 */

// biome-ignore lint/suspicious/noExplicitAny: commands take whatever the page pushes
export type Command = (this: TrackerApi, ...args: any[]) => unknown;
export type TrackerApi = Record<string, Command>;
type Params = Record<string, unknown>;

const CONSENT = 'mtm_consent';
const CONSENT_REMOVED = 'mtm_consent_removed';
const COOKIE_CONSENT = 'mtm_cookie_consent';
const DAY_MS = 864e5;
/** Matomo's visitor cookie lifetime, 13 months, in seconds; also the cap for setVisitorCookieTimeout. */
const THIRTEEN_MONTHS_S = 33955200;
const CONTENT_BLOCKS = '[data-track-content],.matomoTrackContent,.piwikTrackContent';

const nowMs = () => Date.now();
/** Hex of `bytes` random bytes, or of the given ones. */
const randomHex = (n: number, bytes = crypto.getRandomValues(new Uint8Array(n))) =>
  Array.from(bytes, (b) => (b + 256).toString(16).slice(1)).join('');
const hasCookie = (name: string) => readCookie(name) != null;
const json = (v: unknown) => (Array.isArray(v) ? JSON.stringify(v) : v);
const list = (v: unknown): string[] => (Array.isArray(v) ? v : String(v).split('|'));

/** `{a: 1, b: undefined}` → `a=1`: absent values are left out, as Matomo does. */
export function toQuery(params: Params): string {
  return Object.keys(params)
    .filter((k) => params[k] != null)
    .map((k) => `${k}=${encodeURIComponent(String(params[k]))}`)
    .join('&');
}

export function createTracker(initialUrl?: string, initialSite?: unknown, inheritUrl?: () => string): TrackerApi {
  let trackerUrl = initialUrl;
  let siteId = initialSite;
  let customUrl: string | undefined;
  let title: string | undefined;
  let referrer: string | undefined = document.referrer;
  let userId: unknown;
  let pageViewId: string | undefined;
  let pageViewIdManual = false;
  let pageViews = 0;
  let lastRequestAt = 0;
  const dimensions: Params = {};
  let productView: Params = {};
  let cart: Record<string, unknown[]> = {};
  /** Requests built while consent is missing (requireConsent): sent when it is given. */
  let held: [string, boolean][] = [];

  // privacy switches
  let cookiesWanted = false;
  let cookiesForbidden = false;
  let cookieConsentRequired = false;
  let cookieConsent = false;
  let consentRequired = false;
  let consent = true;
  let honourDnt = false;
  let performance = true;
  let fileTracking = false;
  /** What getVisitorId answers without cookies: generated for this page only, never stored, never sent. */
  const pageVisitorId = randomHex(8);

  let domains: string[] = [];
  const cookie: CookieOptions = { path: '/', sameSite: 'Lax' };
  let visitorTimeoutS = THIRTEEN_MONTHS_S;
  let sessionTimeoutS = 1800;

  const linkClasses: string[] = [];
  const downloadClasses: string[] = [];
  let ignoreClasses: string[] = [];
  let extensions = DOWNLOAD_EXTENSIONS;

  const endpoint = () => trackerUrl || inheritUrl?.() || '';
  const transport = createTransport(endpoint);

  const dntSignal = () =>
    honourDnt && ((navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl || /^(1|yes)$/.test(navigator.doNotTrack!));
  const useCookies = () =>
    cookiesWanted &&
    crypto.subtle &&
    !cookiesForbidden &&
    !dntSignal() &&
    (!cookieConsentRequired || cookieConsent) &&
    (!consentRequired || consent);

  /**
   * Matomo's cookie names end with the first 4 hex of sha1(cookie domain + path), so visitors keep their
   * cookies when a site moves from matomo.js. SHA-1 comes from crypto.subtle (asynchronous, and only in
   * secure contexts: https and localhost) rather than 400 bytes of our own; without it cookies stay off.
   */
  let nameSuffix: Promise<string> | undefined;
  let suffix = '';
  const hashCookieNames = () =>
    (nameSuffix ??= crypto.subtle
      .digest('SHA-1', new TextEncoder().encode((cookie.domain || location.hostname) + cookie.path))
      .then((b) => (suffix = randomHex(0, new Uint8Array(b)).slice(0, 4))));
  const cookieName = (base: string) => `_pk_${base}.${siteId}.${suffix}`;
  /** Consent cookies hold the time of the choice; 30 years unless the site gives hours. */
  const consentCookie = (name: string, on?: boolean, hours?: number) =>
    (on || hasCookie(name)) && writeCookie(name, String(nowMs()), on ? (hours || 262800) * 36e5 : -DAY_MS, cookie);
  /** By prefix: whatever the name suffix, ours or one an older matomo.js wrote. */
  const deleteTrackingCookies = () => {
    for (const part of document.cookie.split('; ')) {
      const name = part.split('=')[0]!;
      // Before setSiteId (Matomo applies disableCookies first), any site's: they are all this domain's.
      if (RegExp(`^_pk_(id|ses|ref|cvar)\\.${siteId || '\\d+'}\\.`).test(name)) writeCookie(name, '', -DAY_MS, cookie);
    }
  };
  /** Matomo re-reads the consent cookies before every send: an opt-out in another tab counts at once. */
  const refreshConsent = () => {
    if (hasCookie(CONSENT_REMOVED)) consent = false;
    else if (hasCookie(CONSENT)) consent = true;
    return consent;
  };

  const isInternalHost = (host: string) => [location.hostname, ...domains].some((d) => hostMatches(host, d));
  const pageUrl = () => customUrl || location.href;

  /** Visitor, session and referral cookies (cookie mode only): Matomo's names, values and lifetimes (§3.6). */
  const cookieParams = (): Params => {
    const now = nowMs();
    const nowS = Math.floor(now / 1000);
    const idName = cookieName('id');
    const sesName = cookieName('ses');
    const refName = cookieName('ref');
    const [storedId, storedCreated] = (readCookie(idName) || '').split('.');
    const visitorId = storedId || randomHex(8);
    const created = Number(storedCreated) || nowS;
    // Expiry counts from creation: a visitor cookie never outlives the timeout, however often it is rewritten.
    writeCookie(idName, `${visitorId}.${created}.`, (created + visitorTimeoutS) * 1000 - now, cookie);
    if (!hasCookie(sesName)) {
      // A new session records its attribution: a campaign in the URL, or an external referrer.
      const q = location.search;
      const campaign = /[?&](?:mtm|pk|utm|matomo)_campaign=([^&]*)/.exec(q)?.[1];
      const keyword = /[?&](?:mtm_kwd|pk_kwd|utm_term|matomo_kwd)=([^&]*)/.exec(q)?.[1];
      let external = '';
      try {
        if (!isInternalHost(new URL(referrer!).hostname)) external = referrer!.slice(0, 1024);
      } catch {
        // no referrer, or not a URL
      }
      if (campaign || external) {
        const decode = (v?: string) => (v ? decodeURIComponent(v.replace(/\+/g, ' ')) : '');
        writeCookie(refName, JSON.stringify([decode(campaign), decode(keyword), nowS, external]), 182.5 * DAY_MS, cookie);
      }
    }
    writeCookie(sesName, '1', sessionTimeoutS * 1000, cookie);
    let ref: string[] = [];
    try {
      ref = JSON.parse(readCookie(refName)!);
    } catch {
      // no referral cookie, or a corrupt one
    }
    return { _id: visitorId, _idn: storedId ? 0 : 1, _refts: ref[2], _ref: ref[3] || null, _rcn: ref[0] || null, _rck: ref[1] || null };
  };

  /** A whole request (matomo-compat.md §3.4): the action part, then what every request carries. */
  const build = (action: Params, customData?: unknown): string => {
    const now = new Date();
    const params: Params = {
      ...action,
      idsite: siteId,
      rec: 1,
      r: String(Math.random()).slice(2, 8),
      h: now.getHours(),
      m: now.getMinutes(),
      s: now.getSeconds(),
      url: pageUrl(),
      urlref: referrer || null,
      uid: userId,
      ...(useCookies() ? cookieParams() : { _id: '', _idn: 0 }),
      send_image: 0,
    };
    for (const id in dimensions) params[`dimension${id}`] = dimensions[id];
    // trackPageView(title, {dimension1: …, other: …}): dimensions become parameters, the rest goes in `data`.
    const data: Params = {};
    let hasData = false;
    for (const k in customData as Params) {
      if (/^dimension\d+$/.test(k)) params[k] = (customData as Params)[k];
      else {
        data[k] = (customData as Params)[k];
        hasData = true;
      }
    }
    return toQuery({
      ...params,
      data: hasData ? JSON.stringify(data) : null,
      pv_id: pageViewId,
      consent: consentRequired && consent ? 1 : null,
      cookie: navigator.cookieEnabled ? 1 : 0,
      res: `${screen.width}x${screen.height}`,
    });
  };

  /** The one way out: Do Not Track, file: pages and consent are checked here, right before sending. */
  const send = (action: Params, customData?: unknown, now?: boolean): unknown => {
    if (!siteId || !endpoint() || dntSignal() || (location.protocol === 'file:' && !fileTracking)) return;
    // In cookie mode, wait (once per page) for the cookie names; requests keep their order.
    if (useCookies() && !suffix) return hashCookieNames().then(() => send(action, customData, now));
    const query = build(action, customData);
    if (!refreshConsent()) return void held.push([query, !!now]);
    transport(query, now);
    lastRequestAt = nowMs();
  };

  const performanceParams = (): Params => {
    const t = performance && (window.performance?.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined);
    const ms = (from: number, to: number) => (to > from ? Math.round(to - from) : null);
    return t
      ? {
          pf_net: ms(t.fetchStart, t.connectEnd),
          pf_srv: ms(t.requestStart, t.responseStart),
          pf_tfr: ms(t.responseStart, t.responseEnd),
          pf_dm1: ms(t.responseEnd, t.domInteractive),
          pf_dm2: ms(t.domInteractive, t.domComplete),
          pf_onl: ms(t.loadEventStart, t.loadEventEnd),
        }
      : {};
  };

  /** Matomo's ec_items: [[sku, name, category, price, quantity]] with its defaults. */
  const items = () =>
    JSON.stringify(Object.values(cart).map(([sku, name, cat, price, qty]) => [sku, name || '', json(cat) || '', price || 0, qty || 1]));

  // content tracking
  const seenImpressions: Record<string, 1> = {};
  const contentOf = (block: Element, interaction?: string): Params => {
    const attr = (el: Element | null | undefined, name: string) => el?.getAttribute(name);
    const media = block.querySelector('[data-content-piece]') || block.querySelector('img,video,audio,embed,object');
    const piece = attr(media, 'data-content-piece') || attr(media, 'src') || 'Unknown';
    const link = block.querySelector('[data-content-target]') || block.closest('a') || block.querySelector('a');
    return {
      c_i: interaction,
      c_n: attr(block, 'data-content-name') || attr(media, 'title') || piece,
      c_p: piece,
      c_t: attr(link, 'data-content-target') || (link as HTMLAnchorElement | null)?.href,
      ca: 1,
    };
  };
  const impressions = (root: ParentNode) => {
    const blocks = [...root.querySelectorAll(CONTENT_BLOCKS)];
    if ((root as Element).matches?.(CONTENT_BLOCKS)) blocks.push(root as Element);
    for (const block of blocks) {
      const c = contentOf(block);
      const key = JSON.stringify(c);
      if (!seenImpressions[key]) send(c);
      seenImpressions[key] = 1;
    }
  };

  // heartbeat (§3.7): no periodic timer; a ping when the visitor leaves a page they spent time on
  let heartbeatMs = 0;
  let focusedAt = 0;
  const onFocus = () => {
    focusedAt = nowMs();
  };
  const heartbeat = () => {
    const now = nowMs();
    if (heartbeatMs && lastRequestAt && (!focusedAt || now - focusedAt > heartbeatMs) && lastRequestAt + heartbeatMs <= now)
      send({ ping: 1 }, 0, true);
  };

  const onClick = (e: MouseEvent) => {
    const a = (e.target as Element).closest?.('a,area') as HTMLAnchorElement | null;
    if (e.button > 1 || !a || hasClass(a, 'ignore', ignoreClasses)) return;
    const type = linkType(a, { trackerUrl: endpoint(), linkClasses, downloadClasses, extensions, isInternalHost });
    if (type) api['trackLink']!(a.href, type);
  };

  /** Single-page apps: after a pushState or popstate, a page view for the new URL, the old one as referrer. */
  let spaUrl = '';
  const spa = () => {
    // After the current task: pushState has changed the URL by then, and the app its title.
    setTimeout(() => {
      if (location.href === spaUrl) return;
      referrer = spaUrl;
      spaUrl = location.href;
      customUrl = title = undefined;
      api['trackPageView']!();
    });
  };

  /** Matomo: when cookies come on after this page already sent something, a ping tells the server the visitor id. */
  const announceVisitor = (cookiesBefore: boolean) => {
    if (!cookiesBefore && useCookies() && lastRequestAt) send({ ping: 1 });
  };
  const setCookieConsentGiven = () => {
    const before = useCookies();
    cookieConsent = true;
    announceVisitor(before);
  };
  const setConsentGiven = (alsoCookies?: boolean) => {
    const before = useCookies();
    consentCookie(CONSENT_REMOVED);
    consent = true;
    // Held requests were built before consent: they carry it now, as later ones do.
    for (const [query, now] of held.splice(0)) {
      transport(`${query}&consent=1`, now);
      lastRequestAt = nowMs();
    }
    if (alsoCookies !== false) cookieConsent = true;
    announceVisitor(before);
  };
  const forgetCookieConsentGiven = () => {
    consentCookie(COOKIE_CONSENT);
    cookieConsentRequired = true;
    cookieConsent = false;
    deleteTrackingCookies();
  };
  const requireConsent = () => {
    cookiesWanted = consentRequired = true;
    consent = hasCookie(CONSENT) && !hasCookie(CONSENT_REMOVED);
  };
  const forgetConsentGiven = (hours?: number) => {
    consentCookie(CONSENT);
    consentCookie(CONSENT_REMOVED, true, hours);
    forgetCookieConsentGiven();
    requireConsent();
  };

  const api: TrackerApi = {
    setTrackerUrl(url: string) {
      trackerUrl = url;
    },
    getTrackerUrl: endpoint,
    setSiteId(id: unknown) {
      siteId = id;
    },
    getSiteId: () => siteId,
    setCustomUrl(url: string) {
      customUrl = new URL(url, location.href).href;
    },
    setDocumentTitle(t: string) {
      title = t;
    },
    setReferrerUrl(url: string) {
      referrer = url;
    },
    setDomains(d: unknown) {
      domains = list(d);
    },
    setCustomDimension(id: number, value: unknown) {
      if (id > 0) dimensions[id] = value ?? '';
    },
    deleteCustomDimension(id: number) {
      delete dimensions[id];
    },
    setUserId(id: unknown) {
      if (id != null && id !== '') userId = id;
    },
    resetUserId() {
      userId = undefined;
    },
    setPageViewId(id: string) {
      pageViewId = id;
      pageViewIdManual = true;
    },
    getPageViewId: () => pageViewId,
    getVisitorId: () => (suffix && useCookies() ? cookieParams()['_id'] : pageVisitorId),
    disablePerformanceTracking() {
      performance = false;
    },
    enableFileTracking() {
      fileTracking = true;
    },

    trackPageView(customTitle?: string, customData?: unknown) {
      if (!pageViewIdManual) pageViewId = randomHex(3);
      pageViewIdManual = false;
      // Matomo: a new page view discards what an earlier one left waiting for consent.
      held = [];
      send(
        { action_name: customTitle ?? title ?? document.title, ...productView, ...(pageViews++ ? {} : performanceParams()) },
        customData,
      );
      productView = {};
    },
    trackEvent(category: string, action: string, name?: string, value?: number, customData?: unknown) {
      if (category && action) send({ e_c: category, e_a: action, e_n: name, e_v: value, ca: 1 }, customData);
    },
    trackSiteSearch(keyword: string, category?: unknown, count?: number, customData?: unknown) {
      send({ search: keyword, search_cat: json(category) || null, search_count: count }, customData);
    },
    trackGoal(id: unknown, revenue?: number, customData?: unknown) {
      send({ idgoal: id, revenue }, customData);
    },
    trackLink(url: string, type: string, customData?: unknown) {
      // Sent at once: the click is about to take the visitor away.
      send({ [type === 'download' ? type : 'link']: url, ca: 1 }, customData, true);
    },
    ping() {
      send({ ping: 1 });
    },
    enableLinkTracking() {
      // Left and middle clicks; the same listener object is added once however often this is called.
      addEventListener('click', onClick, true);
      addEventListener('auxclick', onClick, true);
    },
    setLinkClasses(c: unknown) {
      linkClasses.push(...list(c));
    },
    setDownloadClasses(c: unknown) {
      downloadClasses.push(...list(c));
    },
    setIgnoreClasses(c: unknown) {
      ignoreClasses = list(c);
    },
    setDownloadExtensions(e: unknown) {
      extensions = list(e);
    },
    addDownloadExtensions(e: unknown) {
      extensions = [...extensions, ...list(e)];
    },
    enableHeartBeatTimer(seconds?: number) {
      heartbeatMs = Math.max(5, seconds || 15) * 1000;
      addEventListener('focus', onFocus);
      addEventListener('blur', heartbeat);
      addEventListener('pagehide', heartbeat);
      addEventListener('visibilitychange', () => (document.hidden ? heartbeat() : onFocus()));
    },
    disableHeartBeatTimer() {
      heartbeatMs = 0;
    },
    /** Sillage: page views on history.pushState and popstate, for single-page apps. */
    enableHistoryTracking() {
      spaUrl = location.href;
      const push = history.pushState;
      history.pushState = function (this: History, ...args: Parameters<History['pushState']>) {
        spa();
        return push.apply(this, args);
      };
      addEventListener('popstate', spa);
    },
    enableJSErrorTracking() {
      addEventListener('error', (e) => api['trackEvent']!('JavaScript Errors', `${e.filename}:${e.lineno}:${e.colno}`, e.message));
    },

    trackAllContentImpressions() {
      impressions(document);
    },
    trackContentImpressionsWithinNode(node: ParentNode) {
      if (node) impressions(node);
    },
    trackContentImpression(name: string, piece?: string, target?: string) {
      send({ c_n: name, c_p: piece || 'Unknown', c_t: target, ca: 1 });
    },
    trackContentInteraction(interaction: string, name: string, piece?: string, target?: string) {
      send({ c_i: interaction, c_n: name, c_p: piece || 'Unknown', c_t: target, ca: 1 });
    },
    trackContentInteractionNode(node: Element, interaction?: string) {
      const block = node?.closest?.(CONTENT_BLOCKS);
      if (block) send(contentOf(block, interaction || 'Unknown'));
    },

    setEcommerceView(sku?: string, name?: string, category?: unknown, price?: number) {
      productView = { _pks: sku || null, _pkn: name || null, _pkc: json(category) || null, _pkp: price };
    },
    addEcommerceItem(sku: string, name?: string, category?: unknown, price?: number, quantity?: number) {
      if (sku) cart[sku] = [sku, name, category, price, quantity];
    },
    removeEcommerceItem(sku: string) {
      delete cart[sku];
    },
    clearEcommerceCart() {
      cart = {};
    },
    trackEcommerceCartUpdate(grandTotal: number) {
      send({ idgoal: 0, revenue: grandTotal, ec_items: items() });
    },
    trackEcommerceOrder(orderId: string, grandTotal: number, subTotal?: number, tax?: number, shipping?: number, discount?: number) {
      send({
        idgoal: 0,
        ec_id: orderId,
        revenue: grandTotal,
        ec_st: subTotal,
        ec_tx: tax,
        ec_sh: shipping,
        ec_dt: discount,
        ec_items: items(),
      });
      cart = {};
    },

    /** Sillage: the site owner's switch to Matomo's first-party cookies (_pk_id, _pk_ses, _pk_ref). */
    enableCookies() {
      cookiesWanted = true;
    },
    disableCookies() {
      cookiesForbidden = true;
      deleteTrackingCookies();
    },
    deleteCookies: deleteTrackingCookies,
    areCookiesEnabled: useCookies,
    setCookieDomain(d: string) {
      cookie.domain = d.replace(/^\*|\.$/g, '');
      nameSuffix = undefined;
      suffix = '';
    },
    setCookiePath(p: string) {
      cookie.path = p;
      nameSuffix = undefined;
      suffix = '';
    },
    setSecureCookie(on: boolean) {
      cookie.secure = on;
    },
    setCookieSameSite(v: string) {
      cookie.sameSite = v;
    },
    setVisitorCookieTimeout(seconds: number) {
      visitorTimeoutS = Math.min(seconds, THIRTEEN_MONTHS_S) || THIRTEEN_MONTHS_S;
    },
    setSessionCookieTimeout(seconds: number) {
      sessionTimeoutS = seconds || 1800;
    },

    requireConsent,
    setConsentGiven,
    rememberConsentGiven(hours?: number) {
      consentCookie(CONSENT, true, hours);
      setConsentGiven();
    },
    forgetConsentGiven,
    hasRememberedConsent: () => hasCookie(CONSENT) && !hasCookie(CONSENT_REMOVED),
    hasConsent: refreshConsent,
    requireCookieConsent() {
      cookiesWanted = true;
      cookieConsent = hasCookie(COOKIE_CONSENT);
      cookieConsentRequired = !cookieConsent;
      return cookieConsentRequired;
    },
    setCookieConsentGiven,
    rememberCookieConsentGiven(hours?: number) {
      consentCookie(COOKIE_CONSENT, true, hours);
      setCookieConsentGiven();
    },
    forgetCookieConsentGiven,
    /** Matomo: an alias of forgetConsentGiven; the mtm_consent_removed cookie keeps every later page silent. */
    optUserOut: forgetConsentGiven,
    forgetUserOptOut() {
      setConsentGiven(false);
    },
    isUserOptedOut: () => !refreshConsent(),
    setDoNotTrack(on: boolean) {
      honourDnt = on;
      if (cookiesWanted && dntSignal()) deleteTrackingCookies();
    },
  };
  return api;
}
