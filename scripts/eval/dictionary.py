#!/usr/bin/env python3
"""Caption words for the evaluation that are not CLDR's: FreeDict translations of an English name.

The photo and drawing captions are CLDR emoji names, which are exactly the picture lexicon's
words, so they cannot tell how a query worded by someone else fares. This module translates a
concept's English CLDR name ("frog", "hot pepper") with Debian's FreeDict English-X
dictionaries, the way scripts/data/build.py translates ImageNet class names: the name must be a
WordNet noun, the senses are ranked by the dictionary's order and by domain labels that fit the
noun's WordNet lexicographer file (noun.animal, noun.food…), and where an X-English dictionary
exists a translation is kept only if it translates back to one of the synset's English words.
The first translation that passes is the caption ("frog" -> de "Frosch", fi "sammakko").

Many translations are the CLDR name itself ("Frosch"); the others are the test: "Kino" where
CLDR says "Kinosymbol", "elokuvateatteri" where it says "videokuva". The dictionaries rank
senses without parts of speech, so a homograph can come out as a verb ("rock" -> es
"balancear"): a few captions are wrong for every model alike.

  python3 scripts/eval/dictionary.py frog          # one name, every language
  python3 scripts/eval/dictionary.py --self-test
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "data"))
import build  # noqa: E402  (FreeDict and WordNet readers, the language table)


@lru_cache(maxsize=None)
def dictionaries() -> dict[str, tuple]:
    """tag -> (English-X dictionary, X-English dictionary or None), for every installed one."""
    out = {}
    for code, tag in sorted(build.FREEDICT_LANGS.items()):
        if not (build.DICTD / f"freedict-eng-{code}.index").exists():
            continue
        back = None
        if code in build.FREEDICT_BACK and (build.DICTD / f"freedict-{code}-eng.index").exists():
            back = build.FreeDict(f"{code}-eng")
        out[tag] = (build.FreeDict(f"eng-{code}"), back)
    return out


@lru_cache(maxsize=1)
def wordnet():
    return build.WordNet()


def noun_sense(name: str):
    """The first WordNet noun synset of `name` (spaces or underscores), or None."""
    offsets = wordnet().index.get(name.lower().replace(" ", "_"))
    return wordnet().synset(offsets[0]) if offsets else None


@lru_cache(maxsize=None)
def translations(name: str) -> dict[str, str]:
    """tag -> the dictionary translation of the English noun `name`; {} when it is no noun."""
    synset = noun_sense(name)
    if synset is None:
        return {}
    english = {w.lower() for w in synset["words"]} | {name.lower()}
    out = {}
    for tag, (forward, back) in dictionaries().items():
        got = forward.translate(name, synset["lexname"], limit=1, back=back, english=english)
        # No numbered sense heads, and no entry without a letter (eng-hin gives "?" for anteater).
        if got and not got[0][:1].isdigit() and not got[0].startswith(("I.", "II.")) and any(c.isalpha() for c in got[0]):
            out[tag] = got[0]
    return out


def self_test() -> int:
    failed = 0

    def check(cond, msg):
        nonlocal failed
        failed += not cond
        print(("ok   " if cond else "FAIL ") + msg)

    frog = translations("frog")
    check(frog.get("de") == "Frosch", f"frog -> de Frosch ({frog.get('de')})")
    check(frog.get("es") == "rana" and frog.get("fr") == "grenouille", f"frog -> es rana, fr grenouille")
    check(set(frog) <= set(dictionaries()) and "en" not in frog, "one translation per installed dictionary")
    check(translations("xyzzy") == {}, "a word that is no WordNet noun has no translations")
    anteater = translations("anteater")
    check(all(any(c.isalpha() for c in t) for t in anteater.values()) and "hi" not in anteater,
          f"no caption without a letter (eng-hin's anteater is \"?\"): {anteater.get('hi')}")
    print(f"{'all' if not failed else failed} {'passed' if not failed else 'failed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    if len(sys.argv) != 2:
        sys.exit("usage: dictionary.py NAME | --self-test")
    for tag, word in sorted(translations(sys.argv[1]).items()):
        print(f"{tag}\t{word}")
