#!/usr/bin/env bash
# One candidate row of the comparison table: train a text tower from CONFIG, export it with its
# text centre, and run the multi-domain evaluation on it.
#
#   bash scripts/eval/candidate.sh NAME CONFIG [litsearch eval options...]
#
# Example (the rows in docs/results/comparison.md say which command made them):
#   bash scripts/eval/candidate.sh bos-recipe+bridge configs/candidates/bos-recipe.json
#   bash scripts/eval/candidate.sh transformer+bos-recipe+bridge configs/candidates/bos-recipe.json \
#       --model models/text-tower.ckpt --ensemble @candidate
# `@candidate` in the eval options stands for the exported candidate model.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 2 ] || { echo "usage: bash scripts/eval/candidate.sh NAME CONFIG [litsearch eval options...]" >&2; exit 64; }
name=$1; config=$2; shift 2
[ -f "$config" ] || { echo "candidate.sh: no config $config" >&2; exit 66; }
swift build -c release >&2
bin=.build/release/litsearch
out=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["output"])' "$config")
model="$out/model.ckpt"
if [ ! -f "$model" ]; then
  if [ -f "$out/text-tower.ckpt" ]; then "$bin" train --config "$config" --resume; else "$bin" train --config "$config"; fi
  "$bin" export-model --checkpoint "$out/text-tower.ckpt" --captions data/lit/pairs.jsonl --out "$model"
fi
args=()
for a in "$@"; do [ "$a" = "@candidate" ] && args+=("$model") || args+=("$a"); done
[ $# -gt 0 ] && [[ " $* " == *" @candidate "* ]] || args=(--model "$model" "${args[@]}")
bash scripts/eval/all.sh "$name" "${args[@]}"
