#!/usr/bin/env python3
"""Per-language statistics of a tokenizer model, as a Markdown table (docs/tokenizer.md).

Usage: language_table.py --model tokenizer/litsearch.model --corpus /tmp/corpus [--summary]
For every <lang>.txt it encodes up to 300 lines (every 37th, NFKC-casefolded like litsearch's
normalizer) with Python `sentencepiece` and reports pieces per word, the share of pieces that are
byte-fallback pieces, and the share of character occurrences that have their own piece.
--summary prints only the corpus-wide averages (used to pick the vocabulary size).
"""
import argparse, glob, os, unicodedata
import sentencepiece as spm


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--summary", action="store_true")
    args = parser.parse_args()
    sp = spm.SentencePieceProcessor(model_file=args.model)
    vocab = {sp.id_to_piece(i) for i in range(sp.get_piece_size())}
    rows, totals = [], [0, 0, 0, 0, 0]
    for path in sorted(glob.glob(os.path.join(args.corpus, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()[::37][:300]
        lines = [" ".join(unicodedata.normalize("NFKC", l).casefold().split()) for l in lines]
        words = pieces = byte_pieces = chars = covered = 0
        for line, ids in zip(lines, sp.encode(lines, num_threads=1)):
            words += len(line.split())
            pieces += len(ids)
            byte_pieces += sum(1 for i in ids if sp.is_byte(i))
            for ch in line.replace(" ", ""):
                chars += 1
                covered += ch in vocab
        if words == 0:
            continue
        rows.append((os.path.basename(path)[:-4], pieces / words, byte_pieces / max(pieces, 1), covered / max(chars, 1)))
        for k, v in enumerate((words, pieces, byte_pieces, chars, covered)):
            totals[k] += v
    words, pieces, byte_pieces, chars, covered = totals
    print(f"model {args.model}: {sp.get_piece_size()} pieces, {os.path.getsize(args.model)} bytes; "
          f"all languages: {pieces / words:.3f} pieces/word, {100 * byte_pieces / pieces:.3f}% byte pieces, "
          f"{100 * covered / chars:.3f}% characters covered")
    if args.summary:
        return
    print()
    print("| language | pieces/word | byte-fallback pieces | characters covered |")
    print("| --- | ---: | ---: | ---: |")
    for lang, ppw, byte_rate, cover in rows:
        print(f"| {lang} | {ppw:.2f} | {100 * byte_rate:.2f}% | {100 * cover:.2f}% |")


if __name__ == "__main__":
    main()
