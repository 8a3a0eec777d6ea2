#!/usr/bin/env python3
"""Offline, multilingual LiT training-data builder (issue 5, "Training data").

Builds image-text and prototype-text pairs only from packages that
scripts/install-data-deps.sh installs (Debian: unicode-cldr-core,
fonts-noto-color-emoji, wordnet-base, dict-freedict-*; PyPI: fontTools, Pillow):

  1. emoji   CLDR annotations (short names and keywords, ~100 locales) paired with the
             Noto Color Emoji bitmaps (CBDT/CBLC PNGs; cmap for single code points,
             GSUB ligatures for sequences), written as augmented 224x224 PNG variants.
  2. imagenet the 1,000 ImageNet classes (weights/imagenet_classes.txt) with WordNet
             synonyms, hypernyms and glosses (English), FreeDict translations and CLDR
             names of emoji that denote the same thing, paired with the locked tower's
             class prototypes ("prototype": classIndex; no image file).
  3. flag    flag emoji pictures with CLDR territory names in every CLDR locale.

The split is by concept *group* (skin-tone, gender and emoji<->class links are
grouped): a held-out group appears in no training pair in any language.

Usage:
  python3 scripts/data/build.py --out data/lit [--seed 0] [--languages all]
                                [--max-per-concept 8] [--heldout 0.1]
  python3 scripts/data/build.py --self-test

Reads only the declared sources (ALLOWED_ROOTS); any other package data is refused.
The output is a pure function of the installed package versions and the arguments.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLDR = Path("/usr/share/unicode/cldr/common")
FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
WORDNET = Path("/usr/share/wordnet")
DICTD = Path("/usr/share/dictd")
# The only places the builder reads package data from. Anything else (in particular any other
# package's pictures; some are reserved for outside evaluation) is refused by check_path.
# Debian 13's CLDR 46 annotations, unpacked by scripts/fetch-newer-cldr.sh (not installed).
NEWER_CLDR = Path(__file__).resolve().parents[2] / "data" / "cldr-46"
ALLOWED_ROOTS = (CLDR, FONT, WORDNET, DICTD, Path("/usr/share/doc"), NEWER_CLDR)

SIZE = 224
BUILDER_VERSION = 1

# FreeDict ISO 639-3 codes -> BCP-47 tags. eng-X dictionaries are used directly; X-eng
# ones (INVERTED) only for languages that have no eng-X dictionary in Debian.
FREEDICT_LANGS = {
    "afr": "af", "ara": "ar", "bul": "bg", "ces": "cs", "cym": "cy", "dan": "da",
    "deu": "de", "ell": "el", "fin": "fi", "fra": "fr", "gle": "ga", "hin": "hi",
    "ind": "id", "ita": "it", "jpn": "ja", "lat": "la",
    "lit": "lt", "nld": "nl", "nor": "no", "pol": "pl", "por": "pt", "rom": "rom",
    "rus": "ru", "spa": "es", "srp": "sr", "swe": "sv", "swh": "sw", "tur": "tr",
}
# eng-hrv and eng-hun list translations of all parts of speech and senses in one
# unordered line ("quail: prepelica, strepiti, uplasiti se"), so Croatian and Hungarian
# come from their X-eng dictionaries instead, keeping only first-sense first-word matches.
FREEDICT_INVERTED = {"epo": "eo", "hrv": "hr", "hun": "hu", "isl": "is", "slk": "sk", "slv": "sl"}
# X-eng dictionaries used to back-translate eng-X candidates (jpn-eng's layout is not
# parsed reliably, so Japanese relies on eng-jpn's sense glosses alone).
FREEDICT_BACK = {"afr", "ara", "ces", "cym", "dan", "deu", "ell", "fin", "fra", "gle", "ita",
                 "lat", "lit", "nld", "pol", "por", "spa", "srp", "swe", "swh", "tur"}

# Caption templates, only for languages where the template needs no inflection of the
# inserted noun (so it is grammatical for any class name). Used for ImageNet concepts only.
TEMPLATES = {
    "en": "a photo of a {}",
    "es": "una foto de {}",
    "it": "una foto di {}",
    "pt": "uma foto de {}",
    "nl": "een foto van een {}",
    "ja": "{}の写真",
    "zh": "{}的照片",
    "ko": "{}의 사진",
}

# Order in which caption kinds survive --max-per-concept.
# A base emoji links to at most this many ImageNet classes below its name (see link_hyponyms).
MAX_HYPONYMS = 150
# Hyponym pairs per (emoji, language): the short name with this many different classes.
HYPONYM_PAIRS = 2

KIND_PRIORITY = {"name": 0, "tts": 0, "territory": 0, "cldr": 1, "translation": 1,
                 "synonym": 2, "keyword": 3, "territory_alt": 3, "template": 4,
                 "hypernym": 5, "gloss": 6}

LANGTAG = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-[a-z0-9]{5,8})?$")

SKIN = set(range(0x1F3FB, 0x1F400))
ZWJ, VS16 = 0x200D, 0xFE0F
GENDER = {0x2640, 0x2642}
PERSON_BASES = {0x1F468, 0x1F469, 0x1F9D1}


# ----------------------------------------------------------------------------- utils

def log(*a):
    print(*a, file=sys.stderr, flush=True)


def h64(*parts) -> int:
    return int.from_bytes(hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()[:8], "big")


def clean_text(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s


def cldr_tag(locale: str) -> str | None:
    """CLDR locale id -> BCP-47 tag (None for root / POSIX variants)."""
    if locale == "root" or "POSIX" in locale:
        return None
    parts = locale.split("_")
    out = [parts[0].lower()]
    for p in parts[1:]:
        if len(p) == 4 and p.isalpha():
            out.append(p.title())
        elif (len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit()):
            out.append(p.upper())
        else:
            out.append(p.lower())
    tag = "-".join(out)
    return tag if LANGTAG.match(tag) else None


def seq_hex(cps) -> str:
    return "-".join("%X" % c for c in cps)


def check_path(p: Path):
    """Returns `p` if it lies under one of ALLOWED_ROOTS or the project (weights/), else stops."""
    resolved = Path(os.path.realpath(p))
    roots = [Path(os.path.realpath(r)) for r in ALLOWED_ROOTS] + [Path(os.path.realpath(Path.cwd()))]
    if not any(resolved == r or r in resolved.parents for r in roots):
        raise SystemExit(f"refusing to read {p}: not one of the builder's declared sources")
    return p


def dpkg_version(pkg: str) -> str | None:
    try:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg],
                           capture_output=True, text=True, check=False)
        return r.stdout.strip() or None
    except OSError:
        return None


def deb5_licences(copyright_file: Path) -> dict[str, str]:
    """Debian machine-readable copyright: 'Files:' pattern -> 'License:' short name."""
    out = {}
    if not copyright_file.exists():
        return out
    files = None
    for line in copyright_file.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("Files:"):
            files = line.split(":", 1)[1].strip()
        elif line.startswith("License:") and files is not None:
            out.setdefault(files, line.split(":", 1)[1].strip())
            files = None
        elif not line.strip():
            files = None
    return out


# ----------------------------------------------------------------------------- CLDR

ANNOT_RE = re.compile(r'<annotation cp="([^"]+)"([^>]*)>([^<]*)</annotation>')
TERR_RE = re.compile(r'<territory type="([A-Z]{2})"([^>]*)>([^<]*)</territory>')


def xml_unescape(s: str) -> str:
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def read_annotations(root: Path = CLDR, unconfirmed: bool = False):
    """-> {tag: {emoji_string: {"tts": str|None, "keywords": [str]}}} from `root`'s annotations
    and annotationsDerived (another CLDR than the installed one: scripts/bridge/newer_cldr.py);
    draft="unconfirmed" entries only when `unconfirmed`."""
    out: dict[str, dict[str, dict]] = {}
    for sub in ("annotations", "annotationsDerived"):
        d = check_path(root / sub)
        for f in sorted(d.glob("*.xml")):
            tag = cldr_tag(f.stem)
            if tag is None:
                continue
            loc = out.setdefault(tag, {})
            for cp, attrs, text in ANNOT_RE.findall(f.read_text(encoding="utf-8")):
                if 'draft="unconfirmed"' in attrs and not unconfirmed:
                    continue
                cp = xml_unescape(cp)
                text = clean_text(xml_unescape(text))
                if not text or text == "↑↑↑":
                    continue
                e = loc.setdefault(cp, {"tts": None, "keywords": []})
                if 'type="tts"' in attrs:
                    e["tts"] = text
                else:
                    e["keywords"] = [k for k in (clean_text(x) for x in text.split("|")) if k]
    return out


def read_territories():
    """-> {tag: {region: {"name": str, "alt": [str]}}} from common/main/*.xml."""
    out = {}
    for f in sorted(check_path(CLDR / "main").glob("*.xml")):
        tag = cldr_tag(f.stem)
        if tag is None:
            continue
        txt = f.read_text(encoding="utf-8")
        if "<territory " not in txt:
            continue
        loc = {}
        for region, attrs, name in TERR_RE.findall(txt):
            if 'draft="unconfirmed"' in attrs:
                continue
            name = clean_text(xml_unescape(name))
            if not name or name == "↑↑↑":
                continue
            e = loc.setdefault(region, {"name": None, "alt": []})
            if "alt=" in attrs:
                e["alt"].append(name)
            else:
                e["name"] = name
        if loc:
            out[tag] = loc
    return out


# ----------------------------------------------------------------------------- font

class EmojiFont:
    """Noto Color Emoji: code-point sequence (without FE0F) -> PNG bytes."""

    def __init__(self, path: Path = FONT):
        from fontTools.ttLib import TTFont
        self.font = TTFont(str(check_path(path)), lazy=True)
        cmap = self.font.getBestCmap()
        rev = {}
        for cp, g in sorted(cmap.items()):
            rev.setdefault(g, cp)
        self.seq2glyph = {}
        for cp, g in cmap.items():
            if cp != VS16:
                self.seq2glyph[(cp,)] = g
        gsub = self.font["GSUB"].table
        for lookup in gsub.LookupList.Lookup:
            for st in lookup.SubTable:
                if lookup.LookupType == 7:
                    st = st.ExtSubTable
                if getattr(st, "LookupType", lookup.LookupType) != 4:
                    continue
                for first, ligs in st.ligatures.items():
                    for lig in ligs:
                        cps = [rev.get(c) for c in [first] + list(lig.Component)]
                        if None in cps:
                            continue
                        key = tuple(c for c in cps if c != VS16)
                        self.seq2glyph.setdefault(key, lig.LigGlyph)
        strikes = self.font["CBDT"].strikeData
        self.strike = max(strikes, key=lambda s: len(s))  # only one strike in Noto
        self._cache = {}

    def png(self, cps) -> bytes | None:
        key = tuple(c for c in cps if c != VS16)
        g = self.seq2glyph.get(key)
        if g is None:
            return None
        bm = self.strike.get(g)
        if bm is None:
            return None
        if hasattr(bm, "decompile") and not hasattr(bm, "imageData"):
            bm.decompile()
        data = getattr(bm, "imageData", None)
        if not data or not data.startswith(b"\x89PNG"):
            return None
        return data


# ----------------------------------------------------------------------------- images

def random_colour(rng: random.Random):
    import colorsys
    h = rng.random()
    s = rng.choice([0.0, 0.15, 0.35, 0.6, 0.9]) * rng.uniform(0.7, 1.0)
    v = rng.choice([0.12, 0.35, 0.6, 0.85, 1.0]) * rng.uniform(0.85, 1.0)
    r, g, b = colorsys.hsv_to_rgb(h, s, min(v, 1.0))
    return (int(r * 255), int(g * 255), int(b * 255))


def background(rng: random.Random, kind: str):
    from PIL import Image
    c1 = random_colour(rng)
    if kind == "flat":
        return Image.new("RGB", (SIZE, SIZE), c1)
    c2 = random_colour(rng)
    # Linear gradient: each row (or column) constant, so PNG compresses it well.
    strip = Image.new("RGB", (1, SIZE))
    px = strip.load()
    for i in range(SIZE):
        t = i / (SIZE - 1)
        px[0, i] = tuple(int(round(a + (b - a) * t)) for a, b in zip(c1, c2))
    bg = strip.resize((SIZE, SIZE), Image.NEAREST)
    return bg if kind == "vgrad" else bg.transpose(Image.ROTATE_90)


def render_variant(png: bytes, seed: int, concept: str, v: int):
    """Variant 0: centred on white at 70% size. Others: random scale, offset, rotation,
    background (flat or gradient); all drawn from a RNG seeded by (seed, concept, v)."""
    from PIL import Image
    src = Image.open(io.BytesIO(png)).convert("RGBA")
    bbox = src.getbbox() or (0, 0, src.width, src.height)
    src = src.crop(bbox)
    rng = random.Random(h64("aug", seed, concept, v))
    if v == 0:
        bg, target, angle = Image.new("RGB", (SIZE, SIZE), (255, 255, 255)), 0.70, 0.0
        jitter = (0.0, 0.0)
    else:
        bg = background(rng, rng.choices(["flat", "vgrad", "hgrad"], [0.6, 0.25, 0.15])[0])
        target = rng.uniform(0.35, 0.95)
        angle = rng.uniform(-20, 20) if rng.random() < 0.7 else 0.0
        jitter = (rng.uniform(-1, 1), rng.uniform(-1, 1))
    scale = target * SIZE / max(src.width, src.height)
    w, h = max(1, round(src.width * scale)), max(1, round(src.height * scale))
    im = src.resize((w, h), Image.LANCZOS)
    if angle:
        im = im.rotate(angle, resample=Image.BICUBIC, expand=True)
    # Offset: anywhere that keeps the whole picture inside the canvas (centred if too big).
    sx, sy = max(0, SIZE - im.width), max(0, SIZE - im.height)
    x = int(round(sx / 2 + jitter[0] * sx / 2)) if sx else (SIZE - im.width) // 2
    y = int(round(sy / 2 + jitter[1] * sy / 2)) if sy else (SIZE - im.height) // 2
    bg.paste(im, (x, y), im)
    buf = io.BytesIO()
    bg.save(buf, format="PNG", compress_level=6)
    return buf.getvalue()


# ----------------------------------------------------------------------------- WordNet

LEXNAMES = {3: "noun.Tops", 5: "noun.animal", 6: "noun.artifact", 8: "noun.body",
            13: "noun.food", 17: "noun.object", 20: "noun.plant", 27: "noun.substance",
            14: "noun.group", 15: "noun.location", 18: "noun.person", 11: "noun.event",
            19: "noun.phenomenon", 23: "noun.quantity", 25: "noun.shape", 26: "noun.state",
            4: "noun.act", 7: "noun.attribute", 9: "noun.cognition", 10: "noun.communication",
            12: "noun.feeling", 16: "noun.motive", 21: "noun.possession", 22: "noun.process",
            24: "noun.relation", 28: "noun.time"}


class WordNet:
    def __init__(self, root: Path = WORDNET):
        self.data = open(check_path(root / "data.noun"), "rb")
        self.index = {}
        with open(root / "index.noun", encoding="utf-8") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                p = line.split()
                lemma, n_syn = p[0], int(p[2])
                self.index[lemma] = [int(x) for x in p[-n_syn:]]
        self._cache = {}

    def synset(self, offset: int):
        if offset in self._cache:
            return self._cache[offset]
        self.data.seek(offset)
        line = self.data.readline().decode("utf-8")
        head, _, gloss = line.partition(" | ")
        p = head.split()
        assert int(p[0]) == offset, (offset, p[0])
        lex = int(p[1])
        n = int(p[3], 16)
        words = [p[4 + 2 * i].replace("_", " ") for i in range(n)]
        k = 4 + 2 * n
        n_ptr = int(p[k])
        hypers = []
        for i in range(n_ptr):
            sym, off = p[k + 1 + 4 * i], int(p[k + 2 + 4 * i])
            if sym in ("@", "@i"):
                hypers.append(off)
        s = {"offset": offset, "lexname": LEXNAMES.get(lex, str(lex)), "words": words,
             "hypernyms": hypers, "gloss": gloss.strip()}
        self._cache[offset] = s
        return s

    def sense_rank(self, lemma: str, offset: int) -> int | None:
        offs = self.index.get(lemma.lower().replace(" ", "_"))
        if not offs or offset not in offs:
            return None
        return offs.index(offset)


# ----------------------------------------------------------------------------- FreeDict

B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def b64n(s: str) -> int:
    n = 0
    for c in s:
        n = n * 64 + B64[c]
    return n


DOMAIN_POS = {
    "noun.animal": r"zool|ornith|ichth|entom|animal|bird|fish|insect|mammal|reptile|snake|spider|species|biol",
    "noun.plant": r"bot|plant|tree|flower|fung|mushroom|biol|fruit",
    "noun.food": r"cook|food|fruit|vegetable|gastr|culin|dish|bread|drink|sweet",
    "noun.artifact": r"techn|tool|device|vehicle|machine|cloth|textil|furniture|instrument|mus\b|music|build|house|ship|car\b|weapon|container|electr",
    "noun.object": r"geog|geol|landscape|nature",
}
DOMAIN_NEG = {
    "noun.animal": r"techn|constr|naut|mil\b|pej|slang|fig\b|coll\b|vulg|sport|pol\b|econ|fin\b|person|woman|girl|med\b|anat",
    "noun.plant": r"techn|constr|pej|slang|fig\b|vulg|person|med\b|anat",
    "noun.food": r"techn|constr|pej|slang|fig\b|vulg|person|med\b|anat",
    "noun.artifact": r"pej|slang|fig\b|vulg|zool|ornith|bot\b|anat|person|animal|bird",
    "noun.object": r"pej|slang|fig\b|vulg",
}


def _split_translations(text: str) -> list[str]:
    text = re.sub(r"<[^>]*>", "", text)
    text = re.sub(r"\[[^\]]*\]", "", text)
    text = re.sub(r"\([^()]*\)", "", text)
    text = text.replace("~", " ").replace("\u0301", "").replace("\u0300", "")
    text = re.sub(r"\s+\d+\.\s*$", "", text)  # "kana 2." (next sense number on the line)
    out = []
    for t in re.split(r"[,;、]", text):
        t = clean_text(t).strip(".")
        if not t or len(t) > 40 or any(ch in t for ch in '"{}=/()[]'):
            continue
        out.append(t)
    return out


NUMBERED = re.compile(r"^(?:[IVX]+\.\s+)?(?:<[^>]*>\s*)?(\d+)\.(?:\s+(.*))?$")


def parse_entry(raw: str):
    """FreeDict dictd entry -> (pos or None, [(sense_rank, [translations], context)]).

    The dictionaries differ in layout: translations on the first body line, or in
    numbered senses ("1. X, Y", "I. <N> 1. X"), each followed by notes, examples or an
    English gloss. Lines indented by 3+ spaces are notes/examples; [..] and (..) are
    kept as context (domain labels such as [zool.] or (zool.))."""
    lines = raw.split("\n")
    m = re.search(r"<([^>]+)>", lines[0])
    pos = m.group(1).strip().lower() if m else None
    senses = []
    cur = None

    def new_sense(rank, text):
        ctx = " ".join(re.findall(r"\[([^\]]*)\]", text) + re.findall(r"\(([^()]*)\)", text))
        tags = " ".join(re.findall(r"<([^>]*)>", text)).lower()
        nonnoun = re.search(r"\b(adj|adv|v|vt|vi|verb|prep|conj)\b", tags) and \
            not re.search(r"\b(masc|fem|neut|n|pl|noun)\b", tags)
        s = [rank, [] if nonnoun else _split_translations(text), [ctx]]
        senses.append(s)
        return s

    for line in lines[1:]:
        st = line.strip()
        if not st:
            continue
        indent = len(line) - len(line.lstrip())
        if indent >= 3:
            # usage examples ('"train a dog" - einen Hund abrichten') say nothing of the domain
            if cur is not None and not st.startswith(("see:", '"')):
                cur[2].append(st)
            continue
        m = NUMBERED.match(st)
        if m:
            cur = new_sense(int(m.group(1)) - 1, m.group(2) or "")
        elif cur is None:
            cur = new_sense(0, st)
        elif not cur[1] and not st.lower().startswith(("see", "synonym", "note")):
            # a sense number alone on its line: its translations follow
            cur[1] = _split_translations(st)
            cur[2].append(" ".join(re.findall(r"\[([^\]]*)\]", st)))
        elif not st.lower().startswith("see"):
            cur[2].append(st)  # gloss / note
    return pos, [(r, tr, " ".join(ctx).lower()) for r, tr, ctx in senses]


class FreeDict:
    def __init__(self, name: str):
        self.name = name
        base = check_path(DICTD / f"freedict-{name}")
        self.index = defaultdict(list)
        with open(str(base) + ".index", encoding="utf-8") as f:
            for i, line in enumerate(f):
                p = line.rstrip("\n").split("\t")
                if len(p) < 3 or not p[0] or p[0].startswith("00database"):
                    continue
                self.index[p[0].lower()].append((i, p[0], b64n(p[1]), b64n(p[2])))
        self.data = gzip.open(str(base) + ".dict.dz").read()
        self._back = {}

    def entries(self, word: str):
        for i, hw, off, ln in self.index.get(word.lower(), []):
            yield i, hw, self.data[off:off + ln].decode("utf-8", errors="replace")

    def back_translations(self, word: str):
        """For an X->English dictionary: all English translations of `word`
        (lower-cased), or None when the dictionary has no entry for it."""
        if word in self._back:
            return self._back[word]
        out = None
        for _, _, raw in self.entries(word):
            out = out or set()
            for _, trans, _ in parse_entry(raw)[1]:
                for t in trans:
                    t = re.sub(r"^(to|a|an|the) ", "", t.lower())
                    out.add(t)
        self._back[word] = out
        return out

    def translate(self, word: str, lexname: str, limit: int = 3, need_domain: bool = False,
                  back: "FreeDict | None" = None, english: set | None = None):
        """Translations of `word` for a WordNet lexname. Senses are ranked by order and
        domain labels; with `back` (the X->English dictionary) a translation is kept only
        if it translates back to one of the `english` names, or - when `back` has no
        entry for it - if it comes from the best-ranked sense."""
        pos_re = DOMAIN_POS.get(lexname)
        neg_re = DOMAIN_NEG.get(lexname, r"pej|slang|vulg")
        scored = []
        for order, (i, hw, raw) in enumerate(self.entries(word)):
            pos, senses = parse_entry(raw)
            if pos and not pos.startswith("n"):
                continue
            for rank, trans, ctx in senses:
                if not trans:
                    continue
                score = -0.5 * rank - 0.1 * order + (0.3 if hw == word else 0.0)
                if pos_re and re.search(pos_re, ctx):
                    score += 3
                elif need_domain:
                    continue
                if re.search(neg_re, ctx):
                    score -= 3
                scored.append((-score, i, rank, trans))
        scored.sort(key=lambda x: x[:3])
        if not scored or -scored[0][0] < -2:
            return []
        out = []
        top = -scored[0][0]
        for k, (negscore, _, _, trans) in enumerate(scored):
            if -negscore < max(-2, top - 1):
                break  # only senses about as good as the best one
            for t in trans:
                if t in out:
                    continue
                bt = back.back_translations(t) if back is not None else None
                if bt is not None:
                    ok = bool(bt & english)
                else:
                    ok = k == 0
                if ok:
                    out.append(t)
        return out[:limit]

    def inverted(self):
        """X->English dictionary turned around: english word -> [(rank, X headword)]."""
        inv = defaultdict(list)
        for key, lst in self.index.items():
            for i, hw, off, ln in lst:
                pos, senses = parse_entry(self.data[off:off + ln].decode("utf-8", errors="replace"))
                if pos and not pos.startswith("n"):
                    continue
                for rank, trans, ctx in senses:
                    if len(trans) > 3:
                        continue
                    for j, t in enumerate(trans):
                        inv[t.lower()].append((rank + j, i, clean_text(hw)))
        return inv


# ----------------------------------------------------------------------------- concepts

def group_key_emoji(cps: tuple) -> str:
    """Skin-tone, gender and person-base variants of one emoji share a split group."""
    cps = [c for c in cps if c != VS16 and c not in SKIN]
    out = []
    i = 0
    while i < len(cps):
        if cps[i] == ZWJ and i + 1 < len(cps) and cps[i + 1] in GENDER:
            i += 2
            continue
        out.append(cps[i])
        i += 1
    if len(out) > 1 and out[0] in PERSON_BASES and out[1] == ZWJ:
        out[0] = 0x1F9D1
    if len(out) == 1 and out[0] in PERSON_BASES:
        out[0] = 0x1F9D1
    if len(out) == 1 and out[0] in GENDER:
        pass
    return "emoji:" + seq_hex(out)


def concept_of(s: str):
    """An annotated emoji string -> (concept id, source, split group, region or None), or None
    for ASCII digits and '#', '*' (text, not pictures). The id is what pairs.jsonl calls it:
    "emoji:1F438", "flag:DE", "flag:GB-SCT"."""
    cps = tuple(ord(c) for c in s if ord(c) != VS16)
    if not cps or (len(cps) == 1 and cps[0] < 0xA0):
        return None
    if all(0x1F1E6 <= c <= 0x1F1FF for c in cps) and len(cps) == 2:
        region = "".join(chr(c - 0x1F1E6 + ord("A")) for c in cps)
        return f"flag:{region}", "flag", f"flag:{region}", region
    if cps[0] == 0x1F3F4 and len(cps) > 2 and all(0xE0020 <= c <= 0xE007F for c in cps[1:]):
        sub = "".join(chr(c - 0xE0000) for c in cps[1:-1]).upper()
        return f"flag:{sub[:2]}-{sub[2:]}", "flag", f"flag:{sub}", None
    return f"emoji:{seq_hex(cps)}", "emoji", group_key_emoji(cps), None


class Builder:
    def __init__(self, args):
        self.args = args
        self.seed = args.seed
        self.concepts = {}       # id -> dict(source, group, images, prototype, names)
        self.captions = defaultdict(list)  # (concept, lang) -> [(kind, text)]
        self.parent = {}         # union-find over groups
        self.notes = []
        self.licences = {}
        self.links = []
        self.hyponym_links = {}  # base emoji id -> ImageNet class indices below its name's sense

    # union-find
    def find(self, g):
        while self.parent.get(g, g) != g:
            g = self.parent[g]
        return g

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted([ra, rb])
            self.parent[hi] = lo

    def add_caption(self, concept, lang, kind, text):
        text = clean_text(text)
        if not text or len(text) > 200:
            return
        lst = self.captions[(concept, lang)]
        if any(t == text for _, t in lst):
            return
        lst.append((kind, text))

    def lang_ok(self, tag: str) -> bool:
        langs = self.args.lang_filter
        return langs is None or tag in langs or tag.split("-")[0] in langs

    # ------------------------------------------------------------------ sources
    def load_emoji_and_flags(self):
        t0 = time.time()
        font = EmojiFont()
        self.font = font
        ann = read_annotations()
        terr = read_territories()
        en = ann.get("en", {})
        limit = self.args.limit
        n_emoji = n_flag = n_skipped = 0
        for s in sorted(en, key=lambda s: [ord(c) for c in s]):
            concept = concept_of(s)
            if concept is None:
                continue  # ASCII digits / '#', '*': text, not pictures
            cid, source, group, region = concept
            cps = tuple(ord(c) for c in s if ord(c) != VS16)
            png = font.png(cps)
            if png is None:
                n_skipped += 1
                continue
            if limit and (n_emoji if source == "emoji" else n_flag) >= limit:
                continue
            is_variant = source == "emoji" and any(c in SKIN for c in cps)
            self.concepts[cid] = {"source": source, "group": group, "png": png,
                                  "variant": is_variant, "string": s, "region": region,
                                  "en": en[s]["tts"]}
            self.union(group, group)
            for tag, loc in ann.items():
                e = loc.get(s)
                if not e or not self.lang_ok(tag):
                    continue
                if e["tts"]:
                    self.add_caption(cid, tag, "tts", e["tts"])
                if source == "emoji" and not is_variant:
                    # Skin-tone variants repeat the base emoji's keywords plus the tone
                    # name: their short name (tts) is kept, the keywords are not.
                    for k in e["keywords"]:
                        self.add_caption(cid, tag, "keyword", k)
            if region:
                for tag, loc in terr.items():
                    e = loc.get(region)
                    if not e or not self.lang_ok(tag):
                        continue
                    if e["name"]:
                        self.add_caption(cid, tag, "territory", e["name"])
                    for a in e["alt"]:
                        self.add_caption(cid, tag, "territory_alt", a)
            if source == "emoji":
                n_emoji += 1
            else:
                n_flag += 1
        self.annotations = ann
        self.notes.append(f"{n_skipped} CLDR emoji strings have no bitmap in the font and were skipped")
        log(f"emoji: {n_emoji} concepts, flags: {n_flag} ({time.time() - t0:.1f}s; "
            f"{n_skipped} annotation strings without a glyph)")

    def load_imagenet(self):
        t0 = time.time()
        path = Path(self.args.classes)
        if not path.exists():
            raise SystemExit(f"{path} not found: run `python3 scripts/fetch_weights.py --out weights` "
                             "first (it writes weights/imagenet_classes.txt), or pass --classes")
        classes = []
        for line in check_path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            idx, wnid, names = line.split("\t")
            classes.append((int(idx), wnid, [clean_text(n) for n in names.split(",") if n.strip()]))
        if self.args.limit:
            classes = classes[: self.args.limit]
        wn = WordNet()
        # English names of base emoji (no skin tones) for CLDR links.
        emoji_by_name = defaultdict(list)
        for cid, c in self.concepts.items():
            if c["source"] == "emoji" and not c["variant"] and c["en"]:
                emoji_by_name[c["en"].lower()].append(cid)
        dicts = {}
        for code, tag in sorted(FREEDICT_LANGS.items()):
            if self.lang_ok(tag) and (DICTD / f"freedict-eng-{code}.index").exists():
                dicts[tag] = FreeDict(f"eng-{code}")
        inverted = {}
        for code, tag in sorted(FREEDICT_INVERTED.items()):
            if self.lang_ok(tag) and (DICTD / f"freedict-{code}-eng.index").exists():
                inverted[tag] = FreeDict(f"{code}-eng").inverted()
        backs = {}
        for code in sorted(FREEDICT_BACK):
            tag = FREEDICT_LANGS.get(code)
            if tag in dicts and (DICTD / f"freedict-{code}-eng.index").exists():
                backs[tag] = FreeDict(f"{code}-eng")
        self.freedict_used = sorted([f"eng-{k}" for k, t in FREEDICT_LANGS.items() if t in dicts] +
                                    [f"{k}-eng" for k, t in FREEDICT_INVERTED.items() if t in inverted] +
                                    [f"{k}-eng" for k in FREEDICT_BACK if FREEDICT_LANGS[k] in backs])
        log(f"freedict: {len(dicts)} eng-X dictionaries ({len(backs)} back-checked), "
            f"{len(inverted)} inverted X-eng "
            f"({time.time() - t0:.1f}s)")
        name_count = Counter(n.lower() for _, _, names in classes for n in names)
        for idx, wnid, names in classes:
            cid = f"imagenet:{idx}"
            syn = wn.synset(int(wnid[1:]))
            lex = syn["lexname"]
            self.concepts[cid] = {"source": "imagenet", "group": cid, "prototype": idx,
                                  "wnid": wnid, "lexname": lex, "en": names[0]}
            self.union(cid, cid)
            english = list(dict.fromkeys(names + [w for w in syn["words"]]))
            if self.lang_ok("en"):
                for i, n in enumerate(english):
                    self.add_caption(cid, "en", "name" if i == 0 else "synonym", n)
                self.add_caption(cid, "en", "template", template("en", names[0]))
                for hoff in syn["hypernyms"][:1]:
                    self.add_caption(cid, "en", "hypernym", wn.synset(hoff)["words"][0])
                gloss = syn["gloss"].split(";")[0].strip().strip('"')
                if 3 <= len(gloss.split()) <= 24:
                    self.add_caption(cid, "en", "gloss", gloss)
            # CLDR: a base emoji whose English short name is this class's name, where the
            # class is one of the name's two most frequent WordNet noun senses.
            linked = []
            for n in names:
                for eid in emoji_by_name.get(n.lower(), []):
                    r = wn.sense_rank(n, syn["offset"])
                    if r is not None and r <= 1 and name_count[n.lower()] == 1 and eid not in linked:
                        linked.append(eid)
            for eid in linked:
                self.union(cid, self.concepts[eid]["group"])
                self.links.append((cid, eid, self.concepts[eid]["en"]))
                s = self.concepts[eid]["string"]
                for tag, loc in self.annotations.items():
                    e = loc.get(s)
                    if e and e["tts"] and self.lang_ok(tag) and tag != "en":
                        self.add_caption(cid, tag, "cldr", e["tts"])
            # FreeDict translations of each English name (exact headword only: multi-word
            # names are looked up whole, never composed word by word).
            # Only names for which this class is one of WordNet's two most frequent noun
            # senses (or the only one) are looked up freely; for other names ('mouse' for the computer
            # mouse) a dictionary sense must carry a matching domain label.
            dominant = [n for n in names if wn.sense_rank(n, syn["offset"]) in (None, 0, 1)]
            english_set = {n.lower() for n in english}
            for tag, d in dicts.items():
                got = []
                # names that are a rare sense ('mole' for a breakwater) are skipped, unless
                # the class has no other name
                for n in (dominant or names):
                    for t in d.translate(n, lex, need_domain=n not in dominant,
                                         back=backs.get(tag), english=english_set):
                        if t not in got:
                            got.append(t)
                    if len(got) >= 4:
                        break
                for t in got[:4]:
                    self.add_caption(cid, tag, "translation", t)
                if got and tag in TEMPLATES:
                    self.add_caption(cid, tag, "template", template(tag, got[0]))
            for tag, inv in inverted.items():
                got = []
                for n in dominant:
                    # only X headwords whose first sense's first translation is the name
                    for _, _, hw in [x for x in sorted(inv.get(n.lower(), [])) if x[0] == 0][:2]:
                        if hw not in got:
                            got.append(hw)
                for t in got[:3]:
                    self.add_caption(cid, tag, "translation", t)
            for tag in TEMPLATES:
                if tag in ("en",) or tag in dicts:
                    continue
                firsts = [t for k, t in self.captions.get((cid, tag), []) if k == "cldr"]
                if firsts:
                    self.add_caption(cid, tag, "template", template(tag, firsts[0]))
        self.link_hyponyms(wn, classes, emoji_by_name)
        log(f"imagenet: {len(classes)} classes, {len(self.links)} CLDR emoji links, "
            f"{len(self.hyponym_links)} emoji with hyponym classes ({time.time() - t0:.1f}s)")

    def link_hyponyms(self, wn, classes, emoji_by_name):
        """Links a base emoji to the ImageNet classes that lie below its English name in WordNet.

        'dog' (the emoji's CLDR short name) has the noun sense dog.n.01, whose hyponyms include
        118 ImageNet classes (the breeds). The emoji's short name in every CLDR language can then
        be paired with those classes' features: multilingual everyday words ("Hund", "犬",
        "كلب") meet photo-domain targets, not only emoji pictures. Only the name's first two
        noun senses count, and only names covering 1 to MAX_HYPONYMS classes (no 'animal').
        """
        ancestors = {}
        for idx, wnid, _ in classes:
            seen, stack = set(), [int(wnid[1:])]
            while stack:
                off = stack.pop()
                if off not in seen:
                    seen.add(off)
                    stack.extend(wn.synset(off)["hypernyms"])
            ancestors[idx] = seen
        for name, eids in sorted(emoji_by_name.items()):
            senses = wn.index.get(name.replace(" ", "_"), [])[:2]
            below = sorted(idx for idx, anc in ancestors.items() if any(s in anc for s in senses))
            if 1 <= len(below) <= MAX_HYPONYMS:
                for eid in eids:
                    self.hyponym_links[eid] = below

    # ------------------------------------------------------------------ split
    def split(self):
        frac = self.args.heldout
        groups = sorted({self.find(c["group"]) for c in self.concepts.values()})
        # Held out per source family (by the group's first concept id), by a seeded hash:
        # the lowest-hashing `frac` share of each family's groups.
        fam = defaultdict(list)
        for g in groups:
            fam[g.split(":")[0]].append(g)
        self.heldout_groups = set()
        for f, gs in sorted(fam.items()):
            gs = sorted(gs, key=lambda g: (h64("split", self.seed, g), g))
            k = int(round(frac * len(gs)))
            self.heldout_groups.update(gs[:k])
        for cid, c in self.concepts.items():
            c["split"] = "heldout" if self.find(c["group"]) in self.heldout_groups else "train"

    # ------------------------------------------------------------------ output
    def n_variants(self, c):
        if c["source"] == "emoji":
            return self.args.variants_skin if c["variant"] else self.args.variants
        return self.args.variants_flag

    def write(self, out: Path):
        t0 = time.time()
        if out.exists():
            shutil.rmtree(out)
        (out / "images").mkdir(parents=True)
        images = {}
        for cid in sorted(self.concepts):
            c = self.concepts[cid]
            if "png" not in c:
                continue
            stem = cid.replace(":", "_")
            files = []
            # Skin-tone variants get augmented pictures only (v1..), base emoji and flags
            # start with the plain picture v0 (the one the eval manifest uses).
            first = 1 if c.get("variant") else 0
            for v in range(first, first + self.n_variants(c)):
                rel = f"images/{stem}_v{v}.png"
                (out / rel).write_bytes(render_variant(c["png"], self.seed, cid, v))
                files.append(rel)
            images[cid] = files
        log(f"images: {sum(len(v) for v in images.values())} PNGs ({time.time() - t0:.1f}s)")

        maxn = self.args.max_per_concept
        stats = {"train": Counter(), "heldout": Counter()}
        by_lang = {"train": defaultdict(Counter), "heldout": defaultdict(Counter)}
        by_kind = Counter()
        with open(out / "pairs.jsonl", "w", encoding="utf-8") as ftr, \
                open(out / "heldout_pairs.jsonl", "w", encoding="utf-8") as fho:
            for (cid, lang) in sorted(self.captions):
                caps = self.captions[(cid, lang)]
                caps = sorted(enumerate(caps), key=lambda x: (KIND_PRIORITY.get(x[1][0], 9), x[0]))
                caps = [c for _, c in caps][:maxn] if maxn else [c for _, c in caps]
                c = self.concepts[cid]
                for kind, text in caps:
                    rec = {"concept": cid, "source": c["source"], "lang": lang, "text": text,
                           "kind": kind}
                    if cid in images:
                        files = images[cid]
                        rec["image"] = files[h64("img", self.seed, cid, lang, text) % len(files)]
                    else:
                        rec["prototype"] = c["prototype"]
                    line = json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n"
                    (fho if c["split"] == "heldout" else ftr).write(line)
                    stats[c["split"]][c["source"]] += 1
                    by_lang[c["split"]][lang][c["source"]] += 1
                    by_kind[kind] += 1
                # The emoji's short name paired with ImageNet classes below it, on the emoji's
                # side of the split only (a class on the other side is never used).
                below = [i for i in self.hyponym_links.get(cid, [])
                         if self.concepts[f"imagenet:{i}"]["split"] == c["split"]]
                names = [t for k, t in caps if k == "tts"]
                if below and names:
                    start = h64("hyponym", self.seed, cid, lang) % len(below)
                    for j in range(min(HYPONYM_PAIRS, len(below))):
                        rec = {"concept": cid, "source": "imagenet", "lang": lang, "text": names[0],
                               "kind": "hyponym", "prototype": below[(start + j) % len(below)]}
                        line = json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n"
                        (fho if c["split"] == "heldout" else ftr).write(line)
                        stats[c["split"]]["imagenet"] += 1
                        by_lang[c["split"]][lang]["imagenet"] += 1
                        by_kind["hyponym"] += 1

        # Eval manifest (issue 7): one line per held-out picture (variant 0 of each base
        # emoji / flag); captions: per language the short name (emoji) or territory name.
        manifest_caps = Counter()
        n_manifest = 0
        with open(out / "heldout_manifest.jsonl", "w", encoding="utf-8") as fm:
            for cid in sorted(self.concepts):
                c = self.concepts[cid]
                if c["split"] != "heldout" or cid not in images or c.get("variant"):
                    continue
                caps = {}
                for lang in self.langs_of.get(cid, []):
                    lst = self.captions[(cid, lang)]
                    first = [t for k, t in lst if k in ("tts", "territory")]
                    if c["source"] == "flag":
                        terr = [t for k, t in lst if k == "territory"]
                        first = terr or first
                    if first:
                        caps[lang] = first[0]
                if not caps:
                    continue
                fm.write(json.dumps({"id": Path(images[cid][0]).stem, "image": images[cid][0],
                                     "captions": dict(sorted(caps.items())),
                                     "concept": cid}, ensure_ascii=False) + "\n")
                n_manifest += 1
                manifest_caps.update(caps.keys())

        with open(out / "concepts.jsonl", "w", encoding="utf-8") as fc:
            for cid in sorted(self.concepts):
                c = self.concepts[cid]
                rec = {"concept": cid, "source": c["source"], "split": c["split"],
                       "group": self.find(c["group"]), "en": c.get("en")}
                if cid in images:
                    rec["images"] = images[cid]
                    rec["string"] = c["string"]
                else:
                    rec["prototype"] = c["prototype"]
                    rec["wnid"] = c["wnid"]
                fc.write(json.dumps(rec, ensure_ascii=False) + "\n")

        self.report = self.make_card(out, images, stats, by_lang, by_kind, manifest_caps, n_manifest)

    def index_langs(self):
        self.langs_of = defaultdict(list)
        for (cid, lang) in sorted(self.captions):
            self.langs_of[cid].append(lang)

    def make_card(self, out, images, stats, by_lang, by_kind, manifest_caps, n_manifest):
        cons = Counter((c["source"], c["split"]) for c in self.concepts.values())
        train_lang = {l: sum(v.values()) for l, v in by_lang["train"].items()}
        held_lang = {l: sum(v.values()) for l, v in by_lang["heldout"].items()}
        all_langs = sorted(set(train_lang) | set(held_lang))
        primary = sorted({l.split("-")[0] for l in all_langs})
        fd_lic = deb5_licences(Path("/usr/share/doc/dict-freedict-eng-deu/copyright"))
        fd_lic.update(deb5_licences(Path("/usr/share/doc/dict-freedict-eng-jpn/copyright")))
        for name in getattr(self, "freedict_used", []):
            pkg = f"dict-freedict-{name}"
            lic = deb5_licences(Path(f"/usr/share/doc/{pkg}/copyright")).get(f"{name}/*")
            self.licences[f"freedict-{name}"] = {"package": pkg, "version": dpkg_version(pkg),
                                                 "licence": lic or fd_lic.get(f"{name}/*", "see package copyright")}
        self.licences.update({
            "cldr": {"package": "unicode-cldr-core", "version": dpkg_version("unicode-cldr-core"),
                     "licence": "Unicode-DFS-2016 (Unicode License)"},
            "noto-color-emoji": {"package": "fonts-noto-color-emoji",
                                 "version": dpkg_version("fonts-noto-color-emoji"),
                                 "licence": "OFL-1.1 (SIL Open Font License; Debian lists the package as SIL-1.1 and Apache-2.0 for tooling)"},
            "wordnet": {"package": "wordnet-base", "version": dpkg_version("wordnet-base"),
                        "licence": "WordNet 3.0 licence (Princeton)"},
            "imagenet-classes": {"file": "weights/imagenet_classes.txt (scripts/fetch_weights.py)",
                                 "licence": "class names from WordNet 3.0 synsets (WordNet licence)"},
        })
        manifest_langs50 = sorted(l for l, n in manifest_caps.items() if n >= 50)
        card = {
            "builder_version": BUILDER_VERSION,
            "args": {"seed": self.seed, "languages": self.args.languages,
                     "max_per_concept": self.args.max_per_concept, "heldout": self.args.heldout,
                     "variants": self.args.variants, "variants_skin": self.args.variants_skin,
                     "variants_flag": self.args.variants_flag, "limit": self.args.limit},
            "image_size": SIZE,
            "concepts": {s: {"train": cons[(s, "train")], "heldout": cons[(s, "heldout")]}
                         for s in ("emoji", "flag", "imagenet")},
            "split_groups": {"total": len({self.find(c["group"]) for c in self.concepts.values()}),
                             "heldout": len(self.heldout_groups)},
            "images": sum(len(v) for v in images.values()),
            "pairs": {"train": dict(sorted(stats["train"].items())),
                      "heldout": dict(sorted(stats["heldout"].items())),
                      "train_total": sum(stats["train"].values()),
                      "heldout_total": sum(stats["heldout"].values())},
            "pairs_by_kind": dict(sorted(by_kind.items())),
            "languages": {"tags": len(all_langs), "primary_languages": len(primary),
                          "tags_with_100_train_pairs": sum(1 for v in train_lang.values() if v >= 100),
                          "manifest_tags_with_50_captions": len(manifest_langs50)},
            "heldout_manifest": {"images": n_manifest, "captions_per_lang": dict(sorted(manifest_caps.items()))},
            "pairs_by_lang": {l: {"train": dict(sorted(by_lang["train"].get(l, {}).items())),
                                  "heldout": dict(sorted(by_lang["heldout"].get(l, {}).items()))}
                              for l in all_langs},
            "cldr_imagenet_links": [{"class": a, "emoji": b, "name": n} for a, b, n in self.links],
            "templates": TEMPLATES,
            "licences": dict(sorted(self.licences.items())),
            "notes": self.notes,
        }
        (out / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
        return card


def template(tag: str, name: str) -> str:
    t = TEMPLATES[tag]
    if tag == "en" and name[:1].lower() in "aeiou":
        t = "a photo of an {}"
    return t.format(name)


def print_report(card, out: Path, seconds: float):
    p = card["pairs"]
    print(f"wrote {out}  ({seconds:.1f}s)")
    print("concepts (train/heldout):", ", ".join(
        f"{s} {v['train']}/{v['heldout']}" for s, v in card["concepts"].items()))
    print(f"images: {card['images']}   split groups: {card['split_groups']}")
    print("train pairs by source:", p["train"], "total", p["train_total"])
    print("heldout pairs by source:", p["heldout"], "total", p["heldout_total"])
    print("pairs by kind:", card["pairs_by_kind"])
    L = card["languages"]
    print(f"languages: {L['tags']} tags ({L['primary_languages']} primary languages); "
          f"{L['tags_with_100_train_pairs']} tags with >=100 train pairs; "
          f"{L['manifest_tags_with_50_captions']} tags with >=50 held-out manifest captions "
          f"({card['heldout_manifest']['images']} manifest images)")
    print("pairs per language (train+heldout, by source):")
    rows = sorted(card["pairs_by_lang"].items(),
                  key=lambda kv: -sum(kv[1]["train"].values()) - sum(kv[1]["heldout"].values()))
    for lang, v in rows:
        tot = Counter(v["train"]) + Counter(v["heldout"])
        print(f"  {lang:12s} {sum(tot.values()):7d}  " +
              " ".join(f"{s}={tot[s]}" for s in ("emoji", "flag", "imagenet") if tot[s]))
    print("licences:")
    for k, v in card["licences"].items():
        print(f"  {k}: {v['licence']}")


def build(args) -> dict:
    t0 = time.time()
    args.lang_filter = None if args.languages == "all" else set(
        x.strip() for x in args.languages.split(",") if x.strip())
    b = Builder(args)
    b.load_emoji_and_flags()
    b.load_imagenet()
    b.split()
    b.index_langs()
    out = Path(args.out)
    b.write(out)
    if not args.quiet:
        print_report(b.report, out, time.time() - t0)
    return b.report


# ----------------------------------------------------------------------------- self-test

def self_test(args) -> int:
    from PIL import Image
    failures = []

    def check(cond, msg):
        print(("ok   " if cond else "FAIL ") + msg)
        if not cond:
            failures.append(msg)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)

        def run(name, seed):
            a = argparse.Namespace(**{**vars(args), "out": str(tmp / name), "seed": seed,
                                      "languages": "en,de,ja,ar,es,sr", "limit": 60,
                                      "quiet": True, "heldout": 0.1})
            return build(a)

        card = run("a", 0)
        run("b", 0)
        run("c", 1)
        A, B, C = tmp / "a", tmp / "b", tmp / "c"

        def digest(d: Path):
            h = hashlib.sha256()
            for p in sorted(d.rglob("*")):
                if p.is_file():
                    h.update(str(p.relative_to(d)).encode())
                    h.update(p.read_bytes())
            return h.hexdigest()

        check(digest(A) == digest(B), "same seed -> byte-identical output")
        check((A / "heldout_pairs.jsonl").read_bytes() != (C / "heldout_pairs.jsonl").read_bytes(),
              "different seed -> different held-out split")

        read = lambda p: [json.loads(l) for l in p.read_text(encoding="utf-8").splitlines()]
        train, held = read(A / "pairs.jsonl"), read(A / "heldout_pairs.jsonl")
        concepts = {c["concept"]: c for c in read(A / "concepts.jsonl")}
        manifest = read(A / "heldout_manifest.jsonl")
        check(len(train) > 0 and len(held) > 0, f"train ({len(train)}) and held-out ({len(held)}) pairs exist")
        tc, hc = {p["concept"] for p in train}, {p["concept"] for p in held}
        check(not (tc & hc), "no concept in both train and held-out pairs")
        tg = {concepts[c]["group"] for c in tc}
        hg = {concepts[c]["group"] for c in hc}
        check(not (tg & hg), "no split group (skin tones, genders, emoji<->class links) on both sides")
        check(all(concepts[p["concept"]]["split"] == "train" for p in train), "train pairs only use train concepts")
        for src in ("emoji", "flag", "imagenet"):
            n = sum(1 for c in concepts.values() if c["source"] == src)
            k = sum(1 for c in concepts.values() if c["source"] == src and c["split"] == "heldout")
            check(n > 0 and 0 < k < n, f"{src}: {k} of {n} concepts held out")
        keys_ok = all(set(p) >= {"concept", "source", "lang", "text", "kind"} and
                      (("image" in p) != ("prototype" in p)) for p in train + held)
        check(keys_ok, "every pair has concept/source/lang/text/kind and exactly one of image/prototype")
        check(all(LANGTAG.match(p["lang"]) for p in train + held), "every lang is a BCP-47 tag")
        check(all(p["text"] and p["text"] == p["text"].strip() for p in train + held), "no empty/unstripped text")
        check(all(isinstance(p["prototype"], int) and 0 <= p["prototype"] < 1000
                  for p in train + held if "prototype" in p), "prototype indices in 0..999")
        imgs = {p["image"] for p in train + held if "image" in p} | {m["image"] for m in manifest}
        ok = True
        for rel in sorted(imgs):
            f = A / rel
            if not f.exists():
                ok = False
                break
            with Image.open(f) as im:
                if im.size != (SIZE, SIZE) or im.format != "PNG":
                    ok = False
        check(ok, f"all {len(imgs)} referenced images exist as {SIZE}x{SIZE} PNG")
        check(len(manifest) > 0, f"manifest has {len(manifest)} lines")
        mok = all(set(m) >= {"id", "image", "captions"} and m["captions"] and
                  all(LANGTAG.match(t) and isinstance(c, (str, list)) for t, c in m["captions"].items())
                  and concepts[m["concept"]]["split"] == "heldout" for m in manifest)
        check(mok, "manifest lines follow issue 7's format and only show held-out concepts")
        check(len({m["id"] for m in manifest}) == len(manifest), "manifest ids unique")
        trained_texts_en = {p["text"] for p in train if p["lang"] == "en" and p["source"] == "emoji"}
        check(any(p["lang"] == "ja" for p in train), "non-Latin language (ja) has pairs")
        check("de" in card["pairs_by_lang"] and card["pairs_by_lang"]["de"]["train"].get("imagenet", 0) > 0,
              "FreeDict gives German ImageNet pairs")
        en_dog = [p for p in train + held if p["concept"] == "imagenet:0" and p["lang"] == "en"]
        check(any(p["text"] == "tench" for p in en_dog), "imagenet:0 has English name 'tench'")
        check(all(l.split("-")[0] in {"en", "de", "ja", "ar", "es", "sr"} for l in card["pairs_by_lang"]),
              "--languages filter respected")
        check(json.loads((A / "card.json").read_text())["licences"]["cldr"]["licence"].startswith("Unicode"),
              "card records licences")
        check(all(p.is_relative_to(A) for p in A.rglob("*")), "every output stays inside the output folder")
        del trained_texts_en
    print(f"self-test: {0 if failures else 1} passed, {1 if failures else 0} failed"
          f" ({len(failures)} failing checks)")
    return 1 if failures else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="data/lit", help="output folder (replaced)")
    ap.add_argument("--seed", type=int, default=0, help="split and augmentation seed")
    ap.add_argument("--languages", default="all",
                    help="'all' or comma-separated BCP-47 tags/primary subtags (e.g. en,de,ja)")
    ap.add_argument("--max-per-concept", type=int, default=6,
                    help="at most N captions per (concept, language), by kind priority; 0 = all")
    ap.add_argument("--heldout", type=float, default=0.1, help="held-out share of concept groups per source")
    ap.add_argument("--variants", type=int, default=4, help="pictures per base emoji (v0 plain + augmented)")
    ap.add_argument("--variants-skin", type=int, default=1, help="pictures per skin-tone emoji")
    ap.add_argument("--variants-flag", type=int, default=3, help="pictures per flag")
    ap.add_argument("--classes", default=str(REPO / "weights" / "imagenet_classes.txt"),
                    help="ImageNet class list (index<TAB>wnid<TAB>names)")
    ap.add_argument("--limit", type=int, default=0, help="debug: at most N concepts per source")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--self-test", action="store_true", help="build tiny sets and check invariants")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test(args)
    build(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
