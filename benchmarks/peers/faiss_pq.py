#!/usr/bin/env python3
"""faiss-cpu peer of `litsearch bench ann`: IndexPQ, OPQ+PQ and IVF-PQ with the same parameters.

Prints the same fields as the Swift command (recall@1/@10 against exact inner-product search,
single-thread QPS, p50/p99 latency, build time, bytes per vector, memory per vector). Vectors are compared by inner
product, as litsearch does (cosine on unit vectors). Training uses --threads OpenMP threads and at
most --train sampled vectors; queries run one at a time on one thread, as in the Swift command.

    pip install faiss-cpu numpy
    python3 benchmarks/peers/faiss_pq.py --base base.npy --queries queries.npy --bytes 64 \
        [--ivf 1024 --nprobe 16 | --nprobes 8,16,64] [--rerank 100] --json

Methods (--methods): pq (IndexPQ), opq (OPQ{M},PQ{M}), ivfpq (IndexIVFPQ, no rotation) and
opqivfpq (OPQ{M},IVF{L},PQ{M}, the counterpart of `litsearch bench ann --ivf L`).

With --rerank R, each method is also measured wrapped in IndexRefineFlat (float32 re-ranking of
the best R), the counterpart of litsearch's float16 re-ranking.
"""
import argparse
import json
import time

import faiss
import numpy as np


def exact(base, queries, k):
    index = faiss.IndexFlatIP(base.shape[1])
    index.add(base)
    return index.search(queries, k)[1]


def measure(name, index, base, queries, truth, build, rerank, nprobe, code_bytes, per_vector, memory):
    faiss.omp_set_num_threads(1)
    latencies, results = [], []
    start = time.perf_counter()
    for q in queries:
        t0 = time.perf_counter()
        _, found = index.search(q[None, :], 10)
        latencies.append((time.perf_counter() - t0) * 1e3)
        results.append(found[0])
    seconds = time.perf_counter() - start
    results = np.array(results)
    r1 = float(np.mean(results[:, 0] == truth[:, 0]))
    r10 = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(results, truth)]))
    return {"method": name, "n": len(base), "d": base.shape[1], "queries": len(queries), "code_bytes": code_bytes,
            "bytes_per_vector": per_vector, "build_seconds": build, "rerank": rerank, "nprobe": nprobe,
            "recall_at_1": r1, "recall_at_10": r10, "qps": len(queries) / seconds,
            "latency_p50_ms": float(np.median(latencies)),
            "latency_p99_ms": float(np.sort(latencies)[min(len(latencies) - 1, len(latencies) * 99 // 100)]),
            "memory_bytes_per_vector": memory}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--bytes", type=int, default=64)
    p.add_argument("--ivf", type=int, default=0)
    p.add_argument("--nprobe", type=int, default=16)
    p.add_argument("--nprobes", help="comma-separated probe counts measured on one build (overrides --nprobe)")
    p.add_argument("--rerank", type=int, default=0)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--iterations", type=int, default=20)
    p.add_argument("--train", type=int, default=65536)
    p.add_argument("--methods", default="pq,opq,ivfpq", help="comma-separated: pq, opq, ivfpq, opqivfpq")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    base = np.ascontiguousarray(np.load(a.base).astype(np.float32))
    queries = np.ascontiguousarray(np.load(a.queries).astype(np.float32))
    if a.limit:
        queries = queries[:a.limit]
    d, m = base.shape[1], a.bytes
    probe_counts = [int(x) for x in a.nprobes.split(",")] if a.nprobes else [a.nprobe]
    faiss.omp_set_num_threads(a.threads)
    truth = exact(base, queries, 10)
    rng = np.random.default_rng(0x5EED)
    train = base[np.sort(rng.choice(len(base), min(a.train, len(base)), replace=False))]

    def pq():
        index = faiss.IndexPQ(d, m, 8, faiss.METRIC_INNER_PRODUCT)
        index.pq.cp.niter = a.iterations
        return index, m

    def opq():
        index = faiss.index_factory(d, f"OPQ{m},PQ{m}", faiss.METRIC_INNER_PRODUCT)
        faiss.downcast_index(index.index).pq.cp.niter = a.iterations
        return index, m

    def ivfpq():
        quantizer = faiss.IndexFlatIP(d)
        index = faiss.IndexIVFPQ(quantizer, d, a.ivf, m, 8, faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = a.iterations
        index.pq.cp.niter = a.iterations
        index.nprobe = a.nprobe
        return index, m + 8

    def opqivfpq():
        index = faiss.index_factory(d, f"OPQ{m},IVF{a.ivf},PQ{m}", faiss.METRIC_INNER_PRODUCT)
        ivf = faiss.downcast_index(faiss.extract_index_ivf(index))
        ivf.cp.niter = a.iterations
        ivf.pq.cp.niter = a.iterations
        return index, m + 8

    # Trained parts, amortised over the base: PQ codebooks (256·d floats), OPQ matrix (d·d), coarse
    # centroids (lists·d).
    trained = {"pq": 256 * d, "opq": 256 * d + d * d, "ivfpq": 256 * d + a.ivf * d, "opqivfpq": 256 * d + d * d + a.ivf * d}
    makers = {"pq": pq, "opq": opq, "ivfpq": ivfpq, "opqivfpq": opqivfpq}
    rows = []
    for name in a.methods.split(","):
        if name in ("ivfpq", "opqivfpq") and a.ivf <= 0:
            continue
        faiss.omp_set_num_threads(a.threads)
        index, per_vector = makers[name]()
        # The refine wrapper must exist before vectors are added; the inner index is measured alone too.
        refined = faiss.IndexRefineFlat(index) if a.rerank else None
        start = time.perf_counter()
        (refined or index).train(train)
        (refined or index).add(base)
        build = time.perf_counter() - start
        label = {"pq": f"faiss-PQ{m}", "opq": f"faiss-OPQ{m},PQ{m}", "ivfpq": f"faiss-IVF{a.ivf},PQ{m}",
                 "opqivfpq": f"faiss-OPQ{m},IVF{a.ivf},PQ{m}"}[name]
        memory = per_vector + 4 * trained[name] / len(base)
        is_ivf = name in ("ivfpq", "opqivfpq")
        for nprobe in (probe_counts if is_ivf else [0]):
            if is_ivf:
                faiss.extract_index_ivf(index).nprobe = nprobe
            rows.append(measure(label, index, base, queries, truth, build, 0, nprobe, m, per_vector, memory))
            if refined is not None:
                refined.k_factor = a.rerank / 10
                rows.append(measure(label + f"+refine{a.rerank}", refined, base, queries, truth, build, a.rerank,
                                    nprobe, m, per_vector + 4 * d, memory + 4 * d))
    if a.json:
        print(json.dumps(rows, indent=2, sort_keys=True))
    else:
        print("method                          n      d  recall@1  recall@10       QPS   p50 ms   p99 ms  build s  bytes/vec  mem B/vec")
        for r in rows:
            method = r["method"] + (f" np{r['nprobe']}" if r["nprobe"] else "")
            print(f"{method:<28} {r['n']:8d} {r['d']:5d}  {r['recall_at_1']:8.4f}  {r['recall_at_10']:9.4f}  "
                  f"{r['qps']:8.1f}  {r['latency_p50_ms']:7.3f}  {r['latency_p99_ms']:7.3f}  {r['build_seconds']:7.1f}  "
                  f"{r['bytes_per_vector']:9d}  {r['memory_bytes_per_vector']:9.1f}")


if __name__ == "__main__":
    main()
