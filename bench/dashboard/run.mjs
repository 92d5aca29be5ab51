#!/usr/bin/env node
/**
 * Dashboard benchmark: time to first render of the overview in Chromium, on the 10-million-event
 * dataset of bench/generate, through the real server (packages/cli `sillage serve`) and the production
 * build of packages/web.
 *
 * Works on a COPY of the dataset (`cp -a` into a temp dir; ./data-bench is never written), creates a
 * super user and site 1 (the generator's site 1 is Europe/Paris), signs in in Chromium, then opens
 * /app/site/<site>/overview?period=range&date=<last 30 days> and measures, in the page, navigation start
 * → the visits total and the evolution chart both on screen (`[data-kpi="nb_visits"] .kpi-value` with a
 * number, and the uPlot canvas of `.chart`). Runs: the first load after the server start (engine cold),
 * one warm-up, --runs warm loads (median), and one load right after a server restart. Also reports the
 * production bundle (gzipped JS/CSS, initial and lazy chunks).
 *
 *   npx tsc -b && npm run build -w packages/web
 *   node bench/dashboard/run.mjs --data-dir ./data-bench --site 1 --end 2026-11-22 [--runs 5]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: './data-bench' },
    site: { type: 'string', default: '1' },
    timezone: { type: 'string', default: 'Europe/Paris' },
    end: { type: 'string', default: '2026-11-22' },
    days: { type: 'string', default: '30' },
    runs: { type: 'string', default: '5' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    'engine-memory-mb': { type: 'string', default: '2048' },
    keep: { type: 'boolean', default: false },
  },
});

const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const start = addDays(args.end, -(Number(args.days) - 1));
const LOGIN = 'bench';
const PASSWORD = 'bench password 1';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

// ───────────── bundle sizes ─────────────
function bundle() {
  const dist = join(ROOT, 'packages/web/dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = readdirSync(join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f));
  const rows = files.map((f) => {
    const buf = readFileSync(join(dist, 'assets', f));
    return { file: f, initial: html.includes(`/assets/${f}`), bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  });
  const sum = (pred) => rows.filter(pred).reduce((s, r) => s + r.gzip, 0);
  return {
    files: rows.sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip),
    initialJsGzip: sum((r) => r.initial && r.file.endsWith('.js')),
    initialCssGzip: sum((r) => r.initial && r.file.endsWith('.css')),
    lazyJsGzip: sum((r) => !r.initial && r.file.endsWith('.js')),
    lazyCssGzip: sum((r) => !r.initial && r.file.endsWith('.css')),
  };
}

// ───────────── server ─────────────
function startServer(dataDir) {
  const proc = spawn(process.execPath, [join(ROOT, 'packages/cli/bin/sillage.js'), 'serve'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      SILLAGE_DATA_DIR: dataDir,
      SILLAGE_ENGINE_MEMORY_MB: args['engine-memory-mb'],
      SILLAGE_SUPERUSER_LOGIN: LOGIN,
      SILLAGE_SUPERUSER_PASSWORD: PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  const exited = new Promise((r) => proc.on('exit', r));
  const url = new Promise((resolveUrl, reject) => {
    const onLine = (line) => {
      logs.push(line);
      try {
        const e = JSON.parse(line);
        if (e.msg === 'sillage listening' && e.url) resolveUrl(e.url);
      } catch {}
    };
    createInterface({ input: proc.stdout }).on('line', onLine);
    createInterface({ input: proc.stderr }).on('line', onLine);
    exited.then((code) => reject(new Error(`server exited (${code}):\n${logs.slice(-20).join('\n')}`)));
  });
  const stop = () => {
    proc.kill('SIGTERM');
    return exited;
  };
  return { url, stop, pid: proc.pid };
}

async function serve(dataDir) {
  const s = startServer(dataDir);
  return { ...s, url: await s.url };
}

async function json(url, method, path, body, cookie, csrf) {
  const res = await fetch(url + path, {
    method,
    headers: {
      'user-agent': UA,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(cookie ? { cookie } : {}),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json(), cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

// ───────────── measurement ─────────────
/** Runs in the page: the time since navigation start once the total and the chart are on screen. */
function ready() {
  const v = document.querySelector('[data-kpi="nb_visits"] .kpi-value');
  const chart = document.querySelector('.chart canvas');
  return v && /\d/.test(v.textContent) && chart && chart.width > 0 ? performance.now() : false;
}

