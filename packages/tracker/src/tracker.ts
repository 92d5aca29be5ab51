// biome-ignore-all lint/suspicious/noAssignInExpressions: written for size (the script must stay under 4,096 bytes gzipped): assignments as arrow bodies
// biome-ignore-all lint/complexity/noCommaOperator: same reason
import { doc, loc, nav, now, on, stringify } from './globals.js';
import { DOWNLOAD_EXTENSIONS, hasClass } from './links.js';
import { createTransport } from './transport.js';

/**
 * One tracker: Matomo's commands as functions of a plain object (the `_paq` API looks them up by name).
 *
 * Written for size (the script must stay under 4,096 bytes gzipped, a test checks it): state lives in
 * closure variables, which the minifier renames; commands are arrows; the globals used often have
 * local aliases; the request parameters are built in one place, and values left null or undefined
 * are simply not sent. The server validates every parameter, so nothing is validated twice here.
 *
 * Privacy model: cookieless unless the site asks for cookies (`enableCookies`, or one of the consent
 * flows, which only make sense for a site that wants cookies once consent is given). Even then
 * `disableCookies` and Do Not Track win. Without cookies nothing on the device is read or written, save
 * the consent cookies (mtm_*), which exist only after the visitor made a choice and must be honoured.
 */

// biome-ignore lint/suspicious/noExplicitAny: commands take whatever the page pushes
type Any = any;
/** How many commands open the tracker object: Matomo's configuration commands, applied first, in its order. */
export const CONFIGURATION_COMMANDS = 18;
export type Command = (this: TrackerApi, ...args: Any[]) => unknown;
export type TrackerApi = Record<string, Command>;
type Params = Record<string, unknown>;

const CONSENT = 'mtm_consent';
const CONSENT_REMOVED = 'mtm_consent_removed';
const COOKIE_CONSENT = 'mtm_cookie_consent';
/** Matomo's visitor cookie lifetime, 13 months, in seconds; also the cap for setVisitorCookieTimeout. */
const THIRTEEN_MONTHS_S = 33955200;
const CONTENT_BLOCKS = '[data-track-content],.matomoTrackContent,.piwikTrackContent';
/** A cookie's raw value, or undefined when it is absent. */
const readCookie = (name: string) => `; ${doc.cookie}`.split(`; ${name}=`)[1]?.split(';')[0];
const has = (name: string) => readCookie(name) != null;
/** Hex of `n` random bytes, or of the given ones. */
const hex = (n: number, bytes = crypto.getRandomValues(new Uint8Array(n))) =>
  Array.from(bytes, (b) => (b + 256).toString(16).slice(1)).join('');
/** Matomo sends arrays (categories) as JSON. */
const json = (v: Any) => (v?.map ? stringify(v) : v);
/** A span in whole milliseconds; an empty or unfinished one (an instant still 0) is not sent. */
const ms = (from: number, to: number) => (to > from ? Math.round(to - from) : null);
/** Matomo's list arguments: an array or one value. */
const list = (v: Any): string[] => [v].flat();

