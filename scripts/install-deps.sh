#!/usr/bin/env bash
# Installs everything bangfu needs to build, run and test on Debian 12, as root:
# C++ toolchain and libraries, PostgreSQL 15 and Chromium from Debian; the web UI's and the
# reference data's packages from npm. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  libboost1.74-dev libsoci-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15
  nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev libyaml-cpp-dev
  libsodium-dev libargon2-dev libicu-dev libxlsxwriter-dev libzip-dev libexpat1-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium fonts-noto-cjk wrk
)
# Node.js: Debian's nodejs/npm when there is no node yet; a node already installed (as on
# machines with a newer packaged Node) is kept as it is.
command -v node >/dev/null 2>&1 || APT_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

npm_ci() {  # npm_ci DIR: install exactly the locked versions when they are not there yet.
  local dir=$1
  [ -f "$dir/package.json" ] || return 0
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "==> npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci share/npm
npm_ci web
npm_ci tests/e2e
