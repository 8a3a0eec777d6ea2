#!/usr/bin/env python3
"""Decide normalisation, padding and BN epsilon of the image tower by accuracy.

Runs the ONNX reference (onnx_reference.py) on the labelled sample photos
under each candidate configuration and reports, over many views of each
photo (3 scales x 5 crops x 2 flips = 30 views per photo):

- top-1 accuracy: the top-1 class is in the photo's accepted label set;
- mean probability mass the softmax puts on the accepted label set;
- mean negative log of that mass (lower is better).

Accepted label sets are the ImageNet classes that correctly describe the
photo (ImageNet has e.g. three domestic-cat classes that all fit Chelsea).

Usage: python3 benchmarks/peers/preprocessing_check.py [--images-dir DIR] [--markdown]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import onnx_reference as ref  # noqa: E402

# Photos from the scikit-image wheel (--images-dir).
LABELS = {
    "chelsea": ({281, 282, 283, 284, 285}, "domestic cat (tabby/tiger/Persian/Siamese/Egyptian)"),
    "coffee": ({967, 968, 504}, "espresso / cup / coffee mug"),
    "rocket": ({657, 744, 812}, "missile / projectile / space shuttle"),
    "motorcycle_left": ({665, 670}, "moped / motor scooter (no 'motorcycle' class)"),
    "camera": ({872}, "tripod"),
}
# Extra evaluation photos (--extra-dir, not bundled): grace_hopper.jpg from the
# matplotlib wheel (mpl-data/sample_data), the rest from the opencv-python
# sdist (opencv/samples/data).
EXTRA_LABELS = {
    "grace_hopper": ({652}, "military uniform"),
    "apple": ({948}, "Granny Smith"),
    "orange": ({950}, "orange"),
    "fruits": ({950, 951}, "orange / lemon"),
    "baboon": ({372}, "baboon (a mandrill; ImageNet has no mandrill class)"),
    "butterfly": (set(range(321, 327)), "butterfly classes 321-326 (a swallowtail)"),
    "chicky_512": (set(range(151, 269)), "any dog breed (a Pekinese-like dog)"),
    "messi5": ({805}, "soccer ball"),
    "squirrel_cls": ({335}, "fox squirrel"),
}
SCALES = (224, 256, 288)

CONFIGS = [
    ("tf", "same", 1e-3),
    ("imagenet", "same", 1e-3),
    ("tf", "symmetric", 1e-3),
    ("imagenet", "symmetric", 1e-3),
    ("tf", "same", 1e-5),
]


def views(path: Path):
    """30 uint8 224x224x3 views: shorter side in SCALES, 5 crops, 2 flips."""
    from PIL import Image
    im = Image.open(path).convert("RGB")
    w, h = im.size
    out = []
    for s in SCALES:
        nw, nh = max(s, round(w * s / min(w, h))), max(s, round(h * s / min(w, h)))
        r = im.resize((nw, nh), Image.BICUBIC)
        c = 224
        boxes = [((nw - c) // 2, (nh - c) // 2), (0, 0), (nw - c, 0), (0, nh - c), (nw - c, nh - c)]
        for (x, y), flip in itertools.product(boxes, (False, True)):
            a = np.asarray(r.crop((x, y, x + c, y + c)), dtype=np.uint8)
            out.append(a[:, ::-1] if flip else a)
    return out


def find(images_dir: Path, stem: str) -> Path:
    for ext in (".png", ".jpg"):
        if (images_dir / (stem + ext)).exists():
            return images_dir / (stem + ext)
    raise FileNotFoundError(f"{stem} not in {images_dir}")


def bn_stats_check(data, weights_path, markdown):
    """Label-free check of the normalisation: the first BatchNorm's running
    mean/var were accumulated on training images under the training
    normalisation, so the stem-conv output statistics of natural photos
    should match them under the right normalisation (ratio of variances ~1)."""
    w = ref.read_safetensors(weights_path)
    k = w["_conv_stem.weight"].astype(np.float64)  # [32,3,3,3]
    rm, rv = w["_bn0.running_mean"].astype(np.float64), w["_bn0.running_var"].astype(np.float64)
    rows = []
    for norm in sorted(ref.NORMS):
        s1 = np.zeros(32)
        s2 = np.zeros(32)
        cnt = 0
        for vs in data.values():
            for v in vs:
                x = ref.normalise(v, norm)[0].astype(np.float64)  # [3,224,224]
                x = np.pad(x, ((0, 0), (0, 1), (0, 1)))  # TF SAME for the stride-2 3x3 stem
                # im2col of the 112x112 output positions
                cols = np.stack([x[:, dy:dy + 223:2, dx:dx + 223:2] for dy in range(3) for dx in range(3)], axis=1)
                y = np.einsum("ocyx,cyxhw->ohw", k, cols.reshape(3, 3, 3, 112, 112))
                s1 += y.sum(axis=(1, 2))
                s2 += (y * y).sum(axis=(1, 2))
                cnt += 112 * 112
        mean = s1 / cnt
        var = s2 / cnt - mean ** 2
        live = rv > 1e-6  # some stem channels are dead (running_var == 0)
        ratio = var[live] / rv[live]
        mean_err = np.abs(mean - rm)[live] / np.sqrt(rv[live])
        rows.append((norm, int(live.sum()), np.median(ratio), np.exp(np.mean(np.abs(np.log(ratio)))), np.median(mean_err)))
    if markdown:
        print("| norm | live channels | median var / running_var | geometric-mean factor off | "
              "median abs(mean - running_mean) / sqrt(running_var) |")
        print("| --- | --- | --- | --- | --- |")
        for r in rows:
            print(f"| {r[0]} | {r[1]}/32 | {r[2]:.3f} | {r[3]:.3f} | {r[4]:.3f} |")
        print()
    else:
        for r in rows:
            print(f"bn0 stats, norm={r[0]:8s} ({r[1]}/32 live channels): median var/running_var {r[2]:.3f}, "
                  f"geo-mean factor off {r[3]:.3f}, median |mean-running_mean|/sd {r[4]:.3f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--images-dir", type=Path, default=ref.SAMPLES_DIR)
    ap.add_argument("--weights", type=Path, default=ref.DEFAULT_WEIGHTS)
    ap.add_argument("--extra-dir", type=Path, help="directory with the EXTRA_LABELS photos")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    labels = dict(LABELS)
    data = {stem: views(find(args.images_dir, stem)) for stem in LABELS}
    if args.extra_dir:
        labels.update(EXTRA_LABELS)
        data.update({stem: views(find(args.extra_dir, stem)) for stem in EXTRA_LABELS})
    bn_stats_check(data, args.weights, args.markdown)
    rows = []
    for norm, padding, eps in CONFIGS:
        sess = ref.make_session(args.weights, padding, eps, threads=2)
        hits, mass, nll, centre = [], [], [], {}
        labels_of = labels
        for stem, vs in data.items():
            accepted = sorted(labels_of[stem][0])
            x = np.concatenate([ref.normalise(v, norm) for v in vs])
            logits = np.concatenate([sess.run(["logits"], {"image": x[i:i + 10]})[0] for i in range(0, len(x), 10)])
            p = ref.softmax(logits.astype(np.float64))
            m = p[:, accepted].sum(axis=1)
            hits += list(np.isin(p.argmax(axis=1), accepted))
            mass += list(m)
            nll += list(-np.log(m))
            centre[stem] = (int(p[0].argmax()), float(p[0].max()), float(m[0]))
        rows.append((norm, padding, eps, np.mean(hits), np.mean(mass), np.mean(nll), centre))
    n = sum(len(v) for v in data.values())
    if args.markdown:
        print(f"| norm | padding | BN eps | top-1 in label set ({n} views) | mean label mass | mean -log mass |"
              " centre-crop top-1 (p) per photo |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
    for norm, padding, eps, acc, mass, nll, centre in rows:
        cs = ", ".join(f"{s}: {c[0]} ({c[1]:.2f})" for s, c in centre.items())
        if args.markdown:
            print(f"| {norm} | {padding} | {eps:g} | {acc * 100:.1f}% | {mass:.3f} | {nll:.3f} | {cs} |")
        else:
            print(f"norm={norm:8s} padding={padding:9s} eps={eps:g}: top1 {acc * 100:5.1f}%  "
                  f"mass {mass:.3f}  nll {nll:.3f}  | {cs}")


if __name__ == "__main__":
    main()