export function createTracker(trackerUrl?: string, siteId?: unknown, primary?: TrackerApi): TrackerApi {
  let customUrl: string | null | undefined;
  let title: string | null | undefined;
  let referrer = doc.referrer;
  let userId: unknown;
  let pageViewId: string | undefined;
  let pageViewIdManual: unknown;
  let pageViews = 0;
  let lastRequestAt: number | undefined;
  /** Custom dimensions, keyed by their parameter name (dimension<id>). */
  const dimensions: Params = {};
  let productView: Params = {};
  let cart: Params = {};
  /** Requests built while consent is missing (requireConsent): sent when it is given. */
  let held: string[] = [];

  // privacy switches
  let cookiesWanted: unknown;
  let cookiesForbidden: unknown;
  /** requireCookieConsent (or forgetCookieConsentGiven) without cookie consent given. */
  let cookieConsentMissing: unknown;
  let consentRequired: unknown;
  let consent = true;
  let honourDnt: unknown;
  let noPerformance: unknown;
  /** What getVisitorId answers without cookies: generated for this page only, never stored, never sent. */
  const pageVisitorId = hex(8);

  let domains: string[] = [];
  let cookieDomain = '';
  let cookiePath = '/';
  let sameSite = 'Lax';
  let secure: unknown;
  let visitorTimeoutS = THIRTEEN_MONTHS_S;
  let sessionTimeoutS = 1800;

  let linkClasses: string[] = [];
  let downloadClasses: string[] = [];
  let ignoreClasses: string[] = [];
  let extensions = DOWNLOAD_EXTENSIONS;

  // A tracker without a URL of its own sends where the first one does (the first has none to inherit).
  // Undefined until a URL is set: nothing is sent then, and no link starts with it.
  // biome-ignore lint/suspicious/noNonNullAssertedOptionalChain: every tracker has getTrackerUrl; the first has no primary
  const endpoint = () => (trackerUrl || primary?.['getTrackerUrl']!()) as string;
  const transport = createTransport(endpoint);

  const dnt = () => honourDnt && (nav.globalPrivacyControl || nav.doNotTrack === '1');
  const useCookies = () =>
    cookiesWanted && crypto.subtle && !cookiesForbidden && !dnt() && !cookieConsentMissing && (!consentRequired || consent);

  /**
   * Writes (ttlS > 0) or deletes (ttlS < 0) a cookie; SameSite=None always goes with Secure, as browsers require.
   * Max-Age rather than Matomo's Expires: the same lifetime, without formatting a date.
   */
  const writeCookie = (name: string, value: unknown, ttlS: number) => {
    // document.cookie: the Cookie Store API is asynchronous and missing from Firefox and Safari
    doc.cookie = `${name}=${encodeURIComponent(value as string)}; max-age=${ttlS}; path=${cookiePath}${
      cookieDomain ? `; domain=${cookieDomain}` : ''
    }; SameSite=${sameSite}${secure || /none/i.test(sameSite) ? '; Secure' : ''}`;
  };

  /**
   * Matomo's cookie names end with the first 4 hex of sha1(cookie domain + path), so visitors keep their
   * cookies when a site moves from matomo.js. SHA-1 comes from crypto.subtle (asynchronous, and only in
   * secure contexts: https and localhost) rather than 400 bytes of our own; without it cookies stay off.
   * Hashed once, at the first request in cookie mode: setCookieDomain and setCookiePath are configuration
   * commands, applied before any request, and one pushed later does not rename the cookies.
   */
  let hashing: Promise<unknown> | string = '';
  let suffix = '';
  const cookieName = (base: string) => `_pk_${base}.${siteId}.${suffix}`;
  /** Consent cookies hold the time of the choice; 30 years unless the site gives hours. Deleting an absent one changes nothing. */
  const consentCookie = (name: string, set?: unknown, hours?: number) => writeCookie(name, now(), set ? (hours || 262800) * 3600 : -1);
  /** By prefix: whatever the name suffix, ours or one an older matomo.js wrote. */
  const deleteTrackingCookies = () => {
    // Every site's, not only this one's (Matomo applies disableCookies before setSiteId): they are all this domain's,
    // and a site that turns cookies off means none of ours to stay.
    for (const cookie of doc.cookie.split('; ')) if (/^_pk_/.test(cookie)) writeCookie(cookie.split('=')[0]!, '', -1);
  };
  const hasRememberedConsent = () => has(CONSENT) && !has(CONSENT_REMOVED);
  /** Matomo re-reads the consent cookies before every send: an opt-out in another tab counts at once. */
  const refreshConsent = () => (consent = !has(CONSENT_REMOVED) && (has(CONSENT) || consent));

  /**
   * `*.example.com` matches example.com and its subdomains; other entries match the host exactly. A
   * scheme, port or path in an entry is ignored. `host` comes from the browser, already lower case.
   */
  const isInternalHost = (host: string) =>
    [loc.hostname, ...domains].some(
      (d) => ((d = d.toLowerCase().replace(/^https?:\/\/|[/:].*$/g, '')), d[0] === '*' ? `.${host}`.endsWith(d.slice(1)) : host === d),
    );

  /** Visitor, session and referral cookies (cookie mode only): Matomo's names, values and lifetimes (§3.6). */
  const cookieParams = (): Params => {
    const nowS = Math.floor(now() / 1000);
    const idName = cookieName('id');
    const sesName = cookieName('ses');
    const refName = cookieName('ref');
    let ref: unknown[] = [];
    try {
      ref = JSON.parse(decodeURIComponent(readCookie(refName)!));
    } catch {
      // no referral cookie, or a corrupt one
    }
    const [storedId, storedCreated] = (readCookie(idName) || '').split('.');
    const visitorId = storedId || hex(8);
    const created = +storedCreated! || nowS;
    // Expiry counts from creation: a visitor cookie never outlives the timeout, however often it is rewritten.
    writeCookie(idName, `${visitorId}.${created}.`, created + visitorTimeoutS - nowS);
    if (!has(sesName)) {
      // A new session records its attribution: a campaign in the URL, or an external referrer.
      const query = new URLSearchParams(loc.search);
      const param = (...names: string[]) => names.map((n) => query.get(n)).find((v) => v);
      const campaign = param('mtm_campaign', 'pk_campaign', 'utm_campaign');
      const keyword = param('mtm_kwd', 'pk_kwd', 'utm_term');
      // Resolved against the page, an empty referrer is the page itself: internal. What is missing is stored as
      // null, and so not sent.
      const external = isInternalHost(new URL(referrer, loc.href).hostname) ? null : referrer.slice(0, 1024);
      if (campaign || external) writeCookie(refName, stringify((ref = [campaign, keyword, nowS, external])), 15768e3);
    }
    writeCookie(sesName, 1, sessionTimeoutS);
    const [rcn, rck, refts, refUrl] = ref;
    return { _id: visitorId, _idn: +!storedId, _refts: refts, _ref: refUrl, _rcn: rcn, _rck: rck };
  };

  /** A whole request (matomo-compat.md §3.4): the action part, then what every request carries. */
  const build = (action: Params, customData?: Any): string => {
    const date = new Date();
    const params: Params = {
      ...action,
      idsite: siteId,
      rec: 1,
      r: String(Math.random()).slice(2, 8),
      h: date.getHours(),
      m: date.getMinutes(),
      s: date.getSeconds(),
      url: customUrl || loc.href,
      urlref: referrer || null,
      uid: userId,
      ...(useCookies() ? cookieParams() : { _id: '', _idn: 0 }),
      send_image: 0,
      pv_id: pageViewId,
      consent: consentRequired && consent ? 1 : null,
      cookie: +nav.cookieEnabled,
      res: `${screen.width}x${screen.height}`,
      ...dimensions,
    };
    // trackPageView(title, {dimension1: …, other: …}): dimensions become parameters, the rest goes in `data`.
    let data: Params | undefined;
    for (const k in customData) {
      if (/^dimension\d+$/.test(k)) params[k] = customData[k];
      else (data ||= {})[k] = customData[k];
    }
    params['data'] = data && stringify(data);
    // Form encoding (a space is '+'), which Matomo's server and ours decode like %20.
    return `${new URLSearchParams(Object.entries(params).filter((p) => p[1] != null) as string[][])}`;
  };

  /** The one way out: Do Not Track, file: pages and consent are checked here, right before sending. */
  const send = (action: Params, customData?: unknown, at_once?: unknown): unknown => {
    if (!siteId || !endpoint() || dnt()) return;
    // In cookie mode, wait (once per page) for the cookie names; requests keep their order.
    if (useCookies() && !suffix)
      return (
        (hashing ||= crypto.subtle
          .digest('SHA-1', new TextEncoder().encode((cookieDomain || loc.hostname) + cookiePath))
          .then((b) => (suffix = hex(0, new Uint8Array(b)).slice(0, 4)))) as Promise<unknown>
      ).then(() => send(action, customData, at_once));
    const query = build(action, customData);
    if (!refreshConsent()) return held.push(query);
    transport(query, at_once);
    lastRequestAt = now();
  };
  const ping = (atOnce?: unknown) => send({ ping: 1 }, 0, atOnce);

  /**
   * Navigation Timing as Matomo reports it, on the first page view. performance.timing (level 1, deprecated
   * but in every browser) holds the same instants as the level 2 entry, as epoch milliseconds, for fewer bytes.
   */
  const performanceParams = (t: Any = !noPerformance && performance.timing) =>
    t && {
      pf_net: ms(t.fetchStart, t.connectEnd),
      pf_srv: ms(t.requestStart, t.responseStart),
      pf_tfr: ms(t.responseStart, t.responseEnd),
      pf_dm1: ms(t.responseEnd, t.domInteractive),
      pf_dm2: ms(t.domInteractive, t.domComplete),
      pf_onl: ms(t.loadEventStart, t.loadEventEnd),
    };

  /** Matomo's ec_items: [[sku, name, category, price, quantity]] (addEcommerceItem fills in the defaults). */
  const items = () => stringify(Object.values(cart));

  // content tracking
  const seenImpressions: Params = {};
  const content = (interaction: unknown, name: unknown, piece: unknown, target: unknown) =>
    send({ c_i: interaction, c_n: name, c_p: piece || 'Unknown', c_t: target, ca: 1 });
  /**
   * An impression of each content block in `root` (or `root` itself), once per page, found as Matomo finds
   * them: the name, piece and target attributes on the block or the first element in it that has one; the
   * piece element's src when the piece has no value (Matomo's `<img data-content-piece src=…>`); the target
   * element's href, or the piece's, when the target has none; for a block without a name, its piece or a
   * title. (Matomo also shortens a same-site piece URL to its path when it names the block: not done here.)
   */
  const impressions = (root: Node | null) => {
    for (const block of doc.querySelectorAll(CONTENT_BLOCKS)) {
      if (!root?.contains(block)) continue;
      const find = (attr: string): Any => (block.matches(`[${attr}]`) ? block : block.querySelector(`[${attr}]`) || block);
      const pieceNode = find('data-content-piece');
      const targetNode = find('data-content-target');
      // Properties, not attributes: src and href come resolved to absolute URLs, as Matomo reports them.
      const piece = pieceNode.dataset.contentPiece || pieceNode.src;
      const c = [
        find('data-content-name').dataset.contentName || piece || (block as HTMLElement).title || pieceNode.title || 'Unknown',
        piece,
        targetNode.dataset.contentTarget || targetNode.href || pieceNode.href,
      ] as const;
      seenImpressions[stringify(c)] ||= (content(null, ...c), 1);
    }
  };

  // heartbeat (§3.7): no periodic timer; a ping when the visitor leaves a page they spent time on
  let heartbeatMs: number;
  let focusedAt = 0;
  const onFocus = () => {
    focusedAt = now();
  };
  // Focused for longer than the delay (never focused: focusedAt is 0, long ago), and no request for that long.
  const heartbeat = () => lastRequestAt && now() - heartbeatMs >= Math.max(focusedAt, lastRequestAt!) && ping(1);

  /**
   * Matomo's order (§3.7): links to the tracker itself and to other schemes are ignored (the href comes
   * normalised, its scheme in lower case); link classes
   * make an outlink; the download attribute, download classes or a file extension make a download;
   * internal links are not tracked; anything else is an outlink.
   */
  const onClick = (e: Any) => {
    const a = e.target.closest?.('a,area');
    const href = a?.href;
    if (!/^(https?|ftp):/.test(href) || href.indexOf(endpoint()) === 0 || hasClass(a, 'ignore', ignoreClasses)) return;
    const type = hasClass(a, 'link', linkClasses)
      ? 'link'
      : a.hasAttribute('download') || hasClass(a, 'download', downloadClasses) || RegExp(`\\.(${extensions})$`, 'i').test(a.pathname)
        ? 'download'
        : !isInternalHost(a.hostname) && 'link';
    if (type) api['trackLink']!(href, type);
  };

  /** Single-page apps: after a pushState or popstate, a page view for the new URL, the old one as referrer. */
  let spaUrl = '';
  const spa = () =>
    // After the current task: pushState has changed the URL by then, and the app its title.
    setTimeout(() => {
      if (loc.href === spaUrl) return;
      referrer = spaUrl;
      spaUrl = loc.href;
      customUrl = title = null;
      api['trackPageView']!();
    });

  /** Consent that turns cookies on after this page already sent something: a ping tells the server the visitor id (Matomo). */
  const announcing = (change: (arg?: unknown) => unknown) => (arg?: unknown) => {
    const before = useCookies();
    change(arg);
    if (!before && useCookies() && lastRequestAt) ping();
  };
  const setCookieConsentGiven = announcing(() => {
    cookieConsentMissing = 0;
  });
  const setConsentGiven = announcing((alsoCookies) => {
    consentCookie(CONSENT_REMOVED);
    consent = true;
    // Held requests were built before consent: they carry it now, as later ones do. They leave together, as a
    // batch (a link clicked meanwhile is long gone).
    for (const query of held.splice(0)) {
      transport(`${query}&consent=1`);
      lastRequestAt = now();
    }
    if (alsoCookies !== false) cookieConsentMissing = 0;
  });
  const forgetCookieConsentGiven = () => {
    consentCookie(COOKIE_CONSENT);
    cookieConsentMissing = 1;
    deleteTrackingCookies();
  };
  const requireConsent = () => {
    cookiesWanted = consentRequired = 1;
    consent = hasRememberedConsent();
  };
  const forgetConsentGiven = (hours?: number) => {
    consentCookie(CONSENT);
    consentCookie(CONSENT_REMOVED, 1, hours);
    forgetCookieConsentGiven();
    requireConsent();
  };

  const api: TrackerApi = {
    // The configuration commands, in the order Matomo applies them before anything else in the queue:
    // the bootstrap takes the first CONFIGURATION_COMMANDS names of this object as that list.
    forgetCookieConsentGiven,
    requireCookieConsent: () => {
      cookiesWanted = 1;
      return (cookieConsentMissing = !has(COOKIE_CONSENT));
    },
    disableCookies() {
      cookiesForbidden = 1;
      deleteTrackingCookies();
    },
    setTrackerUrl: (url) => (trackerUrl = url),
    setSessionCookieTimeout: (seconds) => (sessionTimeoutS = seconds),
    setVisitorCookieTimeout: (seconds) => (visitorTimeoutS = Math.min(seconds, THIRTEEN_MONTHS_S) || THIRTEEN_MONTHS_S),
    setCookieSameSite: (s) => (sameSite = s),
    setSecureCookie: (s) => (secure = s),
    setCookiePath: (p) => (cookiePath = p),
    setCookieDomain: (d) => (cookieDomain = d.replace(/^\*|\.$/g, '')),
    setDomains: (d) => (domains = list(d)),
    // Matomo ignores an empty or missing id.
    setUserId: (id) => `${id ?? ''}` && (userId = id),
    setSiteId: (id) => (siteId = id),
    // Clicks (the left button), as Matomo's default; the same listener is added once however often this is called.
    enableLinkTracking: () => on('click', onClick, true),
    setCookieConsentGiven,
    requireConsent,
    setConsentGiven,
    disablePerformanceTracking: () => (noPerformance = 1),
    // (end of the configuration commands)

    getTrackerUrl: endpoint,
    setCustomUrl: (url) => (customUrl = new URL(url, loc.href).href),
    setDocumentTitle: (t) => (title = t),
    setReferrerUrl: (url) => (referrer = url),
    setCustomDimension: (id, value) => id > 0 && (dimensions[`dimension${id}`] = value ?? ''),
    deleteCustomDimension: (id) => delete dimensions[`dimension${id}`],
    resetUserId: () => (userId = null),
    setPageViewId: (id) => (pageViewId = pageViewIdManual = id),
    getPageViewId: () => pageViewId,
    getVisitorId: () => (suffix && useCookies() ? cookieParams()['_id'] : pageVisitorId),

    trackPageView(customTitle, customData) {
      if (!pageViewIdManual) pageViewId = hex(3);
      pageViewIdManual = 0;
      // Matomo: a new page view discards what an earlier one left waiting for consent.
      held = [];
      send({ action_name: customTitle ?? title ?? doc.title, ...productView, ...(!pageViews++ && performanceParams()) }, customData);
      productView = {};
    },
    trackEvent: (category, action, name, value, customData) =>
      category && action && send({ e_c: category, e_a: action, e_n: name, e_v: value, ca: 1 }, customData),
    trackSiteSearch: (keyword, category, count, customData) =>
      send({ search: keyword, search_cat: json(category), search_count: count }, customData),
    trackGoal: (id, revenue, customData) => send({ idgoal: id, revenue }, customData),
    // Sent at once: the click is about to take the visitor away.
    trackLink: (url, type, customData) => send({ [type === 'download' ? type : 'link']: url, ca: 1 }, customData, 1),
    setLinkClasses: (c) => (linkClasses = list(c)),
    setDownloadClasses: (c) => (downloadClasses = list(c)),
    setIgnoreClasses: (c) => (ignoreClasses = list(c)),
    setDownloadExtensions: (e) => (extensions = list(e).join('|')),
    addDownloadExtensions: (e) => (extensions += `|${list(e).join('|')}`),
    enableHeartBeatTimer(seconds) {
      heartbeatMs = Math.max(5, seconds || 15) * 1000;
      on('focus', onFocus);
      // Leaving the page hides it first: visibilitychange covers unloading too.
      on('blur', heartbeat);
      on('visibilitychange', () => (doc.hidden ? heartbeat() : onFocus()));
    },
    /** Sillage: page views on history.pushState and popstate, for single-page apps. */
    enableHistoryTracking() {
      spaUrl = loc.href;
      const push = history.pushState;
      history.pushState = function (this: History, ...args: Parameters<History['pushState']>) {
        spa();
        return push.apply(this, args);
      };
      on('popstate', spa);
    },
    enableJSErrorTracking: () =>
      on('error', (e) => api['trackEvent']!('JavaScript Errors', `${e.filename}:${e.lineno}:${e.colno}`, e.message)),

    trackAllContentImpressions: () => impressions(doc),
    trackContentImpressionsWithinNode: impressions,
    trackContentInteraction: content,

    setEcommerceView: (sku, name, category, price) => (productView = { _pks: sku, _pkn: name, _pkc: json(category), _pkp: price }),
    addEcommerceItem: (sku, name, category, price, quantity) =>
      sku && (cart[sku] = [sku, name || '', json(category) || '', price || 0, quantity || 1]),
    removeEcommerceItem: (sku) => delete cart[sku],
    clearEcommerceCart: () => (cart = {}),
    trackEcommerceCartUpdate: (grandTotal) => send({ idgoal: 0, revenue: grandTotal, ec_items: items() }),
    trackEcommerceOrder(orderId, grandTotal, subTotal, tax, shipping, discount) {
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
    enableCookies: () => (cookiesWanted = 1),
    areCookiesEnabled: useCookies,
    rememberConsentGiven(hours) {
      consentCookie(CONSENT, 1, hours);
      setConsentGiven();
    },
    forgetConsentGiven,
    hasRememberedConsent,
    hasConsent: refreshConsent,
    rememberCookieConsentGiven(hours) {
      consentCookie(COOKIE_CONSENT, 1, hours);
      setCookieConsentGiven();
    },
    /** Matomo: an alias of forgetConsentGiven; the mtm_consent_removed cookie keeps every later page silent. */
    optUserOut: forgetConsentGiven,
    forgetUserOptOut: () => setConsentGiven(false),
    isUserOptedOut: () => !refreshConsent(),
    setDoNotTrack(flag) {
      honourDnt = flag;
      if (cookiesWanted && dnt()) deleteTrackingCookies();
    },
  };
  return api;
}
