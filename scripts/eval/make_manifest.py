#!/usr/bin/env python3
"""Eval manifest from a list of labelled images: captions are CLDR emoji short names.

Reads a sources file (JSON Lines), one image per line:

  {"id": "photos/x1", "file": "dogs/a.jpg", "concepts": ["emoji:1F415"], ...}

(other keys are ignored; a concept id is `emoji:` + the emoji's code points in uppercase hex,
joined by `_` (or `-`), U+FE0F dropped, or `word:` + an English noun for a thing no emoji names,
"word:anteater", whose only name is that English word) and writes the manifest `litsearch eval` reads
(docs/eval.md), one line per image:

  {"id": ..., "image": "<images-dir>/<file>", "captions": {tag: [names...]},
   "labels": {tag: [names...]}, "concepts": [...]}

For every CLDR locale (BCP-47 tag as scripts/data/build.py's cldr_tag makes it) the captions
are the CLDR short names (tts) of the image's concepts, from annotations and annotationsDerived
(draft="unconfirmed" and "↑↑↑" entries skipped, as build.py's read_annotations does; a
regional locale holds only what CLDR states for it, nothing is inherited). The labels are the
same names (for zero-shot classification: per language the distinct names are the classes).
With --style sentences each caption is the name worded as a short sentence, the way issue 13's
independent check asks ("A frog.", "Ein Frosch.", "Una rana.": scripts/eval/sentences.py);
the labels stay the bare names. With --style dictionary the captions are the English name and
its FreeDict translations instead of CLDR's names (scripts/eval/dictionary.py), in the 28
languages Debian has an English-X dictionary for. With --added-languages the captions are in
English and in the languages CLDR 41 has no annotations for, from CLDR 46 (newer_cldr.py,
unconfirmed names included, as the lexicons take them).

Usage:
  python3 scripts/eval/make_manifest.py --sources FILE --images-dir PATH --out FILE
                                        [--min-languages N] [--style names|sentences|dictionary]
  python3 scripts/eval/make_manifest.py --self-test

--images-dir is written into each "image" path as given, so it is relative to the manifest's
folder (or absolute). --min-languages N leaves out images whose concepts have names in fewer
than N languages (default 1: any image with at least one name).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "data"))
import build  # noqa: E402  (CLDR annotation reader and tag mapping)

sys.path.insert(0, str(REPO / "scripts" / "eval"))
import sentences  # noqa: E402  (--style sentences: "frog" -> "A frog.")
import dictionary  # noqa: E402  (--style dictionary: "frog" -> de "Frosch" from FreeDict)
sys.path.insert(0, str(REPO / "scripts" / "bridge"))
import newer_cldr  # noqa: E402  (--added-languages: CLDR 46's names where CLDR 41 has none)

VS16 = 0xFE0F
WORD = re.compile(r"^word:([a-z][a-z -]*[a-z])$")
CONCEPT = re.compile(r"^emoji:([0-9A-Fa-f]{1,6}(?:[_-][0-9A-Fa-f]{1,6})*)$")
COVERAGE = 0.9


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def concept_key(concept: str):
    """'emoji:1F3F3_FE0F_200D_1F308' -> (0x1F3F3, 0x200D, 0x1F308); None if not an emoji id."""
    m = CONCEPT.match(concept.strip())
    if not m:
        return None
    cps = tuple(int(x, 16) for x in re.split(r"[_-]", m.group(1)))
    return tuple(c for c in cps if c != VS16) or None


def concept_id(cps) -> str:
    return "emoji:" + "_".join("%X" % c for c in cps if c != VS16)


def names_by_concept(ann) -> dict[tuple, dict[str, str]]:
    """{code points without FE0F: {tag: short name}} over every CLDR locale."""
    out: dict[tuple, dict[str, str]] = {}
    for tag in sorted(ann):
        for s, e in ann[tag].items():
            if not e.get("tts"):
                continue
            key = tuple(ord(c) for c in s if ord(c) != VS16)
            out.setdefault(key, {}).setdefault(tag, e["tts"])
    return out


def read_sources(path: Path):
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise SystemExit(f"{path}: line {n}: invalid JSON ({e})")
        if not isinstance(obj, dict) or not isinstance(obj.get("file"), str) or not obj["file"]:
            raise SystemExit(f"{path}: line {n}: needs an object with a \"file\" string")
        concepts = obj.get("concepts", [])
        if not isinstance(concepts, list) or not all(isinstance(c, str) for c in concepts):
            raise SystemExit(f"{path}: line {n}: \"concepts\" must be a list of strings")
        rows.append((n, obj, concepts))
    return rows


def image_path(images_dir: str, file: str) -> str:
    d = images_dir.replace("\\", "/").rstrip("/")
    f = file.replace("\\", "/").lstrip("/") if d else file.replace("\\", "/")
    if d in ("", "."):
        return f
    return f"{d}/{f}"


def make_manifest(rows, names, images_dir: str, min_languages: int = 1, style: str = "names"):
    """-> (manifest records, stats dict). style "sentences" words each caption as a sentence
    ("A frog.", sentences.py); "dictionary" makes the captions FreeDict translations of the
    English name (dictionary.py) beside the English name itself (images without one are left out); the labels
    stay the CLDR names either way."""
    records, seen = [], {}
    warnings = []
    no_english, unknown, bad = Counter(), Counter(), Counter()
    skipped_few = no_names = 0
    for n, obj, concepts in rows:
        rid = obj.get("id") if isinstance(obj.get("id"), str) and obj.get("id") else obj["file"]
        if rid in seen:
            warnings.append(f"line {n}: id {rid!r} already used on line {seen[rid]} (skipped)")
            continue
        seen[rid] = n
        caps: dict[str, list[str]] = {}
        for c in concepts:
            word = WORD.match(c.strip())
            key = concept_key(c)
            if word is None and key is None:
                bad[c] += 1
                continue
            by_tag = {"en": word.group(1)} if word else names.get(key)
            if not by_tag:
                unknown[c] += 1
                continue
            if "en" not in by_tag:
                no_english[c] += 1
            for tag, name in by_tag.items():
                lst = caps.setdefault(tag, [])
                if name not in lst:
                    lst.append(name)
        if not caps:
            no_names += 1
            continue
        if len(caps) < min_languages:
            skipped_few += 1
            continue
        caps = dict(sorted(caps.items()))
        if style == "dictionary":
            worded = dictionary_captions(caps.get("en", []))
            if not worded:
                no_names += 1
                continue
        elif style == "sentences":
            worded = {t: [sentences.sentence(t, v) for v in vs] for t, vs in caps.items()}
        else:
            worded = caps
        records.append({"id": rid, "image": image_path(images_dir, obj["file"]),
                        "captions": worded, "labels": {t: list(v) for t, v in caps.items()},
                        "concepts": list(concepts)})
    per_lang = Counter(t for r in records for t in r["captions"])
    total = len(records)
    covered = sorted(t for t, k in per_lang.items() if total and k >= COVERAGE * total)
    stats = {"images": total, "skipped_few_languages": skipped_few, "skipped_no_names": no_names, "languages": len(per_lang),
             "languages_90": covered, "per_lang": per_lang, "no_english": no_english,
             "unknown": unknown, "bad": bad, "warnings": warnings}
    return records, stats


def dictionary_captions(english: list[str]) -> dict[str, list[str]]:
    """tag -> FreeDict translations of the English names (dictionary.py), English itself kept."""
    out: dict[str, list[str]] = {"en": list(english)} if english else {}
    for name in english:
        for tag, word in dictionary.translations(name).items():
            if word not in out.setdefault(tag, []):
                out[tag].append(word)
    return dict(sorted(out.items()))


def write_manifest(records, out: Path):
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) + "\n")


def print_stats(stats, out: Path | None):
    if out is not None:
        print(f"wrote {out}: {stats['images']} images")
    if stats["skipped_no_names"]:
        print(f"left out {stats['skipped_no_names']} images whose concepts have no CLDR name")
    if stats["skipped_few_languages"]:
        print(f"left out {stats['skipped_few_languages']} images with names in too few languages")
    print(f"languages with captions: {stats['languages']}; with captions for >= {COVERAGE:.0%} "
          f"of the images: {len(stats['languages_90'])}")
    if stats["languages_90"]:
        print("  " + " ".join(stats["languages_90"]))
    for w in stats["warnings"]:
        log("warning: " + w)
    for c, k in sorted(stats["bad"].items()):
        log(f"warning: {c!r} is neither an emoji concept id (emoji:<HEX>_<HEX>...) nor word:<english> ({k} images)")
    for c, k in sorted(stats["unknown"].items()):
        log(f"warning: {c} has no CLDR short name in any language ({k} images)")
    for c, k in sorted(stats["no_english"].items()):
        log(f"warning: {c} has no English CLDR short name ({k} images)")


# ----------------------------------------------------------------------------- self-test

def self_test() -> int:
    failures, passed = [], []

    def check(cond, msg):
        print(("ok   " if cond else "FAIL ") + msg)
        (passed if cond else failures).append(msg)

    check(concept_key("emoji:1F3F3_FE0F_200D_1F308") == (0x1F3F3, 0x200D, 0x1F308), "FE0F dropped from concept ids")
    check(concept_key("emoji:1f415") == (0x1F415,) and concept_key("emoji:1F415-1F9BA") == (0x1F415, 0x1F9BA),
          "hex case and '-' separators accepted")
    check(concept_key("flag:DE") is None and concept_key("emoji:XYZ") is None, "non-emoji ids rejected")
    check(concept_id((0x1F3F3, 0xFE0F, 0x200D, 0x1F308)) == "emoji:1F3F3_200D_1F308", "concept_id round trip")
    check(image_path("images", "dogs/a.jpg") == "images/dogs/a.jpg" and image_path(".", "a.jpg") == "a.jpg"
          and image_path("../pics/", "a.jpg") == "../pics/a.jpg", "image paths joined with '/'")

    ann = build.read_annotations()
    names = names_by_concept(ann)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "sources.jsonl"
        lines = [
            {"id": "photos/dog1", "file": "dogs/a.jpg", "concepts": ["emoji:1F415"], "note": "x"},
            {"id": "photos/cat1", "file": "cats/b.jpg", "concepts": ["emoji:1F408", "emoji:1F431"]},
            {"id": "photos/rainbow", "file": "c.jpg", "concepts": ["emoji:1F3F3_FE0F_200D_1F308"]},
            {"id": "photos/pizza", "file": "d.jpg", "concepts": ["emoji:1F355"]},
            {"id": "photos/none", "file": "e.jpg", "concepts": ["emoji:10FFFF", "flag:DE"]},
            {"id": "words/anteater", "file": "f.jpg", "concepts": ["word:anteater"]},
            {"id": "photos/dog1", "file": "dup.jpg", "concepts": ["emoji:1F415"]},
        ]
        src.write_text("\n".join(json.dumps(l) for l in lines) + "\n\n", encoding="utf-8")
        rows = read_sources(src)
        recs, stats = make_manifest(rows, names, "images")
        out = tmp / "m.jsonl"
        write_manifest(recs, out)
        back = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
        by_id = {r["id"]: r for r in back}
        check(back == recs and len(back) == 5, f"5 images written ({len(back)}); unknown-only and duplicate ids left out")
        check(set(back[0]) == {"id", "image", "captions", "labels", "concepts"}, "manifest keys")
        dog = by_id.get("photos/dog1", {})
        check(dog.get("image") == "images/dogs/a.jpg", "image = images-dir/file")
        check(dog.get("captions", {}).get("en") == ["dog"], "en caption of U+1F415 is 'dog'")
        check(dog.get("captions", {}).get("de") == ["Hund"], "de caption of U+1F415 is 'Hund'")
        check(all(isinstance(v, list) and v for v in dog.get("captions", {}).values()), "captions are non-empty lists")
        check(all(r["labels"] == r["captions"] for r in back), "labels are the caption names")
        cat = by_id.get("photos/cat1", {})
        check(cat.get("captions", {}).get("en") == ["cat", "cat face"], "two concepts -> two names, in order")
        check("en" in by_id.get("photos/rainbow", {}).get("captions", {}), "ZWJ sequence with FE0F found (rainbow flag)")
        check(all(build.LANGTAG.match(t) for r in back for t in r["captions"]), "every tag is BCP-47")
        named = sum(1 for k in stats["per_lang"].values() if k >= 4)
        check(named >= 50, f"{named} languages name all four emoji images")
        check(stats["unknown"] == Counter({"emoji:10FFFF": 1}) and stats["bad"] == Counter({"flag:DE": 1}),
              "unknown and malformed concepts reported")
        check(any("already used" in w for w in stats["warnings"]), "duplicate id warned")
        recs2, stats2 = make_manifest(rows, names, "images", min_languages=10_000)
        check(by_id.get("words/anteater", {}).get("captions") == {"en": ["anteater"]},
              "word:anteater is named in English only")
        check(recs2 == [] and stats2["skipped_few_languages"] == 5 and stats2["skipped_no_names"] == 1,
              "--min-languages leaves out images")
        write_manifest(make_manifest(rows, names, "images")[0], tmp / "m2.jsonl")
        check((tmp / "m2.jsonl").read_bytes() == out.read_bytes(), "deterministic output")
        worded = {r["id"]: r for r in make_manifest(rows, names, "images", style="sentences")[0]}
        wdog = worded.get("photos/dog1", {})
        check(wdog.get("captions", {}).get("en") == ["A dog."] and wdog.get("captions", {}).get("de") == ["Ein Hund."],
              "--style sentences: 'A dog.', 'Ein Hund.'")
        check(wdog.get("labels") == dog.get("labels"), "--style sentences keeps the bare names as labels")
        ddog = {r["id"]: r for r in make_manifest(rows, names, "images", style="dictionary")[0]}.get("photos/dog1", {})
        check(ddog.get("captions", {}).get("en") == ["dog"] and ddog.get("captions", {}).get("de") == ["Hund"]
              and ddog.get("labels") == dog.get("labels"), "--style dictionary: FreeDict's 'Hund', CLDR labels")
        dant = {r["id"]: r for r in make_manifest(rows, names, "images", style="dictionary")[0]}.get("words/anteater", {})
        check(dant.get("captions", {}).get("en") == ["anteater"] and len(dant.get("captions", {})) > 5,
              "--style dictionary translates a word: concept")
    print(f"{len(passed)} passed, {len(failures)} failed")
    return 1 if failures else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", help="JSON Lines: {\"id\", \"file\", \"concepts\": [\"emoji:1F415\"]}")
    ap.add_argument("--images-dir", default=".", help="folder of the images, relative to the manifest")
    ap.add_argument("--out", help="manifest to write (JSON Lines)")
    ap.add_argument("--min-languages", type=int, default=1,
                    help="leave out images with names in fewer than N languages")
    ap.add_argument("--style", choices=("names", "sentences", "dictionary"), default="names",
                    help="captions as bare CLDR names, as sentences ('A frog.', 'Ein Frosch.'), or as "
                         "FreeDict translations of the English name")
    ap.add_argument("--added-languages", action="store_true",
                    help="captions in English and in the languages CLDR 41 has no annotations for, from CLDR 46 "
                         "(scripts/bridge/newer_cldr.py: nso, tn, ak, oc…; scripts/eval/added.sh)")
    ap.add_argument("--self-test", action="store_true", help="check invariants on a tiny sources file")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test()
    if not args.sources or not args.out:
        ap.error("--sources and --out are required")
    if args.added_languages and args.style == "dictionary":
        ap.error("--added-languages has CLDR names only: use --style names or sentences")
    rows = read_sources(Path(args.sources))
    ann = build.read_annotations()
    if args.added_languages:
        ann = {"en": ann["en"], **newer_cldr.added(ann)}
    names = names_by_concept(ann)
    records, stats = make_manifest(rows, names, args.images_dir, args.min_languages, args.style)
    out = Path(args.out)
    write_manifest(records, out)
    print_stats(stats, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
