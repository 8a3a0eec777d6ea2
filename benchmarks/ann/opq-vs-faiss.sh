#!/usr/bin/env bash
# litsearch's OPQ against faiss's on the same vectors, one data set and code size after another:
# `litsearch bench ann --no-rerank` and `faiss_pq.py --methods pq,opq` (ADC recall, no re-ranking),
# each tool training with the same thread count, then one Markdown table per data set.
#
# Usage: benchmarks/ann/opq-vs-faiss.sh OUT_DIR DATA_DIR:BYTES[,BYTES] ... [-- EXTRA bench ann FLAGS]
#   DATA_DIR holds base.npy and queries.npy (benchmarks/ann/make_gmm.py writes them).
#   THREADS (default 1) sets both tools' training threads; LITSEARCH sets the binary.
#
#   benchmarks/ann/opq-vs-faiss.sh /tmp/opq /tmp/ann256:64,32 /tmp/sparse50k:32,64
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 2 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }
out=$1; shift
binary=${LITSEARCH:-.build/release/litsearch} threads=${THREADS:-1}
python3 -c "import faiss, numpy" 2>/dev/null || python3 -m pip install -q faiss-cpu numpy 2>/dev/null \
    || python3 -m pip install -q --break-system-packages faiss-cpu numpy
mkdir -p "$out"
sets=() extra=()
while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then shift; extra=("$@"); break; fi
    sets+=("$1"); shift
done
for set in "${sets[@]}"; do
    data=${set%%:*} name=$(basename "${set%%:*}")
    IFS=, read -ra sizes <<< "${set#*:}"
    for bytes in "${sizes[@]}"; do
        flags=(--base "$data/base.npy" --queries "$data/queries.npy" --bytes "$bytes" --threads "$threads" --json)
        echo "$(date -u +%H:%M:%S) $name $bytes B: litsearch" >&2
        "$binary" bench ann "${flags[@]}" --no-rerank "${extra[@]}" > "$out/$name-$bytes-litsearch.json"
        echo "$(date -u +%H:%M:%S) $name $bytes B: faiss" >&2
        python3 benchmarks/peers/faiss_pq.py "${flags[@]}" --methods pq,opq > "$out/$name-$bytes-faiss.json" 2> "$out/$name-$bytes-faiss.log"
    done
    echo; echo "### $name"; echo
    files=()
    for bytes in "${sizes[@]}"; do files+=("$out/$name-$bytes-litsearch.json" "$out/$name-$bytes-faiss.json"); done
    python3 benchmarks/ann/table.py "${files[@]}"
done
