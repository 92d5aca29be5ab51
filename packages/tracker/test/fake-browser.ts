import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/**
 * The built tracker, run in a Node vm with just enough of a browser around it: location, document
 * (cookie jar, title, referrer), navigator.sendBeacon (captured), screen, history, timers. Enough to
 * check, command by command, the parameters the tracker sends — the browser tests cover the rest.
 */

/** Builds the script exactly as `npm run build` does (build.mjs), into a temporary file. */
export function buildTracker(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sillage-tracker-build-'));
  try {
    const out = join(dir, 'tracker.min.js');
    execFileSync(process.execPath, [fileURLToPath(new URL('../build.mjs', import.meta.url))], {
      env: { ...process.env, TRACKER_OUTFILE: out },
    });
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Sent {
  readonly url: string;
  readonly body: string;
}

export interface FakeBrowserOptions {
  readonly href?: string;
  readonly referrer?: string;
  readonly title?: string;
  readonly cookie?: string;
  readonly doNotTrack?: string;
}

export class FakeBrowser {
  readonly sent: Sent[] = [];
  readonly warnings: unknown[][] = [];
  readonly cookies = new Map<string, { value: string; raw: string }>();
  private readonly listeners = new Map<string, ((e: unknown) => void)[]>();
  private readonly timers: (() => void)[] = [];
  private readonly pendingBodies: Promise<void>[] = [];
  readonly window: Record<string, unknown>;
  private now = Date.UTC(2026, 0, 15, 10, 20, 30);

  constructor(o: FakeBrowserOptions = {}) {
    for (const part of (o.cookie ?? '').split('; ').filter(Boolean)) this.setCookie(part);
    const self = this;
    const location = new URL(o.href ?? 'https://shop.example/products/mug?color=blue');
    const document = {
      title: o.title ?? 'Blue mug',
      referrer: o.referrer ?? '',
      hidden: false,
      visibilityState: 'visible',
      get cookie() {
        return [...self.cookies].map(([k, v]) => `${k}=${v.value}`).join('; ');
      },
      set cookie(line: string) {
        self.setCookie(line);
      },
      querySelectorAll: () => [],
    };
    const FakeDate = class extends Date {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(self.now);
        else super(...(args as [number]));
      }
      static override now() {
        return self.now;
      }
    };
    const win: Record<string, unknown> = {
      location,
      document,
      navigator: {
        cookieEnabled: true,
        doNotTrack: o.doNotTrack,
        // Like the real one, takes a string or a Blob (read asynchronously) as the body.
        sendBeacon: (url: string, data?: Blob | string) => {
          const entry = { url, body: '' };
          this.sent.push(entry);
          if (typeof data === 'string') entry.body = data;
          else if (data)
            this.pendingBodies.push(
              data.text().then((t) => {
                entry.body = t;
              }),
            );
          return true;
        },
      },
      screen: { width: 1920, height: 1080 },
      history: { pushState() {} },
      // Navigation Timing level 1 as a loaded page has it (epoch milliseconds; 0 for what has not happened).
      performance: {
        timing: {
          fetchStart: 1_000,
          connectEnd: 1_030,
          requestStart: 1_040,
          responseStart: 1_100,
          responseEnd: 1_120.4,
          domInteractive: 1_300,
          domComplete: 1_500,
          loadEventStart: 0,
          loadEventEnd: 0,
        },
      },
      crypto: webcrypto,
      console: { warn: (...a: unknown[]) => this.warnings.push(a), error: (...a: unknown[]) => this.warnings.push(a), log() {} },
      Date: FakeDate,
      Blob,
      URL,
      URLSearchParams,
      TextEncoder,
      setTimeout: (fn: () => void) => this.timers.push(fn),
      clearTimeout: () => {},
      addEventListener: (type: string, fn: (e: unknown) => void) => {
        const list = this.listeners.get(type) ?? [];
        if (!list.includes(fn)) list.push(fn);
        this.listeners.set(type, list);
      },
      fetch: () => Promise.reject(new Error('no network')),
    };
    win['window'] = win;
    this.window = win;
    vm.createContext(win);
  }

  private setCookie(line: string): void {
    const [pair, ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const expires = attrs.find((a) => a.toLowerCase().startsWith('expires='));
    const maxAge = attrs.find((a) => a.toLowerCase().startsWith('max-age='));
    if ((expires && Date.parse(expires.slice(8)) <= this.now) || (maxAge && Number(maxAge.slice(8)) <= 0)) this.cookies.delete(name);
    else this.cookies.set(name, { value: pair!.slice(eq + 1), raw: line });
  }

  run(script: string): this {
    vm.runInContext(script, this.window);
    return this;
  }

  push(...commands: unknown[][]): this {
    (this.window['_paq'] as { push: (...c: unknown[]) => void }).push(...commands);
    return this;
  }

  advance(ms: number): this {
    this.now += ms;
    return this;
  }

  fire(type: string): this {
    for (const fn of this.listeners.get(type) ?? []) fn({ type });
    return this;
  }

  /** Runs pending timers and promise callbacks (the tracker's batching and its async cookie names). */
  async settle(): Promise<this> {
    // Real milliseconds, not just ticks: crypto.subtle.digest (cookie names) resolves from the thread pool.
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 1));
      for (const fn of this.timers.splice(0)) fn();
    }
    await Promise.all(this.pendingBodies);
    return this;
  }

  /** Every tracking request sent so far, as parameter maps (bulk bodies unpacked). */
  async requests(): Promise<Record<string, string>[]> {
    await this.settle();
    const out: Record<string, string>[] = [];
    for (const s of this.sent) {
      if (s.body.startsWith('{')) {
        for (const q of (JSON.parse(s.body) as { requests: string[] }).requests)
          out.push(Object.fromEntries(new URLSearchParams(q.slice(1))));
      } else {
        out.push(Object.fromEntries(new URLSearchParams(s.body || s.url.split('?')[1])));
      }
    }
    return out;
  }
}
