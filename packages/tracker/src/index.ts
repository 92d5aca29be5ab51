import { type Command, createTracker, type TrackerApi } from './tracker.js';

/**
 * Bootstrap, as matomo.js does it (matomo-compat.md §3.1): apply the commands queued in `window._paq`
 * (configuration first, in Matomo's fixed order), then replace `_paq` with an object whose `push` runs
 * commands at once. Exposes `Matomo` (and the `Piwik` alias) with getTracker / getAsyncTracker.
 * Unlike matomo.js, an unknown command is not an exception: one console warning per command name.
 */

// biome-ignore lint/suspicious/noExplicitAny: the page's globals
const win = window as Window & Record<string, any>;

/**
 * Matomo applies these first, whatever their place in the queue, so that e.g. trackPageView sees the site
 * id. Matomo's list, less the commands this tracker does not have (they are ignored anyway).
 */
const FIRST =
  'addTracker enableFileTracking forgetCookieConsentGiven requireCookieConsent disableCookies setTrackerUrl setSessionCookieTimeout setVisitorCookieTimeout setCookieSameSite setSecureCookie setCookiePath setCookieDomain setDomains setUserId setSiteId enableLinkTracking setCookieConsentGiven requireConsent setConsentGiven disablePerformanceTracking';

if (!win['Matomo']?.sillage) {
  const trackers: TrackerApi[] = [];
  const warned: Record<string, 1> = {};
  const primaryUrl = () => trackers[0]!['getTrackerUrl']!() as string;
  const addTracker = (url?: string, siteId?: unknown) => trackers[trackers.push(createTracker(url, siteId, primaryUrl)) - 1];
  addTracker();

  /** One `_paq` entry: [function] (called with the tracker as `this`), or [name, ...args] for every async tracker. */
  const apply = (entry: unknown) => {
    try {
      const [name, ...args] = ([] as unknown[]).concat(entry) as [string, ...unknown[]];
      if (typeof name === 'function') return (name as Command).apply(trackers[0]!, args);
      // `Plugin::method` and `Plugin.method` address optional Matomo plugins (e.g. HeatmapSessionRecording::disable):
      // harmless no-ops here, as with a core matomo.js that lacks the plugin.
      if (/::|\./.test(name)) return;
      if (name === 'addTracker') return addTracker(...(args as [string]));
      // addTracker gave each extra tracker its own URL and site: the snippet's ones are the first tracker's.
      for (const t of /^set(TrackerUrl|SiteId)$/.test(name) ? trackers.slice(0, 1) : trackers) {
        if (!t[name]) {
          if (!warned[name]) console.warn(`_paq: unknown command ${name} ignored`);
          warned[name] = 1;
          return;
        }
        t[name]!(...args);
      }
    } catch (err) {
      console.warn('_paq:', entry, err);
    }
  };

  const queued: unknown[] = win['_paq'] || [];
  for (const name of FIRST.split(' ')) {
    for (const entry of queued.slice()) {
      if ((entry as unknown[])[0] === name) {
        apply(entry);
        queued.splice(queued.indexOf(entry), 1);
      }
    }
  }
  win['_paq'] = { push: (...entries: unknown[]) => entries.map(apply) && 0 };
  win['Matomo'] = win['Piwik'] = {
    sillage: 1,
    initialized: 1,
    getTracker: (url?: string, siteId?: unknown) => createTracker(url, siteId, primaryUrl),
    /** The first tracker (what snippets use); matomo.js also looks trackers up by URL and site, rarely needed. */
    getAsyncTracker: () => trackers[0],
    addTracker,
  };
  win['matomoAsyncInit']?.();
  queued.map(apply);
}
