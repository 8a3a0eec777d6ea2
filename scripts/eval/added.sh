#!/usr/bin/env bash
# Languages CLDR 41 has no emoji names in, before and after CLDR 46's (scripts/bridge/newer_cldr.py).
#
#   bash scripts/eval/added.sh        (after scripts/eval/all.sh has fetched the images)
#
# The photos and drawings, asked for by name and as sentences ("Kwena."), in English and in the
# languages only CLDR 46 names things in: Northern Sotho, Tswana, Akan, K'iche', Rohingya,
# Occitan, Ligurian, Chuvash, North Frisian… (make_manifest.py --added-languages). The captions are
# CLDR 46's names, the lexicons' own words, as every CLDR language's are on the name domains of
# scripts/eval/all.sh. Two lexicon pairs score them, each with the shipped towers:
#   before    built without CLDR 46 (build_lexicon.py --sources without newer-cldr,
#             build_pictures.py --no-newer-cldr): these languages fall back to every
#             language's words, as any language the lexicons do not know does
#   shipped   models/bridge and models/pictures
# Writes docs/results/added/*.json and docs/results/added.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release >&2
bash scripts/install-data-deps.sh >&2
domains=(photos drawings photos-sentences drawings-sentences)
for source in photos drawings; do
  [ -f "data/eval/$source/.complete" ] || { echo "added.sh: run bash scripts/eval/all.sh first (no data/eval/$source)" >&2; exit 1; }
  python3 scripts/eval/make_manifest.py --sources "scripts/eval/sources/$source.jsonl" --added-languages \
    --images-dir "../$source" --out "data/eval/manifests/added-$source.jsonl" >&2
  python3 scripts/eval/make_manifest.py --sources "scripts/eval/sources/$source.jsonl" --added-languages --style sentences \
    --images-dir "../$source" --out "data/eval/manifests/added-$source-sentences.jsonl" >&2
done

work=data/eval/added
bash scripts/eval/training_features.sh
python3 scripts/bridge/build_lexicon.py --out "$work/before/bridge" --sources wordnet,cldr,freedict,kinds,apertium >/dev/null
python3 scripts/bridge/build_pictures.py --data data/lit --with-heldout --features data/eval/training-features/features \
  --no-newer-cldr --out "$work/before/pictures"

out=docs/results/added
bash scripts/eval/score_variants.sh "$out" "$work" added "before shipped" "${domains[@]}"
python3 - "$out" "${domains[@]}" > docs/results/added.md <<'PY'
import json, sys
from pathlib import Path
out, domains = Path(sys.argv[1]), sys.argv[2:]
reports = {(v, d): json.loads((out / f"{v}-{d}.json").read_text())["text_to_image"]
           for v in ("before", "shipped") for d in domains}
tags = sorted({t for r in reports.values() for t in r}, key=lambda t: (t != "en", -reports[("shipped", domains[0])].get(t, {}).get("queries", 0), t))
print("# Languages only CLDR 46 names things in (`bash scripts/eval/added.sh`)\n")
print("Text-to-image R@10 of the shipped towers on the photos and drawings, before -> after CLDR 46's")
print("names and keywords joined the lexicons (`scripts/bridge/newer_cldr.py`); queries in brackets.")
print("Captions are CLDR 46's names (unconfirmed ones too, as the lexicons take them), worded as on")
print("`all.sh`'s name and sentence domains, so they are the lexicons' own words there as every")
print("CLDR language's are. Before, these languages fell back to every language's words.\n")
print("| language | " + " | ".join(domains) + " |")
print("|---|" + "---|" * len(domains))
for tag in tags:
    cells = []
    for d in domains:
        b, a = reports[("before", d)].get(tag), reports[("shipped", d)].get(tag)
        cells.append(f"{b['recall@10']:.3f} -> {a['recall@10']:.3f} ({a['queries']})" if a and b else "–")
    print(f"| {tag} | " + " | ".join(cells) + " |")
PY
cat docs/results/added.md
