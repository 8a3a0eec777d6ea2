#!/usr/bin/env bash
# Scores manifests with several lexicon variants, each with the shipped towers (neighbours.sh,
# added.sh).
#
#   bash scripts/eval/score_variants.sh OUT WORK PREFIX "VARIANT…" DOMAIN…
#
# For each variant and domain: `litsearch eval` of data/eval/manifests/PREFIX-DOMAIN.jsonl with
# the lexicons in WORK/VARIANT/bridge and WORK/VARIANT/pictures (the variant "shipped": the
# installed models/), written to OUT/VARIANT-DOMAIN.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 5 ] || { echo "usage: bash scripts/eval/score_variants.sh OUT WORK PREFIX \"VARIANT…\" DOMAIN…" >&2; exit 64; }
out=$1 work=$2 prefix=$3
read -r -a variants <<< "$4"
shift 4
mkdir -p "$out"
for variant in "${variants[@]}"; do
  lexicons=(--bridge-lexicon "$work/$variant/bridge" --pictures "$work/$variant/pictures")
  [ "$variant" = shipped ] && lexicons=()
  for domain in "$@"; do
    echo "== $prefix: $variant $domain" >&2
    .build/release/litsearch eval --manifest "data/eval/manifests/$prefix-$domain.jsonl" --json --exact --samples 0 \
      "${lexicons[@]}" > "$out/$variant-$domain.json"
  done
done
