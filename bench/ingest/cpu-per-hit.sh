#!/usr/bin/env bash
# CPU time per acknowledged hit, for the server process and for its event engine, from /proc. Unlike
# requests/s this hardly depends on what else the machine is doing. Usage: bash bench/ingest/cpu-per-hit.sh [seconds]
# (needs wrk and a build: npm run build).
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
export SILLAGE_DATA_DIR="$DIR" LOG_LEVEL=warn PORT=8097
node packages/cli/bin/sillage.js site add --name B --url https://bench.example >/dev/null
# As `npm start` and the sillage command run it (packages/cli/bin/sillage.js).
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} node --max-semi-space-size=32 packages/cli/dist/bin.js serve > "$DIR"/log 2>&1 &
SP=$!
for i in $(seq 1 60); do curl -s -o /dev/null localhost:8097/healthz && break; sleep 0.5; done
sleep 2
EP=$(cat "$DIR"/events/engine.pid)
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
# The HTTP thread alone (its task id is the process id); the shipper's worker thread is the rest.
main() { awk '{print $14+$15}' /proc/$SP/task/$SP/stat; }
s0=$(cpu $SP); e0=$(cpu $EP); m0=$(main)
out=$(BENCH_SITE=1 wrk -t1 -c50 -d${1:-10}s -s bench/ingest/hits.lua http://127.0.0.1:8097)
# let the shipper finish
for i in $(seq 1 60); do h=$(curl -s localhost:8097/healthz); echo "$h" | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["spool"]["shippedSeq"]>=d["spool"]["lastSeq"] else 1)' && break; sleep 0.5; done
s1=$(cpu $SP); e1=$(cpu $EP); m1=$(main)
n=$(echo "$out" | grep -oE '[0-9]+ requests in' | grep -oE '^[0-9]+')
echo "$out" | grep -E "Requests/sec|Latency"
tck=$(getconf CLK_TCK)
python3 -c "n=$n; print(f'requests {n}; server CPU {($s1-$s0)/$tck:.1f}s = {($s1-$s0)/$tck/n*1e6:.0f} us/hit (HTTP thread {($m1-$m0)/$tck/n*1e6:.0f}); engine CPU {($e1-$e0)/$tck:.1f}s = {($e1-$e0)/$tck/n*1e6:.0f} us/hit')"
kill -TERM $SP; wait $SP 2>/dev/null
