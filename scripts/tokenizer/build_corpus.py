#!/usr/bin/env python3
"""Builds litsearch's multilingual tokenizer corpus from offline Debian packages only.

Sources (installed by `apt-get install unicode-cldr-core iso-codes wordnet-base`):
  * CLDR annotations and derived annotations: emoji names and keywords in ~150 locales;
  * CLDR main/*.xml: localized names of languages, territories and scripts;
  * gettext catalogs under /usr/share/locale (iso-codes' translated country/language/currency names
    and every installed program's translated messages);
  * WordNet glosses (English sentences).

Writes OUT/<lang>.txt (one line per sentence, raw text; the trainer normalizes) and prints the
sentences and characters per language. With --sample FILE it also writes one temperature-sampled
file (p_i ∝ n_i^alpha, alpha 0.3 as in XLM-R/mT5) for trainers that take a single file (spm_train).
Output is deterministic: sources are read in sorted order and sampling uses a fixed seed.
"""
import argparse, collections, glob, gettext, os, random, re, sys, unicodedata
import xml.etree.ElementTree as ET

CLDR = "/usr/share/unicode/cldr/common"
LOCALE_DIR = "/usr/share/locale"
WORDNET = "/usr/share/wordnet"
FORMAT = re.compile(r"%[-+ #0-9.*]*[a-zA-Z]|\{[^}]*\}|&[a-zA-Z]|_(?=\w)|\\n|\s+")


def key_for(locale):
    """Language key: the language subtag, plus the script where one language has several (sr_Latn)."""
    parts = re.split(r"[_@.-]", locale)
    lang = parts[0].lower()
    if lang in ("root", "und", "") or not lang.isalpha():
        return None
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return f"{lang}_{part.title()}"
    return lang


def clean(text):
    text = FORMAT.sub(" ", text)
    return " ".join(text.split())


def cldr_annotations(add):
    for sub in ("annotations", "annotationsDerived"):
        for path in sorted(glob.glob(f"{CLDR}/{sub}/*.xml")):
            key = key_for(os.path.basename(path)[:-4])
            if not key:
                continue
            for node in ET.parse(path).iter("annotation"):
                if node.text and node.get("draft") not in ("unconfirmed",):
                    add(key, node.text.replace(" | ", ", ") if node.get("type") != "tts" else node.text)


def cldr_names(add):
    for path in sorted(glob.glob(f"{CLDR}/main/*.xml")):
        key = key_for(os.path.basename(path)[:-4])
        if not key:
            continue
        names = ET.parse(path).find("localeDisplayNames")
        if names is None:
            continue
        for group in ("languages", "territories", "scripts", "variants", "keys", "types"):
            section = names.find(group)
            if section is not None:
                for node in section:
                    if node.text:
                        add(key, node.text)


def gettext_catalogs(add):
    for path in sorted(glob.glob(f"{LOCALE_DIR}/*/LC_MESSAGES/*.mo")):
        key = key_for(path.split("/")[-3])
        if not key:
            continue
        try:
            with open(path, "rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog
        except Exception:
            continue
        for msgid, msgstr in sorted(catalog.items(), key=lambda kv: str(kv[0])):
            if msgid and isinstance(msgstr, str) and msgstr != msgid:
                for line in msgstr.split("\n"):
                    add(key, line)


def wordnet_glosses(add, limit):
    count = 0
    for pos in ("noun", "verb", "adj", "adv"):
        path = f"{WORDNET}/data.{pos}"
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  ") or "|" not in line:
                    continue
                add("en", line.split("|", 1)[1].split(";")[0])
                count += 1
                if count >= limit:
                    return


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="directory for <lang>.txt files")
    parser.add_argument("--max-lines", type=int, default=20000, help="cap per language")
    parser.add_argument("--min-lines", type=int, default=200, help="drop languages with fewer lines")
    parser.add_argument("--sample", help="also write one temperature-sampled file here")
    parser.add_argument("--alpha", type=float, default=0.3)
    parser.add_argument("--sample-lines", type=int, default=400000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    lines = collections.defaultdict(list)
    seen = collections.defaultdict(set)

    def add(key, text):
        text = clean(text)
        if len(text) < 2 or len(lines[key]) >= args.max_lines or text in seen[key]:
            return
        seen[key].add(text)
        lines[key].append(text)

    cldr_annotations(add)
    cldr_names(add)
    gettext_catalogs(add)
    wordnet_glosses(add, args.max_lines)

    os.makedirs(args.out, exist_ok=True)
    kept = {k: v for k, v in sorted(lines.items()) if len(v) >= args.min_lines}
    print(f"{'language':<10} {'sentences':>9} {'characters':>10}")
    for key, texts in kept.items():
        with open(os.path.join(args.out, f"{key}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(texts) + "\n")
        print(f"{key:<10} {len(texts):>9} {sum(len(t) for t in texts):>10}")
    print(f"{len(kept)} languages, {sum(len(v) for v in kept.values())} sentences", file=sys.stderr)

    if args.sample:
        rng = random.Random(args.seed)
        total = sum(len(v) for v in kept.values())
        weights = {k: (len(v) / total) ** args.alpha for k, v in kept.items()}
        norm = sum(weights.values())
        out = []
        for key, texts in kept.items():
            n = round(args.sample_lines * weights[key] / norm)
            out.extend(texts[i % len(texts)] for i in range(n))
        rng.shuffle(out)
        with open(args.sample, "w", encoding="utf-8") as f:
            for text in out:
                f.write(unicodedata.normalize("NFKC", text).casefold() + "\n")


if __name__ == "__main__":
    main()
