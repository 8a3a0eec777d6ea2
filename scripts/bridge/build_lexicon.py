#!/usr/bin/env python3
"""Concept bridge lexicon: words in many languages -> WordNet noun synsets -> ImageNet classes.

Writes to --out (default models/bridge/):

  classes.tsv   <synset offset, 8 digits> TAB <sorted ImageNet class indices, comma-separated>
                one line per WordNet noun synset that some lexicon term uses; the classes are
                those at or below the synset (hyponym closure over WordNet's `~`/`~i` pointers,
                computed as the inverse of the classes' `@`/`@i` hypernym chains).
  lexicon.tsv   <BCP-47 tag> TAB <term> TAB <synset:weight,...>, sorted by term (then tag) after
                a two-line `#` header, so that litsearch bisects the mapped file
                term: NFKC + casefold, whitespace collapsed, surrounding punctuation stripped;
                weights: relative sense frequencies, summing to 1 per (tag, term).
  SOURCES.md    what the files are, the command, package versions and licences.

Sources (all read through scripts/data/build.py's parsers, from the packages that
scripts/install-data-deps.sh installs):
  wordnet   English: every noun lemma with a sense at or above an ImageNet class; senses weighted
            by SemCor tag counts (cntlist.rev, +1 smoothing).
  cldr      every CLDR locale's emoji short name (tts) of an emoji whose English short name
            names an English lexicon term (full name, name without " face", head noun).
  newer-cldr  the same from CLDR 46 (scripts/bridge/newer_cldr.py), in the languages CLDR 41 has no
            annotations for (nso, tn, ak, quc, oc, lij, cv…); only with cldr.
  freedict  eng-X dictionaries (translations of English lexicon lemmas, per sense lexname, with
            X-eng back-translation checks where build.py has them) and X-eng dictionaries
            turned around (X headwords whose first translation is an English lexicon lemma).

Usage:
  python3 scripts/bridge/build_lexicon.py [--out models/bridge] [--languages all]
                                          [--sources wordnet,cldr,freedict,kinds] [--samples 30]
  python3 scripts/bridge/build_lexicon.py --self-test

Output is a pure function of the installed package versions, the class list and the arguments.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "data"))
import build  # noqa: E402  (the training-data builder: CLDR, WordNet and FreeDict parsers)
sys.path.insert(0, str(REPO / "scripts" / "bridge"))
import newer_cldr  # noqa: E402  (CLDR 46's names in the languages CLDR 41 lacks)

# Root-ish synsets that would tie a word to (nearly) every class: entity, physical entity,
# object, whole, artifact, organism, living thing; and the other tops above classes:
# abstraction, thing, causal agent.
ROOTISH = {1740, 1930, 2684, 3553, 21939, 4475, 4258, 2137, 2452, 7347}
MIN_WEIGHT = 0.05     # senses below this share (after renormalisation) are dropped
MAX_SENSE_RANK = 2    # a lemma's best reaching sense must be one of its first 3 senses
FREEDICT_LIMIT = 3    # translations per (English lemma, sense group, dictionary)
INVERTED_LIMIT = 2    # X headwords per English lemma from an X-eng dictionary
MAX_TERM_CHARS = 60
ALL_SOURCES = ("wordnet", "cldr", "freedict", "kinds", "apertium", "newer-cldr")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def norm_term(t: str) -> str:
    """NFKC, casefold, whitespace collapsed, surrounding punctuation stripped."""
    t = unicodedata.normalize("NFKC", t).casefold()
    t = re.sub(r"\s+", " ", t).strip()
    i, j = 0, len(t)
    while i < j and (t[i].isspace() or unicodedata.category(t[i]).startswith("P")):
        i += 1
    while j > i and (t[j - 1].isspace() or unicodedata.category(t[j - 1]).startswith("P")):
        j -= 1
    return t[i:j]


def normalise(dist: dict[int, float], min_weight: float = MIN_WEIGHT) -> dict[int, float]:
    """Renormalise, drop shares below min_weight, renormalise again."""
    tot = sum(dist.values())
    if tot <= 0:
        return {}
    d = {k: v / tot for k, v in dist.items()}
    d = {k: v for k, v in d.items() if v >= min_weight}
    tot = sum(d.values())
    return {k: v / tot for k, v in d.items()} if tot > 0 else {}


def format_dist(dist: dict[int, float]) -> str:
    """'offset:weight,...', heaviest first (ties by offset); 4 decimals, summing to exactly 1."""
    items = sorted(dist.items(), key=lambda kv: (-kv[1], kv[0]))
    q = [int(round(w * 10000)) for _, w in items]
    q[0] += 10000 - sum(q)
    out = []
    for (off, _), n in zip(items, q):
        if n <= 0:
            continue
        w = "1" if n == 10000 else ("0.%04d" % n).rstrip("0")
        out.append(f"{off:08d}:{w}")
    return ",".join(out)


# ----------------------------------------------------------------------------- WordNet side

def read_classes(path: Path):
    classes = []
    for line in build.check_path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        idx, wnid, names = line.split("\t")
        classes.append((int(idx), int(wnid[1:]), [build.clean_text(n) for n in names.split(",") if n.strip()]))
    return classes


def class_closure(wn: build.WordNet, classes) -> dict[int, set[int]]:
    """synset offset -> ImageNet class indices at or below it (following @/@i upwards)."""
    below = defaultdict(set)
    for idx, off, _ in classes:
        seen, stack = set(), [off]
        while stack:
            o = stack.pop()
            if o in seen:
                continue
            seen.add(o)
            below[o].add(idx)
            stack.extend(wn.synset(o)["hypernyms"])
    return dict(below)


def hyponym_pointers(wn: build.WordNet, offset: int) -> list[int]:
    """The `~` / `~i` pointers of a data.noun line (used by the self-test to check that the
    inverse-hypernym closure equals the hyponym closure)."""
    wn.data.seek(offset)
    p = wn.data.readline().decode("utf-8").partition(" | ")[0].split()
    n = int(p[3], 16)
    k = 4 + 2 * n
    out = []
    for i in range(int(p[k])):
        sym, off, pos = p[k + 1 + 4 * i], int(p[k + 2 + 4 * i]), p[k + 3 + 4 * i]
        if sym in ("~", "~i") and pos == "n":
            out.append(off)
    return out


def read_sense_counts() -> dict[tuple[str, int], int]:
    """(lemma, noun sense number) -> SemCor tag count, from cntlist.rev."""
    out = {}
    path = build.check_path(build.WORDNET / "cntlist.rev")
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) != 3 or "%1:" not in p[0]:
                continue
            out[(p[0].split("%")[0].lower(), int(p[1]))] = int(p[2])
    return out


def read_noun_exc() -> dict[str, list[str]]:
    out = defaultdict(list)
    path = build.WORDNET / "noun.exc"
    if path.exists():
        for line in build.check_path(path).read_text(encoding="utf-8").splitlines():
            p = line.split()
            if len(p) >= 2:
                out[p[0].replace("_", " ")].extend(x.replace("_", " ") for x in p[1:])
    return out


NOUN_SUFFIXES = (("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
                 ("men", "man"), ("ies", "y"), ("s", ""))


def base_forms(word: str, exc: dict[str, list[str]]) -> list[str]:
    """WordNet-style noun base forms of `word` (itself first), most specific rule first."""
    out = [word] + exc.get(word, [])
    for suf, rep in NOUN_SUFFIXES:
        if word.endswith(suf) and len(word) > len(suf) + 1:
            out.append(word[: -len(suf)] + rep)
    return list(dict.fromkeys(out))


class English:
    """English lexicon terms from WordNet noun lemmas."""

    def __init__(self, wn: build.WordNet, below: dict[int, set[int]]):
        self.wn = wn
        counts = read_sense_counts()
        self.terms: dict[str, dict[int, float]] = {}
        self.best: dict[str, int] = {}          # term -> best reaching sense
        self.lemma_of: dict[str, str] = {}      # term -> WordNet lemma (underscored)
        self.share: dict[str, float] = {}       # term -> share of its sense counts that reach a class
        self.best_rank: dict[str, int] = {}     # term -> WordNet rank of its best reaching sense
        self.dropped = Counter()
        for lemma in sorted(wn.index):
            offs = wn.index[lemma]
            reach = [(r, o) for r, o in enumerate(offs) if o in below and o not in ROOTISH]
            if not reach:
                continue
            raw = {o: counts.get((lemma, r + 1), 0) + 1 for r, o in reach}
            tot = sum(raw.values())
            best_r, best_o = min(reach, key=lambda ro: (-raw[ro[1]], ro[0]))
            if best_r > MAX_SENSE_RANK:
                self.dropped["best reaching sense not among the first 3"] += 1
                continue
            dist = normalise({o: c / tot for o, c in raw.items()})
            term = norm_term(lemma.replace("_", " "))
            if not term or len(term) > MAX_TERM_CHARS:
                continue
            if term in self.terms:   # two lemmas folding to one term: merge
                merged = Counter(self.terms[term])
                merged.update(dist)
                dist = normalise(dict(merged))
            self.terms[term] = dist
            self.best.setdefault(term, best_o)
            self.best_rank.setdefault(term, best_r)
            self.share.setdefault(term, tot / sum(counts.get((lemma, r + 1), 0) + 1 for r in range(len(offs))))
            self.lemma_of.setdefault(term, lemma)

    def sense_groups(self, term: str):
        """The term's senses grouped by lexicographer file, best sense's group first:
        [(lexname, {offset: weight}, is_best_group)]."""
        dist = self.terms[term]
        groups = defaultdict(dict)
        for o, w in dist.items():
            groups[self.wn.synset(o)["lexname"]][o] = w
        best_lex = self.wn.synset(self.best[term])["lexname"]
        if best_lex not in groups:     # best sense dropped by MIN_WEIGHT cannot happen, but be safe
            best_lex = max(groups, key=lambda k: sum(groups[k].values()))
        out = [(best_lex, normalise(groups[best_lex], 0), True)]
        for lex in sorted(groups):
            if lex != best_lex:
                out.append((lex, normalise(groups[lex], 0), False))
        return out

    def concrete(self, term: str) -> bool:
        """False when the word's first WordNet sense is abstract and is not the sense that
        reaches a class (see ABSTRACT_LEX)."""
        if self.best_rank[term] == 0:
            return True
        first = self.wn.index[self.lemma_of[term]][0]
        return self.wn.synset(first)["lexname"] not in ABSTRACT_LEX

    def synonyms(self, term: str) -> set[str]:
        s = {term}
        for o in self.terms[term]:
            s.update(w.lower() for w in self.wn.synset(o)["words"])
        return s


# ----------------------------------------------------------------------------- lexicon

class Lexicon:
    """(tag, term) -> sense distribution. Within one source the contributions are merged by
    per-synset maximum (synonyms such as 'tabby' and 'tabby cat' do not count twice), then
    normalised, so that each source casts one vote; the sources' votes are summed."""

    def __init__(self):
        self.acc: dict[tuple[str, str], dict[str, dict[int, float]]] = defaultdict(dict)
        self.samples: dict[str, list[tuple[str, str, str]]] = defaultdict(list)

    def add(self, lang: str, term: str, dist: dict[int, float], source: str, english: str):
        term = norm_term(term)
        if not term or len(term) > MAX_TERM_CHARS or not dist or term.isdigit():
            return
        d = self.acc[(lang, term)].setdefault(source, {})
        for o, w in dist.items():
            d[o] = max(d.get(o, 0.0), w)
        self.samples[source].append((lang, term, english))

    def sources(self):
        return Counter(s for v in self.acc.values() for s in v)

    def final(self) -> dict[tuple[str, str], dict[int, float]]:
        out = {}
        for key in sorted(self.acc):
            tot = Counter()
            for src in sorted(self.acc[key]):
                tot.update(normalise(self.acc[key][src], 0))
            d = normalise(dict(tot))
            if d:
                out[key] = d
        return out


