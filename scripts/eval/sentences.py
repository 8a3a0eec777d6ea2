#!/usr/bin/env python3
"""Caption wording for the evaluation: a CLDR name as a short sentence ("frog" -> "A frog.").

Issue 13's independent check asks with sentences such as "A frog.", "Ein Frosch.", "Una rana."
while the CLDR names the bridges are built from are bare ("frog", "Frosch", "rana"). This module
turns a name into such a sentence so that `make_manifest.py --style sentences` can measure what
the wording costs. It is written from general grammar knowledge, per language:

  - the first letter is upper-cased (scripts without case are left alone);
  - an indefinite article goes in front where the language has one that a caption of an object
    would use (see ARTICLES); where it depends on the noun's gender, the gender comes from a
    FreeDict X-eng entry (German, French) or from the ending (Romance languages, Greek), and
    the masculine form is used when neither tells;
  - the sentence ends with the language's full stop ("." or "。", "।", "။", "።", "։", "۔";
    none in Thai, Lao and Khmer, which do not use one).

Languages not named here get the capital and the full stop only ("Лягушка.", "Sammakko.").

  python3 scripts/eval/sentences.py --self-test
  python3 scripts/eval/sentences.py de Frosch         # -> Ein Frosch.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "data"))

FULL_STOP = {"ja": "。", "zh": "。", "yue": "。", "hi": "।", "bn": "।", "ne": "।", "as": "।",
             "or": "।", "my": "။", "am": "።", "ti": "።", "hy": "։", "ur": "۔",
             "th": "", "lo": "", "km": ""}

# Invariant articles (placed before the name, or after it where marked with a leading "~").
INVARIANT = {"nl": "een", "hu": "egy", "tr": "bir", "sq": "një", "af": "'n", "fil": "isang",
             "eu": "~bat"}

# Gendered articles: masculine, feminine, neuter (None where the language has no neuter).
GENDERED = {"de": ("ein", "eine", "ein"), "fr": ("un", "une", None), "es": ("un", "una", None),
            "it": ("un", "una", None), "pt": ("um", "uma", None), "ca": ("un", "una", None),
            "gl": ("un", "unha", None), "ast": ("un", "una", None), "oc": ("un", "una", None),
            "ro": ("un", "o", "un"), "el": ("ένας", "μια", "ένα")}

# The word whose gender decides the article: the head noun, which is the last word in German
# ("roter Apfel") and the first in the Romance languages ("pomme rouge") and Greek names.
HEAD_LAST = {"de"}


@lru_cache(maxsize=None)
def _dictionary(name: str):
    import build  # the training-data builder's FreeDict reader
    try:
        return build.FreeDict(name)
    except SystemExit:
        return None
    except OSError:
        return None


def dictionary_gender(tag: str, word: str) -> str | None:
    """'m', 'f' or 'n' from the first FreeDict X-eng entry that states one, else None."""
    name = {"de": "deu-eng", "fr": "fra-eng"}.get(tag)
    d = _dictionary(name) if name else None
    if d is None:
        return None
    for _, headword, body in d.entries(word):
        if headword != word and headword.lower() != word.lower():
            continue
        first = body.split("\n", 1)[0]
        tags = " ".join(re.findall(r"<([^>]*)>", first)).lower()
        for key, gender in (("masc", "m"), ("fem", "f"), ("neut", "n")):
            if re.search(rf"\b{key}\b", tags):
                return gender
    return None


def ending_gender(tag: str, word: str) -> str | None:
    """Gender guessed from a Romance or Greek noun's ending; None when the ending says nothing."""
    w = word.lower()
    if tag == "el":
        if w.endswith(("ος", "ας", "ης", "ές")):
            return "m"
        if w.endswith(("α", "η", "ά", "ή")):
            return "f"
        if w.endswith(("ο", "ι", "μα", "ό", "ί", "ύ")):
            return "n"
        return None
    if tag == "ro":
        return "f" if w.endswith(("ă", "a", "ie", "ea")) else "m"
    if tag == "pt" and w.endswith(("ção", "são", "dade", "gem")):
        return "f"
    if tag in ("es", "ca", "gl", "ast", "oc") and w.endswith(("ción", "sión", "dad", "tud", "ió")):
        return "f"
    if w.endswith(("ma", "pa")) and len(w) > 4:   # problema, planeta-like Greek loans are masculine
        return "m"
    if w.endswith("a"):
        return "f"
    if w.endswith(("o", "u", "e", "i", "l", "r", "n", "s", "z", "x", "t", "k", "c")):
        return "m"
    return None


