#!/usr/bin/env bash
# The multi-domain evaluation (issue 13): every domain, every language, one comparison table.
#
#   bash scripts/eval/all.sh NAME [litsearch eval options...]
#
# Domains, none of whose images any training pair touches:
#   photos    real photographs from Debian/PyPI packages   (scripts/eval/sources/photos.jsonl)
#   drawings  icons and drawings, no emoji                  (scripts/eval/sources/drawings.jsonl)
#   emoji     the held-out emoji split of the training data (data/lit/heldout_manifest.jsonl)
# Captions are CLDR short names in every CLDR language (scripts/eval/make_manifest.py); the
# photos-sentences and drawings-sentences domains are the same images asked for with the names
# worded as sentences ("A frog.", "Ein Frosch.": scripts/eval/sentences.py), and
# photos-dictionary and drawings-dictionary with FreeDict's translations of the English name
# instead of CLDR's names (scripts/eval/dictionary.py). The words domain is drawings of things no
# emoji names (anteater, lighthouse, knight: scripts/eval/sources/words.jsonl), asked for with the
# English word and its FreeDict translations; it has its own columns, outside the means.
#
# ALL_DOMAINS="words" (space-separated) runs only those domains, keeping the row's other reports.
# Writes docs/results/runs/NAME/<domain>.json and run.json, then regenerates
# docs/results/comparison.md from every run there. Example rows:
#   bash scripts/eval/all.sh transformer --no-bridge
#   bash scripts/eval/all.sh transformer+bridge
#   bash scripts/eval/all.sh bos+bridge --model runs/lit-bos/text-tower.ckpt
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] || { echo "usage: bash scripts/eval/all.sh NAME [litsearch eval options...]" >&2; exit 64; }
name=$1; shift
case "$name" in */*|.*|"") echo "all.sh: NAME must be a plain folder name" >&2; exit 64;; esac

bin=.build/release/litsearch
swift build -c release >&2   # always: a stale binary would report an old model
if [ ! -f data/lit/heldout_manifest.jsonl ]; then
  bash scripts/install-data-deps.sh
  python3 scripts/data/build.py --out data/lit --seed 0 --languages all --max-per-concept 6
fi
mkdir -p data/eval/manifests
for domain in photos drawings; do
  [ -f "scripts/eval/sources/$domain.jsonl" ] || { echo "all.sh: scripts/eval/sources/$domain.jsonl missing" >&2; exit 1; }
  if [ ! -f "data/eval/$domain/.complete" ]; then
    bash "scripts/eval/fetch_$domain.sh"
    touch "data/eval/$domain/.complete"
  fi
  python3 scripts/eval/make_manifest.py --sources "scripts/eval/sources/$domain.jsonl" \
    --images-dir "../$domain" --out "data/eval/manifests/$domain.jsonl" >&2
  for style in sentences dictionary; do
    python3 scripts/eval/make_manifest.py --sources "scripts/eval/sources/$domain.jsonl" --style $style \
      --images-dir "../$domain" --out "data/eval/manifests/$domain-$style.jsonl" >&2
  done
done
if [ ! -f data/eval/words/.complete ]; then
  bash scripts/eval/fetch_drawings.sh words
  touch data/eval/words/.complete
fi
python3 scripts/eval/make_manifest.py --sources scripts/eval/sources/words.jsonl --style dictionary \
  --images-dir ../words --out data/eval/manifests/words.jsonl >&2

# The shipped picture lexicon holds the held-out emoji too (build_pictures.py --with-heldout), so
# the emoji domain is scored with one built from the training pairs alone, as every row's is.
unseen=data/eval/pictures-without-heldout
if [ ! -f "$unseen/lexicon.tsv" ] || [ data/lit/pairs.jsonl -nt "$unseen/lexicon.tsv" ] ||
   [ scripts/bridge/build_pictures.py -nt "$unseen/lexicon.tsv" ] ||
   [ scripts/bridge/picture_kinds.py -nt "$unseen/lexicon.tsv" ] ||
   [ scripts/bridge/apertium_terms.py -nt "$unseen/lexicon.tsv" ] ||
   [ scripts/bridge/newer_cldr.py -nt "$unseen/lexicon.tsv" ]; then
  bash scripts/install-data-deps.sh >&2
  bash scripts/eval/training_features.sh
  python3 scripts/bridge/build_pictures.py --data data/lit --features data/eval/training-features/features --out "$unseen" >&2
fi

out=docs/results/runs/$name
mkdir -p "$out"
declare -A manifests=([photos]=data/eval/manifests/photos.jsonl [drawings]=data/eval/manifests/drawings.jsonl
                      [emoji]=data/lit/heldout_manifest.jsonl
                      [photos-sentences]=data/eval/manifests/photos-sentences.jsonl
                      [drawings-sentences]=data/eval/manifests/drawings-sentences.jsonl
                      [photos-dictionary]=data/eval/manifests/photos-dictionary.jsonl
                      [drawings-dictionary]=data/eval/manifests/drawings-dictionary.jsonl
                      [words]=data/eval/manifests/words.jsonl)
domains=(photos drawings emoji photos-sentences drawings-sentences photos-dictionary drawings-dictionary words)
[ -n "${ALL_DOMAINS:-}" ] && read -r -a domains <<< "$ALL_DOMAINS"   # e.g. ALL_DOMAINS="words photos"
for domain in "${domains[@]}"; do
  echo "== $name: $domain" >&2
  extra=()
  [ "$domain" = emoji ] && extra=(--pictures "$unseen")
  "$bin" eval --manifest "${manifests[$domain]}" --json --exact --samples 0 "${extra[@]}" "$@" > "$out/$domain.json.tmp"
  mv "$out/$domain.json.tmp" "$out/$domain.json"
done
python3 - "$out/run.json" "$name" "bash scripts/eval/all.sh $name $*" <<'PY'
import json, sys
json.dump({"name": sys.argv[2], "command": sys.argv[3].strip()}, open(sys.argv[1], "w"), indent=1)
PY
python3 scripts/eval/table.py docs/results/runs/*/ > docs/results/comparison.md
cat docs/results/comparison.md
