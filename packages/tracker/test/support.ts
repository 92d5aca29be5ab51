import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/**
 * Browser-test support: Debian's Chromium driven by playwright-core (no downloaded browser), and a tiny
 * "customer site" that serves pages carrying the Matomo snippet, unchanged, pointed at the real server.
 */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Headless Chromium announces itself as HeadlessChrome, which bot detection drops like any robot. */
export const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** Playwright's launch() gives every browser a fresh temporary user-data-dir of its own, removed on close. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ userAgent: DESKTOP_UA, locale: 'en-GB' });
}

export interface TestSite {
  readonly url: string;
  /** Registers a page (path → HTML) and returns its absolute URL. */
  page(path: string, html: string): string;
  close(): Promise<void>;
}

export async function startTestSite(): Promise<TestSite> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const html = pages.get(path);
    if (html !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else if (/\.(pdf|zip)$/.test(path)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment' });
      res.end('file');
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>${path}</title><p>${path}</p>`);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    page(path, html) {
      pages.set(path, html);
      return url + path;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Matomo's standard snippet, unchanged, with the site's own commands before it. */
export function snippet(analyticsUrl: string, siteId: number, commands: string, scriptPath = 'matomo.js'): string {
  return `<script>
  var _paq = window._paq = window._paq || [];
  ${commands}
  (function() {
    var u="${analyticsUrl}/";
    _paq.push(['setTrackerUrl', u+'matomo.php']);
    _paq.push(['setSiteId', '${siteId}']);
    var d=document, g=d.createElement('script'), s=d.getElementsByTagName('script')[0];
    g.async=true; g.src=u+'${scriptPath}'; s.parentNode.insertBefore(g,s);
  })();
</script>`;
}

export function htmlPage(title: string, head: string, body = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;
}
