#!/usr/bin/env python3
"""Lexicon lines that Apertium translates, for languages CLDR and FreeDict cover thinly.

CLDR has no annotations for Occitan (oc) or Aragonese (an), FreeDict no dictionary, so neither
lexicon had a word of theirs: "Una granolha." reached no picture and no class, and ranked by the
text towers alone. Catalan, Galician and Esperanto have CLDR's emoji names but no English-X
FreeDict dictionary, so a thing no emoji names ("voltor", the vulture) reached nothing there.
Debian ships Apertium's rule-based translators into all five (apertium-oc-es, apertium-oc-ca,
apertium-oci-fra, apertium-spa-arg, apertium-arg-cat from Spanish, Catalan and French;
apertium-eng-cat, apertium-en-gl, apertium-eo-en from English). This module runs each source
language's lexicon terms through them, one term a sentence, and gives every translation the
lines of the terms it came from:

    es  rana  -> es-oc   ->  oc  granhota      ca  granota -> ca-oc -> oc  granhota
    es  perro -> spa-arg ->  an  can           en  vulture -> eng-cat -> ca  voltor

- A translation with one of Apertium's marks (`*` unknown word, `@` no bilingual entry, `#`
  no generated form) is dropped, and so is one that is no term (empty, a digit, too long, an
  article or other function word of the target language).
- Within one translator the lines reaching a term are merged by per-target maximum, so that
  synonyms do not count twice; the translators' merged lines are summed and renormalised, so
  each translator casts one vote (as build_lexicon.Lexicon merges its sources).
- A line keeps its strength: a kind's weights sum to 0.5 (picture_kinds.KIND_STRENGTH), a
  name's to 1; a term reached by both is a name.
- A (tag, term) the lexicon already has keeps its own line (Catalan's CLDR names stay).
- For Occitan and Aragonese, a Spanish, Catalan or French term that no translation gave stands
  as it is, below the translations ("ratapenada", the bat, is Catalan and Occitan).

  python3 scripts/bridge/apertium_terms.py --self-test
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_lexicon as bl  # noqa: E402  (term normalisation, merging)

# Target language -> (source language, Apertium mode), in the order the votes are summed.
PAIRS = {
    "oc": (("es", "es-oc"), ("ca", "ca-oc"), ("fr", "fra-oci")),
    "an": (("es", "spa-arg"), ("ca", "cat-arg")),
    "ca": (("en", "eng-cat"),),
    "gl": (("en", "en-gl"),),
    "eo": (("en", "en-eo"),),
}
# Targets whose sources are neighbours: their own terms stand where no translation gave one.
SHARED = {"oc", "an"}
# Articles, numerals for one, prepositions and conjunctions a translation may come out as
# ("a" -> "una"): never terms, or "Una granota." would name whatever they were.
FUNCTION_WORDS = {
    "oc": {"un", "una", "lo", "la", "los", "las", "lei", "lu", "de", "del", "e", "o", "a", "en", "amb", "per"},
    "an": {"un", "una", "o", "a", "os", "as", "lo", "la", "los", "las", "de", "y", "e", "en", "con"},
    "ca": {"un", "una", "uns", "unes", "el", "la", "els", "les", "de", "del", "i", "o", "a", "en", "amb", "per"},
    "gl": {"un", "unha", "uns", "unhas", "o", "a", "os", "as", "de", "do", "da", "e", "en", "con", "por"},
    "eo": {"la", "unu", "de", "kaj", "en", "al", "kun", "por"},
}
# The translators whose output the evaluation's Occitan and Aragonese captions are
# (scripts/eval/neighbours.py); `pairs_without(EVALUATION)` builds the lexicon it is scored with.
EVALUATION = ("fra-oci", "cat-arg")
PACKAGES = ("apertium-oc-es", "apertium-oc-ca", "apertium-oci-fra", "apertium-spa-arg", "apertium-arg-cat",
            "apertium-eng-cat", "apertium-en-gl", "apertium-eo-en")
MARKS = ("*", "@", "#")

Entry = tuple[dict[int, float], float]   # weights summing to 1, and the line's strength


def pairs_without(spec: str = "") -> dict[str, tuple[tuple[str, str], ...]]:
    """PAIRS without the translators named in `spec`, comma-separated (the builders'
    --apertium-without); SystemExit, saying how to install them, when Apertium is missing."""
    if not available():
        raise SystemExit("apertium is not installed: run `bash scripts/install-data-deps.sh` "
                         "(or build without its lines: see the builder's --help)")
    modes = {m for m in spec.split(",") if m}
    unknown = modes - {mode for sources in PAIRS.values() for _, mode in sources}
    if unknown:
        raise SystemExit(f"--apertium-without: unknown translators {sorted(unknown)}")
    return {target: tuple(p for p in sources if p[1] not in modes) for target, sources in PAIRS.items()}


def translate(mode: str, terms: list[str]) -> list[str]:
    """Each of `terms` through `apertium -f line MODE`, one output line per input line.

    Each term is sent as a sentence of its own ("rana."): without the full stop the tagger and
    the transfer rules read across lines (eng-cat gave "anteater" the next line's "far",
    lighthouse, and es-oc made "arrodillado" feminine after a feminine line). The output keeps
    Apertium's capital and full stop; `norm_term` takes both away."""
    if not terms:
        return []
    text = "".join(t.replace("\n", " ") + ".\n" for t in terms)
    out = subprocess.run(["apertium", "-f", "line", mode], input=text, capture_output=True, text=True, check=True).stdout
    lines = out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(terms):
        raise RuntimeError(f"apertium {mode}: {len(terms)} terms in, {len(lines)} lines out")
    return lines