HEAD_STOP = {"with", "of", "and", "in", "over", "from", "under", "on", "no", "not", "for", "by",
             "as", "at", "to", "person", "man", "woman", "men", "women", "people", "boy", "girl"}


# Lexicographer files of abstract nouns: an English word whose first sense is one of these and
# whose class-reaching sense is not its first ('part', 'depression', 'work', 'protection') is
# not looked up in FreeDict: its translations mostly carry the abstract meaning.
ABSTRACT_LEX = {"noun.Tops", "noun.act", "noun.attribute", "noun.cognition", "noun.communication",
                "noun.event", "noun.feeling", "noun.motive", "noun.process", "noun.relation",
                "noun.state", "noun.time", "noun.quantity", "noun.possession", "noun.shape",
                "noun.group", "noun.location", "noun.phenomenon"}
# Languages written in a non-Latin script: a FreeDict "translation" there with a run of Latin
# letters is an English gloss that leaked through ('protective or insulating cover' in eng-jpn).
NON_LATIN = {"ar", "bg", "el", "hi", "ja", "ru", "zh", "he", "fa", "uk"}
MAX_TRANSLATION_WORDS = 3


def translation_ok(tag: str, t: str) -> bool:
    """Drops descriptive glosses (more than 3 words: 'pek iri bir cins deniz kuşu') and English
    text in non-Latin-script languages."""
    t = t.strip()
    if len(t.split()) > MAX_TRANSLATION_WORDS:
        return False
    if tag.split("-")[0] in NON_LATIN and re.search(r"[A-Za-z]{2,}", t):
        return False
    return True


