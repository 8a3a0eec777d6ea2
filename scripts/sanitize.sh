#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer (heap overflows, use after free, leaks) in its own
# build folder, .build/asan, so the normal debug and release builds are untouched. The image
# tower's SIMD kernels and the text tower's raw buffers are where such bugs would hide.
# Extra arguments go to `swift test` (e.g. `--filter ImageTowerTests`). About 3 minutes on 2 cores.
# Leak checking is off: XCTest keeps every test case (and what it captured) alive until exit, so
# LeakSanitizer reports thousands of harness allocations; memory errors are what this run is for.
set -euo pipefail
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
# The server's HTTP tests stay out of this build (Package.swift): under ASan, Hummingbird's testing
# module would compile BoringSSL and an HTTP client for code that holds no unsafe pointers.
export LITSEARCH_NO_SERVER_TESTS=1
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
swift build --build-tests --sanitize=address --scratch-path .build/asan
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
swift test --skip-build --sanitize=address --scratch-path .build/asan --disable-swift-testing "$@" 2>&1 | tee "$log" || status=$?
if grep -q "ERROR: AddressSanitizer\|ERROR: LeakSanitizer" "$log"; then
  echo "sanitize: AddressSanitizer reported an error (see above)"
  status=1
fi
summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with" "$log" | tail -n 1 || true)
[ -n "$summary" ] && echo "sanitize:$summary"
exit "$status"
