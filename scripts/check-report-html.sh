#!/usr/bin/env bash
# Renders an eval report page in headless Chromium and saves a PNG screenshot, to check that
# report.html (inline SVG charts, data-URI thumbnails, no scripts) displays in a real browser.
#
# Usage: scripts/check-report-html.sh REPORT_DIR_OR_HTML [OUT.png]
#   default OUT: report.png next to report.html
# Needs Chromium (Debian: sudo apt-get install chromium). Not part of the test suite.
# Example:
#   litsearch eval --manifest data/lit/heldout_manifest.jsonl --out reports/heldout
#   scripts/check-report-html.sh reports/heldout
set -euo pipefail
target="${1:?usage: scripts/check-report-html.sh REPORT_DIR_OR_HTML [OUT.png]}"
html="$target"
[ -d "$target" ] && html="$target/report.html"
[ -f "$html" ] || { echo "no report page at $html" >&2; exit 1; }
out="${2:-$(dirname "$html")/report.png}"
browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
done
[ -n "$browser" ] || { echo "Chromium not found; install it (Debian: apt-get install chromium)" >&2; exit 1; }
absolute="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --window-size=1280,1600 --screenshot="$out" "file://$absolute" >/dev/null 2>&1
[ -s "$out" ] || { echo "Chromium wrote no screenshot" >&2; exit 1; }
echo "screenshot: $out"
