#!/usr/bin/env bash
# Whole-process text query at scale: one `litsearch query` process per query, as a user or a
# script runs it, on an index of N synthetic images (features drawn from a mixture fitted to real
# ones and indexed through the real catalog and joint-index code by `bench search --dir`).
# Times `query --lang en dog` (median of --runs, after one warm-up run that fills the page cache)
# against its peer in the same run: the same process forced to scan exactly (`--exact`).
#
# Usage: benchmarks/search/whole-process.sh [--images 1000000] [--runs 5] [--peer-runs 3] [--keep DIR]
# Prints one JSON object on stdout: images, method, wall_s (median), peak_rss_mib (median),
# exact_wall_s, exact_peak_rss_mib, speedup; progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/../.."
images=1000000 runs=5 peer_runs=3 keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --images) images="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --peer-runs) peer_runs="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    *) echo "usage: $0 [--images N] [--runs N] [--peer-runs N] [--keep DIR]" >&2; exit 64 ;;
  esac
done
binary=.build/release/litsearch
[ -x "$binary" ] || swift build -c release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
index=${keep:-$work/index}
if [ -e "$index/catalog.sqlite" ]; then
  echo "reusing the index in $index" >&2
else
  bash benchmarks/search/real-features.sh "$work/real" "$binary"
  echo "filling $index with $images synthetic images (bench search --dir)..." >&2
  "$binary" bench search --images "$images" --rounds 1 --fit "$work/real" --dir "$index" --json > "$work/bench.json"
  cat "$work/bench.json" >&2
fi

# One run: prints "WALL RSS_KB METHOD".
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$binary" query --index "$index" --lang en dog -k 10 --json "$@" > "$work/out.json" 2>"$work/err"
  method=$(python3 -c 'import json,sys; print(",".join(sorted({hit["method"] for hit in json.load(open(sys.argv[1]))})))' "$work/out.json")
  echo "$(cat "$work/time") $method"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

measure > /dev/null  # warm-up: the page cache holds the files from here on
: > "$work/index.txt"; : > "$work/exact.txt"
for _ in $(seq 1 "$runs"); do measure >> "$work/index.txt"; done
for _ in $(seq 1 "$peer_runs"); do measure --exact >> "$work/exact.txt"; done
cat "$work/err" >&2
python3 - "$images" "$work/index.txt" "$work/exact.txt" <<'PY'
import json, statistics, sys
images, index_file, exact_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def rows(path):
    return [line.split() for line in open(path) if line.strip()]
index, exact = rows(index_file), rows(exact_file)
wall = statistics.median(float(r[0]) for r in index)
exact_wall = statistics.median(float(r[0]) for r in exact)
print(json.dumps({
    "images": images,
    "method": sorted({r[2] for r in index}),
    "wall_s": wall,
    "wall_s_runs": [float(r[0]) for r in index],
    "peak_rss_mib": round(statistics.median(int(r[1]) for r in index) / 1024, 1),
    "exact_wall_s": exact_wall,
    "exact_peak_rss_mib": round(statistics.median(int(r[1]) for r in exact) / 1024, 1),
    "speedup": round(exact_wall / wall, 1),
}, indent=1, sort_keys=True))
PY
