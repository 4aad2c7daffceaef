#!/usr/bin/env bash
# Builds the C++ binary (build/bangfu and the test executables) and the web UI (web/dist).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
# Let clones in other folders (CI) reuse the compiler cache.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" ${CMAKE_ARGS:-} >/dev/null
ninja -C build ${NINJA_ARGS:-}
if [ -f web/package.json ]; then
  (cd web && npm run build --silent)
fi
