#!/usr/bin/env python3
"""Makes the n-best compatibility fixture: Python `sentencepiece`'s n-best lists for fixture sentences.

Usage: python3 scripts/tokenizer/make_nbest_fixture.py [--model tokenizer/litsearch.model]
           [--lines Tests/TokenizerTests/Fixtures/compat.jsonl] [--out Tests/TokenizerTests/Fixtures/nbest.jsonl]
           [--every 20] [--k 5]
Takes every EVERY-th sentence of the compatibility fixture and writes {"text", "k", "nbest": [[ids]...]}
per line, from SentencePieceProcessor.nbest_encode_as_ids. Needs `pip install sentencepiece`.
"""
import argparse, json
import sentencepiece as spm


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="tokenizer/litsearch.model")
    parser.add_argument("--lines", default="Tests/TokenizerTests/Fixtures/compat.jsonl")
    parser.add_argument("--out", default="Tests/TokenizerTests/Fixtures/nbest.jsonl")
    parser.add_argument("--every", type=int, default=20)
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    sp = spm.SentencePieceProcessor(model_file=args.model)
    with open(args.lines, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f][:: args.every]
    with open(args.out, "w", encoding="utf-8") as out:
        for text in texts:
            nbest = sp.nbest_encode_as_ids(text, args.k)
            out.write(json.dumps({"text": text, "k": args.k, "nbest": nbest}, ensure_ascii=False) + "\n")
    print(f"wrote {len(texts)} sentences to {args.out} (sentencepiece {spm.__version__})")


if __name__ == "__main__":
    main()
