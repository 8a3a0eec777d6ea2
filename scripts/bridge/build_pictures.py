#!/usr/bin/env python3
"""Picture lexicon: words in every CLDR language -> the training emoji they name -> those
pictures' locked features (issue 13).

The text tower is trained to reach, from a caption, the locked image tower's features of the
emoji it names; on pictures unlike emoji (drawings, cut-outs) it gets only part of the way. The
picture lexicon keeps what it was trained towards: for every training emoji and flag, the mean
locked feature of its training renderings (a "prototype"), and for every CLDR short name (and,
where a word is no short name, every keyword and territory name) the emoji it names. A query
that names an emoji is moved towards that prototype in the joint space (see
Sources/ConceptBridge/PictureBridge.swift).

With --with-heldout (what models/pictures ships) the held-out pairs of scripts/data/build.py
(data/lit/heldout_pairs.jsonl) are read too, so that their 176 concepts (rabbit, tulip, hammer,
bed…) are not the only ones a query cannot reach; the text towers never see them. Without it
only training pairs are read, and the held-out emoji evaluation stays unseen: scripts/eval/all.sh
builds such a lexicon into data/eval/ for the emoji domain.

Words that name no emoji but a kind of thing near one ("pelican", "raspberry") reach their
relatives' pictures at half a name's strength (picture_kinds.py; --no-kinds leaves them out).

Usage:
  python3 scripts/bridge/build_pictures.py --data data/lit --out models/pictures --with-heldout
                                           [--litsearch .build/release/litsearch] [--features EXPORT]
                                           [--no-kinds]

Writes into --out:
  lexicon.tsv     <tag>\\t<term>\\t<row:weight,...>   (the concept bridge's format; rows of prototypes.npy),
                  sorted by term, after a "# languages:" header (ConceptLexicon(sortedLexicon:))
  prototypes.npy  float16, concepts x 1280, unit rows
  centre.npy      float32, 1 x 1280: the mean locked feature of the training renderings
  concepts.tsv    <row>\\t<concept id>\\t<English short name>
  SOURCES.md
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_lexicon import format_dist, log, norm_term, normalise  # noqa: E402
import picture_kinds  # noqa: E402  (kinds no emoji names: "pelican" -> the birds, via WordNet)
import apertium_terms  # noqa: E402  (oc, an, ca, gl, eo through Apertium)
import newer_cldr  # noqa: E402  (CLDR 46's names in the languages CLDR 41 lacks: nso, tn, oc…)
from newer_cldr import build as training_data  # noqa: E402  (scripts/data/build.py: CLDR reader, concept ids)

CLDR = Path("/usr/share/unicode/cldr/common")

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("emoji", "flag")
MAX_TERM_CHARS = 60
SKIN_TONES = {"1F3FB", "1F3FC", "1F3FD", "1F3FE", "1F3FF"}
UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR")


def read_numerals() -> dict[str, set[str]]:
    """Language -> the words of 0 to 10 in CLDR's spell-out rules (common/rbnf)."""
    out: dict[str, set[str]] = {}
    for path in sorted((CLDR / "rbnf").glob("*.xml")):
        words: set[str] = set()
        for ruleset in ET.parse(path).iter("ruleset"):
            if not ruleset.get("type", "").startswith(("spellout-cardinal", "spellout-numbering")):
                continue
            for rule in ruleset.iter("rbnfrule"):
                value, text = rule.get("value", ""), (rule.text or "").strip().rstrip(";")
                if value.isdigit() and int(value) <= 10 and text and not any(c in text for c in "=→←%[]"):
                    words.update(norm_term(w) for w in text.split())
        out[path.stem.replace("_", "-")] = words
    return out


