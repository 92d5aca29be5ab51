/**
 * Saved segments: the dashboard's named segment definitions, kept per user and per site on the server
 * (they used to live in one browser's localStorage). `shared` makes one visible to every user who can
 * view the site; only its owner (or a super user) changes or deletes it.
 */
export const id = '003_saved_segments';

export const sql = `
CREATE TABLE saved_segments (
  id          serial PRIMARY KEY,
  login       text NOT NULL REFERENCES users (login) ON DELETE CASCADE,
  site_id     integer NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (name <> ''),
  definition  text NOT NULL CHECK (definition <> ''),
  shared      boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  -- Saving under an existing name replaces that segment (the dashboard's "save" is by name).
  UNIQUE (login, site_id, name)
);
CREATE INDEX saved_segments_site_idx ON saved_segments (site_id);
`;
