#!/usr/bin/env python3
"""One comparison table over several `litsearch eval --json` reports (issue 13).

Each run is a folder holding one `<domain>.json` report per evaluation domain
(scripts/eval/all.sh writes them). A language counts in a domain when it has captions for at
least --coverage of that domain's images (default 0.5), so that a tag with three captions
cannot decide a row. Per domain the table shows the mean text→image R@10 over those
languages, English, and the worst language; then the mean over domains.

  python3 scripts/eval/table.py docs/results/runs/*/ > docs/results/comparison.md
  python3 scripts/eval/table.py --self-test
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# The mean columns average the domains captioned with bare CLDR names; the same images asked
# for with other wordings (sentences, dictionary words) get a mean and worst column per wording.
NAMED = ("photos", "drawings", "emoji")
WORDINGS = {"sentences": ("photos-sentences", "drawings-sentences"),
            "dictionary": ("photos-dictionary", "drawings-dictionary")}
WORDED = tuple(d for ds in WORDINGS.values() for d in ds)
# Domains of their own, outside every mean: "words" is drawings of things no emoji names
# ("anteater", "lighthouse"), asked for with dictionary words, so that neither CLDR's names nor
# the emoji pictures can carry them.
APART = ("words",)
DOMAINS = NAMED + WORDED + APART


def domain_row(report: dict, coverage: float) -> dict:
    images = report["images"]
    t2i = report["text_to_image"]
    langs = {tag: r for tag, r in t2i.items() if r["queries"] >= coverage * images}
    if not langs:
        return {"languages": 0}
    r10 = {tag: r["recall@10"] for tag, r in langs.items()}
    r1 = {tag: r["recall@1"] for tag, r in langs.items()}
    worst = min(sorted(r10), key=lambda t: r10[t])
    english = r10.get("en")
    return {
        "images": images,
        "languages": len(langs),
        "mean_r10": sum(r10.values()) / len(r10),
        "mean_r1": sum(r1.values()) / len(r1),
        "en_r10": english,
        "worst": worst,
        "worst_r10": r10[worst],
        "below_half_en": sum(1 for v in r10.values() if english is not None and v < english / 2),
        "chance_r10": next(iter(langs.values()))["chance@10"],
    }


def load_run(folder: Path, coverage: float) -> dict:
    meta = {}
    if (folder / "run.json").exists():
        meta = json.loads((folder / "run.json").read_text())
    domains = {}
    for domain in DOMAINS:
        path = folder / f"{domain}.json"
        if path.exists():
            domains[domain] = domain_row(json.loads(path.read_text()), coverage)
    return {"name": meta.get("name", folder.name), "command": meta.get("command", ""), "domains": domains}


def fmt(x, digits=3):
    return "–" if x is None else f"{x:.{digits}f}"


def render(runs: list[dict]) -> str:
    present = [d for d in DOMAINS if any(d in r["domains"] for r in runs)]
    head = ["run"]
    for d in present:
        head += [f"{d} R@10", f"{d} en", f"{d} worst"]
    head += ["mean R@10", "mean R@1", "mean worst"]
    wordings = {w: [d for d in ds if d in present] for w, ds in WORDINGS.items()}
    wordings = {w: ds for w, ds in wordings.items() if ds}
    for w in wordings:
        head += [f"{w} R@10", f"{w} worst"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for run in runs:
        cells = [run["name"]]
        means, r1s, worsts = [], [], []
        wmeans: dict[str, list[float]] = {w: [] for w in wordings}
        wworsts: dict[str, list[float]] = {w: [] for w in wordings}
        for d in present:
            row = run["domains"].get(d)
            if not row or not row.get("languages"):
                cells += ["–", "–", "–"]
                continue
            cells += [fmt(row["mean_r10"]), fmt(row["en_r10"]), f"{fmt(row['worst_r10'])} ({row['worst']})"]
            wording = next((w for w, ds in WORDINGS.items() if d in ds), None)
            if wording:
                wmeans[wording].append(row["mean_r10"]); wworsts[wording].append(row["worst_r10"])
            elif d not in APART:
                means.append(row["mean_r10"]); r1s.append(row["mean_r1"]); worsts.append(row["worst_r10"])
        complete = len(means) == len([d for d in present if d in NAMED])
        avg = lambda xs: sum(xs) / len(xs) if xs and complete else None
        cells += [fmt(avg(means)), fmt(avg(r1s)), fmt(avg(worsts))]
        for w, ds in wordings.items():
            wavg = lambda xs: sum(xs) / len(xs) if len(xs) == len(ds) else None
            cells += [fmt(wavg(wmeans[w])), fmt(wavg(wworsts[w]))]
        lines.append("| " + " | ".join(cells) + " |")
    notes = ["", "Languages per domain (captions for at least half the images), images, chance R@10:"]
    for d in present:
        row = next((r["domains"][d] for r in runs if d in r["domains"] and r["domains"][d].get("languages")), None)
        if row:
            notes.append(f"- {d}: {row['languages']} languages, {row['images']} images, chance {fmt(row['chance_r10'], 4)}")
    commands = [f"- {r['name']}: `{r['command']}`" for r in runs if r["command"]]
    if commands:
        notes += ["", "Commands:"] + commands
    return "\n".join(lines + notes) + "\n"


def self_test() -> int:
    passed = failed = 0

    def check(cond, msg):
        nonlocal passed, failed
        if cond:
            passed += 1
        else:
            failed += 1
            print("FAIL:", msg)

    def rec(q, r1, r10):
        return {"queries": q, "recall@1": r1, "recall@5": r10, "recall@10": r10, "chance@10": 0.1}

    report = {"images": 10, "text_to_image": {"en": rec(10, 0.5, 0.8), "de": rec(9, 0.2, 0.4), "xx": rec(2, 0, 0)}}
    row = domain_row(report, 0.5)
    check(row["languages"] == 2, "sparse language dropped")
    check(abs(row["mean_r10"] - 0.6) < 1e-9, "mean over kept languages")
    check(row["worst"] == "de" and row["below_half_en"] == 0, "worst language")
    run = {"name": "x", "command": "c", "domains": {"photos": row}}
    text = render([run])
    check("| x | 0.600 | 0.800 | 0.400 (de) |" in text, "row rendered: " + text.splitlines()[2])
    check("2 languages, 10 images" in text, "notes")
    worded = {"name": "y", "command": "", "domains": {"photos": row, "photos-sentences": row}}
    text = render([run, worded])
    check("| y | 0.600 | 0.800 | 0.400 (de) | 0.600 | 0.800 | 0.400 (de) | 0.600 | 0.350 | 0.400 | 0.600 | 0.400 |" in text,
          "sentence domains averaged apart: " + text.splitlines()[3])
    check(text.splitlines()[2].endswith("| – | – |"), "a run without sentence domains shows dashes there")
    apart = {"name": "z", "command": "", "domains": {"photos": row, "words": dict(row, mean_r10=0.1)}}
    text = render([apart])
    check("| z | 0.600 | 0.800 | 0.400 (de) | 0.100 | 0.800 | 0.400 (de) | 0.600 | 0.350 | 0.400 |" in text,
          "the words domain has its columns but stays out of the mean: " + text.splitlines()[2])
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="*", type=Path, help="run folders, each with <domain>.json reports")
    ap.add_argument("--coverage", type=float, default=0.5)
    ap.add_argument("--json", action="store_true", help="print the rows as JSON instead of Markdown")
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test()
    runs = [load_run(f, args.coverage) for f in args.runs]
    if args.json:
        print(json.dumps(runs, indent=1, sort_keys=True))
    else:
        sys.stdout.write(render(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
