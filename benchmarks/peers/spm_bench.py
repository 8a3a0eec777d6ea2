#!/usr/bin/env python3
"""Encode throughput: litsearch's Swift encoder against Python `sentencepiece`, same model, same lines.

Usage: python3 benchmarks/peers/spm_bench.py [--model tokenizer/litsearch.model]
           [--lines Tests/TokenizerTests/Fixtures/compat.jsonl] [--binary .build/release/litsearch]
Prints sentences/s and MB/s for each side (one thread, best of 5 passes) and the ratio Swift/Python.
Build first: swift build -c release --product litsearch. Needs `pip install sentencepiece`.

Peer mode for `litsearch bench tokenizer`: `spm_bench.py --peer --model M --lines FILE --passes N`
encodes FILE's lines (split on "\n" only) and prints one JSON object for the best of N passes.
"""
import argparse, json, os, subprocess, sys, tempfile, time
import sentencepiece as spm


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="tokenizer/litsearch.model")
    parser.add_argument("--lines", default="Tests/TokenizerTests/Fixtures/compat.jsonl")
    parser.add_argument("--binary", default=".build/release/litsearch")
    parser.add_argument("--repeat", type=int, default=4, help="concatenate the lines this many times")
    parser.add_argument("--peer", action="store_true", help="peer mode for `litsearch bench tokenizer`")
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    if args.peer:
        return peer(args)
    with open(args.lines, encoding="utf-8") as f:
        lines = [json.loads(l)["text"] for l in f] if args.lines.endswith(".jsonl") else f.read().splitlines()
    lines = [l for l in lines if "\n" not in l] * args.repeat
    total_bytes = sum(len(l.encode("utf-8")) for l in lines)
    sp = spm.SentencePieceProcessor(model_file=args.model)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        sp.encode(lines, num_threads=1)
        best = min(best, time.perf_counter() - start)
    python = {"sentences_per_s": len(lines) / best, "mb_per_s": total_bytes / 1e6 / best}
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        f.write("\n".join(lines))
        path = f.name
    try:
        out = subprocess.run([args.binary, "tokenize", "--model", args.model, "--bench-file", path],
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    swift = json.loads(out)
    ratio = swift["encode_sentences_per_s"] / python["sentences_per_s"]
    print(f"lines: {len(lines)}  bytes: {total_bytes}  model: {args.model}")
    print(f"python sentencepiece {spm.__version__}: {python['sentences_per_s']:.0f} sentences/s  {python['mb_per_s']:.2f} MB/s")
    print(f"swift encoder:        {swift['encode_sentences_per_s']:.0f} sentences/s  {swift['encode_mb_per_s']:.2f} MB/s")
    print(f"swift ICU + encoder:  {swift['pipeline_sentences_per_s']:.0f} sentences/s  {swift['pipeline_mb_per_s']:.2f} MB/s")
    print(f"ratio (swift encoder / python): {ratio:.2f}x")


def peer(args):
    """One round: the best of --passes passes over the lines, as JSON on stdout."""
    with open(args.lines, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    total_bytes = sum(len(l.encode("utf-8")) for l in lines)
    sp = spm.SentencePieceProcessor(model_file=args.model)
    best, ids = float("inf"), 0
    for _ in range(args.passes):
        start = time.perf_counter()
        encoded = sp.encode(lines, num_threads=1)
        best = min(best, time.perf_counter() - start)
        ids = sum(len(x) for x in encoded)
    print(json.dumps({"sentences_per_s": len(lines) / best, "mb_per_s": total_bytes / 1e6 / best,
                      "sentences": len(lines), "bytes": total_bytes, "ids": ids, "version": spm.__version__}))


if __name__ == "__main__":
    main()