def emoji_candidates(name: str, exc) -> list[tuple[str, str]]:
    """English candidate terms for an emoji short name, as (kind, term): the full name, the
    name without a trailing ' face', then the head noun (last word, and its base forms)."""
    name = norm_term(name)
    c = [("full", name)]
    if name.endswith(" face"):
        c.append(("face", name[: -len(" face")]))
    words = c[-1][1].split(" ")
    if len(words) > 1 or words[0] != name:
        c.extend(("head", b) for b in base_forms(words[-1], exc))
    seen, out = set(), []
    for kind, t in c:
        if t and t not in seen:
            seen.add(t)
            out.append((kind, t))
    return out


def read_adjectives() -> set[str]:
    """WordNet adjective lemmas (index.adj) and their inflected forms (adj.exc)."""
    out = set()
    path = build.check_path(build.WORDNET / "index.adj")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith(" "):
                out.add(line.split(" ", 1)[0].replace("_", " "))
    exc = build.WORDNET / "adj.exc"
    if exc.exists():
        for line in build.check_path(exc).read_text(encoding="utf-8").splitlines():
            p = line.split()
            if len(p) >= 2 and p[1] in out:
                out.add(p[0])
    return out


def kind_of(wn: build.WordNet, lemma: str, senses: set[int]) -> set[int]:
    """Those of `senses` that are hypernym ancestors of some noun sense of `lemma`."""
    out = set()
    for off in wn.index.get(lemma, []):
        seen, stack = set(), [off]
        while stack:
            o = stack.pop()
            if o in seen:
                continue
            seen.add(o)
            stack.extend(wn.synset(o)["hypernyms"])
        out |= seen & senses
    return out


def head_senses(name: str, head: str, eng: "English", wn: build.WordNet, adjectives: set[str]):
    """The senses of its head noun `head` that an emoji named `name` stands for ('red apple' ->
    apple), or None.

    The head is a thing-word whose best sense reaching a class is its first WordNet sense and
    carries at least half of its sense counts ('potted plant' keeps, 'person' never). The
    modifiers hold no function word, person word or gerund ('face savoring food', 'person
    fencing'). Then the longest tail of the name that is a WordNet noun lemma decides: it must be
    a kind of the head ('police car' is a car; 'crystal ball', 'sweet potato' are not); without
    such a lemma every modifier must be an adjective ('red apple', 'small airplane'; noun-noun
    compounds such as 'rice ball', 'oil drum', 'speech balloon' are left out). A kind-of lemma
    keeps only the head senses above it."""
    words = norm_term(name).split(" ")
    if words[-1] == "face" and len(words) > 1:
        words = words[:-1]
    mods = [w.replace("’s", "").replace("'s", "") for w in words[:-1]]
    if head in HEAD_STOP or any(w in HEAD_STOP or w.endswith("ing") for w in mods):
        return None
    if eng.best_rank[head] != 0 or eng.share[head] < 0.5:
        return None
    dist = eng.terms[head]
    for k in range(len(words) - 1):
        tail = "_".join(words[k:])
        if tail in wn.index:
            keep = kind_of(wn, tail, set(dist))
            return normalise({o: dist[o] for o in keep}, 0) if keep else None
    return dist if all(w in adjectives for w in mods) else None


def lang_filter(spec: str):
    if spec == "all":
        return None
    return {x.strip() for x in spec.split(",") if x.strip()}


def lang_ok(tag: str, langs) -> bool:
    return langs is None or tag in langs or tag.split("-")[0] in langs


