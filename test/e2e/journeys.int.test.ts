import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../../packages/server/src/auth/totp.js';
import { startServer, type TestServer, tempDataDir, waitShipped } from '../../packages/server/test/support/harness.js';
import { axe, DESKTOP_UA, launchChromium, screenshot, startCustomerSite, VIEWPORTS } from './support.js';

/**
 * The dashboard in real Chromium against the real server: first run to a recorded visit, sign-in
 * failures and lock-out, two-factor enrolment and sign-in, a view-only user kept out of admin pages,
 * screenshots of the main pages at desktop and phone widths, and axe-core on each of them.
 */
describe('dashboard journeys (Chromium)', () => {
  const data = tempDataDir('sillage-e2e-');
  let server: TestServer;
  let browser: Browser;
  let customer: Awaited<ReturnType<typeof startCustomerSite>>;
  let admin: BrowserContext;
  let page: Page;
  let siteId = 0;
  const PASSWORD = 'correct horse battery';

  beforeAll(async () => {
    server = await startServer({ SILLAGE_DATA_DIR: data.dir, SILLAGE_LOGIN_MAX_FAILURES: '3' });
    browser = await launchChromium();
    customer = await startCustomerSite();
    admin = await browser.newContext({ userAgent: DESKTOP_UA, locale: 'en-GB', viewport: VIEWPORTS.desktop });
    page = await admin.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await customer?.close();
    await server?.stop();
    data.remove();
  });

  it('first run → add site → copy tracking code → a page with it records a visit → the visit shows in the dashboard', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Welcome to Sillage' }).waitFor();
    await screenshot(page, 'setup-desktop');
    await page.getByLabel('Login').fill('root');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create the super user' }).click();

    await page.getByRole('heading', { name: 'Add your first website' }).waitFor();
    await page.getByLabel('Website name').fill('Customer');
    await page.getByLabel(/^URLs/).fill(customer.url);
    await page.getByLabel('Time zone').selectOption('UTC');
    await page.getByRole('button', { name: 'Add website' }).click();

    await page.getByRole('heading', { name: 'Your tracking code' }).waitFor();
    siteId = Number(/sites\/(\d+)\//.exec(page.url())?.[1]);
    expect(siteId).toBeGreaterThan(0);
    const snippet = await page.getByLabel('Tracking code', { exact: true }).inputValue();
    expect(snippet).toContain(`_paq.push(['setSiteId', '${siteId}'])`);
    await expect.poll(() => page.locator('iframe.preview-frame').count()).toBe(1);
    await screenshot(page, 'tracking-code-desktop');

    // The customer's page carries the snippet as copied; a visitor opens it.
    const visitor = await browser.newContext({ userAgent: DESKTOP_UA, locale: 'fr-FR' });
    const vp = await visitor.newPage();
    const trackerHit = vp.waitForResponse((r) => r.url().includes('/matomo.php'), { timeout: 20_000 });
    await vp.goto(
      customer.page('/landing', `<!doctype html><html><head><title>Landing</title>${snippet}</head><body><p>Hello</p></body></html>`),
    );
    expect((await trackerHit).status()).toBeLessThan(400);
    await visitor.close();
    await waitShipped(server.url);

    await page.getByRole('link', { name: 'Go to the dashboard' }).click();
    await page.getByRole('heading', { name: /Overview/ }).waitFor();
    const visits = page.locator('[data-kpi="nb_visits"] .kpi-value');
    await expect.poll(async () => (await visits.textContent())?.trim(), { timeout: 15_000 }).toBe('1');
  });

  const MAIN_PAGES: [string, string, RegExp][] = [
    ['overview', 'overview', /Overview/],
    ['pages', 'pages', /Pages/],
    ['locations', 'locations', /Locations/],
    ['channels', 'channels', /Channels/],
    ['devices', 'devices', /Devices/],
    ['realtime', 'realtime', /Real time/],
  ];
  const ADMIN_PAGES: [string, string, RegExp][] = [
    ['admin-sites', '/app/admin/sites', /Websites/],
    ['admin-users', '/app/admin/users', /Users/],
    ['admin-settings', '/app/admin/settings', /General settings/],
    ['account', '/app/account', /My account/],
  ];

  it('every main page renders, at desktop and phone widths, with no serious accessibility violation', async () => {
    const serious: string[] = [];
    for (const [name, width] of Object.entries(VIEWPORTS)) {
      const ctx = await browser.newContext({
        userAgent: DESKTOP_UA,
        locale: 'en-GB',
        viewport: width,
        bypassCSP: true,
        storageState: await admin.storageState(),
      });
      const p = await ctx.newPage();
      const all = [
        ...MAIN_PAGES.map(([shot, key, h]) => [shot, `/app/site/${siteId}/${key}`, h] as const),
        ...ADMIN_PAGES,
        ['tracking-code', `/app/admin/sites/${siteId}/tracking-code`, /Tracking code/] as const,
      ];
      for (const [shot, path, heading] of all) {
        await p.goto(server.url + path);
        await p.getByRole('heading', { level: 1, name: heading }).waitFor();
        // A string runs in the page (this file is typechecked without DOM types).
        await p.waitForFunction(`document.querySelectorAll('[role="status"] .spinner').length === 0`, undefined, { timeout: 15_000 });
        await screenshot(p, `${shot}-${name}`);
        for (const v of await axe(p)) {
          if (v.impact === 'serious' || v.impact === 'critical')
            serious.push(`${path} @${name}: ${v.id} (${v.help}) ${JSON.stringify(v.nodes.slice(0, 3))}`);
        }
      }
      // Dark theme too, on the overview.
      await p.goto(`${server.url}/app/site/${siteId}/overview`);
      await p.getByRole('button', { name: /^Theme/ }).click();
      await p.waitForFunction(`document.documentElement.dataset.theme === 'dark'`);
      await screenshot(p, `overview-dark-${name}`);
      for (const v of await axe(p))
        if (v.impact === 'serious' || v.impact === 'critical')
          serious.push(`dark overview @${name}: ${v.id} ${JSON.stringify(v.nodes.slice(0, 3))}`);
      await p.getByRole('button', { name: /^Theme/ }).click();
      await ctx.close();
    }
    expect(serious).toEqual([]);
  });

  it('wrong passwords show an error in words, then lock the account', async () => {
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('textbox', { name: 'Login' }).fill('viewer');
    await page.getByLabel('Password').fill('viewer password');
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByRole('rowheader', { name: 'viewer' }).waitFor();

    const ctx = await browser.newContext({ userAgent: DESKTOP_UA, locale: 'en-GB' });
    const p = await ctx.newPage();
    await p.goto(`${server.url}/app/`);
    for (let i = 1; i <= 2; i++) {
      await p.getByLabel('Login').fill('viewer');
      await p.getByLabel('Password').fill(`wrong ${i}`);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => p.getByRole('alert').textContent()).toContain('The login or the password is not valid.');
    }
    await p.getByLabel('Password').fill('wrong 3');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => p.getByRole('alert').textContent()).toContain('locked');
    await screenshot(p, 'login-locked-desktop');
    await p.getByLabel('Password').fill('viewer password');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => p.getByRole('alert').textContent()).toContain('locked');
    await ctx.close();
  });

  it('a view-only user sees its site but cannot reach admin pages or other sites', async () => {
    // Unlock by a password reset, add a second site, and grant view on the first only.
    const api = async (method: string, path: string, body?: unknown) =>
      page.evaluate(
        async ([m, u, b]) => {
          const s = (await (await fetch('/api/session')).json()) as { csrfToken: string };
          const r = await fetch(u as string, {
            method: m as string,
            headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken },
            body: b === undefined ? undefined : JSON.stringify(b),
          });
          return r.status;
        },
        [method, path, body] as const,
      );
    expect(await api('PUT', '/api/admin/users/viewer', { password: 'viewer password 2' })).toBe(200);
    expect(await api('POST', '/api/admin/sites', { name: 'Other', urls: ['https://other.example'] })).toBe(200);
    expect(await api('PUT', `/api/admin/sites/${siteId}/access/viewer`, { role: 'view' })).toBe(200);

    const ctx = await browser.newContext({ userAgent: DESKTOP_UA, locale: 'en-GB' });
    const p = await ctx.newPage();
    await p.goto(`${server.url}/app/`);
    await p.getByLabel('Login').fill('viewer');
    await p.getByLabel('Password').fill('viewer password 2');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { name: /Overview/ }).waitFor();
    expect(await p.getByLabel('Website').locator('option').allTextContents()).toEqual(['Customer']);
    await expect.poll(async () => (await p.locator('[data-kpi="nb_visits"] .kpi-value').textContent())?.trim()).toBe('1');
    expect(await p.getByRole('link', { name: 'Users', exact: true }).count()).toBe(0);
    for (const path of ['/app/admin/users', '/app/admin/settings', `/app/admin/sites/${siteId}`, '/app/site/2/overview']) {
      await p.goto(server.url + path);
      await expect.poll(() => p.getByRole('alert').first().textContent()).toContain('You do not have access to this page.');
    }
    const status = await p.evaluate(async () => (await fetch('/api/admin/users')).status);
    expect(status).toBe(403);
    await ctx.close();
  });

  it('a public dashboard opens read-only without signing in, for that site only', async () => {
    const put = (body: unknown) =>
      page.evaluate(
        async ([u, b]) => {
          const s = (await (await fetch('/api/session')).json()) as { csrfToken: string };
          const r = await fetch(u as string, {
            method: 'PUT',
            headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken },
            body: JSON.stringify(b),
          });
          return r.status;
        },
        [`/api/admin/sites/${siteId}`, body] as const,
      );
    expect(await put({ publicDashboard: true })).toBe(200);
    // bypassCSP: axe-core is injected as an inline script.
    const ctx = await browser.newContext({ userAgent: DESKTOP_UA, locale: 'en-GB', bypassCSP: true });
    const p = await ctx.newPage();
    await p.goto(`${server.url}/app/site/${siteId}/overview`);
    await p.getByTestId('public-dashboard-notice').waitFor();
    await expect.poll(async () => (await p.locator('[data-kpi="nb_visits"] .kpi-value').textContent())?.trim()).toBe('1');
    await screenshot(p, 'public-dashboard-desktop');
    // Reports only: no administration, no visits log, no sign-out; a link to sign in instead.
    expect(await p.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    const shown: string[] = [];
    for (const name of ['Users', 'Tracking code', 'My account', 'Visits log', 'Real time', 'User IDs', 'Sign out'])
      if ((await p.getByRole('link', { name, exact: true }).count()) + (await p.getByRole('button', { name, exact: true }).count()) > 0)
        shown.push(name);
    expect(shown).toEqual([]);
    for (const v of await axe(p)) expect(v.impact === 'serious' || v.impact === 'critical' ? v.id : '').toBe('');
    const live = await p.evaluate(
      `fetch('/index.php?module=API&format=json&method=Live.getLastVisitsDetails&idSite=${siteId}&period=day&date=today').then((r) => r.json())`,
    );
    expect(JSON.stringify(live)).toContain("can't access");
    // Another site, or an admin page: the sign-in page.
    for (const path of ['/app/site/2/overview', '/app/admin/users']) {
      await p.goto(server.url + path);
      await p.getByRole('button', { name: 'Sign in' }).waitFor();
    }
    // Switched off: the same page asks to sign in.
    expect(await put({ publicDashboard: false })).toBe(200);
    await p.goto(`${server.url}/app/site/${siteId}/overview`);
    await p.getByRole('button', { name: 'Sign in' }).waitFor();
    await ctx.close();
  });

  it('two-factor: enrol on the account page, then sign in with the code', async () => {
    await page.goto(`${server.url}/app/account`);
    await page.getByRole('button', { name: 'Enable two-factor authentication' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Code from your authenticator app').fill(totpAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Recovery codes' }).waitFor();
    await screenshot(page, 'two-factor-enrolled-desktop');

    const ctx = await browser.newContext({ userAgent: DESKTOP_UA, locale: 'en-GB' });
    const p = await ctx.newPage();
    await p.goto(`${server.url}/app/`);
    await p.getByLabel('Login').fill('root');
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await p.getByLabel('Code from your authenticator app').fill('000000' === totpAt(secret, Date.now()) ? '111111' : '000000');
    await p.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => p.getByRole('alert').textContent()).toContain('two-factor code is not valid');
    await p.getByLabel('Code from your authenticator app').fill(totpAt(secret, Date.now()));
    await p.getByRole('button', { name: 'Verify' }).click();
    await p.getByRole('heading', { name: /Overview/ }).waitFor();
    await ctx.close();
  });

  it('French: the interface switches language per user, with numbers and dates in the locale', async () => {
    await page.goto(`${server.url}/app/account`);
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Mon compte' }).waitFor();
    await page.goto(`${server.url}/app/site/${siteId}/overview`);
    await page.getByRole('heading', { name: /Vue d’ensemble/ }).waitFor();
    await screenshot(page, 'overview-fr-desktop');
    await page.goto(`${server.url}/app/account`);
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'My account' }).waitFor();
  });
});
