#!/usr/bin/env bash
# Quick start: install, build and start the demo (荣昌区, Chongqing) on embedded SQLite.
# Usage: bash scripts/demo.sh [--listen HOST:PORT] [--data DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
LISTEN=127.0.0.1:8080
DATA=demo-data
while (($#)); do
  case $1 in
    --listen) LISTEN=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    *) echo "unknown option $1 (use --listen HOST:PORT, --data DIR)" >&2; exit 2 ;;
  esac
done
bash scripts/install-deps.sh
bash scripts/build.sh
exec build/bangfu serve --demo --data "$DATA" --listen "$LISTEN"