def build_lexicon(args):
    t0 = time.time()
    langs = lang_filter(args.languages)
    sources = {s.strip() for s in args.sources.split(",") if s.strip()}
    unknown = sources - set(ALL_SOURCES)
    if unknown:
        raise SystemExit(f"unknown --sources {sorted(unknown)}; choose from {ALL_SOURCES}")
    if "wordnet" not in sources:
        raise SystemExit("--sources must include wordnet (every other source goes through English)")
    path = Path(args.classes)
    if not path.exists():
        raise SystemExit(f"{path} not found: run `python3 scripts/fetch_weights.py --out weights`")
    classes = read_classes(path)
    class_names = {idx: names[0] for idx, _, names in classes}
    wn = build.WordNet()
    below = class_closure(wn, classes)
    eng = English(wn, below)
    exc = read_noun_exc()
    log(f"wordnet: {len(below)} synsets at or above the {len(classes)} classes; "
        f"{len(eng.terms)} English terms ({dict(eng.dropped)} dropped) ({time.time() - t0:.1f}s)")
    lex = Lexicon()
    info = {"classes": len(classes), "freedict_used": [], "emoji_links": {}}
    if lang_ok("en", langs):
        for term in sorted(eng.terms):
            lex.add("en", term, eng.terms[term], "wordnet", term)

    # ---------------------------------------------------------------- CLDR short names
    if "cldr" in sources:
        ann = build.read_annotations()
        if "newer-cldr" in sources:   # languages CLDR 41 has no names in (newer_cldr.py)
            ann.update(newer_cldr.added(ann))
        en = ann.get("en", {})
        try:
            font = build.EmojiFont()
            has_glyph = lambda cps: tuple(c for c in cps if c != build.VS16) in font.seq2glyph
        except Exception as e:  # fontTools or the font missing: keep every annotated string
            log(f"cldr: no emoji font ({e}); symbols are not told from emoji")
            has_glyph = lambda cps: True
        adjectives = read_adjectives()
        links = {}
        for s in sorted(en, key=lambda s: [ord(c) for c in s]):
            tts = en[s]["tts"]
            cps = [ord(c) for c in s]
            if not tts or ":" in tts or any(c in build.SKIN for c in cps) or (len(cps) == 1 and cps[0] < 0xA0):
                continue   # flags, keycaps, families, skin-tone variants, ASCII
            if not has_glyph(cps):
                continue   # symbols (math, arrows, currency signs) are not pictures of things
            for kind, cand in emoji_candidates(tts, exc):
                if cand in eng.terms:
                    dist = eng.terms[cand] if kind != "head" else \
                        head_senses(tts, cand, eng, wn, adjectives)
                    if dist:
                        links[s] = (kind, cand, dist)
                    break
        info["emoji_links"] = {s: (en[s]["tts"], k, t, d) for s, (k, t, d) in links.items()}
        n = 0
        for tag in sorted(ann):
            if not lang_ok(tag, langs):
                continue
            loc = ann[tag]
            for s, (_, term, dist) in links.items():
                e = loc.get(s)
                if not e or not e["tts"]:
                    continue
                if tag == "en" and norm_term(e["tts"]) in eng.terms:
                    continue   # English lemmas keep their WordNet sense weights
                lex.add(tag, e["tts"], dist, "cldr", term)
                n += 1
        log(f"cldr: {len(links)} emoji linked to English terms, {n} short names "
            f"in {len(ann)} locales ({time.time() - t0:.1f}s)")

    # ---------------------------------------------------------------- FreeDict
    if "freedict" in sources:
        lemma_terms = [t for t in sorted(eng.terms) if eng.concrete(t)]
        log(f"freedict: {len(lemma_terms)} of {len(eng.terms)} English terms are looked up "
            "(the others' first sense is abstract and not the one reaching a class)")
        used = []
        for code, tag in sorted(build.FREEDICT_LANGS.items()):
            if not lang_ok(tag, langs) or not (build.DICTD / f"freedict-eng-{code}.index").exists():
                continue
            d = build.FreeDict(f"eng-{code}")
            back = None
            if code in build.FREEDICT_BACK and (build.DICTD / f"freedict-{code}-eng.index").exists():
                back = build.FreeDict(f"{code}-eng")
                used.append(f"{code}-eng")
            used.append(f"eng-{code}")
            src = f"freedict:eng-{code}"
            n = 0
            for term in lemma_terms:
                if not d.index.get(term):
                    continue
                english = eng.synonyms(term)
                for lexname, dist, is_best in eng.sense_groups(term):
                    got = d.translate(term, lexname, limit=FREEDICT_LIMIT, need_domain=not is_best,
                                      back=back, english=english)
                    for t in got:
                        if translation_ok(tag, t):
                            lex.add(tag, t, dist, src, term)
                            n += 1
            log(f"{src}: {n} translations ({time.time() - t0:.1f}s)")
        # X-eng dictionaries turned around: every installed one (first sense, first translation).
        x_eng = sorted({**{c: t for c, t in build.FREEDICT_LANGS.items()}, **build.FREEDICT_INVERTED}.items())
        for code, tag in x_eng:
            if not lang_ok(tag, langs) or not (build.DICTD / f"freedict-{code}-eng.index").exists():
                continue
            inv = build.FreeDict(f"{code}-eng").inverted()
            if f"{code}-eng" not in used:
                used.append(f"{code}-eng")
            src = f"freedict:{code}-eng"
            n = 0
            for term in lemma_terms:
                hits = sorted(x for x in inv.get(term, []) if x[0] == 0)[:INVERTED_LIMIT]
                for _, _, hw in hits:
                    if translation_ok(tag, hw):
                        lex.add(tag, hw, eng.terms[term], src, term)
                        n += 1
            log(f"{src}: {n} inverted entries ({time.time() - t0:.1f}s)")
        info["freedict_used"] = sorted(used)

    final = lex.final()
    info["kinds"] = set()
    if "kinds" in sources:
        final, info["kinds"] = with_kinds(final, wn, below, langs, "freedict" in sources)
        log(f"kinds: {len(info['kinds'])} lines for nouns that reach no class ({time.time() - t0:.1f}s)")
    info["apertium"] = set()
    if "apertium" in sources:
        final, info["apertium"] = with_apertium(final, info["kinds"], langs, args.apertium_without)
        log(f"apertium: {len(info['apertium'])} lines (oc, an, ca, gl, eo) ({time.time() - t0:.1f}s)")
    info["seconds"] = time.time() - t0
    return final, below, class_names, eng, lex, info


