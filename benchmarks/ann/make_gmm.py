#!/usr/bin/env python3
"""Gaussian-mixture vectors for the ANN benchmark (litsearch bench ann / faiss_pq.py).

With --fit EMB.npy (real L2-normalised embeddings, float32 (n, d)) the mixture is fitted to them:
k-means into --components clusters, then per cluster its mean and a low-rank covariance (top
--rank principal directions of the cluster's residuals plus an isotropic remainder), so samples
keep the embeddings' anisotropic, non-axis-aligned structure. Without --fit a synthetic mixture of
the same form is drawn: cluster means around a random low-rank global structure.

With --sparse the samples are shaped like pooled CNN features (e.g. EfficientNet's 1280-d
global-average-pooled activations): --components non-negative, sparse cluster centres (each with
--active positive coordinates out of --dim, drawn with Zipf-like channel popularity, magnitudes
log-normal with sigma --tail, so a few channels dominate), plus per-cluster low-rank variation
(--rank directions living on the centre's support, scaled by the centre's magnitudes, so strong
channels vary most), a little isotropic noise (--noise, centred one standard deviation below 0),
then clipped at 0 and L2-normalised.
Queries are drawn from the same model. Most coordinates of every sample are exactly 0.

Every sample is L2-normalised, like litsearch's embeddings. Needs numpy only.

    python3 benchmarks/ann/make_gmm.py --n 100000 --queries 1000 --dim 256 --out /tmp/ann
    python3 benchmarks/ann/make_gmm.py --fit real.npy --n 1000000 --queries 10000 --out /tmp/ann1m
    python3 benchmarks/ann/make_gmm.py --sparse --dim 1280 --n 100000 --queries 1000 --out /tmp/sparse

Flags: --n / --queries (base and query rows), --dim (dimension unless --fit), --components (K
clusters), --rank (per-cluster variation rank), --seed; --sparse mode only: --active (positive
coordinates per centre, default 256), --tail (log-normal sigma of the centre magnitudes, default
1.0), --spread (scale of the low-rank variation relative to the centre, default 0.5), --noise
(isotropic noise relative to the mean centre value, default 0.05). --nonnegative clips a fitted
mixture's samples at 0 and normalises them again, as the locked tower's features are.
"""
import argparse
import os

import numpy as np


def kmeans(x, k, iters, rng):
    centres = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(iters):
        labels = np.argmax(x @ centres.T - 0.5 * (centres * centres).sum(1), axis=1)
        for c in range(k):
            members = x[labels == c]
            if len(members):
                centres[c] = members.mean(0)
    return centres, labels


def fit(embeddings, components, rank, rng):
    centres, labels = kmeans(embeddings, components, 15, rng)
    weights, bases, scales, noise = [], [], [], []
    d = embeddings.shape[1]
    for c in range(components):
        members = embeddings[labels == c] - centres[c]
        weights.append(max(len(members), 1))
        if len(members) < 2:
            bases.append(np.zeros((rank, d), np.float32)); scales.append(np.zeros(rank, np.float32)); noise.append(1e-3)
            continue
        _, s, vt = np.linalg.svd(members, full_matrices=False)
        r = min(rank, len(s))
        sd = s / np.sqrt(len(members))
        basis = np.zeros((rank, d), np.float32); basis[:r] = vt[:r]
        scale = np.zeros(rank, np.float32); scale[:r] = sd[:r]
        rest = float(np.sqrt((sd[r:] ** 2).sum() / max(d - r, 1)))
        bases.append(basis); scales.append(scale); noise.append(rest)
    weights = np.array(weights, np.float64)
    return centres, weights / weights.sum(), np.stack(bases), np.stack(scales), np.array(noise, np.float32)


