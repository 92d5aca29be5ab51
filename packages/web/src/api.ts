/**
 * The dashboard's two doors to the server: its own JSON API (/api/…, session cookie + CSRF header) and
 * Matomo's Reporting API (/index.php?module=API), called with the browser session the way Matomo's own
 * UI does: force_api_session=1 and token_auth = the session's CSRF token.
 */
let csrfToken = '';

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? '';
}

export function getCsrfToken(): string {
  return csrfToken;
}

/** An error the server explained: its words are shown to the user as they are. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export async function json<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError('The server cannot be reached. Check your connection and try again.', 0, 'NETWORK');
  }
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(String(data['message'] ?? `HTTP ${res.status}`), res.status, String(data['error'] ?? 'HTTP'));
  if (typeof data['csrfToken'] === 'string') csrfToken = data['csrfToken'];
  return data as T;
}

export type ReportParams = Record<string, string | number | undefined>;

function apiQuery(method: string, params: ReportParams, format: string): URLSearchParams {
  const q = new URLSearchParams({ module: 'API', method, format });
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  return q;
}

/** Calls a Reporting API method; Matomo's {"result":"error"} answers become ApiError. */
export async function report<T = unknown>(method: string, params: ReportParams): Promise<T> {
  const body = new URLSearchParams({ token_auth: csrfToken, force_api_session: '1' });
  let res: Response;
  try {
    res = await fetch(`/index.php?${apiQuery(method, params, 'json')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('The server cannot be reached. Check your connection and try again.', 0, 'NETWORK');
  }
  const data = (await res.json().catch(() => null)) as unknown;
  if (data !== null && typeof data === 'object' && (data as Record<string, unknown>)['result'] === 'error') {
    throw new ApiError(String((data as Record<string, unknown>)['message']), res.status, 'API');
  }
  if (!res.ok) throw new ApiError(`HTTP ${res.status}`, res.status, 'HTTP');
  return data as T;
}

/** A download link for a report in CSV, TSV or JSON, authenticated by the session (opened in a new tab). */
export function exportUrl(method: string, params: ReportParams, format: 'csv' | 'tsv' | 'json'): string {
  const q = apiQuery(method, { ...params, filter_limit: -1 }, format);
  q.set('force_api_session', '1');
  q.set('token_auth', csrfToken);
  return `/index.php?${q}`;
}
