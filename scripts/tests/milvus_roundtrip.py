#!/usr/bin/env python3
"""Loads a `litsearch export --format npy` into Milvus Lite and checks its top-k against litsearch.

Milvus Lite (PyPI `milvus-lite`, driven by `pymilvus`) is the same engine and client API as a
Milvus cluster, so a collection loaded here loads the same way into a cluster (docs/export.md).

    python3 scripts/tests/milvus_roundtrip.py --export DIR --cases cases.json

cases.json is a list of {"field": "joint"|"locked", "vector": [...], "expected": [path, ...]}:
a query vector (from `litsearch embed --joint`, or an image's locked feature) and the paths
`litsearch query --exact --json` returned for it, best first. Each field becomes one collection
(FLAT index, inner product, with path, size and mtime_ns as scalar fields); every case must get
exactly the expected paths in the expected order.

Exit status: 0 all cases match, 1 a mismatch, 77 Milvus Lite is not installed (skip).
"""
import argparse
import json
import os
import sys
import tempfile

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--export", required=True, help="directory written by `litsearch export --format npy`")
    parser.add_argument("--cases", required=True, help="JSON list of {field, vector, expected}")
    args = parser.parse_args()
    try:
        from pymilvus import DataType, MilvusClient
    except ImportError as error:  # milvus-lite comes with pymilvus's `milvus_lite` extra
        print(f"skip: pymilvus / milvus-lite are not installed ({error}); pip install milvus-lite pymilvus", file=sys.stderr)
        return 77

    manifest = json.load(open(os.path.join(args.export, "manifest.json")))
    rows = [json.loads(line) for line in open(os.path.join(args.export, manifest["images"]), encoding="utf-8")]
    cases = json.load(open(args.cases))
    with tempfile.TemporaryDirectory() as scratch:
        client = MilvusClient(os.path.join(scratch, "litsearch.db"))
        failures = 0
        for field in sorted({case["field"] for case in cases}):
            spec = manifest[field]
            vectors = np.load(os.path.join(args.export, spec["file"]))
            assert vectors.shape == (manifest["count"], spec["dimension"]), (vectors.shape, spec)
            schema = client.create_schema(auto_id=False)
            schema.add_field("id", DataType.INT64, is_primary=True)
            schema.add_field("vector", DataType.FLOAT_VECTOR, dim=spec["dimension"])
            schema.add_field("path", DataType.VARCHAR, max_length=4096)
            schema.add_field("size", DataType.INT64)
            schema.add_field("mtime_ns", DataType.INT64)
            index = client.prepare_index_params()
            index.add_index(field_name="vector", index_type="FLAT", metric_type="IP")
            client.create_collection(field, schema=schema, index_params=index)
            client.insert(field, [{"id": row["id"], "vector": vectors[row["row"]].tolist(), "path": row["path"],
                                   "size": row["size"], "mtime_ns": row["mtime_ns"]} for row in rows])
            client.load_collection(field)
            for case in (c for c in cases if c["field"] == field):
                expected = case["expected"]
                found = client.search(field, data=[case["vector"]], limit=len(expected), output_fields=["path"],
                                      search_params={"metric_type": "IP"})[0]
                paths = [hit["entity"]["path"] for hit in found]
                same = paths == expected
                failures += not same
                print(f"{field}: top-{len(expected)} {'matches' if same else 'DIFFERS'}: milvus {paths[:3]}…, litsearch {expected[:3]}…")
        client.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
