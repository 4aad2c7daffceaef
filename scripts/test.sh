#!/usr/bin/env bash
# Installs everything, builds once, and runs every test: unit tests and fuzz smoke runs
# (ctest; the store tests also against a throw-away PostgreSQL), API tests against the real
# server over HTTP, and the browser tests in Debian's Chromium.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh || exit 1
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} bash scripts/build.sh || exit 1

PG_DIR=$(mktemp -d /tmp/bangfu-pg.XXXXXX)
trap 'bash scripts/pg-test-server.sh stop "$PG_DIR"; rm -rf "$PG_DIR"' EXIT
if out=$(bash scripts/pg-test-server.sh start "$PG_DIR"); then
  eval "$out"
  echo "==> PostgreSQL for the store tests: $BANGFU_TEST_PG_URL"
else
  echo "PostgreSQL failed to start; see $PG_DIR/log" >&2
  cat "$PG_DIR/log" >&2 || true
  exit 1
fi

status=0
echo "==> unit and fuzz tests (ctest)"
(cd build && ctest --output-on-failure -j2 --timeout 600) || status=1

if [ -d tests/api ]; then
  echo "==> API tests"
  node --test --test-concurrency=1 tests/api/ || status=1
fi
if [ -d tests/e2e ] && [ -f tests/e2e/package.json ]; then
  echo "==> browser tests"
  (cd tests/e2e && node --test --test-concurrency=1 .) || status=1
fi
exit $status