def synthetic(d, components, rank, rng):
    # A global low-rank structure (decaying spectrum, random orientation) that the means share.
    global_rank = max(8, d // 4)
    spectrum = 1.0 / np.sqrt(1 + np.arange(global_rank))
    basis = np.linalg.qr(rng.standard_normal((d, global_rank)))[0].T
    centres = (rng.standard_normal((components, global_rank)) * spectrum) @ basis
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    bases = np.stack([np.linalg.qr(rng.standard_normal((d, rank)))[0].T for _ in range(components)]).astype(np.float32)
    scales = (0.35 / np.sqrt(1 + np.arange(rank)) * rng.uniform(0.6, 1.4, (components, 1))).astype(np.float32)
    noise = np.full(components, 0.02, np.float32)
    weights = rng.dirichlet(np.full(components, 2.0))
    return centres.astype(np.float32), weights, bases, scales, noise


def sparse_model(d, components, rank, active, tail, spread, noise, rng):
    # Channel popularity: some channels fire for many clusters, most for few (Zipf-like).
    popularity = 1.0 / (1 + np.arange(d)) ** 0.7
    popularity = popularity[rng.permutation(d)]
    popularity /= popularity.sum()
    centres = np.zeros((components, d), np.float32)
    bases = np.zeros((components, rank, d), np.float32)
    for c in range(components):
        support = rng.choice(d, min(active, d), replace=False, p=popularity)
        magnitude = rng.lognormal(0.0, tail, len(support)).astype(np.float32)
        centres[c, support] = magnitude
        # Low-rank variation on the support, proportional to each channel's magnitude.
        directions = rng.standard_normal((rank, len(support))).astype(np.float32) * magnitude
        directions *= (spread / np.sqrt(1 + np.arange(rank)))[:, None].astype(np.float32)
        bases[c][:, support] = directions
    scales = np.ones((components, rank), np.float32)
    noise_level = np.full(components, noise * float(centres[centres > 0].mean()), np.float32)
    weights = rng.dirichlet(np.full(components, 2.0))
    return centres, weights, bases, scales, noise_level


def sample(model, n, rng, chunk=100_000, clip=False):
    centres, weights, bases, scales, noise = model
    d = centres.shape[1]
    out = np.empty((n, d), np.float32)
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        comp = rng.choice(len(weights), m, p=weights)
        z = rng.standard_normal((m, bases.shape[1])).astype(np.float32) * scales[comp]
        x = centres[comp] + np.einsum("mr,mrd->md", z, bases[comp])
        x += rng.standard_normal((m, d)).astype(np.float32) * noise[comp][:, None]
        if clip:  # noise centred below 0, so off-support coordinates are mostly clipped to exactly 0
            x -= noise[comp][:, None]
            np.maximum(x, 0, out=x)
        out[start:start + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fit", help="real embeddings (.npy) to fit the mixture to")
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--queries", type=int, default=1_000)
    p.add_argument("--dim", type=int, default=256, help="dimension when not fitting")
    p.add_argument("--components", type=int, default=64)
    p.add_argument("--rank", type=int, default=16)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--sparse", action="store_true", help="sparse non-negative CNN-feature-like vectors")
    p.add_argument("--active", type=int, default=256, help="--sparse: positive coordinates per centre")
    p.add_argument("--tail", type=float, default=1.0, help="--sparse: log-normal sigma of centre magnitudes")
    p.add_argument("--spread", type=float, default=0.5, help="--sparse: variation relative to the centre")
    p.add_argument("--noise", type=float, default=0.05, help="--sparse: noise relative to the mean centre value")
    p.add_argument("--nonnegative", action="store_true",
                   help="clip samples at 0 and L2-normalise again, like the tower's pooled features (with --fit)")
    p.add_argument("--out", required=True, help="folder for base.npy and queries.npy")
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    if a.fit:
        real = np.load(a.fit).astype(np.float32)
        model = fit(real, min(a.components, len(real) // 4), a.rank, rng)
    elif a.sparse:
        model = sparse_model(a.dim, a.components, a.rank, a.active, a.tail, a.spread, a.noise, rng)
    else:
        model = synthetic(a.dim, a.components, a.rank, rng)
    os.makedirs(a.out, exist_ok=True)
    def draw(n):
        x = sample(model, n, rng, clip=a.sparse)
        if a.nonnegative:
            np.maximum(x, 0, out=x)
            x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
        return x
    np.save(os.path.join(a.out, "base.npy"), draw(a.n))
    np.save(os.path.join(a.out, "queries.npy"), draw(a.queries))
    print(f"wrote {a.n} base and {a.queries} query vectors of dimension {model[0].shape[1]} to {a.out}")


if __name__ == "__main__":
    main()
