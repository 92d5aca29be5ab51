/**
 * Host normalisation for matching a hit's URL to a site: lower case (the URL parser also turns IDNs
 * into punycode), no port, no scheme, no leading "www.". Returns undefined when nothing host-like is left.
 */
export function normalizeHost(hostOrUrl: string): string | undefined {
  const text = hostOrUrl.trim();
  if (text === '') return undefined;
  let hostname: string;
  try {
    hostname = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).hostname;
  } catch {
    return undefined;
  }
  const host = hostname.toLowerCase().replace(/^www\./, '');
  return host === '' ? undefined : host;
}

/** The distinct normalised hosts of a site's URLs, stored beside them for indexed lookup. */
export function hostsOf(urls: readonly string[]): string[] {
  const hosts = new Set<string>();
  for (const url of urls) {
    const host = normalizeHost(url);
    if (host) hosts.add(host);
  }
  return [...hosts];
}
