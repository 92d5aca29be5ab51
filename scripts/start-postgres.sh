#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server for tests of the metadata store and prints its URL.
#
#   scripts/start-postgres.sh [PORT]      (default 55432)
#
# Runs as root (as CI and the dev machines do): PostgreSQL refuses to run as root, so the cluster is
# owned by and run as the `postgres` system user through runuser. Listens on 127.0.0.1 only, keeps its
# Unix socket inside its own directory (so it needs no /var/run/postgresql), trusts local connections.
# Only the URL goes to stdout, so callers can do: export TEST_DATABASE_URL=$(scripts/start-postgres.sh)
set -euo pipefail

PORT="${1:-55432}"
BASE="${TMPDIR:-/tmp}/sillage-pg-$PORT"
DATA="$BASE/data"
LOG="$BASE/postgres.log"

log() { echo "start-postgres: $*" >&2; }

find_bin_dir() {
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    echo /usr/lib/postgresql/15/bin
  elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (it runs the server as the postgres user via runuser)"
  exit 1
fi

BIN="$(find_bin_dir)"
if [ -z "$BIN" ]; then
  # Fresh CI machines may lack the package; the index may be stale or empty, so update first.
  log "PostgreSQL 15 binaries not found; installing postgresql-15"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql-15 >&2
  BIN="$(find_bin_dir)"
  [ -n "$BIN" ] || { log "postgresql-15 installed but initdb not found"; exit 1; }
fi
id postgres >/dev/null 2>&1 || { log "no postgres system user"; exit 1; }

# A server already running on this port from an earlier call: stop it, so every run starts clean.
if [ -f "$DATA/postmaster.pid" ]; then
  log "stopping the previous server in $DATA"
  runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >&2 || true
fi
rm -rf "$BASE"
mkdir -p "$BASE"
chown postgres:postgres "$BASE"
chmod 700 "$BASE"

runuser -u postgres -- "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 ||
  { cat "$BASE/initdb.log" >&2; exit 1; }

runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $BASE" start >&2 ||
  { cat "$LOG" >&2; exit 1; }

# pg_ctl -w already waited for startup; pg_isready confirms the TCP listener before we hand out the URL.
for _ in $(seq 1 50); do
  if runuser -u postgres -- "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.1
done
runuser -u postgres -- "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" || { log "server not ready"; cat "$LOG" >&2; exit 1; }

runuser -u postgres -- "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres sillage_test >&2

echo "postgres://postgres@127.0.0.1:$PORT/sillage_test"
