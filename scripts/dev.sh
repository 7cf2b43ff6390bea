#!/usr/bin/env bash
# Installs everything, builds, and starts the local stack (simulator + BFF on SQLite + H5 preview).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-pnpm.sh
pnpm install --frozen-lockfile
pnpm exec turbo run build --filter=@kit/wechatpay-sim --filter=@kit/bff --filter=@kit/test-support --output-logs=errors-only
exec node scripts/dev.mjs
