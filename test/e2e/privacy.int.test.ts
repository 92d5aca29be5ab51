import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSites, createSuperUserToken } from '../../packages/server/test/support/fixtures.js';
import { startServer, type TestServer, tempDataDir, waitShipped } from '../../packages/server/test/support/harness.js';
import { axe, DESKTOP_UA, launchChromium, screenshot, VIEWPORTS } from './support.js';

/**
 * The privacy section in real Chromium against the real server: a site switched to custom mode with
 * User ID allowed fails the audit, back to exempt it passes (the opt-out check included); a data subject
 * is found by IP, exported as JSON and CSV, erased after a confirmation, and a new search finds nothing;
 * the audit log shows the changes with their row counts; the record prints without the navigation.
 * Screenshots of every tab at desktop and phone widths, axe-core on each.
 */
describe('privacy pages (Chromium)', () => {
  const data = tempDataDir('sillage-e2e-privacy-');
  const env = { SILLAGE_DATA_DIR: data.dir };
  const PASSWORD = 'correct horse battery staple';
  let server: TestServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let siteId = 0;

  async function track(ip: string, url: string, token: string): Promise<void> {
    const q = new URLSearchParams({
      idsite: String(siteId),
      rec: '1',
      send_image: '0',
      url,
      action_name: 'Page',
      cip: ip,
      token_auth: token,
    });
    const res = await fetch(`${server.url}/matomo.php?${q}`, { headers: { 'User-Agent': DESKTOP_UA } });
    expect(res.status).toBe(204);
    expect(res.headers.get('x-sillage-ignored')).toBeNull();
  }

  beforeAll(async () => {
    [siteId] = (await createSites(data.dir, [{ name: 'Shop', urls: ['https://shop.example'] }])) as [number];
    const token = await createSuperUserToken(env, 'root');
    server = await startServer(env);
    // One visitor with two pages, another with one: the erase must take the first and leave the second.
    await track('203.0.113.9', 'https://shop.example/', token);
    await track('203.0.113.9', 'https://shop.example/cart', token);
    await track('198.51.100.4', 'https://shop.example/', token);
    await waitShipped(server.url);

    browser = await launchChromium();
    ctx = await browser.newContext({ userAgent: DESKTOP_UA, locale: 'en-GB', viewport: VIEWPORTS.desktop });
    page = await ctx.newPage();
    await page.goto(`${server.url}/app/`);
    await page.getByLabel('Login').fill('root');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /Overview/ }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  const tabLink = (name: string) => page.getByRole('navigation', { name: 'Privacy sections' }).getByRole('link', { name });
  const checkStatus = (id: string) => page.locator(`tr[data-check="${id}"] [data-status]`).getAttribute('data-status');

  async function saveMode(mode: RegExp, userId: boolean | undefined): Promise<void> {
    await tabLink('Privacy mode').click();
    await page.getByRole('radio', { name: mode }).check();
    if (userId !== undefined) await page.getByRole('checkbox', { name: 'Accept User ID (uid)' }).setChecked(userId);
    await page.getByRole('button', { name: 'Save privacy settings' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
  }

  async function runAudit(): Promise<void> {
    await tabLink('Compliance audit').click();
    await page.getByTestId('audit-overall').waitFor({ timeout: 30_000 });
  }

  it('custom mode with User ID allowed fails the audit; back to exempt it passes', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Privacy', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /Privacy/ }).waitFor();

    await saveMode(/^Custom/, true);
    await runAudit();
    expect(await checkStatus('user-id-refused')).toBe('fail');
    expect(await page.getByTestId('audit-overall').locator('[data-status]').getAttribute('data-status')).toBe('fail');
    expect(await page.locator('tr[data-check="user-id-refused"]').textContent()).toContain('allowUserId = true');
    await screenshot(page, 'privacy-audit-fail-desktop');

    await saveMode(/^Exempt from consent/, undefined);
    await runAudit();
    expect(await checkStatus('user-id-refused')).toBe('pass');
    // The opt-out condition is checked for real, through the running server's routes.
    expect(await checkStatus('opt-out')).toBe('pass');
    expect(await page.locator('tr[data-check="opt-out"]').textContent()).toContain("running server's own routes");
    expect(await page.locator('tr[data-check] [data-status="fail"]').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Personal data found in stored data' }).count()).toBe(1);
  });

  it('finds a visitor, exports JSON and CSV, erases after a confirmation; a new search finds nothing', async () => {
    await tabLink('Data subjects (GDPR)').click();
    const find = async (ip: string) => {
      await page.getByLabel('Search by').selectOption('visitIp');
      await page.getByLabel('Value').fill(ip);
      await page.getByRole('button', { name: 'Find', exact: true }).click();
    };
    const status = page.getByTestId('gdpr-status');
    await find('203.0.0.0');
    await expect.poll(() => status.textContent()).toContain('1 visits found.');
    expect(await page.getByRole('checkbox', { name: /^Select visit / }).count()).toBe(1);

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export (JSON)' }).click()]);
    const exported = JSON.parse(readFileSync(await json.path(), 'utf8')) as { url: string; ip: string }[];
    expect(exported.map((r) => r.url).sort()).toEqual(['https://shop.example/', 'https://shop.example/cart']);
    expect(new Set(exported.map((r) => r.ip))).toEqual(new Set(['203.0.0.0']));
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export (CSV)' }).click()]);
    expect(csv.suggestedFilename()).toBe('data-subject-export.csv');
    expect(
      readFileSync(await csv.path(), 'utf8')
        .trim()
        .split(/\r?\n/),
    ).toHaveLength(1 + 2);
    await expect.poll(() => status.textContent()).toContain('Exported 2 rows.');

    await page.getByRole('button', { name: 'Erase…' }).click();
    await page.getByRole('heading', { name: 'Erase 1 visits permanently?' }).waitFor();
    await screenshot(page, 'privacy-erase-confirm-desktop');
    // Cancelling changes nothing.
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('heading', { name: /permanently\?/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Erase…' }).click();
    await page.getByRole('button', { name: 'Erase permanently' }).click();
    await expect.poll(() => status.textContent()).toContain('2 rows erased.');
    await expect.poll(() => status.textContent()).toContain('No visits found.');

    await find('203.0.0.0');
    await expect.poll(() => status.textContent()).toMatch(/^\s*No visits found\.$/);
    await find('198.51.0.0');
    await expect.poll(() => status.textContent()).toContain('1 visits found.');
  });

  it('the audit log shows who changed what, when, with the row counts', async () => {
    await tabLink('Audit log').click();
    const erased = page.locator('tr[data-action="gdpr.erased"]');
    await erased.first().waitFor();
    expect(await erased.locator('td').nth(1).textContent()).toBe('root');
    expect(await erased.locator('td.num').textContent()).toBe('2');
    expect(await page.locator('tr[data-action="gdpr.exported"]').count()).toBe(2);
    expect(await page.locator('tr[data-action="privacy.changed"]').first().textContent()).toContain('custom → exempt');
    await page.getByLabel('Show').selectOption('gdpr.');
    await expect.poll(() => page.locator('tr[data-action="gdpr.exported"]').count()).toBe(2);
    expect(await erased.count()).toBe(1);
    expect(await page.locator('tr[data-action="privacy.changed"]').count()).toBe(0);
  });

  it('the record of processing switches to French and prints without the navigation', async () => {
    await tabLink('Record of processing').click();
    const record = page.getByTestId('processing-record');
    await expect.poll(() => record.textContent()).toContain('Record of processing — audience measurement for Shop');
    await page.getByLabel('Language of the record').selectOption('fr');
    await expect.poll(() => record.textContent()).toContain("Registre de traitement — mesure d'audience de Shop");
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#sidenav').isVisible()).toBe(false);
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Privacy sections' }).isVisible()).toBe(false);
    expect(await record.isVisible()).toBe(true);
    await screenshot(page, 'privacy-record-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('every privacy tab renders at desktop and phone widths with no serious accessibility violation', async () => {
    const serious: string[] = [];
    const tabs: [string, string, string][] = [
      ['mode', 'privacy-mode', 'Save privacy settings'],
      ['audit', 'privacy-audit', 'Run the audit again'],
      ['record', 'privacy-record', 'Print'],
      ['gdpr', 'privacy-gdpr', 'Find'],
      ['log', 'privacy-log', ''],
    ];
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const c = await browser.newContext({
        userAgent: DESKTOP_UA,
        locale: 'en-GB',
        viewport,
        bypassCSP: true,
        storageState: await ctx.storageState(),
      });
      const p = await c.newPage();
      for (const [tab, shot, marker] of tabs) {
        await p.goto(`${server.url}/app/privacy?idSite=${siteId}&tab=${tab}`);
        await p.getByRole('heading', { level: 1, name: /Privacy/ }).waitFor();
        if (marker) await p.getByRole('button', { name: marker, exact: true }).waitFor();
        await p.waitForFunction(`document.querySelectorAll('[role="status"] .spinner').length === 0`, undefined, { timeout: 30_000 });
        await screenshot(p, `${shot}-${name}`);
        for (const v of await axe(p))
          if (v.impact === 'serious' || v.impact === 'critical')
            serious.push(`${tab} @${name}: ${v.id} (${v.help}) ${JSON.stringify(v.nodes.slice(0, 3))}`);
      }
      // Dark theme on the audit, where the status colours matter most.
      await p.goto(`${server.url}/app/privacy?idSite=${siteId}&tab=audit`);
      await p.getByRole('button', { name: /^Theme/ }).click();
      await p.waitForFunction(`document.documentElement.dataset.theme === 'dark'`);
      await p.getByTestId('audit-overall').waitFor({ timeout: 30_000 });
      await screenshot(p, `privacy-audit-dark-${name}`);
      for (const v of await axe(p))
        if (v.impact === 'serious' || v.impact === 'critical')
          serious.push(`dark audit @${name}: ${v.id} ${JSON.stringify(v.nodes.slice(0, 3))}`);
      await p.getByRole('button', { name: /^Theme/ }).click();
      await c.close();
    }
    expect(serious).toEqual([]);
  });
});
