import { join } from 'node:path';
import { createEventStore } from '@sillage/storage';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSites, createSuperUserToken } from '../../server/test/support/fixtures.js';
import { api, startServer, type TestServer, tempDataDir, waitShipped } from '../../server/test/support/harness.js';
import { htmlPage, launchChromium, newContext, snippet, startTestSite, type TestSite } from './support.js';

/**
 * The tracker in a real browser (Debian's Chromium) on a test site whose pages carry Matomo's snippet,
 * against the real server: what the server stored is read back through the Reporting API, and field by
 * field from the event store at the end. The test site and the server listen on two ports of 127.0.0.1:
 * cross-origin but same-site, so the server's cookies (opt-out) behave as on one registrable domain.
 */

const SITE_NAMES = [
  'actions',
  'links',
  'heartbeat',
  'spa',
  'consent',
  'cookieConsent',
  'iframeOptOut',
  'jsOptOut',
  'cookieless',
  'forged',
  'content',
] as const;
type SiteName = (typeof SITE_NAMES)[number];

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
let env: Record<string, string>;
let token: string;
let site: TestSite;
let browser: Browser;
const ids = {} as Record<SiteName, number>;

beforeAll(async () => {
  data = tempDataDir('sillage-tracker-');
  env = { SILLAGE_DATA_DIR: data.dir };
  site = await startTestSite();
  const created = await createSites(
    data.dir,
    // The default (exempt) privacy mode refuses ecommerce; a custom mode may allow it.
    SITE_NAMES.map((name) => ({
      name,
      urls: [site.url],
      ecommerce: true,
      privacyMode: 'custom' as const,
      privacy: { allowEcommerce: true },
    })),
  );
  SITE_NAMES.forEach((name, i) => {
    ids[name] = created[i]!;
  });
  token = await createSuperUserToken(env);
  server = await startServer(env);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (server) await server.stop();
  data?.remove();
});

/** The day's summary once it shows at least `actions` actions (beacons reach the server a little after they leave). */
async function summaryWith(name: SiteName, actions: number): Promise<{ nb_visits: number; nb_actions: number }> {
  return until(async () => {
    const s = await summary(name);
    return s.nb_actions >= actions ? s : undefined;
  }).then((s) => s ?? summary(name));
}

async function summary(name: SiteName): Promise<{ nb_visits: number; nb_actions: number }> {
  await waitShipped(server.url);
  const r = (await api(server.url, {
    method: 'VisitsSummary.get',
    idSite: String(ids[name]),
    period: 'day',
    date: 'today',
    token_auth: token,
  })) as {
    nb_visits?: number;
    nb_actions?: number;
  };
  return { nb_visits: r.nb_visits ?? 0, nb_actions: r.nb_actions ?? 0 };
}

/**
 * What the page sent to /matomo.php: the requests as the network saw them, and the parameters of every
 * tracking request (singles and bulk entries). Beacon bodies are invisible to the DevTools protocol, so
 * an init script wraps navigator.sendBeacon (still calling the real one) and reports each payload.
 */
async function recordHits(page: Page): Promise<{ params: URLSearchParams[]; requests: Request[] }> {
  const out = { params: [] as URLSearchParams[], requests: [] as Request[] };
  page.on('request', (req) => {
    if (req.url().startsWith(`${server.url}/matomo.php`)) out.requests.push(req);
  });
  await page.exposeFunction('__recordBeacon', (url: string, body: string) => {
    if (body.startsWith('{')) {
      for (const q of (JSON.parse(body) as { requests: string[] }).requests) out.params.push(new URLSearchParams(q.slice(1)));
    } else {
      out.params.push(new URLSearchParams(body || url.split('?')[1]));
    }
  });
  await page.addInitScript(() => {
    const real = navigator.sendBeacon.bind(navigator);
    const record = (window as unknown as { __recordBeacon: (u: string, b: string) => void }).__recordBeacon;
    navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
      void (data instanceof Blob ? data.text() : Promise.resolve(typeof data === 'string' ? data : '')).then((b) => record(String(url), b));
      return real(url, data);
    };
  });
  return out;
}

