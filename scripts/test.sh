#!/usr/bin/env bash
# `make test`: installs what is missing, starts a throwaway PostgreSQL on a free loopback port,
# runs every test (unit + end-to-end) with its URL in the environment, and stops the server
# afterwards whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
FERRY_WITH_TEST_TOOLS=1 scripts/install-deps.sh

PGDIR=$(mktemp -d /tmp/ferry-test-pg.XXXXXX)
cleanup() { scripts/pg.sh stop "$PGDIR" || true; rm -rf "$PGDIR"; }
trap cleanup EXIT INT TERM

echo "== build (debug, with tests)"
swift build --build-tests 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Linking|Merging|Wrapping|Applying)' || true
swift build --build-tests >/dev/null   # fails loudly if the build above failed

URL=$(scripts/pg.sh start "$PGDIR")
echo "== PostgreSQL for tests: $URL"
export FERRY_TEST_PG_URL="$URL" FERRY_REQUIRE_ALL=1
export FERRY_BIN_DIR="$(swift build --show-bin-path)"
export FERRY_ARTIFACTS_DIR="${FERRY_ARTIFACTS_DIR:-$PWD/.build/test-artifacts}"
mkdir -p "$FERRY_ARTIFACTS_DIR"

if command -v docker-compose >/dev/null 2>&1 && [ -f docker/docker-compose.yml ]; then
  echo "== docker compose file (static validation)"
  docker-compose -f docker/docker-compose.yml config -q
fi
echo "== kubernetes manifests (static validation)"
.ferry-vendor/test-venv/bin/python scripts/check-kubernetes.py

echo "== swift test"
LOG="$FERRY_ARTIFACTS_DIR/swift-test.log"
# XCTest only (no Swift Testing tests exist; its empty "0 tests" summary would close the output).
set +e
swift test --skip-build --disable-swift-testing ${FERRY_TEST_FILTER:+--filter "$FERRY_TEST_FILTER"} 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
# One plain closing line: "N passed, N failed" (from XCTest's own summary of all tests).
summary=$(grep -E "Executed [0-9]+ tests?, with" "$LOG" | tail -1)
total=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/')
failed=$(echo "$summary" | grep -oE '[0-9]+ failures?' | head -1 | grep -oE '^[0-9]+' || echo 0)
skipped=$(echo "$summary" | grep -oE '[0-9]+ tests? skipped' | grep -oE '^[0-9]+' || echo 0)
if [ -n "$summary" ]; then
  echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
fi
exit "$rc"
