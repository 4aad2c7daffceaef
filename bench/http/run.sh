#!/usr/bin/env bash
# HTTP benchmark (issue 2): wrk against `bangfu serve` on SQLite, 127.0.0.1 only.
# Prints requests/s and p99 for GET /healthz and an authenticated GET /api/v1/me at 64
# connections, and the server's resident memory at rest. Stops by itself.
# Usage: bash bench/http/run.sh [SECONDS]   (needs build/bangfu and wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
BIN=build/bangfu
DATA=$(mktemp -d /tmp/bangfu-bench.XXXXXX)
LOG=$DATA/server.log
$BIN serve --demo --data "$DATA" --listen 127.0.0.1:0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 600); do
  URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$LOG" | head -1 || true)
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { echo "server did not start"; cat "$LOG"; exit 1; }
sleep 1
RSS_REST=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)

COOKIE=$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
  -d '{"username":"qu_admin","password":"bangfu-demo"}' "$URL/api/v1/session" |
  grep -i '^set-cookie:' | sed -E 's/^[Ss]et-[Cc]ookie: *(bangfu_session=[0-9a-f]+).*/\1/')
[ -n "$COOKIE" ] || { echo "sign-in failed"; exit 1; }

run() {  # run NAME PATH [HEADER]
  local name=$1 path=$2
  shift 2
  local out
  out=$(wrk -t2 -c64 -d"${DURATION}s" --latency "$@" "$URL$path")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local errors
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  printf '| %-32s | %12s | %10s | %s\n' "$name" "$rps" "$p99" "${errors:-}"
}

echo "bangfu HTTP benchmark: wrk -t2 -c64 -d${DURATION}s, $(nproc) cores, SQLite"
printf '| %-32s | %12s | %10s |\n' "request" "requests/s" "p99"
printf '|%s|%s|%s|\n' "----------------------------------" "--------------" "------------"
run "GET /healthz" /healthz
run "GET /api/v1/me (authenticated)" /api/v1/me -H "Cookie: $COOKIE"
RSS_AFTER=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
echo
echo "server memory at rest: $((RSS_REST / 1024)) MB (after the load: $((RSS_AFTER / 1024)) MB)"
