#!/usr/bin/env python3
"""Writes the model fuzzer's seed corpus: small hand-built SentencePiece ModelProto files.

Usage: python3 scripts/tokenizer/make_fuzz_seeds.py [OUT_DIR]   (default fuzz/model/corpus)
Each seed is a valid model (or a deliberately damaged one) small enough for libFuzzer's -max_len.
"""
import os, struct, sys


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, wire, payload):
    key = varint(number << 3 | wire)
    if wire == 0:
        return key + varint(payload)
    if wire == 2:
        return key + varint(len(payload)) + payload
    if wire == 5:
        return key + payload
    raise ValueError(wire)


def piece(text, score, kind=None):
    body = field(1, 2, text.encode()) + field(2, 5, struct.pack("<f", score))
    return field(1, 2, body + (field(3, 0, kind) if kind is not None else b""))


def model(pieces, byte_fallback=False, dummy=True, extra_ws=True, escape=True, suffix=False, model_type=1):
    trainer = field(3, 0, model_type) + field(4, 0, len(pieces)) + field(35, 0, int(byte_fallback))
    trainer += field(24, 0, int(suffix))
    normalizer = field(1, 2, b"identity") + field(3, 0, int(dummy)) + field(4, 0, int(extra_ws)) + field(5, 0, int(escape))
    return b"".join(pieces) + field(2, 2, trainer) + field(3, 2, normalizer)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "fuzz/model/corpus"
    os.makedirs(out, exist_ok=True)
    control = [piece("<unk>", 0, 2), piece("<s>", 0, 3), piece("</s>", 0, 3)]
    words = ["▁", "a", "b", "c", "h", "e", "l", "o", "w", "r", "d", "▁hello", "▁world", "ll", "he", "犬", "é"]
    normal = [piece(w, -1.0 - i * 0.5) for i, w in enumerate(words)]
    byte_pieces = [piece("<0x%02X>" % b, 0, 6) for b in range(256)]
    seeds = {
        "tiny": model(control + normal),
        "byte_fallback": model(control + normal + byte_pieces, byte_fallback=True),
        "user_defined": model(control + normal + [piece("<mask>", 0, 4), piece("▁x", 0, 4)]),
        "no_dummy_prefix": model(control + normal, dummy=False, extra_ws=False),
        "no_escape": model(control + normal, escape=False),
        "suffix": model(control + normal, suffix=True),
        "unused_and_ties": model(control + [piece("a", -1), piece("aa", -2), piece("aaa", -3), piece("b", -1, 5)]),
        "bpe_type": model(control + normal, model_type=2),
        "no_unk": model(normal),
        "odd_scores": model(control + [piece("a", float("nan")), piece("b", float("inf")), piece("ab", float("-inf")),
                                      piece("", -1), piece("▁", 1e30)]),
        "duplicates": model(control + normal + normal[:5]),
        "truncated": model(control + normal)[:-7],
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print(f"wrote {len(seeds)} seeds to {out}")


if __name__ == "__main__":
    main()
