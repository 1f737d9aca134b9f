#!/usr/bin/env bash
# Every test the project has, in the order CI runs them: types, unit tests, the browser tests against the
# built site, and the real-server conformance suite. Installs what it needs when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

echo "== types"
npm run -s check
echo "== unit"
npx vitest run
echo "== build"
npm run -s build
npm run -s build:offline
echo "== e2e"
npx playwright test
echo "== conformance"
npm run -s conformance
