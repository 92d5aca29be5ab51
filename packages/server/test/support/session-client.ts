/**
 * A tiny browser stand-in for the JSON API: keeps the session cookie, sends the CSRF token on
 * state-changing requests and a browser User-Agent, and answers status + parsed JSON.
 */
export class SessionClient {
  cookie = '';
  csrf = '';

  constructor(readonly base: string) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: string | null; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const headers: Record<string, string> = {
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36',
      ...options.headers,
    };
    if (this.cookie) headers['cookie'] = this.cookie;
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = pair!.endsWith('=') ? '' : pair!;
    }
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { text };
    }
    if (typeof parsed['csrfToken'] === 'string') this.csrf = parsed['csrfToken'];
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async login(login: string, password: string) {
    return this.call('POST', '/api/login', { login, password });
  }
}
