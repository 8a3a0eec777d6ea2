#!/usr/bin/env bash
# Load benchmark of `litsearch serve`: an index of N synthetic images (features drawn from a mixture
# fitted to real ones, through the real catalog and joint-index code, as `bench search` does), the
# release server on a free port, and benchmarks/serve/load.py sending the requests.
#
# Usage: benchmarks/serve/run.sh [--images 5000] [--requests 2000] [--concurrency 16]
set -euo pipefail
cd "$(dirname "$0")/../.."
images=5000 requests=2000 concurrency=16
while [ $# -gt 0 ]; do
  case "$1" in
    --images) images="$2"; shift 2 ;;
    --requests) requests="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    *) echo "usage: $0 [--images N] [--requests N] [--concurrency N]" >&2; exit 64 ;;
  esac
done
binary=.build/release/litsearch
[ -x "$binary" ] || swift build -c release
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
# The synthetic features are drawn from a mixture fitted to real ones: crops and flips of the samples.
bash benchmarks/search/real-features.sh "$work/real" "$binary"
"$binary" bench search --images "$images" --rounds 1 --fit "$work/real" --dir "$work/index" --json >/dev/null 2>"$work/fill.log" ||
  { cat "$work/fill.log" >&2; exit 1; }
"$binary" serve --index "$work/index" --port 0 2>"$work/serve.log" &
server=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on //p' "$work/serve.log"); [ -n "$url" ] && break; sleep 0.2
done
[ -n "$url" ] || { cat "$work/serve.log" >&2; exit 1; }
echo "serving $images synthetic images at $url; $requests requests from $concurrency clients" >&2
python3 benchmarks/serve/load.py "$url" "$work/index" "$binary" benchmarks/search/queries.tsv \
  --requests "$requests" --concurrency "$concurrency"