async function firstRender(context, pageUrl) {
  const page = await context.newPage();
  try {
    await page.goto(pageUrl, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(ready, undefined, { polling: 'raf', timeout: 300_000 });
    const ms = await handle.jsonValue();
    const visits = (await page.locator('[data-kpi="nb_visits"] .kpi-value').textContent())?.trim();
    return { ms: Math.round(ms), visits };
  } finally {
    await page.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};

const tmp = mkdtempSync(join(tmpdir(), 'sillage-bench-dashboard-'));
const dataDir = join(tmp, 'data');
const result = { site: Number(args.site), start, end: args.end, runs: Number(args.runs), bundle: bundle() };
let server;
let browser;
try {
  const t0 = performance.now();
  const cp = spawnSync('cp', ['-a', resolve(args['data-dir']), dataDir], { stdio: 'inherit' });
  if (cp.status !== 0) throw new Error('copy of the dataset failed');
  console.log(`copied ${args['data-dir']} → ${dataDir} in ${Math.round(performance.now() - t0)} ms`);

  server = await serve(dataDir);
  const login = await json(server.url, 'POST', '/api/login', { login: LOGIN, password: PASSWORD });
  if (login.status !== 200) throw new Error(`login: ${JSON.stringify(login.body)}`);
  const cookie = login.cookie;
  const site = await json(
    server.url,
    'POST',
    '/api/admin/sites',
    { name: 'Bench site 1', urls: ['https://site1.example'], timezone: args.timezone },
    cookie,
    login.body.csrfToken,
  );
  if (site.body.site?.id !== Number(args.site)) throw new Error(`site: ${JSON.stringify(site.body)}`);

  browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const newContext = async (url) => {
    const ctx = await browser.newContext({ userAgent: UA, viewport: { width: 1366, height: 900 } });
    const [name, value] = cookie.split('=');
    await ctx.addCookies([{ name, value, url }]);
    return ctx;
  };
  const path = `/app/site/${args.site}/overview?period=range&date=${start},${args.end}`;

  let ctx = await newContext(server.url);
  result.firstAfterStart = await firstRender(ctx, server.url + path);
  console.log(`first load after server start: ${result.firstAfterStart.ms} ms (visits ${result.firstAfterStart.visits})`);
  await firstRender(ctx, server.url + path); // warm-up
  const warm = [];
  for (let i = 0; i < Number(args.runs); i++) warm.push((await firstRender(ctx, server.url + path)).ms);
  result.warmMs = warm;
  result.warmMedianMs = median(warm);
  console.log(`warm: ${warm.join(', ')} ms → median ${result.warmMedianMs} ms`);
  await ctx.close();

  // After a restart: a new server process and a new engine (the OS page cache stays warm).
  await server.stop();
  server = await serve(dataDir);
  ctx = await newContext(server.url);
  result.afterRestart = await firstRender(ctx, server.url + path);
  console.log(`after a server restart: ${result.afterRestart.ms} ms`);
  await ctx.close();

  const b = result.bundle;
  console.log(
    `bundle (gzip): initial JS ${b.initialJsGzip} B, initial CSS ${b.initialCssGzip} B, lazy JS ${b.lazyJsGzip} B, lazy CSS ${b.lazyCssGzip} B`,
  );
  for (const f of b.files)
    console.log(
      `  ${f.initial ? 'initial' : 'lazy   '} ${f.file.padEnd(32)} ${String(f.bytes).padStart(8)} B  gzip ${String(f.gzip).padStart(7)} B`,
    );
  const out = join(ROOT, 'bench/results', `dashboard-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify(result, null, 2));
  console.log(`→ ${out}`);
} finally {
  await browser?.close();
  await server?.stop();
  if (!args.keep) rmSync(tmp, { recursive: true, force: true });
  else console.log(`kept ${tmp} (${statSync(tmp).isDirectory() ? 'dir' : ''})`);
}
