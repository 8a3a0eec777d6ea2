#!/usr/bin/env python3
"""Makes the id-compatibility fixture: sentences and the ids Python `sentencepiece` gives them.

Usage: make_compat_fixture.py --corpus DIR --out FILE.jsonl --model NAME=PATH [--model NAME=PATH ...]

Sentences are drawn round-robin over the corpus languages (every language, deterministic order),
half as written and half NFKC-casefolded (the form litsearch feeds the encoder), plus hand-made edge
cases (spaces, emoji, mixed scripts, ▁ in the text). Each output line is a JSON object
{"text": ..., "ids": {NAME: [...], ...}}. Needs `pip install sentencepiece` (fixture time only).
"""
import argparse, glob, json, os, unicodedata
import sentencepiece as spm

EDGE_CASES = [
    "", " ", "   ", "a", "  leading", "trailing  ", "multiple   spaces  inside", "▁already▁escaped",
    "🐶🐱🐭", "👩\u200d💻 coder", "Hund 犬 собака كلب कुत्ता", "mixed123numbers456", "!!!???", "\u00e9\u0301\u0301",
    "ÄÖÜ äöü ß", "ελληνικά ΟΔΟΣ", "日本語のテキスト", "한국어 텍스트", "ไทย", "עברית", "\U0001F3F4\U000E0067\U000E0062\U000E007F",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--model", action="append", required=True, help="NAME=PATH")
    parser.add_argument("--count", type=int, default=6000)
    args = parser.parse_args()
    models = {}
    for spec in args.model:
        name, path = spec.split("=", 1)
        models[name] = spm.SentencePieceProcessor(model_file=path)
    languages = {}
    for path in sorted(glob.glob(os.path.join(args.corpus, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            languages[os.path.basename(path)[:-4]] = f.read().splitlines()
    sentences = list(EDGE_CASES)
    round_index = 0
    while len(sentences) < args.count:
        for lines in languages.values():
            index = (round_index * 7919) % len(lines)
            text = lines[index]
            sentences.append(text if round_index % 2 == 0 else unicodedata.normalize("NFKC", text).casefold())
            if len(sentences) >= args.count:
                break
        round_index += 1
    with open(args.out, "w", encoding="utf-8") as f:
        for text in sentences:
            ids = {name: model.encode(text) for name, model in models.items()}
            f.write(json.dumps({"text": text, "ids": ids}, ensure_ascii=False) + "\n")
    print(f"{len(sentences)} sentences from {len(languages)} languages -> {args.out}")


if __name__ == "__main__":
    main()
