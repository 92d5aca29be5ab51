/**
 * Web sign-in: browser sessions and each user's sign-in security state (two-factor, lock-out, language).
 * Session ids and recovery codes are stored as SHA-256 hashes only: a leaked database gives no way in.
 * The TOTP secret must stay readable (the server computes the codes), so it is stored as given.
 */
export const id = '002_sessions_security';

export const sql = `
CREATE TABLE sessions (
  id_hash      text PRIMARY KEY,
  login        text NOT NULL REFERENCES users (login) ON DELETE CASCADE,
  -- 'totp': password accepted, second factor still due; such a session grants nothing.
  stage        text NOT NULL DEFAULT 'full' CHECK (stage IN ('full', 'totp')),
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_login_idx ON sessions (login);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE user_security (
  login                 text PRIMARY KEY REFERENCES users (login) ON DELETE CASCADE,
  totp_secret           text,
  totp_enabled          boolean NOT NULL DEFAULT false,
  recovery_code_hashes  text[] NOT NULL DEFAULT '{}',
  failed_logins         integer NOT NULL DEFAULT 0,
  locked_until          timestamptz,
  language              text NOT NULL DEFAULT ''
);
`;
