#!/usr/bin/env bash
# Installs everything (frozen lockfile) and runs every check: lint, build, typecheck, unit and
# integration tests, then the browser end-to-end suite and the reliability suite (each alone, so
# the two heavy suites do not compete for the two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-pnpm.sh
source scripts/ensure-browser-deps.sh

echo "==> pnpm install --frozen-lockfile"
pnpm install --frozen-lockfile

export TEST_PG_URL="${TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
rm -rf apps/*/test-results packages/*/test-results

status=0
step() {
  echo "==> $*"
  "$@" || status=1
}
step pnpm exec biome check .
step node scripts/check-cycles.mjs
step pnpm exec turbo run build typecheck --output-logs=errors-only
step pnpm exec turbo run test --filter='!@kit/e2e' --filter='!@kit/reliability' --continue --output-logs=new-only
step pnpm exec turbo run test --filter=@kit/e2e --continue --output-logs=new-only
step pnpm exec turbo run test --filter=@kit/reliability --continue --output-logs=new-only

node scripts/summarize-tests.mjs
exit $status
