#!/usr/bin/env python3
"""Emoji names in the languages the installed CLDR has none for, from a newer CLDR.

Debian 12's CLDR 41, which the training data, both lexicons and the evaluation captions read,
has no emoji annotations for Northern Sotho (nso), Tswana (tn), Akan (ak), K'iche' (quc),
Rohingya (rhg), Occitan (oc), Ligurian (lij), Chuvash (cv), North Frisian (frr), Venetian (vec)
and a few more; Debian 13's CLDR 46 has. `bash scripts/fetch-newer-cldr.sh` unpacks its
annotations into data/cldr-46/ (the package is not installed), and `added` returns those
languages' names and keywords in `build.read_annotations`' shape, for the builders to treat as
they treat CLDR 41's.

A language CLDR 41 has keeps CLDR 41's names only: CLDR 46 rewords names and keywords there too,
and every lexicon line and evaluation caption of those languages would move with it. Regional and
script variants of such a language (ca-ES-valencia, kk-Arab) are left out with it.

Unconfirmed entries (draft="unconfirmed") are kept for the added languages: for Occitan,
Ligurian, Chuvash and North Frisian they are nearly all CLDR 46 has, and the alternative is no
word at all. CLDR 41 languages skip them as before.

    python3 scripts/bridge/newer_cldr.py            # the added languages and their counts
    python3 scripts/bridge/newer_cldr.py --self-test
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "data"))
import build  # noqa: E402  (the CLDR annotation reader and tag mapping)

VERSION = "46"
DEBIAN_VERSION = "46-0.1"   # scripts/fetch-newer-cldr.sh pins it by SHA-256


class Missing(SystemExit):
    """The newer CLDR is not unpacked (a clear stop for the builders, with what to run)."""


def available(root: Path = build.NEWER_CLDR) -> bool:
    """Whether scripts/fetch-newer-cldr.sh has unpacked the annotations into `root`."""
    return (root / ".complete").is_file()


def added(known: dict, root: Path = build.NEWER_CLDR) -> dict:
    """The newer CLDR's annotations of the languages `known` (CLDR 41's, as read by
    `build.read_annotations()`) has no tag of, not even a regional one, unconfirmed ones included:
    {tag: {emoji string: {"tts": str|None, "keywords": [str]}}}. Languages with no name or
    keyword at all are left out.

    - Raises: `Missing` when the annotations are not there.
    """
    if not available(root):
        raise Missing(f"no CLDR {VERSION} annotations in {root}: run bash scripts/fetch-newer-cldr.sh "
                      "(scripts/install-data-deps.sh runs it)")
    have = {tag.split("-")[0] for tag in known}
    newer = build.read_annotations(root, unconfirmed=True)
    return {tag: loc for tag, loc in sorted(newer.items())
            if tag.split("-")[0] not in have and any(e["tts"] or e["keywords"] for e in loc.values())}


def self_test() -> int:
    failures, passed = [], []

    def check(cond, msg):
        (passed if cond else failures).append(msg)

    known = build.read_annotations()
    extra = added(known)
    check({"nso", "tn", "oc", "ak", "lij"} <= set(extra), f"nso, tn, oc, ak, lij added ({sorted(extra)})")
    check(not any(tag.split("-")[0] in {"de", "ca", "kk", "en"} for tag in extra),
          "languages CLDR 41 has (and their regional or script tags) are not")
    frog = "\U0001F438"
    check(extra.get("nso", {}).get(frog, {}).get("tts") == "sefahlego sa segwagwa"
          and "segwagwa" in extra["nso"][frog]["keywords"], "nso: the frog face is 'sefahlego sa segwagwa', keyword 'segwagwa'")
    check(extra.get("oc", {}).get(frog, {}).get("tts") == "granhòta", "oc: unconfirmed 'granhòta' kept")
    check(all(e["tts"] or e["keywords"] for loc in extra.values() for e in loc.values()), "no empty entries")
    again = added(known)
    check(again == extra, "deterministic")
    try:
        added(known, REPO / "no-such-cldr")
        check(False, "a missing folder stops")
    except Missing as stop:
        check("fetch-newer-cldr.sh" in str(stop), "a missing folder stops, naming the fetch script")
    for msg in failures:
        print("FAIL:", msg)
    print(f"{len(passed)} passed, {len(failures)} failed")
    return 1 if failures else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--self-test", action="store_true", help="check the reader on the unpacked annotations")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test()
    for tag, loc in added(build.read_annotations()).items():
        names = sum(1 for e in loc.values() if e["tts"])
        print(f"{tag}\t{names} names\t{sum(len(e['keywords']) for e in loc.values())} keywords")
    return 0


if __name__ == "__main__":
    sys.exit(main())
