#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 on 127.0.0.1 for the store tests and prints its URL.
# Usage: eval "$(bash scripts/pg-test-server.sh start DIR)"; ...; bash scripts/pg-test-server.sh stop DIR
set -euo pipefail
cmd=$1
dir=$2
bin=/usr/lib/postgresql/15/bin
# The first free port from 55432 up (another PostgreSQL may already be listening there).
port=${BANGFU_PG_PORT:-}
if [ -z "$port" ]; then
  for p in $(seq 55432 55532); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then port=$p; break; fi
  done
fi
case $cmd in
  start)
    rm -rf "$dir" && mkdir -p "$dir"
    chown postgres "$dir" 2>/dev/null || true
    as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    as_pg "$bin/initdb" -D "$dir/data" -U bangfu --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    echo "$port" > "$dir/port"
    echo "export BANGFU_TEST_PG_URL=postgresql://bangfu@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
      else "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true; fi
    fi
    ;;
esac