async function until<T>(fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a scenario in a fresh browser context (no cookies); no page may throw. */
async function withPage<T>(fn: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await newContext(browser);
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    // Script errors only: HTTP errors (the forged POST's 403, a favicon's 404) are checked where they matter.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    const result = await fn(page, context);
    expect(errors).toEqual([]);
    return result;
  } finally {
    await context.close();
  }
}

const trackedPage = (name: SiteName, path: string, commands: string, body = '') =>
  site.page(path, htmlPage(path, snippet(server.url, ids[name], commands), body));

describe('tracking by the snippet', () => {
  it('page view, event, site search, goal, custom dimensions and ecommerce reach the event store', async () => {
    const url = trackedPage(
      'actions',
      '/shop/product',
      `_paq.push(['setCustomDimension', 1, 'gold']);
       _paq.push(['setEcommerceView', 'SKU-1', 'Blue mug', ['Kitchen', 'Mugs'], 12.5]);
       _paq.push(['trackPageView']);
       _paq.push(['trackEvent', 'Video', 'Play', 'Intro', 42]);
       _paq.push(['trackSiteSearch', 'mugs', 'Kitchen', 7]);
       _paq.push(['trackGoal', 3, 9.99]);
       _paq.push(['addEcommerceItem', 'SKU-1', 'Blue mug', 'Kitchen', 12.5, 2]);
       _paq.push(['trackEcommerceCartUpdate', 25]);
       _paq.push(['trackEcommerceOrder', 'ORDER-1', 30, 25, 2, 3, 0]);`,
    );
    await withPage(async (page) => {
      const hits = await recordHits(page);
      await page.goto(url);
      await until(() => hits.params.length >= 6);
      expect(hits.params.map((p) => p.get('send_image'))).toEqual(Array(6).fill('0'));
    });
    const s = await summaryWith('actions', 3);
    // Page view, event and site search are actions; the goal and the ecommerce hits are conversions.
    expect(s).toEqual({ nb_visits: 1, nb_actions: 3 });
  });

  it('outlinks and downloads by real clicks (left click; internal links are not tracked)', async () => {
    const external = site.url.replace('127.0.0.1', 'localhost');
    const url = trackedPage(
      'links',
      '/links',
      `_paq.push(['trackPageView']); _paq.push(['enableLinkTracking']);`,
      `<a id="internal" href="/other">internal</a>
       <a id="download" href="/files/report.pdf">report</a>
       <a id="ignored" class="matomo_ignore" href="${external}/ignored">ignored</a>
       <a id="outlink" href="${external}/out">out</a>`,
    );
    await withPage(async (page) => {
      const hits = await recordHits(page);
      await page.goto(url);
      await until(() => hits.params.length >= 1);
      await page.click('#internal');
      await page.goBack();
      await until(() => hits.params.length >= 2);
      await page.click('#ignored');
      await page.goBack();
      await until(() => hits.params.length >= 3);
      const download = page.waitForEvent('download').catch(() => undefined);
      await page.click('#download');
      await download;
      await until(() => hits.params.some((p) => p.has('download')));
      await page.click('#outlink');
      await until(() => hits.params.some((p) => p.has('link')));
      const kinds = hits.params.map((p) =>
        p.has('link') ? `link ${p.get('link')}` : p.has('download') ? `download ${p.get('download')}` : 'pageview',
      );
      expect(kinds.filter((k) => k !== 'pageview')).toEqual([`download ${site.url}/files/report.pdf`, `link ${external}/out`]);
    });
    const s = await summaryWith('links', 5);
    // Three page views of /links (first load and two returns) plus the download and the outlink.
    expect(s?.nb_actions).toBe(5);
  });

  it('heartbeat: a ping when the visitor leaves a page they stayed on longer than the delay', async () => {
    const url = trackedPage('heartbeat', '/long-read', `_paq.push(['enableHeartBeatTimer', 5]); _paq.push(['trackPageView']);`);
    await withPage(async (page) => {
      const hits = await recordHits(page);
      await page.clock.install();
      await page.goto(url);
      await until(() => hits.params.length >= 1);
      // Leaving early: no ping.
      await page.clock.fastForward(2_000);
      await page.evaluate(() => window.dispatchEvent(new Event('blur')));
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await page.clock.fastForward(6_000);
      await page.evaluate(() => window.dispatchEvent(new Event('blur')));
      await until(() => hits.params.some((p) => p.get('ping') === '1'));
      expect(hits.params.map((p) => (p.get('ping') ? 'ping' : 'pageview'))).toEqual(['pageview', 'ping']);
    });
    expect(await summaryWith('heartbeat', 1)).toEqual({ nb_visits: 1, nb_actions: 1 });
  });

  it('single-page app: a page view per pushState and popstate, the previous URL as referrer', async () => {
    const url = trackedPage('spa', '/app', `_paq.push(['enableHistoryTracking']); _paq.push(['trackPageView']);`);
    await withPage(async (page) => {
      const hits = await recordHits(page);
      await page.goto(url);
      await until(() => hits.params.length >= 1);
      await page.evaluate(() => {
        document.title = 'Second view';
        history.pushState({}, '', '/app/second');
      });
      await until(() => hits.params.length >= 2);
      await page.evaluate(() => history.back());
      await until(() => hits.params.length >= 3);
      expect(hits.params.map((p) => [new URL(p.get('url')!).pathname, p.get('urlref') && new URL(p.get('urlref')!).pathname])).toEqual([
        ['/app', null],
        ['/app/second', '/app'],
        ['/app', '/app/second'],
      ]);
      expect(hits.params[1]!.get('action_name')).toBe('Second view');
    });
    expect((await summaryWith('spa', 3))?.nb_actions).toBe(3);
  });
  it('content impressions from the page (once each) and link classes', async () => {
    const url = trackedPage(
      'content',
      '/content',
      `_paq.push(['trackPageView']); _paq.push(['setLinkClasses', 'tracked-out']); _paq.push(['enableLinkTracking']);
       _paq.push(['trackAllContentImpressions']); _paq.push(['trackAllContentImpressions']);`,
      `<div data-track-content data-content-name="Spring sale" data-content-piece="Banner A" data-content-target="${site.url}/sale">
         <img src="/banner.png"></div>
       <a class="matomoTrackContent" href="/shop"><img src="/shop.png" data-content-piece></a>
       <section id="later"></section>
       <a id="classed" class="tracked-out" href="/internal" onclick="event.preventDefault()">internal, classed as outlink</a>`,
    );
    await withPage(async (page) => {
      const hits = await recordHits(page);
      await page.goto(url);
      await until(() => hits.params.length >= 3);
      await page.evaluate(() => {
        document.getElementById('later')!.innerHTML = '<div data-track-content title="Late"><p>Text</p></div>';
        const w = window as unknown as { _paq: unknown[][] };
        w._paq.push(['trackContentImpressionsWithinNode', document.getElementById('later')]);
        w._paq.push(['trackAllContentImpressions']);
      });
      await page.click('#classed');
      await until(() => hits.params.some((p) => p.has('link')));
      const content = hits.params.filter((p) => p.has('c_n')).map((p) => [p.get('c_n'), p.get('c_p'), p.get('c_t')]);
      expect(content).toEqual([
        ['Spring sale', 'Banner A', `${site.url}/sale`],
        // Named by its piece, the image the piece attribute points at; the block is the link.
        [`${site.url}/shop.png`, `${site.url}/shop.png`, `${site.url}/shop`],
        // Nothing but a title: Matomo's defaults.
        ['Late', 'Unknown', null],
      ]);
      expect(hits.params.find((p) => p.has('link'))?.get('link')).toBe(`${site.url}/internal`);
    });
  });
});

