#!/usr/bin/env bash
# Stops the server started by scripts/start-postgres.sh [PORT] and removes its directory.
set -euo pipefail

PORT="${1:-55432}"
BASE="${TMPDIR:-/tmp}/sillage-pg-$PORT"
DATA="$BASE/data"

if [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
  PG_CTL=/usr/lib/postgresql/15/bin/pg_ctl
else
  PG_CTL="$(command -v pg_ctl || true)"
fi

if [ -f "$DATA/postmaster.pid" ] && [ -n "$PG_CTL" ]; then
  runuser -u postgres -- "$PG_CTL" -D "$DATA" -m fast -w stop >&2
fi
rm -rf "$BASE"