def usable(term: str, tag: str, numerals: dict[str, set[str]]) -> bool:
    """A single letter, digit or sign is a keyword of a letter emoji ("a" of the A button, "1" of
    the keycap) and an article or numeral in queries ("A frog.", "a maçã"); only a single
    character of a script written without spaces (Han, kana, Thai…) is a word of its own. The
    words for 0 to 10 are keywords of clocks and keycaps and articles in queries ("Egy béka.",
    "Một con ếch.")."""
    if not term or len(term) > MAX_TERM_CHARS:
        return False
    if term in numerals.get(tag, ()) or term in numerals.get(tag.split("-")[0], ()):
        return False
    return len(term) > 1 or unicodedata.name(term, "").startswith(UNSPACED)


def counts_or_tells_time(concept: str) -> bool:
    """A clock face (U+1F550…U+1F567) or a keycap (… U+20E3): its keywords are numbers and times
    ("bat" and "30" of 🕜 in Basque), which a query uses as articles and counts, not as pictures."""
    kind, _, code = concept.partition(":")
    if kind != "emoji":
        return False
    points = {int(x, 16) for x in code.split("-") if x}
    return 0x20E3 in points or any(0x1F550 <= c <= 0x1F567 for c in points)


def lines_of(data: Path, files):
    """The lines of each of `files` in `data`, one file after the other, each closed when read."""
    for name in files:
        with open(data / name, encoding="utf-8") as f:
            yield from f


def skin_toned(concept: str) -> bool:
    """A skin-tone variant: the same picture as the toned-down one, named "…: light skin tone"."""
    return bool(SKIN_TONES & set(concept.split(":")[1].split("-")))


def add_name(names, tag: str, term_text: str, concept: str, kind: str, numerals: dict[str, set[str]]) -> None:
    """Adds `concept` under (tag, the term of `term_text`), as a name (`kind` "tts") or another
    word, unless the term is no usable word or a number a clock or keycap is named by."""
    term = norm_term(term_text)
    if not usable(term, tag, numerals):
        return
    if kind != "tts" and counts_or_tells_time(concept):
        return   # "bat" (eu: one), "30": numbers, not pictures, where rbnf has no rules
    names[(tag, term)]["name" if kind == "tts" else "other"].add(concept)


def read_pairs(data: Path, files=("pairs.jsonl",), numerals=None):
    """(image path -> concept, (tag, term) -> {kind class -> concepts}) from the training pairs
    (and the held-out ones where `files` names them)."""
    image_concept: dict[str, str] = {}
    names: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    numerals = read_numerals() if numerals is None else numerals
    for line in lines_of(data, files):
        p = json.loads(line)
        if p["source"] not in SOURCES or not p.get("image") or skin_toned(p["concept"]):
            continue
        image_concept[p["image"]] = p["concept"]
        add_name(names, p["lang"], p["text"], p["concept"], p["kind"], numerals)
    return image_concept, names


def add_newer_names(names, numerals=None) -> int:
    """Adds CLDR 46's names and keywords in the languages CLDR 41 has none of (newer_cldr.py) to
    `names` as `read_pairs` adds the training pairs' (build.py's concept ids, `add_name`;
    keywords of emoji only, as build.py keeps them), and returns how many (tag, term, concept)
    entries it added. Concepts without a picture are dropped later, as the pairs' are."""
    numerals = read_numerals() if numerals is None else numerals
    size = lambda: sum(len(concepts) for kinds in names.values() for concepts in kinds.values())
    before = size()
    for tag, loc in newer_cldr.added(training_data.read_annotations()).items():
        for text_of, entry in loc.items():
            concept = training_data.concept_of(text_of)
            if concept is None or concept[1] not in SOURCES or skin_toned(concept[0]):
                continue
            texts = [("tts", entry["tts"])] if entry["tts"] else []
            if concept[1] == "emoji":
                texts += [("keyword", k) for k in entry["keywords"]]
            for kind, text in texts:
                add_name(names, tag, text, concept[0], kind, numerals)
    return size() - before


def read_export(export: Path):
    """path (relative to data) -> locked feature, from `litsearch export --format npy` of an index
    of data/images."""
    locked = np.load(export / "locked.npy")
    rows = [json.loads(l) for l in open(export / "images.jsonl", encoding="utf-8")]
    return {"images/" + Path(r["path"]).name: locked[r["row"]] for r in rows}


