#!/usr/bin/env bash
# Occitan and Aragonese, which CLDR and FreeDict leave out: before and after the Apertium lines.
#
#   bash scripts/eval/neighbours.sh        (after scripts/eval/all.sh has made the manifests)
#
# The photos, drawings and words manifests are asked for in English, in Occitan (the French
# caption through Apertium's fra-oci) and in Aragonese (the Catalan one through cat-arg):
# scripts/eval/neighbours.py. Three lexicon pairs score them, each with the shipped towers:
#   before    built without Apertium (build_lexicon.py --sources without apertium, --no-apertium)
#   held-out  built without the two translators that wrote the captions (--apertium-without)
#   shipped   models/bridge and models/pictures (their lines include those translators: the
#             captions' own words, so this row is no test of anything but coverage)
# Writes docs/results/neighbours/*.json and docs/results/neighbours.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=.build/release/litsearch
swift build -c release >&2
bash scripts/install-data-deps.sh >&2
for domain in photos drawings words; do
  [ -f "data/eval/manifests/$domain.jsonl" ] || { echo "neighbours.sh: run bash scripts/eval/all.sh first (no data/eval/manifests/$domain.jsonl)" >&2; exit 1; }
  python3 scripts/eval/neighbours.py "data/eval/manifests/$domain.jsonl" "data/eval/manifests/neighbours-$domain.jsonl"
done

work=data/eval/neighbours
if [ ! -f "$work/features/manifest.json" ]; then   # the training renderings' locked features, once
  rm -rf "$work/index" "$work/features"
  "$bin" index data/lit/images --index "$work/index" >&2
  "$bin" export --index "$work/index" --format npy --no-joint --out "$work/features" >&2
fi
without=$(python3 -c 'import sys; sys.path.insert(0, "scripts/bridge"); import apertium_terms; print(",".join(apertium_terms.EVALUATION))')
python3 scripts/bridge/build_lexicon.py --out "$work/before/bridge" --sources wordnet,cldr,freedict,kinds >/dev/null
python3 scripts/bridge/build_pictures.py --data data/lit --with-heldout --features "$work/features" --no-apertium \
  --out "$work/before/pictures"
python3 scripts/bridge/build_lexicon.py --out "$work/held-out/bridge" --apertium-without "$without" >/dev/null
python3 scripts/bridge/build_pictures.py --data data/lit --with-heldout --features "$work/features" \
  --apertium-without "$without" --out "$work/held-out/pictures"

out=docs/results/neighbours
mkdir -p "$out"
for variant in before held-out shipped; do
  lexicons=(--bridge-lexicon "$work/$variant/bridge" --pictures "$work/$variant/pictures")
  [ "$variant" = shipped ] && lexicons=()
  for domain in photos drawings words; do
    echo "== neighbours: $variant $domain" >&2
    "$bin" eval --manifest "data/eval/manifests/neighbours-$domain.jsonl" --json --exact --samples 0 "${lexicons[@]}" \
      > "$out/$variant-$domain.json"
  done
done
python3 - "$out" > docs/results/neighbours.md <<'PY'
import json, sys
from pathlib import Path
out = Path(sys.argv[1])
print("# Occitan and Aragonese (`bash scripts/eval/neighbours.sh`)\n")
print("Text-to-image R@10 of the shipped towers; captions: English (CLDR), Occitan = French caption")
print("through Apertium fra-oci, Aragonese = Catalan caption through cat-arg (where Apertium knew")
print("every word; queries in brackets). `held-out` lexicons leave those two translators out;")
print("`shipped` includes them, so its oc/an figures only show coverage.\n")
print("| lexicons | domain | en | oc | an |")
print("|---|---|---|---|---|")
for variant in ("before", "held-out", "shipped"):
    for domain in ("photos", "drawings", "words"):
        t2i = json.loads((out / f"{variant}-{domain}.json").read_text())["text_to_image"]
        cell = lambda tag: f"{t2i[tag]['recall@10']:.3f} ({t2i[tag]['queries']})" if tag in t2i else "–"
        print(f"| {variant} | {domain} | {cell('en')} | {cell('oc')} | {cell('an')} |")
PY
cat docs/results/neighbours.md
