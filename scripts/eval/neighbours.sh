#!/usr/bin/env bash
# Languages CLDR and FreeDict cover thinly: before and after the Apertium lines.
#
#   bash scripts/eval/neighbours.sh        (after scripts/eval/all.sh has made the manifests)
#
# The photos, drawings, their dictionary-worded copies and the words manifests are asked for in
# English and in Apertium's translations of other captions (scripts/eval/neighbours.py):
# Occitan (French caption, fra-oci), Aragonese (Catalan, cat-arg), Catalan (Spanish, spa-cat),
# Galician (Spanish, es-gl), Esperanto (French, fr-eo). Three lexicon pairs score them, each with
# the shipped towers:
#   before    built without Apertium and CLDR 46 (build_lexicon.py --sources without apertium and
#             newer-cldr, build_pictures.py --no-apertium --no-newer-cldr)
#   held-out  built without fra-oci and cat-arg, the two caption translators that also write
#             lexicon lines (--apertium-without), with CLDR 46's Occitan names (newer_cldr.py,
#             written by no caption translator); ca, gl and eo lines come from English
#             translators no caption passes through, so for them this is the shipped lexicon
#   shipped   models/bridge and models/pictures (their oc and an lines include the captions'
#             translators: for those two, no test of anything but coverage)
# Writes docs/results/neighbours/*.json and docs/results/neighbours.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release >&2
bash scripts/install-data-deps.sh >&2
domains=(photos drawings photos-dictionary drawings-dictionary words)
for domain in "${domains[@]}"; do
  [ -f "data/eval/manifests/$domain.jsonl" ] || { echo "neighbours.sh: run bash scripts/eval/all.sh first (no data/eval/manifests/$domain.jsonl)" >&2; exit 1; }
  python3 scripts/eval/neighbours.py "data/eval/manifests/$domain.jsonl" "data/eval/manifests/neighbours-$domain.jsonl"
done

work=data/eval/neighbours
bash scripts/eval/training_features.sh   # the training renderings' locked features, once
features=data/eval/training-features/features
without=$(python3 -c 'import sys; sys.path.insert(0, "scripts/bridge"); import apertium_terms; print(",".join(apertium_terms.EVALUATION))')
python3 scripts/bridge/build_lexicon.py --out "$work/before/bridge" --sources wordnet,cldr,freedict,kinds >/dev/null
python3 scripts/bridge/build_pictures.py --data data/lit --with-heldout --features "$features" --no-apertium --no-newer-cldr \
  --out "$work/before/pictures"
python3 scripts/bridge/build_lexicon.py --out "$work/held-out/bridge" --apertium-without "$without" >/dev/null
python3 scripts/bridge/build_pictures.py --data data/lit --with-heldout --features "$features" \
  --apertium-without "$without" --out "$work/held-out/pictures"

out=docs/results/neighbours
bash scripts/eval/score_variants.sh "$out" "$work" neighbours "before held-out shipped" "${domains[@]}"
python3 - "$out" > docs/results/neighbours.md <<'PY'
import json, sys
from pathlib import Path
out = Path(sys.argv[1])
tags = ("en", "oc", "an", "ca", "gl", "eo")
print("# Languages CLDR and FreeDict cover thinly (`bash scripts/eval/neighbours.sh`)\n")
print("Text-to-image R@10 of the shipped towers, queries in brackets. Captions: English (the")
print("manifest's), and Apertium's translations of another caption where it knew every word:")
print("oc = French through fra-oci, an = Catalan through cat-arg, ca = Spanish through spa-cat,")
print("gl = Spanish through es-gl, eo = French through fr-eo. `held-out` lexicons leave fra-oci and")
print("cat-arg out; `shipped` includes them, so its oc and an figures only show coverage. The ca,")
print("gl and eo lexicon lines come from English (eng-cat, en-gl, en-eo), which no caption passes")
print("through: their held-out and shipped figures are the same lexicon. Both include CLDR 46's")
print("Occitan names (`newer_cldr.py`), which no caption translator wrote; `before` has neither them")
print("nor Apertium's lines.\n")
print("| lexicons | domain | " + " | ".join(tags) + " |")
print("|---|---|" + "---|" * len(tags))
for variant in ("before", "held-out", "shipped"):
    for domain in ("photos", "drawings", "photos-dictionary", "drawings-dictionary", "words"):
        t2i = json.loads((out / f"{variant}-{domain}.json").read_text())["text_to_image"]
        cell = lambda tag: f"{t2i[tag]['recall@10']:.3f} ({t2i[tag]['queries']})" if tag in t2i else "–"
        print(f"| {variant} | {domain} | " + " | ".join(cell(t) for t in tags) + " |")
PY
cat docs/results/neighbours.md