def gender(tag: str, name: str) -> str:
    words = name.split()
    if not words:
        return "m"
    if tag in HEAD_LAST:
        # German: the last capitalised word is the noun ("Lupe nach links", "roter Apfel").
        nouns = [w for w in words if w[:1].isupper()]
        head = nouns[-1] if nouns else words[-1]
    else:
        head = words[0]
    head = head.strip(".,;:!?()\"'")
    g = None
    if tag in ("de", "fr"):
        g = dictionary_gender(tag, head) or dictionary_gender(tag, upper_first(head))
    return g or ending_gender(tag, head) or "m"


def italian_article(g: str, word: str) -> str:
    w = word.lower()
    if g == "f":
        return "un'" if w[:1] in "aeiouàèéìòù" else "una"
    if re.match(r"^(s[^aeiou]|z|gn|ps|pn|x|y)", w):
        return "uno"
    return "un"


def upper_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def sentence(tag: str, name: str) -> str:
    """The CLDR name `name` of language `tag` as a one-phrase caption ("A frog.")."""
    name = " ".join(name.split())
    if not name:
        return name
    lang = primary(tag)
    stop = FULL_STOP.get(lang, ".")
    if lang == "en":
        phrase = ("an " if name[:1].lower() in "aeiou" else "a ") + name
    elif lang in INVARIANT:
        article = INVARIANT[lang]
        phrase = f"{name} {article[1:]}" if article.startswith("~") else (
            f"{article}{name}" if article.endswith("'") and lang != "af" else f"{article} {name}")
    elif lang in GENDERED:
        g = gender(lang, name)
        if lang == "it":
            article = italian_article(g, name)
        else:
            m, f, n = GENDERED[lang]
            article = {"m": m, "f": f, "n": n or m}[g]
        phrase = f"{article}{name}" if article.endswith("'") else f"{article} {name}"
    else:
        phrase = name
    if lang == "af":
        # Afrikaans: the article stays lower-case and the noun takes the capital ("'n Padda.").
        words = phrase.split(" ", 1)
        phrase = words[0] + " " + upper_first(words[1]) if len(words) == 2 else upper_first(phrase)
    else:
        phrase = upper_first(phrase)
    return phrase if not stop or phrase.endswith(stop) else phrase + stop


def self_test() -> int:
    cases = [("en", "frog", "A frog."), ("en", "apple", "An apple."), ("de", "Frosch", "Ein Frosch."),
             ("de", "Katze", "Eine Katze."), ("de", "Haus", "Ein Haus."), ("de", "Lupe nach links", "Eine Lupe nach links."),
             ("ca", "televisió", "Una televisió."), ("es", "rana", "Una rana."),
             ("es", "gato", "Un gato."), ("fr", "grenouille", "Une grenouille."), ("fr", "chat", "Un chat."),
             ("it", "rana", "Una rana."), ("it", "scoiattolo", "Uno scoiattolo."), ("it", "anatra", "Un'anatra."),
             ("pt", "gato", "Um gato."), ("nl", "kikker", "Een kikker."), ("hu", "béka", "Egy béka."),
             ("eu", "igela", "Igela bat."), ("ru", "лягушка", "Лягушка."), ("ja", "カエル", "カエル。"),
             ("zh-Hant", "青蛙", "青蛙。"), ("th", "กบ", "กบ"), ("af", "padda", "'n Padda."),
             ("ro", "broască", "O broască."), ("el", "βάτραχος", "Ένας βάτραχος."), ("de-CH", "Frosch", "Ein Frosch."),
             ("hi", "मेंढक", "मेंढक।")]
    failed = 0
    for tag, name, want in cases:
        got = sentence(tag, name)
        ok = got == want
        failed += not ok
        print(("ok   " if ok else "FAIL ") + f"{tag} {name!r} -> {got!r}" + ("" if ok else f" (want {want!r})"))
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    if len(sys.argv) != 3:
        sys.exit("usage: sentences.py TAG NAME | --self-test")
    print(sentence(sys.argv[1], sys.argv[2]))
