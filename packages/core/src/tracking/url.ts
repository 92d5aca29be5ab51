/**
 * Minimal, lossless URL surgery for stored page URLs. Deliberately string-based: WHATWG `URL` would
 * re-encode paths, punycode hosts and reorder nothing we asked for, and the stored URL must stay what
 * the page sent minus the parameters we remove.
 */

export interface UrlParts {
  /** Everything before `?` (or before `#` when there is no query). */
  readonly base: string;
  /** Query without the leading `?`; undefined when the URL has no `?`. */
  readonly query: string | undefined;
  /** Fragment without the leading `#`; undefined when the URL has no `#`. */
  readonly fragment: string | undefined;
}

export function splitUrl(url: string): UrlParts {
  const hash = url.indexOf('#');
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? undefined : url.slice(hash + 1);
  const mark = beforeHash.indexOf('?');
  return {
    base: mark === -1 ? beforeHash : beforeHash.slice(0, mark),
    query: mark === -1 ? undefined : beforeHash.slice(mark + 1),
    fragment,
  };
}

/** Decodes a query component; `+` is a space; malformed escapes are kept as written. */
export function decodeQueryComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

export interface QueryPair {
  /** The `name=value` segment exactly as written. */
  readonly raw: string;
  readonly name: string;
  readonly value: string;
}

/** Splits a query string into decoded pairs, keeping each raw segment for lossless re-assembly. */
export function parseQuery(query: string): QueryPair[] {
  return query
    .split('&')
    .filter((segment) => segment !== '')
    .map((raw) => {
      const eq = raw.indexOf('=');
      const name = decodeQueryComponent(eq === -1 ? raw : raw.slice(0, eq));
      const value = eq === -1 ? '' : decodeQueryComponent(raw.slice(eq + 1));
      return { raw, name, value };
    });
}
