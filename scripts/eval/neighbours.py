#!/usr/bin/env python3
"""Captions in languages CLDR and FreeDict cover thinly, by Apertium from other captions.

CLDR has no annotations for Occitan (oc) or Aragonese (an), so no evaluation manifest asked in
either; Catalan, Galician and Esperanto have CLDR names but no FreeDict dictionary, so the
dictionary and words domains do not ask in them. This writes a copy of a manifest whose captions
are its English one and Apertium's translations of another: the French caption through fra-oci
(oc) and fr-eo (eo), the Catalan one through cat-arg (an), the Spanish one through spa-cat (ca)
and es-gl (gl). Of these, only fra-oci and cat-arg also write lexicon lines
(apertium_terms.EVALUATION): scripts/eval/neighbours.sh scores with lexicons built without them.
The lexicon's ca, gl and eo lines come from English (eng-cat, en-gl, en-eo), translators these
captions never pass through. A caption Apertium marks as untranslated (`*`, `@`, `#`) is left
out; every image stays, so chance is that of the whole manifest.

  python3 scripts/eval/neighbours.py data/eval/manifests/words.jsonl data/eval/manifests/neighbours-words.jsonl
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bridge"))
import apertium_terms  # noqa: E402

# target language -> (source caption language, the Apertium mode that translates it)
SOURCES = {"oc": ("fr", "fra-oci"), "an": ("ca", "cat-arg"), "ca": ("es", "spa-cat"), "gl": ("es", "es-gl"),
           "eo": ("fr", "fr-eo")}
LEXICON_MODES = {mode for sources in apertium_terms.PAIRS.values() for _, mode in sources}
assert {mode for _, mode in SOURCES.values()} & LEXICON_MODES == set(apertium_terms.EVALUATION)


def captions(rows: list[dict]) -> list[dict[str, list[str]]]:
    """Per row: English and the Apertium captions (the first caption of each source language)."""
    out = [{"en": row["captions"]["en"][:1]} if row["captions"].get("en") else {} for row in rows]
    for target, (source, mode) in sorted(SOURCES.items()):
        texts = [(row["captions"].get(source) or [""])[0] for row in rows]
        for caps, text, said in zip(out, texts, apertium_terms.translate(mode, texts)):
            said = said.strip().removesuffix(".")
            if text[:1].islower():   # Apertium capitalises the sentence the caption is sent as
                said = said[:1].lower() + said[1:]
            if text and said and not any(m in said for m in apertium_terms.MARKS):
                caps[target] = [said]
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    rows = [json.loads(line) for line in Path(argv[0]).read_text(encoding="utf-8").splitlines() if line.strip()]
    made = captions(rows)
    with open(argv[1], "w", encoding="utf-8") as f:
        for row, caps in zip(rows, made):
            f.write(json.dumps({**row, "captions": caps}, ensure_ascii=False) + "\n")
    counts = {tag: sum(tag in c for c in made) for tag in ("en", *SOURCES)}
    print(f"neighbours: {argv[1]}: {len(rows)} images, captions {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