def locked_features(data: Path, litsearch: str):
    """path (relative to data) -> locked feature, by indexing data/images with litsearch."""
    with tempfile.TemporaryDirectory() as tmp:
        index, export = Path(tmp) / "index", Path(tmp) / "export"
        subprocess.run([litsearch, "index", str(data / "images"), "--index", str(index)], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([litsearch, "export", "--index", str(index), "--format", "npy", "--no-joint",
                        "--out", str(export)], check=True, stdout=subprocess.DEVNULL)
        return read_export(export)


def apertium_lines(lines: list[str], without: str = "") -> list[str]:
    """The lines Apertium translates into the languages CLDR and FreeDict cover thinly
    (apertium_terms.py), each keeping its strength (a kind's weights sum to 0.5)."""
    pairs = apertium_terms.pairs_without(without)
    entries = {}
    for line in lines:
        tag, term, weights = line.split("\t")
        dist = {int(r): float(w) for r, w in (x.split(":") for x in weights.split(","))}
        entries[(tag, term)] = (normalise(dist, 0), picture_kinds.KIND_STRENGTH if sum(dist.values()) < 0.75 else 1.0)
    out = []
    for (tag, term), (dist, strength) in sorted(apertium_terms.derived(entries, pairs).items()):
        if strength < 1:
            weights = picture_kinds.format_weights({r: w * strength for r, w in dist.items()})
        else:
            weights = re.sub(r"(^|,)0+(\d)", r"\1\2", format_dist(dist))
        out.append(f"{tag}\t{term}\t{weights}")
    return out


def build(data: Path, out: Path, litsearch: str, export: Path | None = None, heldout: bool = False,
          add_kinds: bool = True, add_apertium: bool = True, apertium_without: str = "",
          add_newer: bool = True) -> None:
    numerals = read_numerals()
    image_concept, names = read_pairs(data, ("pairs.jsonl", "heldout_pairs.jsonl") if heldout else ("pairs.jsonl",), numerals)
    newer_count = add_newer_names(names, numerals) if add_newer else 0
    features = read_export(export) if export else locked_features(data, litsearch)
    by_concept: dict[str, list[np.ndarray]] = defaultdict(list)
    missing = 0
    for image, concept in sorted(image_concept.items()):
        if image in features:
            by_concept[concept].append(features[image])
        else:
            missing += 1
    if missing:
        log(f"pictures: {missing} training images were not indexed")
    concepts = sorted(by_concept)
    row = {c: i for i, c in enumerate(concepts)}
    all_features = np.stack([v for c in concepts for v in by_concept[c]])
    centre = all_features.mean(0, dtype=np.float64).astype(np.float32)
    protos = np.stack([np.mean(by_concept[c], 0) for c in concepts])
    protos /= np.linalg.norm(protos, axis=1, keepdims=True)

    english = {}
    for (tag, term), kinds in names.items():
        if tag == "en":
            for c in kinds.get("name", ()):
                english.setdefault(c, term)
    lines = []
    exact = fallback = 0
    primary_line: dict[tuple[str, str], str] = {}
    # Sorted by tag, a primary tag ("es") comes before its regional ones ("es-419"), whose lines
    # are left out where they say the same: the lexicon falls back to the primary tag.
    for (tag, term), kinds in sorted(names.items()):
        chosen = kinds.get("name") or kinds.get("other")
        chosen = sorted(c for c in chosen if c in row)
        if not chosen:
            continue
        dist = format_dist({row[c]: 1 / len(chosen) for c in chosen})
        dist = re.sub(r"(^|,)0+(\d)", r"\1\2", dist)   # rows without format_dist's 8-digit padding
        if "-" not in tag:
            primary_line[(tag, term)] = dist
        elif primary_line.get((tag.split("-")[0], term)) == dist:
            continue
        exact += bool(kinds.get("name"))
        fallback += not kinds.get("name")
        lines.append(f"{tag}\t{term}\t{dist}")

    kind_count = 0
    if add_kinds:
        names_by_row = {row[c]: name for c, name in english.items() if c in row}
        extra = picture_kinds.kind_lines(names_by_row, {(l.split("\t")[0], l.split("\t")[1]) for l in lines})
        kind_count = len(extra)
        lines += extra
    translated = apertium_lines(lines, apertium_without) if add_apertium else []
    lines += translated

    out.mkdir(parents=True, exist_ok=True)
    # Sorted by the term's UTF-8 bytes, then the tag: the file is its own index (SortedTermFile
    # bisects it, nothing is parsed at load).
    lines.sort(key=lambda l: (l.split("\t")[1].encode("utf-8"), l.split("\t")[0].encode("utf-8")))
    primaries = sorted({l.split("\t")[0].split("-")[0] for l in lines})
    header = ["# litsearch lexicon sorted by term", "# languages: " + " ".join(primaries)]
    (out / "lexicon.tsv").write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    np.save(out / "prototypes.npy", protos.astype("<f2"))
    np.save(out / "centre.npy", centre.reshape(1, -1).astype("<f4"))
    (out / "concepts.tsv").write_text("".join(f"{i}\t{c}\t{english.get(c, '')}\n" for i, c in enumerate(concepts)),
                                      encoding="utf-8")
    tags = {tag for tag, _ in names}
    card = json.loads((data / "card.json").read_text(encoding="utf-8")) if (data / "card.json").exists() else {}
    held_flag = " --with-heldout" if heldout else ""
    try:
        shown_out = out.resolve().relative_to(REPO)
    except ValueError:
        shown_out = out
    pair_kinds = "training and held-out pairs" if heldout else "training pairs"
    held_line = ("- The held-out concepts (176 emoji and flags that the text towers never trained on) are\n"
                 "  here too, so the held-out emoji evaluation is no longer unseen by this lexicon." if heldout else
                 "- Held-out concepts are not in the training pairs and reach nothing.")
    kind_note = (f"A WordNet noun that names no emoji reaches the emoji of its nearest relatives, with\n"
                 f"  weights summing to {picture_kinds.KIND_STRENGTH} (`picture_kinds.py`: \"pelican\" -> penguin, both seabirds),\n"
                 f"  in English and in FreeDict's translations ({kind_count} lines)." if add_kinds else
                 "Built with --no-kinds: only names and keywords reach pictures.")
    newer_note = (f"- Languages CLDR 41 has no annotations for (Northern Sotho, Tswana, Akan, K'iche', Occitan,\n"
                  f"  Ligurian, Chuvash…) take their names and keywords from Debian 13's CLDR {newer_cldr.VERSION}\n"
                  f"  (`newer_cldr.py`, unconfirmed entries included; {newer_count} (language, term, emoji) entries)."
                  if add_newer else "- Built with --no-newer-cldr: CLDR 41's languages only.")
    apertium_note = (f"Languages CLDR and FreeDict cover thinly: Apertium translates the Spanish, Catalan and\n"
                     f"  French terms into Occitan and Aragonese (es-oc, ca-oc, fra-oci, spa-arg, cat-arg; a\n"
                     f"  neighbour's own term stands where no translation gave one) and the English ones into\n"
                     f"  Catalan, Galician and Esperanto (eng-cat, en-gl, en-eo): `apertium_terms.py`, GPL data\n"
                     f"  ({len(translated)} lines)." if add_apertium else
                     "Built with --no-apertium: no lines Apertium translated.")
    if apertium_without:
        apertium_note += f" Built --apertium-without {apertium_without}."
    (out / "SOURCES.md").write_text(f"""# Picture lexicon

Words in every CLDR language mapped to the training emoji they name, and each emoji's mean
locked feature: what the text tower was trained to reach from those words. A query that names
an emoji is moved towards its picture in the joint space (`PictureBridge`, `--picture-weight`).

Built by `python3 scripts/bridge/build_pictures.py --data data/lit --out {shown_out}{held_flag}`
(after `bash scripts/install-data-deps.sh`, which installs the packages read)
from the {pair_kinds} of `scripts/data/build.py` (builder version
{card.get("builder_version", "?")}: CLDR annotations with Noto Color Emoji renderings).

{held_line}
- Single letters, digits and signs are no terms ("a" would make "A frog." half the A button);
  single Han, kana, Thai… characters are. Nor are the words for 0 to 10 (CLDR's spell-out
  rules): keywords of clocks and keycaps, and articles in "Egy béka.", "Một con ếch.". Clock
  faces and keycaps keep their names but lend no keywords, which are numbers and times in every
  language, also where CLDR has no spell-out rules (Basque "bat", one, in "Igela bat.").
- Skin-tone variants are left out (the same pictures, named "…: light skin tone").
- Regional tags keep only the lines that differ from their language's.
{newer_note}

- `prototypes.npy`: {len(concepts)} emoji and flags x 1280, float16, unit length: the mean of the
  locked features of each one's training renderings ({len(all_features)} pictures).
- `centre.npy`: the mean locked feature of those renderings (float32), subtracted before a
  prototype goes through a text model's image head.
- `lexicon.tsv`: {len(lines)} (tag, term) lines in {len(tags)} tags, the concept bridge's format
  with prototype rows for synsets, sorted by the term's UTF-8 bytes and then the tag, after a
  `# languages:` header, so that `ConceptLexicon(sortedLexicon:)` bisects it without parsing it. A term that is an emoji's CLDR short name
  names those emoji ({exact} lines); a term that is only a keyword or territory name names every
  emoji it is a keyword of ({fallback} lines). Weights are equal shares.
  {kind_note}
  {apertium_note}
- `concepts.tsv`: row, concept id, English short name.

Licences: CLDR (Unicode-DFS-2016, unicode-cldr-core 41 and 46), Noto Color Emoji (OFL-1.1,
fonts-noto-color-emoji); the kinds' translations come from FreeDict (each dictionary's licence,
see models/bridge/SOURCES.md), the lines Apertium translated from its language data
(GPL-2+ / GPL-3+: {", ".join(apertium_terms.PACKAGES)}); the features are the locked EfficientNet-Lite0's (Apache-2.0).
""", encoding="utf-8")
    log(f"pictures: {len(concepts)} prototypes from {len(all_features)} renderings, {len(lines)} terms "
        f"in {len(tags)} tags -> {out}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO / "data/lit")
    ap.add_argument("--out", type=Path, default=REPO / "models/pictures")
    ap.add_argument("--litsearch", default=str(REPO / ".build/release/litsearch"))
    ap.add_argument("--features", type=Path, help="an existing `litsearch export --format npy` of an index of DATA/images "
                    "(default: index them now)")
    ap.add_argument("--with-heldout", action="store_true",
                    help="read the held-out pairs too (the shipped lexicon); the emoji evaluation then sees them")
    ap.add_argument("--no-kinds", action="store_true",
                    help="leave out the WordNet kinds (picture_kinds.py): names and keywords only")
    ap.add_argument("--no-apertium", action="store_true",
                    help="leave out the lines Apertium translates (apertium_terms.py: oc, an, ca, gl, eo)")
    ap.add_argument("--apertium-without", default="", metavar="MODES",
                    help="leave out these Apertium translators, comma-separated (scripts/eval/neighbours.sh)")
    ap.add_argument("--no-newer-cldr", action="store_true",
                    help="leave out CLDR 46's names in the languages CLDR 41 lacks (newer_cldr.py: nso, tn, oc…)")
    a = ap.parse_args(argv)
    if not (a.data / "pairs.jsonl").exists():
        ap.error(f"{a.data}/pairs.jsonl missing: build it with scripts/data/build.py (see scripts/eval/all.sh)")
    if a.with_heldout and not (a.data / "heldout_pairs.jsonl").exists():
        ap.error(f"{a.data}/heldout_pairs.jsonl missing: rebuild the data with scripts/data/build.py")
    build(a.data, a.out, a.litsearch, a.features, a.with_heldout, add_kinds=not a.no_kinds,
          add_apertium=not a.no_apertium, apertium_without=a.apertium_without, add_newer=not a.no_newer_cldr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
