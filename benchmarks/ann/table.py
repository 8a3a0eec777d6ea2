#!/usr/bin/env python3
"""Markdown table of `litsearch bench ann --json` and `faiss_pq.py --json` outputs.

    python3 benchmarks/ann/table.py /tmp/r/ours-ivf64.json /tmp/r/faiss-ivf64.json ...

One row per measured configuration, in the order given; every JSON file holds a list of rows with
the fields both tools print. Rows of files without `memory_bytes_per_vector` or `latency_p99_ms`
(older runs) show a dash there.
"""
import json
import sys


def cell(row, key, fmt):
    return fmt.format(row[key]) if key in row else "–"


def main():
    print("| method | nprobe | rerank | recall@1 | recall@10 | QPS (1 thread) | p50 ms | p99 ms | build s | B/vector (code+rerank) | memory B/vector |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in sys.argv[1:]:
        for r in json.load(open(path)):
            print(f"| {r['method']} | {r['nprobe'] or '–'} | {r['rerank'] or '–'} | {r['recall_at_1']:.3f} | {r['recall_at_10']:.3f} "
                  f"| {r['qps']:.0f} | {r['latency_p50_ms']:.2f} | {cell(r, 'latency_p99_ms', '{:.2f}')} "
                  f"| {r['build_seconds']:.0f} | {r['bytes_per_vector']} | {cell(r, 'memory_bytes_per_vector', '{:.1f}')} |")


if __name__ == "__main__":
    main()