describe('privacy in the browser', () => {
  it('cookieless by default: after a full visit nothing of ours is on the device', async () => {
    const url = trackedPage(
      'cookieless',
      '/plain',
      `_paq.push(['trackPageView']); _paq.push(['enableLinkTracking']); _paq.push(['enableHeartBeatTimer']);
       _paq.push(['trackEvent', 'a', 'b']); _paq.push(['setCustomDimension', 2, 'x']);`,
      `<a id="out" href="${site.url.replace('127.0.0.1', 'localhost')}/x">out</a>`,
    );
    await withPage(async (page, context) => {
      const hits = await recordHits(page);
      await page.goto(url);
      await until(() => hits.params.length >= 2);
      const storage = await page.evaluate(() => ({ cookie: document.cookie, local: localStorage.length, session: sessionStorage.length }));
      expect(storage).toEqual({ cookie: '', local: 0, session: 0 });
      expect(await context.cookies()).toEqual([]);
      expect(hits.params.every((p) => p.get('_id') === '')).toBe(true);
    });
    expect(await summaryWith('cookieless', 2)).toMatchObject({ nb_visits: 1, nb_actions: 2 });
  });

  it('requireConsent: nothing sent before consent; sent, with cookies, after; forgetConsentGiven removes them', async () => {
    const url = trackedPage('consent', '/consent', `_paq.push(['requireConsent']); _paq.push(['trackPageView']);`);
    await withPage(async (page) => {
      const hits = await recordHits(page);
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { Matomo?: unknown }).Matomo !== undefined);
      await new Promise((r) => setTimeout(r, 500));
      expect(hits.params).toHaveLength(0);
      expect(await page.evaluate(() => document.cookie)).toBe('');
      await page.evaluate(() => (window as unknown as { _paq: unknown[][] })._paq.push(['rememberConsentGiven']));
      await until(() => hits.params.length >= 1);
      expect(hits.params[0]!.get('consent')).toBe('1');
      // The held page view was built before consent: without a visitor id; the cookies come with consent.
      const cookies = await until(async () => {
        const c = await page.evaluate(() => document.cookie);
        return /_pk_id\.\d+\.[0-9a-f]{4}=/.test(c) ? c : undefined;
      });
      expect(cookies).toMatch(/mtm_consent=\d+/);
      await page.evaluate(() => (window as unknown as { _paq: unknown[][] })._paq.push(['trackEvent', 'c', 'd']));
      await until(() => hits.params.length >= 2);
      expect(hits.params.at(-1)!.get('_id')).toMatch(/^[0-9a-f]{16}$/);
      await page.evaluate(() => (window as unknown as { _paq: unknown[][] })._paq.push(['forgetConsentGiven']));
      const after = await page.evaluate(() => document.cookie);
      expect(after).not.toMatch(/_pk_|mtm_consent=/);
      expect(after).toMatch(/mtm_consent_removed=\d+/);
      const sent = hits.params.length;
      await page.evaluate(() => (window as unknown as { _paq: unknown[][] })._paq.push(['trackEvent', 'e', 'f']));
      await new Promise((r) => setTimeout(r, 1_000));
      expect(hits.params).toHaveLength(sent);
    });
  });

  it('requireCookieConsent: sent without cookies before cookie consent, with them after', async () => {
    const url = trackedPage('cookieConsent', '/cookie-consent', `_paq.push(['requireCookieConsent']); _paq.push(['trackPageView']);`);
    await withPage(async (page) => {
      const hits = await recordHits(page);
      await page.goto(url);
      await until(() => hits.params.length >= 1);
      expect(hits.params[0]!.get('_id')).toBe('');
      expect(await page.evaluate(() => document.cookie)).toBe('');
      await page.evaluate(() => (window as unknown as { _paq: unknown[][] })._paq.push(['rememberCookieConsentGiven']));
      // Matomo sends a ping at once so that the server learns the new visitor id.
      await until(() => hits.params.length >= 2);
      expect(hits.params[1]!.get('ping')).toBe('1');
      expect(hits.params[1]!.get('_id')).toMatch(/^[0-9a-f]{16}$/);
      expect(await page.evaluate(() => document.cookie)).toMatch(/mtm_cookie_consent=\d+.*|_pk_id/);
      await page.evaluate(() => (window as unknown as { _paq: unknown[][] })._paq.push(['forgetCookieConsentGiven']));
      expect(await page.evaluate(() => document.cookie)).not.toMatch(/_pk_|mtm_cookie_consent/);
    });
    expect(await summaryWith('cookieConsent', 1)).toEqual({ nb_visits: 1, nb_actions: 1 });
  });
});

