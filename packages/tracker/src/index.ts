// biome-ignore-all lint/suspicious/noAssignInExpressions: written for size (the script must stay under 4,096 bytes gzipped): assignments as arrow bodies
// biome-ignore-all lint/complexity/noCommaOperator: same reason
import { CONFIGURATION_COMMANDS, type Command, createTracker, type TrackerApi } from './tracker.js';

/**
 * Bootstrap, as matomo.js does it (matomo-compat.md §3.1): apply the commands queued in `window._paq`
 * (configuration first, in Matomo's fixed order), then replace `_paq` with an object whose `push` runs
 * commands at once. Exposes `Matomo` (and the `Piwik` alias) with getTracker / getAsyncTracker.
 * Unlike matomo.js, an unknown command is not an exception: one console warning per command name.
 */

// biome-ignore lint/suspicious/noExplicitAny: the page's globals
const win = window as Window & Record<string, any>;

if (!win['Matomo']) {
  const trackers: TrackerApi[] = [];
  const warned: Record<string, unknown> = {};
  const addTracker = (url?: string, siteId?: unknown) => trackers[trackers.push(createTracker(url, siteId, trackers[0])) - 1];
  addTracker();

  /** One `_paq` entry: [function] (called with the tracker as `this`), or [name, ...args] for every async tracker. */
  const apply = (entry: unknown): unknown => {
    try {
      const [name, ...args] = entry as [string, ...unknown[]];
      if ((name as unknown as Command).apply) (name as unknown as Command).apply(trackers[0]!, args);
      // `Plugin::method` addresses an optional Matomo plugin (e.g. HeatmapSessionRecording::disable): a harmless
      // no-op here, as with a core matomo.js that lacks the plugin.
      else if (/:/.test(name)) return;
      else if (name === 'addTracker') addTracker(...(args as [string]));
      // Every tracker has the same commands: an unknown one is unknown to all of them.
      else if (!trackers[0]![name]) warned[name] ||= (console.warn(`_paq: ${name}?`), 1);
      // addTracker gave each extra tracker its own URL and site: the snippet's ones (setTrackerUrl, setSiteId,
      // the only commands that begin so) are the first tracker's.
      else for (const t of /^set(Tr|Si)/.test(name) ? [trackers[0]!] : trackers) t[name]!(...args);
    } catch {}
  };

  let queued: unknown[][] = win['_paq'] || [];
  // Matomo applies its configuration commands first, whatever their place in the queue, so that e.g.
  // trackPageView sees the site id: addTracker, then the tracker's configuration commands, in order.
  for (const name of ['addTracker', ...Object.keys(trackers[0]!).slice(0, CONFIGURATION_COMMANDS)])
    queued = queued.filter((entry) => entry[0] !== name || apply(entry));
  win['_paq'] = { push: (...entries: unknown[]) => entries.map(apply) };
  win['Matomo'] = win['Piwik'] = {
    getTracker: (url?: string, siteId?: unknown) => createTracker(url, siteId, trackers[0]),
    /** The first tracker (what snippets use); matomo.js also looks trackers up by URL and site, rarely needed. */
    getAsyncTracker: () => trackers[0],
  };
  win['matomoAsyncInit']?.();
  queued.map(apply);
}