def derived(entries: dict[tuple[str, str], Entry], pairs=None, translator=translate) -> dict[tuple[str, str], Entry]:
    """New (tag, term) -> (weights, strength) entries for the target languages of `pairs`
    (default PAIRS): the source languages' terms as translated, then, for terms no translation
    gave, the source terms themselves; existing keys are never returned."""
    pairs = PAIRS if pairs is None else pairs
    by_lang: dict[str, list[str]] = defaultdict(list)
    for tag, term in sorted(entries):
        by_lang[tag].append(term)
    out: dict[tuple[str, str], Entry] = {}
    for target, sources in sorted(pairs.items()):
        merged, given = _merged(entries, target, [(source, by_lang[source], translator(mode, by_lang[source]))
                                                  for source, mode in sources])
        if target in SHARED:
            shared, _ = _merged(entries, target, [(source, by_lang[source], by_lang[source]) for source, _ in sources])
            merged = {**{term: e for term, e in shared.items() if term not in given}, **merged}
        out.update({(target, term): entry for term, entry in merged.items()})
    return out


def _merged(entries, target: str, outputs) -> tuple[dict[str, Entry], set[str]]:
    """term -> (weights, strength) for the target-language terms that `outputs` ((source, its
    terms, what each came out as)) give, merged as build_lexicon.Lexicon merges its sources,
    each source one vote, summed in the order given; and every term given, also those whose
    weights all fell below build_lexicon.MIN_WEIGHT."""
    lexicon = bl.Lexicon()
    strength: dict[str, float] = {}
    for order, (source, terms, said) in enumerate(outputs):
        for term, output in zip(terms, said):
            if any(m in output for m in MARKS):
                continue
            new = bl.norm_term(output)
            if not 1 < len(new) <= bl.MAX_TERM_CHARS or new.isdigit() or new in FUNCTION_WORDS.get(target, ()) \
                    or (target, new) in entries:
                continue
            dist, s = entries[(source, term)]
            lexicon.add(target, new, dist, f"{order:02d} {source}", term)   # Lexicon sums its sources sorted
            strength[new] = max(strength.get(new, 0.0), s)
    return {term: (dist, strength[term]) for (_, term), dist in lexicon.final().items()}, set(strength)


def available() -> bool:
    return shutil.which("apertium") is not None


def self_test() -> int:
    failures = []

    def check(cond, msg):
        print(("ok   " if cond else "FAIL ") + msg)
        if not cond:
            failures.append(msg)

    table = {"es-oc": {"rana": "granhota", "perro": "can", "sapo": "*sapo", "uno": "1"},
             "ca-oc": {"granota": "granhota", "gos": "can"}}
    fake = lambda mode, terms: [table[mode].get(t, "*" + t) for t in terms]  # noqa: E731
    entries = {("es", "rana"): ({1: 1.0}, 1.0), ("es", "perro"): ({2: 0.5, 3: 0.5}, 1.0),
               ("es", "sapo"): ({1: 1.0}, 1.0), ("es", "uno"): ({9: 1.0}, 1.0),
               ("ca", "granota"): ({1: 0.5, 4: 0.5}, 0.5), ("ca", "gos"): ({2: 1.0}, 1.0),
               ("oc", "can"): ({7: 1.0}, 1.0)}
    got = derived(entries, {"oc": (("es", "es-oc"), ("ca", "ca-oc"))}, fake)
    check(set(got) == {("oc", "granhota"), ("oc", "rana"), ("oc", "perro"), ("oc", "sapo"), ("oc", "uno"), ("oc", "gos"),
                       ("oc", "granota")}, f"new, marked-free translations and the sources' own terms: {sorted(got)}")
    check(got.get(("oc", "perro"), ({}, 0))[0] == {2: 0.5, 3: 0.5}, "a source's own term keeps its line")
    dist, strength = got.get(("oc", "granhota"), ({}, 0))
    check(abs(dist.get(1, 0) - 0.75) < 1e-9 and abs(dist.get(4, 0) - 0.25) < 1e-9,
          f"each translator casts one vote: {dist}")
    check(strength == 1.0, "a term reached by a name and a kind is a name")
    table["eng-cat"] = {"vulture": "Voltor.", "an": "Una."}
    got = derived({("en", "vulture"): ({5: 0.5}, 0.5), ("en", "an"): ({6: 1.0}, 1.0)}, {"ca": (("en", "eng-cat"),)}, fake)
    check(set(got) == {("ca", "voltor")} and got[("ca", "voltor")][1] == 0.5,
          f"English terms are no Catalan, articles no terms, kinds stay kinds: {got}")
    if available():
        try:
            words = translate("es-oc", ["rana", "perro"])
            check([bl.norm_term(w) for w in words] == ["granhota", "can"], f"apertium es-oc: {words}")
        except (subprocess.CalledProcessError, RuntimeError) as e:
            check(False, f"apertium es-oc runs: {e}")
    else:
        print("skip apertium is not installed (bash scripts/install-data-deps.sh)")
    print(f"{6 - len(failures) - (not available())} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    print(__doc__)
    sys.exit(64)