describe('opt-out pages', () => {
  const optOutUrl = (extra = '') => `${server.url}/index.php?module=CoreAdminHome&action=optOut&language=en${extra}`;

  it('iframe opt-out: the server stores nothing from an opted-out browser; opting back in restores tracking', async () => {
    const privacyPage = site.page(
      '/privacy',
      htmlPage('Privacy', '', `<iframe id="optout" style="width:600px;height:300px" src="${optOutUrl('&fontColor=333')}"></iframe>`),
    );
    const tracked = trackedPage('iframeOptOut', '/tracked', `_paq.push(['trackPageView']);`);
    await withPage(async (page, context) => {
      await page.goto(privacyPage);
      const frame = page.frameLocator('#optout');
      await expect.poll(() => frame.locator('#trackVisits').isChecked()).toBe(true);
      await frame.locator('#trackVisits').uncheck();
      await expect.poll(async () => (await context.cookies(server.url)).find((c) => c.name === 'matomo_ignore')?.value).toBe('ignore=*');
      await expect.poll(() => frame.locator('#trackVisits').isChecked()).toBe(false);

      const hits = await recordHits(page);
      await page.goto(tracked);
      await until(() => hits.params.length >= 1);
      const [sent] = hits.requests;
      const response = await sent!.response();
      expect(response?.headers()['x-sillage-ignored']).toBeTruthy();
      expect(await summary('iframeOptOut')).toEqual({ nb_visits: 0, nb_actions: 0 });

      await page.goto(privacyPage);
      await frame.locator('#trackVisits').check();
      await expect.poll(async () => (await context.cookies(server.url)).some((c) => c.name === 'matomo_ignore')).toBe(false);
      await page.goto(tracked);
      await until(() => hits.params.length >= 2);
    });
    expect((await summaryWith('iframeOptOut', 1))?.nb_actions).toBe(1);
  });

  it('a forged cross-site POST cannot flip the iframe state', async () => {
    // The attacker fetches a nonce for its own browser (cookie) and posts it from its own page.
    const res = await fetch(optOutUrl());
    const nonce = /name="nonce" value="([^"]+)"/.exec(await res.text())![1]!;
    const attack = site.page(
      '/attack',
      htmlPage(
        'Attack',
        '',
        `<form id="f" method="post" action="${optOutUrl()}"><input type="hidden" name="nonce" value="${nonce}"></form>`,
      ),
    );
    await withPage(async (page, context) => {
      // The visitor has seen the opt-out page before: they have a binding cookie of their own.
      await page.goto(optOutUrl());
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.goto(attack).then(() => page.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit())),
      ]);
      expect(response.status()).toBe(403);
      expect((await context.cookies(server.url)).some((c) => c.name === 'matomo_ignore')).toBe(false);
    });
    // Even without an Origin header (a non-browser client), a nonce from another binding is refused.
    const direct = await fetch(optOutUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'sillage_optout=AAAAAAAAAAAAAAAAAAAAAAAA' },
      body: `nonce=${encodeURIComponent(nonce)}`,
      redirect: 'manual',
    });
    expect(direct.status).toBe(403);
    expect(direct.headers.get('set-cookie')).toBeNull();
  });

  it('JS opt-out renders in the site page, in French when asked, and silences the tracker through consent cookies', async () => {
    const optOutJs = `${server.url}/index.php?module=CoreAdminHome&action=optOutJS&divId=optout&language=fr&backgroundColor=ffffff&fontSize=14px&useSecureCookies=0`;
    const url = trackedPage(
      'jsOptOut',
      '/privacy-js',
      `_paq.push(['trackPageView']);`,
      `<div id="optout"></div><script src="${optOutJs}"></script>`,
    );
    await withPage(async (page) => {
      const hits = await recordHits(page);
      await page.goto(url);
      await until(() => hits.params.length >= 1);
      const box = page.locator('#optout-checkbox');
      await expect.poll(() => box.isChecked()).toBe(true);
      expect(await page.locator('#optout').innerText()).toContain('Vos visites sont comptabilisées');
      expect(await page.locator('#optout').getAttribute('style')).toContain('font-size:14px');
      await box.uncheck();
      expect(await page.evaluate(() => document.cookie)).toMatch(/mtm_consent_removed=/);
      await page.reload();
      await new Promise((r) => setTimeout(r, 800));
      expect(hits.params).toHaveLength(1);
      await expect.poll(() => page.locator('#optout-checkbox').isChecked()).toBe(false);
      // Opting back in sends what this page held back (Matomo flushes its consent queue), then tracking goes on.
      await page.locator('#optout-checkbox').check();
      await until(() => hits.params.length >= 2);
      await page.reload();
      await until(() => hits.params.length >= 3);
      expect(hits.params.map((p) => p.get('action_name'))).toEqual(['/privacy-js', '/privacy-js', '/privacy-js']);
    });
    expect(await summaryWith('jsOptOut', 3)).toMatchObject({ nb_actions: 3 });
  });
});