def with_kinds(final, wn: build.WordNet, below, langs, translate: bool):
    """`final` with lines for the English nouns (and, with `translate`, their FreeDict
    translations) that reach no class: the nearest ancestor with at most 12 classes below it,
    at weight 0.5 ("pumpkin" -> vegetable; scripts/bridge/picture_kinds.py). A (tag, term) that
    already has a line keeps it. Returns (lexicon, the keys added)."""
    import picture_kinds  # here, not at the top: picture_kinds imports this module
    kinds = picture_kinds.english_kinds(wn, {t for tag, t in final if tag == "en"}, picture_kinds.class_reach(below))
    added = {("en", t): d for t, (d, _) in kinds.items()} if lang_ok("en", langs) else {}
    if translate:
        added.update({k: d for k, d in picture_kinds.translated_kinds(kinds, set(final)).items() if lang_ok(k[0], langs)})
    return dict(sorted({**final, **added}.items())), set(added)


def with_apertium(final, kinds: set, langs, without: str = ""):
    """`final` with Apertium's translations into the languages CLDR and FreeDict cover thinly
    (scripts/bridge/apertium_terms.py: oc, an, ca, gl, eo); `kinds` gains the added kind lines.
    Returns (lexicon, the keys added)."""
    import apertium_terms
    pairs = apertium_terms.pairs_without(without)
    # A kind line's weights sum to picture_kinds.KIND_STRENGTH, a name's to 1.
    entries = {k: (normalise(d, 0), sum(d.values())) for k, d in final.items()}
    added = {k: e for k, e in apertium_terms.derived(entries, pairs).items() if lang_ok(k[0], langs)}
    kinds.update(k for k, (_, strength) in added.items() if strength < 1)
    scaled = {k: {o: w * strength for o, w in d.items()} for k, (d, strength) in added.items()}
    return dict(sorted({**final, **scaled}.items())), set(added)


# ----------------------------------------------------------------------------- output

