// Tracker figures: gzipped size, parse+execute time in Chromium (median of fresh pages), and the
// requests one page view with the heartbeat produces over 5 minutes (Playwright's fake clock).
// Usage: npm run build -w packages/tracker && node packages/tracker/bench/measure.mjs [runs]
// TRACKER_FILE measures another build (e.g. an older one, for a before/after comparison).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const script = readFileSync(process.env.TRACKER_FILE || new URL('../dist/tracker.min.js', import.meta.url), 'utf8');
const runs = Number(process.argv[2] ?? 41);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const queue = `var _paq = window._paq = [['trackPageView'], ['enableLinkTracking'], ['enableHeartBeatTimer'],
  ['setTrackerUrl', location.origin + '/matomo.php'], ['setSiteId', '1']];`;
const pages = {
  '/parse': `<!doctype html><title>t</title><script>${queue} window.__t0 = performance.now();</script><script>${script}</script><script>window.__t1 = performance.now();</script>`,
  '/heartbeat': `<!doctype html><title>t</title><script>${queue}</script><script>${script}</script>`,
};
const site = createServer((req, res) => {
  if (req.url.startsWith('/matomo.php')) return res.writeHead(204).end();
  res.writeHead(200, { 'content-type': 'text/html' }).end(pages[req.url] ?? '');
});
await new Promise((r) => site.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${site.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
try {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/parse`);
    times.push(await page.evaluate(() => window.__t1 - window.__t0));
    await context.close();
  }

  // A reader who stays 5 minutes and switches to another tab for 5 s every minute.
  const context = await browser.newContext();
  const page = await context.newPage();
  let requests = 0;
  page.on('request', (r) => {
    if (r.url().includes('/matomo.php')) requests += r.postData()?.startsWith('{') ? JSON.parse(r.postData()).requests.length : 1;
  });
  await page.clock.install();
  await page.goto(`${origin}/heartbeat`);
  for (let minute = 1; minute <= 5; minute++) {
    await page.clock.runFor(55_000);
    await page.evaluate(() => window.dispatchEvent(new Event('blur')));
    await page.clock.runFor(5_000);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  }
  await page.waitForTimeout(500);
  await context.close();

  console.log(
    JSON.stringify(
      {
        bytes: Buffer.byteLength(script),
        gzipBytes: gzipSync(script, { level: 9 }).length,
        parseExecuteMs: {
          median: Number(median(times).toFixed(2)),
          min: Number(Math.min(...times).toFixed(2)),
          max: Number(Math.max(...times).toFixed(2)),
          runs,
        },
        requestsIn5MinutesWithHeartbeat: requests,
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  site.close();
}