describe('what the event store holds', () => {
  it('field by field, as the tracker sent it', async () => {
    await waitShipped(server.url);
    expect(await server.stop()).toBe(0);
    const events = await createEventStore({ kind: 'chdb', dataDir: join(data.dir, 'events') });
    try {
      const rows = await events.query<Record<string, string | number | null>>(
        `SELECT site_id, action_type, url, title, event_category, event_action, event_name, event_value, search_keyword,
                search_category, search_count, goal_id, revenue, order_id, items, link_url, page_view_id
           FROM sillage.events WHERE site_id IN ({a:UInt32}, {l:UInt32}, {h:UInt32}) ORDER BY seq`,
        { a: ids.actions, l: ids.links, h: ids.heartbeat },
      );
      const of = (id: number) => rows.filter((r) => Number(r['site_id']) === id);
      const actions = of(ids.actions);
      const byType = (t: number) => actions.filter((r) => Number(r['action_type']) === t);
      expect(byType(1)[0]).toMatchObject({ url: `${site.url}/shop/product`, title: '/shop/product' });
      expect(byType(1)[0]!['page_view_id']).toMatch(/^[0-9a-f]{6}$/);
      expect(byType(2)[0]).toMatchObject({ event_category: 'Video', event_action: 'Play', event_name: 'Intro' });
      expect(Number(byType(2)[0]!['event_value'])).toBe(42);
      expect(byType(3)[0]).toMatchObject({ search_keyword: 'mugs', search_category: 'Kitchen' });
      expect(Number(byType(3)[0]!['search_count'])).toBe(7);
      expect(Number(byType(6)[0]!['goal_id'])).toBe(3);
      expect(Number(byType(6)[0]!['revenue'])).toBeCloseTo(9.99);
      expect(byType(7)[0]).toMatchObject({ order_id: 'ORDER-1' });
      expect(Number(byType(7)[0]!['revenue'])).toBe(30);
      expect(JSON.parse(String(byType(7)[0]!['items']))).toEqual([['SKU-1', 'Blue mug', ['Kitchen'], 12.5, 2]]);
      expect(byType(8)).toHaveLength(1);
      const links = of(ids.links).filter((r) => [4, 5].includes(Number(r['action_type'])));
      expect(links.map((r) => [Number(r['action_type']), r['link_url']])).toEqual([
        [5, `${site.url}/files/report.pdf`],
        [4, `${site.url.replace('127.0.0.1', 'localhost')}/out`],
      ]);
      expect(of(ids.heartbeat).map((r) => Number(r['action_type']))).toEqual([1, 11]);
    } finally {
      await events.close();
    }
  });
});
