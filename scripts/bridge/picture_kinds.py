#!/usr/bin/env python3
"""Kinds of things no emoji names, reached through WordNet: "pelican" -> the bird pictures.

(build_lexicon.py uses the same walk for the class lexicon: a noun that reaches no ImageNet class
gets the nearest ancestor with at most MAX_ROWS classes below it, "pumpkin" -> vegetable.)

The picture lexicon (build_pictures.py) maps the words that *name* a training emoji to its
pictures. A word that names none ("pelican", "raspberry", "barn", "accountant") reached no
picture at all and was left to the text towers, which have never seen it: on drawings of such
things (scripts/eval/sources/words.jsonl) English R@10 was 0.30 against 0.71 for things that
have an emoji. This module adds, for every English WordNet noun that is no picture term yet, the
pictures of its nearest WordNet relatives that are emoji:

  1. Each emoji whose English short name is a WordNet noun ("penguin", "eagle", "barn" is not
     one) stands for that noun's first visible sense (among its first three; "tennis" the game
     and "sunset" the time have none, and stand for nothing); every hypernym above that sense
     has the emoji below it ("seabird" -> penguin; "bird" -> bird, which it names itself).
  2. A noun's senses among its first three whose lexicographer file is a visible thing (animal,
     plant, food, artifact, object, person, body, substance) and that carry at least a fifth of
     its SemCor sense counts walk up their hypernyms, at most MAX_DEPTH steps (never to the
     root-like synsets of build_lexicon.ROOTISH), to the nearest synset with emoji: those it
     names itself if it names any, else those below it, if no more than MAX_ROWS.
  3. The noun's pictures are those emoji, in equal shares of each sense's share, and the whole
     line's weights add up to KIND_STRENGTH (< 1): `PictureBridge.pull` moves a query with such
     a word only that much of the way a name moves it ("pelican" is a bird, not the penguin).
  4. FreeDict's English-X dictionaries translate the noun into their languages (the best sense
     for its lexicographer file, kept where the X-English dictionary translates it back to one of
     the synset's English words), and X-English dictionaries turned around add the X words whose
     first translation it is, as build_lexicon.py does for its terms; a translation that is
     already a picture term in that language (a CLDR name or keyword) keeps its own line.

  python3 scripts/bridge/picture_kinds.py --self-test
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_lexicon as bl  # noqa: E402  (WordNet sense counts, FreeDict, term normalisation)
from build_lexicon import build  # noqa: E402

KIND_STRENGTH = 0.5   # a kind line's weights sum to this (a name's sum to 1)
MAX_DEPTH = 3         # hypernym steps from the noun to the synset with emoji
MAX_ROWS = 12         # an ancestor with more emoji below it than this says too little
MIN_SHARE = 0.2       # a sense needs this share of the noun's SemCor counts (+1 smoothed)
VISIBLE = {"noun.animal", "noun.plant", "noun.food", "noun.artifact", "noun.object", "noun.person",
           "noun.body", "noun.substance"}


def ancestors(wn: build.WordNet, offset: int) -> dict[int, int]:
    """Synset offset -> hypernym steps from `offset` (0 for itself), the shortest path."""
    depth = {offset: 0}
    frontier = [offset]
    while frontier:
        nxt = []
        for o in frontier:
            for h in wn.synset(o)["hypernyms"]:
                if h not in depth:
                    depth[h] = depth[o] + 1
                    nxt.append(h)
        frontier = nxt
    return depth


def emoji_synsets(wn: build.WordNet, english: dict[int, str]):
    """(named, below): synset -> rows of the emoji whose English name is its lemma (first sense),
    and synset -> rows of the emoji at or below it."""
    named, below = defaultdict(set), defaultdict(set)
    for row, name in sorted(english.items()):
        offsets = wn.index.get(bl.norm_term(name).replace(" ", "_")) if name else None
        visible = [o for o in (offsets or [])[:3] if wn.synset(o)["lexname"] in VISIBLE]
        if not visible:
            continue   # "tennis" the game, "sunset" a time: no picture of a thing
        named[visible[0]].add(row)
        for o in ancestors(wn, visible[0]):
            below[o].add(row)
    return named, below


def picture_reach(wn: build.WordNet, english: dict[int, str]):
    """The picture lexicon's reach (step 1): an ancestor synset -> {prototype row: 1} for the emoji
    it names, else for those below it when they are no more than MAX_ROWS; None for neither."""
    named, below = emoji_synsets(wn, english)

    def reach(offset: int) -> dict[int, float] | None:
        rows = named.get(offset) or below.get(offset)
        return {row: 1.0 for row in rows} if rows and len(rows) <= MAX_ROWS else None
    return reach


def class_reach(below: dict[int, set[int]], limit: int = MAX_ROWS):
    """The class lexicon's reach: an ancestor synset with at least one and at most `limit`
    ImageNet classes below it reaches itself ({synset: 1}; classes.tsv lists its classes)."""
    def reach(offset: int) -> dict[int, float] | None:
        return {offset: 1.0} if 0 < len(below.get(offset, ())) <= limit else None
    return reach


def english_kinds(wn: build.WordNet, taken: set[str], reach) -> dict[str, tuple[dict[int, float], list]]:
    """English term -> (target -> weight, its senses as [(lexname, synset words)]) for every
    WordNet noun that is no term in `taken` and whose visible senses have an ancestor that
    `reach` answers (steps 2-3 of the module doc); the weights sum to KIND_STRENGTH."""
    counts = bl.read_sense_counts()
    out = {}
    for lemma in sorted(wn.index):
        term = bl.norm_term(lemma.replace("_", " "))
        if not term or term in taken or len(term) < 3 or not term[0].isalpha() or len(term) > bl.MAX_TERM_CHARS:
            continue
        offsets = wn.index[lemma]
        total = sum(counts.get((lemma, r + 1), 0) + 1 for r in range(len(offsets)))
        dist: dict[int, float] = defaultdict(float)
        senses = []
        for rank, o in enumerate(offsets[:3]):
            synset = wn.synset(o)
            share = (counts.get((lemma, rank + 1), 0) + 1) / total
            if synset["lexname"] not in VISIBLE or share < MIN_SHARE:
                continue
            for a, d in sorted(ancestors(wn, o).items(), key=lambda kv: (kv[1], kv[0])):
                if d == 0 or d > MAX_DEPTH or a in bl.ROOTISH:
                    continue
                targets = reach(a)
                if targets:
                    for target, w in targets.items():
                        dist[target] += share * w / sum(targets.values())
                    senses.append((synset["lexname"], {w.lower() for w in synset["words"]}))
                    break
        if dist:
            scale = KIND_STRENGTH / sum(dist.values())
            out[term] = ({t: w * scale for t, w in dist.items()}, senses)
    return out


def translated_kinds(kinds, taken: set[tuple[str, str]]) -> dict[tuple[str, str], dict[int, float]]:
    """(tag, term) -> row weights for FreeDict's translations of the English kinds (step 4);
    where several English words give one translation, their weights are averaged."""
    acc: dict[tuple[str, str], list[dict[int, float]]] = defaultdict(list)
    for code, tag in sorted(build.FREEDICT_LANGS.items()):
        if not (build.DICTD / f"freedict-eng-{code}.index").exists():
            continue
        forward = build.FreeDict(f"eng-{code}")
        back = None
        if code in build.FREEDICT_BACK and (build.DICTD / f"freedict-{code}-eng.index").exists():
            back = build.FreeDict(f"{code}-eng")
        for term, (dist, senses) in sorted(kinds.items()):
            if not forward.index.get(term):
                continue
            english = set().union(*(words for _, words in senses)) | {term}
            got = []
            for lexname in dict.fromkeys(lex for lex, _ in senses):
                got += forward.translate(term, lexname, limit=bl.FREEDICT_LIMIT, back=back, english=english)
            for t in dict.fromkeys(got):
                word = bl.norm_term(t)
                if word and bl.translation_ok(tag, t) and (tag, word) not in taken and word[0].isalpha():
                    acc[(tag, word)].append(dist)
    # X-English dictionaries turned around, as build_lexicon.py does: X headwords whose first
    # translation is the English kind (this adds Croatian, Hungarian, Icelandic, Slovak,
    # Slovene and Esperanto, which have no usable English-X dictionary).
    for code, tag in sorted({**build.FREEDICT_LANGS, **build.FREEDICT_INVERTED}.items()):
        if not (build.DICTD / f"freedict-{code}-eng.index").exists():
            continue
        inverted = build.FreeDict(f"{code}-eng").inverted()
        for term, (dist, _) in sorted(kinds.items()):
            for _, _, headword in sorted(x for x in inverted.get(term, []) if x[0] == 0)[:bl.INVERTED_LIMIT]:
                word = bl.norm_term(headword)
                if word and bl.translation_ok(tag, headword) and (tag, word) not in taken and word[0].isalpha() \
                        and dist not in acc[(tag, word)]:
                    acc[(tag, word)].append(dist)
    out = {}
    for key, dists in acc.items():
        if not dists:
            continue
        merged: dict[int, float] = defaultdict(float)
        for d in dists:
            for row, w in d.items():
                merged[row] += w / len(dists)
        out[key] = dict(merged)
    return out


def format_weights(dist: dict[int, float], width: int = 0) -> str:
    """'target:weight,...', heaviest first, 4 decimals (a kind line's weights sum to
    KIND_STRENGTH); targets zero-padded to `width` digits (8 for WordNet synsets)."""
    items = sorted(dist.items(), key=lambda kv: (-kv[1], kv[0]))
    return ",".join(f"{target:0{width}d}:{max(w, 0.0001):.4f}".rstrip("0") for target, w in items)


def kind_lines(english: dict[int, str], taken: set[tuple[str, str]]) -> list[str]:
    """Lexicon lines (tag, term, rows) for the kinds; `english` is row -> English short name,
    `taken` the (tag, term) pairs the picture lexicon already has."""
    wn = build.WordNet()
    kinds = english_kinds(wn, {term for tag, term in taken if tag == "en"}, picture_reach(wn, english))
    lines = [f"en\t{term}\t{format_weights(dist)}" for term, (dist, _) in sorted(kinds.items())]
    for (tag, term), dist in sorted(translated_kinds(kinds, taken).items()):
        lines.append(f"{tag}\t{term}\t{format_weights(dist)}")
    return lines


def self_test() -> int:
    failures = []

    def check(cond, msg):
        print(("ok   " if cond else "FAIL ") + msg)
        if not cond:
            failures.append(msg)

    wn = build.WordNet()
    english = {0: "bird", 1: "penguin", 2: "eagle", 3: "strawberry", 4: "blueberries", 5: "person"}
    named, below = emoji_synsets(wn, english)
    bird = wn.index["bird"][0]
    check(named[bird] == {0} and {0, 1, 2} <= below[bird], "bird names the bird emoji; penguin and eagle sit below it")
    kinds = english_kinds(wn, {"bird", "penguin", "eagle", "strawberry", "person"}, picture_reach(wn, english))
    pelican = kinds.get("pelican", ({}, []))[0]
    check(bool(pelican) and set(pelican) <= {0, 1, 2}, f"pelican reaches birds: {pelican}")
    check(abs(sum(pelican.values()) - KIND_STRENGTH) < 1e-9, "a kind line's weights sum to KIND_STRENGTH")
    check(3 in kinds.get("raspberry", ({}, []))[0], "raspberry reaches the strawberry (both berries)")
    check("penguin" not in kinds and "bird" not in kinds, "names keep their own lines")
    check("happiness" not in kinds, "an abstract noun reaches nothing")
    check(format_weights({3: 0.25, 1: 0.25}) == "1:0.25,3:0.25", format_weights({3: 0.25, 1: 0.25}))
    check(format_weights({7846: 0.5}, 8) == "00007846:0.5", "synsets are written with 8 digits")
    reach = class_reach({1: {5}, 2: set(range(40))})
    check(reach(1) == {1: 1.0} and reach(2) is None and reach(3) is None, "a class ancestor reaches itself if narrow")
    lines = kind_lines(english, {("en", "bird"), ("en", "penguin"), ("en", "eagle"), ("de", "pelikan")})
    check(any(l.startswith("en\tpelican\t") for l in lines), "an English kind line is written")
    check(not any(l.startswith("de\tpelikan\t") for l in lines), "a taken translation keeps its own line")
    check(any(l.split("\t")[0] != "en" for l in lines), "FreeDict adds other languages")
    print(f"{12 - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    print(__doc__)
    sys.exit(64)
