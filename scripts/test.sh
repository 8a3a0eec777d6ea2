#!/usr/bin/env bash
# Runs the test suite: installs dependencies and weights if needed, then `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
swift build --build-tests
swift test --skip-build "$@"
