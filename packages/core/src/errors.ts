/**
 * The error catalogue. Every error Sillage reports to a user or a client carries a stable code from
 * this table, so scripts, logs and docs can refer to it; messages may improve, codes never change.
 * `docs/errors.md` lists the same codes and a test keeps the two in step.
 */
export const ERROR_CATALOGUE = {
  // Tracking endpoint (answers follow Matomo: a bad request is a 400 with the GIF or JSON).
  TRACKING_INVALID_SITE: { status: 400, message: 'Invalid idsite: %s' },
  TRACKING_UNKNOWN_SITE: { status: 400, message: 'Unknown site id: %s' },
  TRACKING_INVALID_PARAMETER: { status: 400, message: 'Invalid tracking parameter %s: %s' },
  TRACKING_AUTH_REQUIRED: { status: 400, message: 'Parameter %s requires a valid token_auth with write or admin access to the site' },
  TRACKING_INVALID_BULK: { status: 400, message: 'Invalid bulk request: %s' },
  TRACKING_BODY_TOO_LARGE: { status: 413, message: 'Request body larger than %s bytes' },

  // Reporting API (Matomo shape: HTTP 200 with {"result":"error"} unless a code is given).
  API_UNKNOWN_METHOD: { status: 200, message: "The method '%s' does not exist or is not available in the module '%s'." },
  API_MISSING_PARAMETER: { status: 200, message: "Please specify a value for '%s'." },
  API_INVALID_PARAMETER: { status: 200, message: 'Invalid value for parameter %s: %s' },
  API_NO_ACCESS: { status: 401, message: "You can't access this resource as it requires %s." },
  API_UNKNOWN_SITE: { status: 200, message: 'An unexpected website was found in the request: website id was set to %s.' },
  API_INVALID_PERIOD: {
    status: 200,
    message: "The period '%s' is not supported. Try any of the following instead: day, week, month, year, range",
  },
  API_INVALID_DATE: {
    status: 200,
    message:
      "Date format must be: YYYY-MM-DD, or 'today' or 'yesterday' or any keyword supported by the strtotime function (see http://php.net/strtotime for more information): %s",
  },
  API_INVALID_LOGIN: { status: 401, message: 'The login or the password is not valid.' },
  API_INVALID_SEGMENT: { status: 200, message: "The segment condition '%s' is not valid: %s" },
  API_VISITS_LOG_DISABLED: {
    status: 200,
    message:
      'Visits log is deactivated in website settings. A user with at least admin access can enable this feature in the settings for this website (idSite=%s).',
  },
  API_VISITOR_PROFILE_DISABLED: {
    status: 200,
    message:
      'Visitor profile is deactivated in website settings. A user with at least admin access can enable this feature in the settings for this website (idSite=%s).',
  },
  API_FORMAT_UNSUPPORTED: {
    status: 200,
    message: "Renderer format '%s' not valid. Try any of the following instead: json, xml, csv, tsv.",
  },

  // Stores.
  STORE_UNAVAILABLE: { status: 503, message: 'The %s store is unavailable: %s' },
  STORE_QUERY_FAILED: { status: 500, message: 'The %s store could not run a query: %s' },
  STORE_MIGRATION_FAILED: { status: 500, message: 'Migration %s of the %s store failed: %s' },
  STORE_LOCKED: {
    status: 409,
    message: 'The data directory %s is in use by a running Sillage server (pid %s). Stop it first, or use the HTTP API.',
  },

  // Durable ingest spool.
  SPOOL_CORRUPT: { status: 500, message: 'The spool in %s is corrupt: %s' },
  SPOOL_WRITE_FAILED: { status: 503, message: 'The spool could not write to disk: %s' },
  SPOOL_CLOSED: { status: 503, message: 'The spool is closed' },

  // Administration and CLI.
  SITE_INVALID: { status: 400, message: 'Invalid site: %s' },
  SITE_NOT_FOUND: { status: 404, message: 'No site with id %s' },
  USER_INVALID: { status: 400, message: 'Invalid user: %s' },
  USER_EXISTS: { status: 409, message: 'A user with login %s already exists' },
  USER_NOT_FOUND: { status: 404, message: 'No user with login %s' },
  CONFIG_INVALID: { status: 500, message: 'Invalid configuration %s: %s' },

  // Web sign-in and the JSON APIs under /api/ (dashboard, administration).
  AUTH_REQUIRED: { status: 401, message: 'Sign in first: this requires an authenticated user.' },
  AUTH_FORBIDDEN: { status: 403, message: 'Access denied: this requires %s.' },
  AUTH_CSRF_INVALID: { status: 403, message: 'The request was refused: missing or wrong CSRF token (reload the page).' },
  AUTH_CROSS_ORIGIN: { status: 403, message: 'The request was refused: it came from another origin (%s).' },
  AUTH_INVALID_LOGIN: { status: 401, message: 'The login or the password is not valid.' },
  AUTH_LOCKED: { status: 429, message: 'Too many failed sign-ins: this account is locked for %s more seconds.' },
  AUTH_RATE_LIMITED: { status: 429, message: 'Too many sign-in attempts from this address; try again in %s seconds.' },
  AUTH_TOTP_INVALID: { status: 401, message: 'The two-factor code is not valid.' },
  AUTH_SETUP_DONE: { status: 409, message: 'Sillage is already set up: a super user exists.' },
  TOKEN_NOT_FOUND: { status: 404, message: 'No API token with id %s' },
  SEGMENT_NOT_FOUND: { status: 404, message: 'No saved segment with id %s that you may change' },
  REQUEST_INVALID: { status: 400, message: 'Invalid request: %s' },

  // Opt-out pages (index.php?module=CoreAdminHome&action=optOut|optOutJS).
  OPTOUT_PARAMETER_INVALID: { status: 400, message: 'Invalid opt-out parameter %s: %s' },
  OPTOUT_NONCE_INVALID: { status: 403, message: 'The opt-out change was refused (%s): reload the opt-out page and try again.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error from the catalogue. `args` fill the `%s` placeholders of the message in order. */
export class SillageError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly args: readonly string[];

  constructor(code: ErrorCode, args: readonly (string | number)[] = [], options?: { cause?: unknown }) {
    const entry = ERROR_CATALOGUE[code];
    const strs = args.map(String);
    let i = 0;
    super(
      entry.message.replace(/%s/g, () => strs[i++] ?? ''),
      options,
    );
    this.name = 'SillageError';
    this.code = code;
    this.status = entry.status;
    this.args = strs;
  }
}

export function isSillageError(err: unknown, code?: ErrorCode): err is SillageError {
  return err instanceof SillageError && (code === undefined || err.code === code);
}
