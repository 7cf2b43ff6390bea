#!/usr/bin/env bash
# Installs everything (frozen lockfile) and runs every check: lint, typecheck, build, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-pnpm.sh

echo "==> pnpm install --frozen-lockfile"
pnpm install --frozen-lockfile

export TEST_PG_URL="${TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

echo "==> lint"
pnpm exec biome check .

echo "==> build, typecheck, test"
status=0
pnpm exec turbo run build typecheck test --output-logs=new-only --concurrency=2 || status=$?

node scripts/summarize-tests.mjs
exit $status
