#!/usr/bin/env python3
"""Real search-space embeddings of the project's training images, for the ANN benchmark.

Reads the locked 1280-d image features cached by `litsearch train` (`image-embeddings.litcache`,
format in Sources/LitSearch/Training/ImageEmbeddingCache.swift) and the image-side head of a
text-tower checkpoint (format in Sources/Training/Checkpoint/Checkpoint+Binary.swift), and writes
what the vector index holds for each picture: normalise((f - centre) · W + b), float32 (n, d) .npy.
That is the same computation as ImageProjection.forward in Sources/TextTower. Needs numpy only.

    python3 benchmarks/ann/real_embeddings.py --cache data/lit/image-embeddings.litcache \
        --model models/text-tower.ckpt --out /tmp/ann-real/real.npy
    python3 benchmarks/ann/make_gmm.py --fit /tmp/ann-real/real.npy --n 1000000 --queries 10000 --out /tmp/ann1m

--check-index FILE compares the result with the float16 vectors of a `vectors.lsvi` built from the
same pictures with the same model (rows matched by nearest neighbour; prints the largest error).
"""
import argparse
import json
import os
import struct

import numpy as np


def read_cache(path):
    raw = open(path, "rb").read()
    if raw[:8] != b"LITEMBC1":
        raise SystemExit(f"{path}: not an image-embedding cache (magic {raw[:8]!r})")
    length = struct.unpack_from("<I", raw, 8)[0]
    header = json.loads(raw[12:12 + length])
    start = 12 + (length + 3) // 4 * 4
    n, d = len(header["paths"]), header["dimension"]
    if len(raw) != start + 4 * n * d:
        raise SystemExit(f"{path}: {len(raw)} bytes, expected {start + 4 * n * d} (truncated?)")
    return header, np.frombuffer(raw, "<f4", n * d, start).reshape(n, d)


def read_head(path):
    """The image head (centre, W, b) of a checkpoint, version 1 (float32) or 2 (float16 export)."""
    raw = open(path, "rb").read()
    if raw[:8] != b"LITTXT\r\n":
        raise SystemExit(f"{path}: not a text-tower checkpoint")
    version, length = struct.unpack_from("<II", raw, 8)
    header = json.loads(raw[16:16 + length])
    offset = (16 + length + 7) // 8 * 8
    p, n = header["parameterCount"], header["imageDimension"]
    e = header["textConfig"]["outputDimension"]
    if version == 2:
        params = np.frombuffer(raw, "<f2", p, offset).astype(np.float32)
        offset += 2 * p
    elif version == 1:
        params = np.frombuffer(raw, "<f4", p, offset)
        offset += 12 * p  # parameters, then both AdamW moments
    else:
        raise SystemExit(f"{path}: unsupported checkpoint version {version}")
    centre = np.frombuffer(raw, "<f4", n, offset)
    # Layout (Sources/Training/Trainer/ContrastiveModel.swift): text tower, then image.head.weight
    # (input × output, y = x·W), image.head.bias (output), logit.logScale (1).
    bias_end = p - 1
    bias = params[bias_end - e:bias_end]
    weight = params[bias_end - e - n * e:bias_end - e].reshape(n, e)
    return header, centre, weight, bias


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cache", required=True, help="image-embeddings.litcache")
    p.add_argument("--model", required=True, help="text-tower checkpoint (.ckpt)")
    p.add_argument("--out", required=True, help="output .npy")
    p.add_argument("--check-index", help="vectors.lsvi built from the same pictures, to compare with")
    a = p.parse_args()
    cache_header, features = read_cache(a.cache)
    model_header, centre, weight, bias = read_head(a.model)
    if cache_header["modelID"] != model_header["identity"]["imageModelID"]:
        raise SystemExit(f"cache is of {cache_header['modelID']}, model expects {model_header['identity']['imageModelID']}")
    if features.shape[1] != len(centre):
        raise SystemExit(f"cache has dimension {features.shape[1]}, model {len(centre)}")
    projected = (features - centre) @ weight + bias
    out = (projected / np.linalg.norm(projected, axis=1, keepdims=True)).astype(np.float32)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    np.save(a.out, out)
    print(f"wrote {out.shape[0]} embeddings of dimension {out.shape[1]} to {a.out}")
    if a.check_index:
        check(a.check_index, out)


def check(path, ours):
    raw = open(path, "rb").read()
    if raw[:8] != b"LITSVIDX":
        raise SystemExit(f"{path}: not a vector index")
    sections = struct.unpack_from("<I", raw, 12)[0]
    table = {}
    for i in range(sections):
        tag, _, off, length, _ = struct.unpack_from("<4sIQQQ", raw, 64 + 32 * i)
        table[tag.decode()] = (off, length)
    meta = json.loads(raw[table["META"][0]:sum(table["META"])])
    d = meta["dimension"]
    off, length = table["VECS"]
    stored = np.frombuffer(raw, "<f2", length // 2, off).astype(np.float32).reshape(-1, d)
    best = (stored @ ours.T).max(axis=1)
    print(f"{path}: {len(stored)} stored vectors; cosine to the nearest exported one: min {best.min():.5f}, "
          f"median {np.median(best):.5f}")


if __name__ == "__main__":
    main()
