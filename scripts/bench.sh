#!/usr/bin/env bash
# The benchmark suite (not part of `npm test`): installs (frozen lockfile), builds everything, then runs
# bench/ — the BFF against the cryptographic floor, the mini program against its budget.
# Results: bench/results/latest.md (printed) and bench/results/latest.json. Knobs: see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-pnpm.sh
source scripts/ensure-browser-deps.sh
started=$(date +%s)

echo "==> pnpm install --frozen-lockfile"
pnpm install --frozen-lockfile

echo "==> build"
pnpm exec turbo run build --output-logs=errors-only

echo "==> bench"
pnpm --filter @kit/bench run bench

echo "==> bench.sh done in $(( $(date +%s) - started )) s"