def write_outputs(out: Path, final, below, info, args):
    out.mkdir(parents=True, exist_ok=True)
    used = set()
    # Sorted by the term's UTF-8 bytes, then the tag, after a header naming the languages: the
    # file is its own index (ConceptLexicon maps it and bisects it; nothing is parsed at load).
    keys = sorted(final, key=lambda k: (k[1].encode("utf-8"), k[0].encode("utf-8")))
    with open(out / "lexicon.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("# litsearch lexicon sorted by term\n")
        f.write("# languages: " + " ".join(sorted({lang.split("-")[0] for lang, _ in final})) + "\n")
        for lang, term in keys:
            dist = final[(lang, term)]
            weights = kind_weights(dist) if (lang, term) in info.get("kinds", ()) else format_dist(dist)
            f.write(f"{lang}\t{term}\t{weights}\n")
            used.update(dist)
    with open(out / "classes.tsv", "w", encoding="utf-8", newline="\n") as f:
        for off in sorted(used):
            f.write(f"{off:08d}\t{','.join(str(i) for i in sorted(below[off]))}\n")
    (out / "SOURCES.md").write_text(sources_md(final, used, info, args), encoding="utf-8")


def kind_weights(dist) -> str:
    """A kind line's weights as written: they sum to picture_kinds.KIND_STRENGTH, not 1."""
    import picture_kinds
    return picture_kinds.format_weights(dist, 8)


def freedict_licence(name: str) -> str:
    pkg = f"dict-freedict-{name}"
    lic = build.deb5_licences(Path(f"/usr/share/doc/{pkg}/copyright")).get(f"{name}/*")
    if not lic:
        fallback = build.deb5_licences(Path("/usr/share/doc/dict-freedict-eng-deu/copyright"))
        fallback.update(build.deb5_licences(Path("/usr/share/doc/dict-freedict-eng-jpn/copyright")))
        lic = fallback.get(f"{name}/*", "see the package's copyright file")
    return lic


def apertium_licence(pkg: str) -> str:
    """The License: fields of an Apertium package's copyright file ("GPL-2+, GPL-3+")."""
    path = Path(f"/usr/share/doc/{pkg}/copyright")
    found = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if path.exists() else []:
        if line.startswith("License:") and line.split(":", 1)[1].strip() not in found:
            found.append(line.split(":", 1)[1].strip())
    return ", ".join(found) or "see the package's copyright file"


def sources_md(final, used, info, args) -> str:
    per_lang = Counter(lang for lang, _ in final)
    n100 = sum(1 for v in per_lang.values() if v >= 100)
    lines = [
        "# Concept bridge lexicon",
        "",
        "Maps words in many languages to WordNet 3.0 noun synsets and those to the ImageNet-1k",
        "classes of the locked image tower (EfficientNet-Lite0's classifier), so a query word can be",
        "answered with the classes it names (\"Hund\" -> dog -> the 118 dog breeds).",
        "",
        "## Files",
        "",
        "- `lexicon.tsv`: `<BCP-47 tag>\\t<term>\\t<synset:weight,...>`, sorted by the term's UTF-8 bytes",
        "  then the tag, after two `#` lines (the second lists the languages), so that litsearch maps",
        "  the file and bisects it instead of parsing it.",
        "  The term is `unicodedata.normalize(\"NFKC\", t).casefold()`, whitespace collapsed, surrounding",
        "  punctuation (Unicode category P*) stripped. Synsets are 8-digit WordNet 3.0 noun offsets",
        "  (ImageNet wnid without the `n`); weights are relative sense frequencies (4 decimals,",
        "  summing to exactly 1 per line, 0.5 on the kinds' lines below), heaviest first.",
        "- `classes.tsv`: `<synset>\\t<ImageNet class indices>` for every synset the lexicon uses: the",
        "  classes at or below it in WordNet's hyponym (`~`, `~i`) closure; a class counts itself.",
        "",
        "## How it is built",
        "",
        "```",
        "bash scripts/install-data-deps.sh",
        "python3 scripts/fetch_weights.py --out weights      # weights/imagenet_classes.txt",
        f"python3 scripts/bridge/build_lexicon.py --out models/bridge"
        + ("" if args.languages == "all" else f" --languages {args.languages}")
        + ("" if args.sources == ",".join(ALL_SOURCES) else f" --sources {args.sources}")
        + (f" --apertium-without {args.apertium_without}" if getattr(args, "apertium_without", "") else ""),
        "```",
        "",
        "Deterministic: the output is a function of the package versions below and the class list.",
        "",
        "- **English (WordNet)**: every noun lemma with a sense at or above an ImageNet class.",
        "  Senses are weighted by their SemCor tag counts (`cntlist.rev`) + 1, only senses reaching a",
        f"  class are kept, shares below {MIN_WEIGHT} are dropped, and a lemma whose best reaching sense",
        "  is not among its first 3 WordNet senses is left out. The root-ish synsets entity, physical",
        "  entity, object, whole, artifact, organism, living thing, abstraction, thing and causal",
        "  agent are never used.",
        "- **CLDR emoji short names**: an emoji's English short name is linked to the first English",
        "  term among: the full name, the name without a trailing \" face\", the head noun (last word,",
        "  with WordNet's noun base forms). Every CLDR locale's short name of that emoji then carries",
        "  the English term's senses. Only emoji with a picture in Noto Color Emoji count (no math",
        "  symbols, arrows, currency signs); flags, keycaps, families and skin-tone variants are",
        "  skipped; keywords are not used. The head noun is used only when the modifiers hold no",
        "  function word, person word or gerund, the head's first WordNet sense is the one reaching a",
        "  class and carries at least half of its sense counts, and either the longest tail of the",
        "  name that is a WordNet lemma is a kind of the head (\"police car\"; only the head senses",
        "  above it are kept) or, with no such lemma, every modifier is a WordNet adjective",
        "  (\"red apple\"). English short names that are no WordNet lemma are added too.",
        "- **FreeDict**: eng-X dictionaries translate every English lemma term, one lookup per group",
        "  of its senses that share a WordNet lexicographer file (the best sense's group freely, the",
        "  others only through a dictionary sense with a matching domain label), using",
        "  `scripts/data/build.py`'s `FreeDict.translate` (noun entries, best-ranked senses, X-eng",
        "  back-translation checks where build.py lists them); the translation carries that group's",
        "  senses. X-eng dictionaries are turned around (`FreeDict.inverted`): an X headword whose",
        "  first sense's first translation is an English lemma term carries that term's senses.",
        "  English words whose first sense is abstract and not the one reaching a class (\"part\",",
        "  \"depression\") are not looked up; translations of more than 3 words (glosses) and Latin",
        "  letters in non-Latin-script languages (leaked English glosses) are dropped.",
        "- **Kinds**: an English noun that reaches no class (a visible sense: animal, plant, food,",
        "  artifact, object, person, body, substance) gets the nearest hypernym within 3 steps that",
        "  has at most 12 classes below it (\"pumpkin\" -> vegetable, \"opossum\" -> marsupial), at weight",
        "  0.5 instead of 1 (`scripts/bridge/picture_kinds.py`, which gives the picture lexicon the",
        "  same walk); FreeDict translates those nouns as above. A term that reaches a class keeps",
        f"  its own line. {len(info.get('kinds', set()) - info.get('apertium', set()))} lines.",
        "- **Apertium** (languages CLDR and FreeDict cover thinly): the Spanish, Catalan and French",
        "  terms go through Apertium's translators into Occitan (es-oc, ca-oc, fra-oci) and Aragonese",
        "  (spa-arg, cat-arg), the English ones into Catalan (eng-cat), Galician (en-gl) and Esperanto",
        "  (en-eo), one term a sentence, and the translation carries the term's senses",
        "  (`scripts/bridge/apertium_terms.py`; output with Apertium's unknown-word marks, and",
        "  articles, are dropped; a term the lexicon has keeps its line). For oc and an, a neighbour's",
        "  own term that no translation gave is kept too (\"ratapenada\", Catalan and Occitan). Each",
        f"  translator casts one vote, kinds stay kinds. {len(info.get('apertium', ()))} lines.",
        "- **CLDR 46** (`newer_cldr.py`, in the languages CLDR 41 has no annotations for: Northern",
        "  Sotho, Tswana, Akan, K'iche', Occitan, Ligurian, Chuvash, North Frisian…): the same short",
        "  names from Debian 13's unicode-cldr-core, unpacked by `scripts/fetch-newer-cldr.sh`, with",
        "  its unconfirmed entries (all that Occitan, Ligurian, Chuvash and North Frisian have).",
        "  Languages CLDR 41 has keep CLDR 41's names.",
        "- Merging: within one source, contributions to a (tag, term) are merged by per-synset",
        "  maximum (synonyms do not count twice) and normalised, so each source casts one vote;",
        f"  the votes are summed and renormalised (shares below {MIN_WEIGHT} dropped).",
        "- Known noise (30 random entries per source, eyeballed): CLDR about 1 in 30 wrong; X-eng",
        "  inverted about 1 in 8 (\"schlitzohr\" <- shark); eng-X about 1 in 10 for German and",
        "  1 in 5 for French, Spanish, Russian (verbs and wrong senses: \"boksirovat\'\" <- box).",
        "- No multilingual wordnet is used: Debian ships none (`apt-cache search wordnet`: only the",
        "  English Princeton WordNet packages).",
        "",
        "## Size",
        "",
        f"- {len(final)} (tag, term) lines in {len(per_lang)} tags; {n100} tags with at least 100 terms;",
        f"  {per_lang.get('en', 0)} English terms; {len(used)} synsets in classes.tsv.",
        "",
        "## Package versions read",
        "",
        "| package | version | licence |",
        "|---|---|---|",
        f"| unicode-cldr-core | {build.dpkg_version('unicode-cldr-core')} | Unicode-DFS-2016 (Unicode License) |",
        f"| wordnet-base | {build.dpkg_version('wordnet-base')} | WordNet 3.0 licence (Princeton) |",
    ]
    if "newer-cldr" in args.sources.split(","):
        lines.append(f"| unicode-cldr-core (Debian 13, annotations only) | {newer_cldr.DEBIAN_VERSION} | Unicode-DFS-2016 (Unicode License) |")
    for name in info["freedict_used"]:
        pkg = f"dict-freedict-{name}"
        lines.append(f"| {pkg} | {build.dpkg_version(pkg)} | {freedict_licence(name)} |")
    if info.get("apertium"):
        import apertium_terms
        for pkg in ("apertium",) + apertium_terms.PACKAGES:
            lines.append(f"| {pkg} | {build.dpkg_version(pkg)} | {apertium_licence(pkg)} |")
    lines += [
        "",
        "The ImageNet class list (`weights/imagenet_classes.txt`, written by `scripts/fetch_weights.py`)",
        "names WordNet 3.0 synsets (WordNet licence).",
        "",
        "## Licences",
        "",
        "- CLDR: Unicode License (Unicode-DFS-2016), https://www.unicode.org/license.txt.",
        "- WordNet 3.0: Princeton WordNet licence (permissive, with attribution: \"WordNet 3.0",
        "  Copyright 2006 by Princeton University. All rights reserved.\").",
        "- FreeDict: each dictionary's licence as listed above (from the Debian package's",
        "  `copyright` file, as `scripts/data/build.py` records them): GPL-2+, GPL-3+, CC-BY-SA-3.0",
        "  or CC-BY-3.0 (eng-pol also GFDL-1.2+). Lines that came from FreeDict are derived from",
        "  those dictionaries and may carry their terms (share-alike / copyleft);",
        "  `--sources wordnet,cldr` builds a lexicon without any FreeDict data.",
        "- Apertium's language data: the GPL versions listed above; the lines Apertium translated",
        "  are derived from them. `--sources wordnet,cldr,freedict,kinds` leaves them out.",
        "",
    ]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- report

SPOT = [("de", "hund"), ("de", "katze"), ("de", "auto"), ("de", "apfel"), ("es", "perro"),
        ("ru", "собака"), ("ja", "犬"), ("zh", "狗"), ("ar", "سيارة"), ("fr", "fleur"),
        ("en", "flower"), ("en", "astronaut"), ("en", "vehicle"), ("en", "bird"), ("en", "frog"),
        ("en", "pizza"), ("en", "car")]


def classes_of(dist, below):
    out = set()
    for o in dist:
        out |= below[o]
    return sorted(out)


def report(final, below, class_names, wn, lex, info, out: Path, samples: int):
    per_lang = Counter(lang for lang, _ in final)
    print(f"built in {info['seconds']:.1f}s")
    print(f"tags: {len(per_lang)}; tags with >= 100 terms: {sum(1 for v in per_lang.values() if v >= 100)}")
    print("terms per tag (top 60):")
    top = sorted(per_lang.items(), key=lambda kv: (-kv[1], kv[0]))[:60]
    for i in range(0, len(top), 6):
        print("  " + "  ".join(f"{l:8s}{n:6d}" for l, n in top[i:i + 6]))
    for name in ("lexicon.tsv", "classes.tsv", "SOURCES.md"):
        p = out / name
        if p.exists():
            print(f"{p}: {p.stat().st_size / 1e6:.2f} MB")
    by_src = lex.sources()
    print("(tag, term) pairs by source (before merging):", dict(sorted(by_src.items())))
    print("spot checks:")
    for lang, term in SPOT:
        d = final.get((lang, norm_term(term)))
        if not d:
            print(f"  {lang} {term}: -- not in lexicon")
            continue
        cl = classes_of(d, below)
        senses = "; ".join(f"{wn.synset(o)['words'][0]} ({o:08d}) {w:.2f}"
                           for o, w in sorted(d.items(), key=lambda kv: -kv[1]))
        names = ", ".join(class_names[i] for i in cl[:12]) + (" …" if len(cl) > 12 else "")
        print(f"  {lang} {term}: {senses} -> {len(cl)} classes: {names}")
    if samples:
        rng = random.Random(0)
        for src in sorted(lex.samples):
            lst = lex.samples[src]
            pick = rng.sample(lst, min(samples, len(lst)))
            print(f"sample of {src} ({len(lst)} entries):")
            for lang, term, english in sorted(pick):
                print(f"    {lang:6s} {term!r:40s} <- {english}")


# ----------------------------------------------------------------------------- self-test

def self_test(args) -> int:
    failures = []
    passed = []

    def check(cond, msg):
        print(("ok   " if cond else "FAIL ") + msg)
        (passed if cond else failures).append(msg)

    check(norm_term("  Hot\tDOG! ") == "hot dog", "norm_term folds case, collapses space, strips punctuation")
    check(norm_term("Straße") == "strasse" and norm_term("ｶﾀｶﾅ") == "カタカナ", "norm_term: casefold + NFKC")
    check(format_dist({1: 1 / 3, 2: 1 / 3, 3: 1 / 3}).count(":") == 3 and
          abs(sum(float(x.split(":")[1]) for x in format_dist({1: 1 / 3, 2: 1 / 3, 3: 1 / 3}).split(",")) - 1) < 1e-9,
          "format_dist weights sum to exactly 1")
    check(normalise({1: 0.97, 2: 0.03}) == {1: 1.0}, "tiny senses are dropped")
    check(emoji_candidates("red apple", {})[-1] == ("head", "apple") and
          emoji_candidates("dog face", {})[1] == ("face", "dog") and len(emoji_candidates("dog", {})) == 1,
          "emoji name candidates: full, without ' face', head noun")

    classes = read_classes(Path(args.classes))
    wn = build.WordNet()
    below = class_closure(wn, classes)

    def hypo_closure(off):
        seen, stack = set(), [off]
        while stack:
            o = stack.pop()
            if o not in seen:
                seen.add(o)
                stack.extend(hyponym_pointers(wn, o))
        return seen

    class_of = {off: idx for idx, off, _ in classes}
    for lemma in ("dog", "vehicle", "bird", "fruit"):
        off = wn.index[lemma][0]
        via_hypo = {class_of[o] for o in hypo_closure(off) if o in class_of}
        check(via_hypo == below.get(off, set()) and via_hypo,
              f"'{lemma}': ~/~i hyponym closure = inverse hypernym closure ({len(via_hypo)} classes)")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)

        def run(name):
            a = argparse.Namespace(**{**vars(args), "languages": "en,de,ja,hu", "out": str(tmp / name)})
            final, below_, _, _, _, info = build_lexicon(a)
            write_outputs(tmp / name, final, below_, info, a)
            return final

        final = run("a")
        run("b")
        same = all((tmp / "a" / n).read_bytes() == (tmp / "b" / n).read_bytes()
                   for n in ("lexicon.tsv", "classes.tsv", "SOURCES.md"))
        check(same, "two builds are byte-identical")
        text_lines = (tmp / "a" / "lexicon.tsv").read_text(encoding="utf-8").splitlines()
        check(text_lines[0] == "# litsearch lexicon sorted by term" and text_lines[1].startswith("# languages: "),
              "the sorted file's header")
        rows = [l.split("\t") for l in text_lines if not l.startswith("#")]
        crow = [l.split("\t") for l in (tmp / "a" / "classes.tsv").read_text(encoding="utf-8").splitlines()]
        check(all(len(r) == 3 for r in rows) and all(len(r) == 2 for r in crow), "TSV column counts")
        check(rows == sorted(rows, key=lambda r: (r[1].encode("utf-8"), r[0].encode("utf-8")))
              and len({(r[0], r[1]) for r in rows}) == len(rows), "lexicon sorted by (term bytes, tag), no duplicates")
        check(all(build.LANGTAG.match(r[0]) for r in rows), "every tag is a BCP-47 tag")
        check(all(norm_term(r[1]) == r[1] and r[1] for r in rows), "every term is normalised")
        sums = [sum(float(x.split(":")[1]) for x in r[2].split(",")) for r in rows]
        check(all(abs(t - 1) < 1e-6 or abs(t - 0.5) < 2e-3 for t in sums), "weights sum to 1 (0.5 for kinds) per (tag, term)")
        check(any(abs(t - 0.5) < 2e-3 for t in sums), "kinds add lines")
        check(all(float(x.split(":")[1]) >= MIN_WEIGHT - 1e-4 for r, t in zip(rows, sums) if abs(t - 1) < 1e-6
                  for x in r[2].split(",")), f"no weight below {MIN_WEIGHT} (kinds, which average their words, aside)")
        cls = {int(o): [int(i) for i in c.split(",")] for o, c in crow}
        used = {int(x.split(":")[0]) for r in rows for x in r[2].split(",")}
        check(used == set(cls), "classes.tsv lists exactly the synsets the lexicon uses")
        check(all(c == sorted(c) and all(0 <= i < len(classes) for i in c) for c in cls.values()),
              "class indices sorted and in range")
        check(not (used & ROOTISH), "no root-ish synset (entity, object, artifact, organism, ...)")
        check(all(len(o) == 8 and o.isdigit() for o, _ in crow), "synset offsets are 8 digits")
        get = {(r[0], r[1]): r[2] for r in rows}

        def reach(lang, term):
            v = get.get((lang, term))
            return set() if v is None else set().union(*(cls[int(x.split(":")[0])] for x in v.split(",")))

        check(len(reach("en", "dog")) >= 100, f"en 'dog' reaches the breeds ({len(reach('en', 'dog'))} classes)")
        check(reach("en", "dog") <= reach("de", "hund") <= reach("en", "canine"),
              "de 'hund' reaches every dog class and nothing outside the canines")
        check(948 in reach("en", "apple") and 948 in reach("de", "apfel"), "apple / Apfel reach Granny Smith")
        check(("en", "a") not in get, "'a' is not a term (vitamin A style junk)")
        check(any(l == "ja" for l, _ in get) and any(l == "hu" for l, _ in get), "ja (CLDR) and hu (X-eng) have terms")
        check(all(l.split("-")[0] in {"en", "de", "ja", "hu"} for l, _ in get), "--languages respected")
        del final
    print(f"{len(passed)} passed, {len(failures)} failed")
    return 1 if failures else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(REPO / "models" / "bridge"), help="output folder")
    ap.add_argument("--classes", default=str(REPO / "weights" / "imagenet_classes.txt"),
                    help="ImageNet class list (index<TAB>wnid<TAB>names)")
    ap.add_argument("--languages", default="all", help="'all' or comma-separated tags / primary subtags")
    ap.add_argument("--sources", default=",".join(ALL_SOURCES), help="subset of " + ",".join(ALL_SOURCES))
    ap.add_argument("--apertium-without", default="", metavar="MODES",
                    help="leave out these Apertium translators, comma-separated (scripts/eval/neighbours.sh)")
    ap.add_argument("--samples", type=int, default=0, help="print N random entries per source")
    ap.add_argument("--self-test", action="store_true", help="check invariants on small builds")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test(args)
    final, below, class_names, eng, lex, info = build_lexicon(args)
    out = Path(args.out)
    write_outputs(out, final, below, info, args)
    report(final, below, class_names, eng.wn, lex, info, out, args.samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
