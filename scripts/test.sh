#!/usr/bin/env bash
# Runs the test suite: installs dependencies and weights if needed, then `swift test`, then the
# browser test of `litsearch serve` (scripts/browser-test.sh: headless Chromium, skipped with its
# reason where no browser can be installed).
# Extra arguments go to `swift test` (e.g. `--filter CatalogTests`) and leave the browser test out.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
# Test-only: Milvus Lite for the export round trip (ExportCommandTests skips it, saying why, without).
if ! python3 -c "import pymilvus, milvus_lite" 2>/dev/null; then
  python3 -m pip install -q milvus-lite pymilvus 2>/dev/null ||
    python3 -m pip install -q --break-system-packages milvus-lite pymilvus ||
    echo "note: could not install milvus-lite and pymilvus; the Milvus round-trip test will be skipped" >&2
fi
swift build --build-tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# The suites are XCTest; Swift Testing would only add an empty run after them.
swift test --skip-build --disable-swift-testing "$@" 2>&1 | tee "$log" || status=$?
# One closing line that any CI reads the same way: "N passed, N failed, N skipped".
browser_passed=0 browser_failed=0 browser_skipped=0
if [ $# -eq 0 ]; then
  browser=0
  bash scripts/browser-test.sh || browser=$?
  case "$browser" in
    0) browser_passed=1 ;;
    77) browser_skipped=1 ;;
    *) browser_failed=1; status=1 ;;
  esac
fi
summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with" "$log" | tail -n 1 || true)
if [ -n "$summary" ]; then
  total=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")
  failed=$(sed -E 's/.* ([0-9]+) failures?.*/\1/' <<<"$summary")
  skipped=$(grep -oE "[0-9]+ tests? skipped" <<<"$summary" | grep -oE "^[0-9]+" || echo 0)
  echo "tests: $((total - failed - skipped + browser_passed)) passed, $((failed + browser_failed)) failed, $((skipped + browser_skipped)) skipped"
fi
exit "$status"
