/**
 * The first metadata schema. PostgreSQL 15 syntax (the server we test on) that PGlite (Postgres 18) also runs.
 * `sites.hosts` is derived from `urls` by the application (normalised hosts, see site-hosts.ts) so that
 * the tracker's host lookup is an indexed array match instead of URL parsing in SQL.
 */
export const id = '001_initial';

export const sql = `
CREATE TABLE sites (
  id                         serial PRIMARY KEY,
  name                       text NOT NULL CHECK (name <> ''),
  urls                       text[] NOT NULL CHECK (cardinality(urls) >= 1),
  hosts                      text[] NOT NULL DEFAULT '{}',
  timezone                   text NOT NULL DEFAULT 'UTC',
  currency                   text NOT NULL DEFAULT 'EUR',
  excluded_ips               text[] NOT NULL DEFAULT '{}',
  excluded_user_agents       text[] NOT NULL DEFAULT '{}',
  excluded_parameters        text[] NOT NULL DEFAULT '{}',
  site_search                boolean NOT NULL DEFAULT true,
  search_keyword_parameters  text[] NOT NULL DEFAULT '{}',
  search_category_parameters text[] NOT NULL DEFAULT '{}',
  keep_url_fragment          boolean NOT NULL DEFAULT false,
  exclude_unknown_urls       boolean NOT NULL DEFAULT false,
  ecommerce                  boolean NOT NULL DEFAULT false,
  privacy_mode               text NOT NULL DEFAULT 'exempt' CHECK (privacy_mode IN ('exempt', 'consented', 'custom')),
  privacy                    jsonb NOT NULL DEFAULT '{}',
  created_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sites_hosts_idx ON sites USING gin (hosts);

CREATE TABLE users (
  login         text PRIMARY KEY CHECK (login <> ''),
  email         text NOT NULL DEFAULT '',
  password_hash text NOT NULL,
  superuser     boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tokens (
  id           serial PRIMARY KEY,
  login        text NOT NULL REFERENCES users (login) ON DELETE CASCADE,
  hash         text NOT NULL UNIQUE,
  description  text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX tokens_login_idx ON tokens (login);

CREATE TABLE access (
  login   text NOT NULL REFERENCES users (login) ON DELETE CASCADE,
  site_id integer NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  role    text NOT NULL CHECK (role IN ('view', 'write', 'admin')),
  PRIMARY KEY (login, site_id)
);
CREATE INDEX access_site_idx ON access (site_id);

CREATE TABLE settings (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);

-- No foreign key to sites: salts are read on the tracking hot path and purged by age, not by site.
CREATE TABLE salts (
  site_id    integer NOT NULL,
  day        text NOT NULL CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  salt       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, day)
);
CREATE INDEX salts_created_at_idx ON salts (created_at);

CREATE TABLE audit_log (
  id      bigserial PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT now(),
  actor   text NOT NULL,
  action  text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_action_at_idx ON audit_log (action, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);
`;
