#!/usr/bin/env bash
# End-to-end test of `litsearch serve` in a real browser: Debian's chromium and chromium-driver,
# selenium from PyPI (installed here when missing), the bundled samples indexed into a temporary
# index, and scripts/tests/browser_e2e.py driving the page.
#
# Usage: scripts/browser-test.sh [--screenshots DIR] [--binary PATH]
# Exit status: 0 passed, 1 failed, 77 skipped (the reason on stderr: no browser could be installed).
set -euo pipefail
cd "$(dirname "$0")/.."
shots=""
binary=".build/debug/litsearch"
while [ $# -gt 0 ]; do
  case "$1" in
    --screenshots) shots="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    *) echo "usage: $0 [--screenshots DIR] [--binary PATH]" >&2; exit 64 ;;
  esac
done

skip() { echo "browser test skipped: $1" >&2; exit 77; }
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } >/dev/null 2>&1 ||
      skip "apt-get could not install chromium and chromium-driver"
  else
    skip "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
  fi
fi
if ! python3 -c "import selenium" 2>/dev/null; then
  python3 -m pip install -q selenium 2>/dev/null || python3 -m pip install -q --break-system-packages selenium 2>/dev/null ||
    skip "pip could not install selenium"
fi
[ -x "$binary" ] || { echo "no $binary; build first (swift build)" >&2; exit 1; }

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
"$binary" index samples --index "$work/index" >/dev/null
"$binary" serve --index "$work/index" --port 0 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on //p' "$work/serve.log")
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$url" ] || { echo "serve did not say where it listens" >&2; cat "$work/serve.log" >&2; exit 1; }
python3 scripts/tests/browser_e2e.py "$url" "${shots:-$work/shots}"
# A clean stop on SIGTERM is part of the contract.
kill -TERM "$server"
for _ in $(seq 1 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$server" 2>/dev/null; then echo "serve did not stop on SIGTERM" >&2; exit 1; fi
wait "$server" || { echo "serve exited with status $? on SIGTERM" >&2; exit 1; }
server=""
