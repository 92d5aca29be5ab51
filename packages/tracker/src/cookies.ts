/** First-party cookie access. Nothing here runs unless a command asked for cookies or consent state. */

export interface CookieOptions {
  domain?: string;
  path: string;
  sameSite: string;
  secure?: boolean;
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split('; ')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1));
  }
  return undefined;
}

/** Writes (ttlMs > 0) or deletes (ttlMs < 0) a cookie; SameSite=None always goes with Secure, as browsers require. */
export function writeCookie(name: string, value: string, ttlMs: number, o: CookieOptions): void {
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is asynchronous and missing from Firefox and Safari
  document.cookie = `${name}=${encodeURIComponent(value)}; expires=${new Date(Date.now() + ttlMs).toUTCString()}; path=${o.path}${
    o.domain ? `; domain=${o.domain}` : ''
  }; SameSite=${o.sameSite}${o.secure || /none/i.test(o.sameSite) ? '; Secure' : ''}`;
}
