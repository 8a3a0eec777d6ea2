#!/usr/bin/env python3
"""Independent ONNX reference of the EfficientNet-Lite0 image tower.

The whole network is written as an ONNX graph with the `onnx.helper` API,
straight from `weights/efficientnet-lite0.safetensors`, and run with
onnxruntime. Nothing here is shared with the Swift forward pass.

Graph choices (see docs/image-tower.md):
- SAME padding is an explicit `Pad` (zeros) before each `Conv`; the Conv has
  no padding of its own. `--padding same` (default) is TF static SAME for a
  224x224 input (asymmetric: extra pixel after); `--padding symmetric` is
  PyTorch-style k//2 on both sides (kept to compare by accuracy).
- BatchNorm is kept as separate `BatchNormalization` ops (inference mode,
  epsilon `--eps`, default 1e-3), not folded, so the reference does not
  share the folding arithmetic the Swift side may use.
- ReLU6 is `Clip(0, 6)`; global average pool is `GlobalAveragePool`.
- Outputs: `pooled` [N,1280] (before the classifier) and `logits` [N,1000].

Modes:
  --classify FILES...     top-5 with class names
  --make-fixture          write Tests/ImageTowerTests/Fixtures/reference/
  --bench                 onnxruntime images/s on random 224x224 tensors

Preprocessing for --classify: PIL, convert to RGB, resize the shorter side
to 224 with Image.BICUBIC (PIL's resize antialiases when reducing: the
filter support is scaled by the reduction factor), centre crop 224x224,
then (x - mean) / std on 0..255 values.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import struct
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_WEIGHTS = ROOT / "weights" / "efficientnet-lite0.safetensors"
DEFAULT_CLASSES = ROOT / "weights" / "imagenet_classes.txt"
FIXTURE_DIR = ROOT / "Tests" / "ImageTowerTests" / "Fixtures" / "reference"
SAMPLES_DIR = ROOT / "samples"
INPUT_SIZE = 224

# Candidate normalisations, on 0..255 RGB values: y = (x - mean) / std.
NORMS = {
    "tf": ([127.0, 127.0, 127.0], [128.0, 128.0, 128.0]),
    "imagenet": ([0.485 * 255, 0.456 * 255, 0.406 * 255], [0.229 * 255, 0.224 * 255, 0.225 * 255]),
}

# (repeats, kernel, stride, expand ratio, in, out) per stage.
STAGES = [
    (1, 3, 1, 1, 32, 16),
    (2, 3, 2, 6, 16, 24),
    (2, 5, 2, 6, 24, 40),
    (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112),
    (4, 5, 2, 6, 112, 192),
    (1, 3, 1, 6, 192, 320),
]


def read_safetensors(path: Path) -> dict:
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {info['dtype']} not supported")
        b, e = info["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + b:8 + n + e], dtype="<f4").reshape(info["shape"]).copy()
    return out


def read_metadata(path: Path) -> dict:
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        return json.loads(f.read(n)).get("__metadata__", {})


def block_specs():
    """Yield (index, kernel, stride, expand, cin, cout) for the 16 blocks."""
    i = 0
    for repeats, k, s, e, cin, cout in STAGES:
        for r in range(repeats):
            yield i, k, (s if r == 0 else 1), e, (cin if r == 0 else cout), cout
            i += 1


def same_pads(size: int, k: int, s: int, mode: str):
    """(before, after) padding for one spatial axis."""
    if mode == "symmetric":
        return k // 2, k // 2
    out = math.ceil(size / s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


class GraphBuilder:
    def __init__(self, weights: dict, padding: str, eps: float):
        from onnx import helper, numpy_helper, TensorProto  # noqa: F401
        self.h = helper
        self.nh = numpy_helper
        self.w = weights
        self.used = set()
        self.padding = padding
        self.eps = eps
        self.nodes = []
        self.inits = {}
        self.n = 0

    def name(self, base):
        self.n += 1
        return f"{base}_{self.n}"

    def init(self, name, arr):
        if name not in self.inits:
            self.inits[name] = self.nh.from_array(np.asarray(arr), name)
        return name

    def weight(self, key):
        self.used.add(key)
        return self.init(key, self.w[key])

    def conv(self, x, key, size, k, s, groups=1):
        pt, pb = same_pads(size, k, s, self.padding)
        if pt or pb:
            pads = self.init(f"pads_{pt}_{pb}", np.array([0, 0, pt, pt, 0, 0, pb, pb], dtype=np.int64))
            y = self.name("pad")
            self.nodes.append(self.h.make_node("Pad", [x, pads], [y], mode="constant"))
            x = y
        y = self.name("conv")
        self.nodes.append(self.h.make_node("Conv", [x, self.weight(key + ".weight")], [y],
                                           kernel_shape=[k, k], strides=[s, s], group=groups,
                                           pads=[0, 0, 0, 0]))
        return y, math.ceil(size / s) if self.padding == "same" else (size + pt + pb - k) // s + 1

    def bn(self, x, key):
        y = self.name("bn")
        ins = [self.weight(f"{key}.{p}") for p in ("weight", "bias", "running_mean", "running_var")]
        self.nodes.append(self.h.make_node("BatchNormalization", [x] + ins, [y], epsilon=self.eps))
        return y

    def relu6(self, x):
        lo = self.init("clip_min", np.array(0.0, dtype=np.float32))
        hi = self.init("clip_max", np.array(6.0, dtype=np.float32))
        y = self.name("relu6")
        self.nodes.append(self.h.make_node("Clip", [x, lo, hi], [y]))
        return y

    def build(self):
        from onnx import TensorProto
        h = self.h
        x, size = self.conv("image", "_conv_stem", INPUT_SIZE, 3, 2)
        x = self.relu6(self.bn(x, "_bn0"))
        for i, k, s, e, cin, cout in block_specs():
            p = f"_blocks.{i}."
            inp = x
            if e != 1:
                x, _ = self.conv(x, p + "_expand_conv", size, 1, 1)
                x = self.relu6(self.bn(x, p + "_bn0"))
            x, size = self.conv(x, p + "_depthwise_conv", size, k, s, groups=cin * e)
            x = self.relu6(self.bn(x, p + "_bn1"))
            x, _ = self.conv(x, p + "_project_conv", size, 1, 1)
            x = self.bn(x, p + "_bn2")
            if s == 1 and cin == cout:
                y = self.name("add")
                self.nodes.append(h.make_node("Add", [x, inp], [y]))
                x = y
        x, _ = self.conv(x, "_conv_head", size, 1, 1)
        x = self.relu6(self.bn(x, "_bn1"))
        gap = self.name("gap")
        self.nodes.append(h.make_node("GlobalAveragePool", [x], [gap]))
        shape = self.init("flat_shape", np.array([0, -1], dtype=np.int64))
        self.nodes.append(h.make_node("Reshape", [gap, shape], ["pooled"]))
        self.nodes.append(h.make_node("Gemm", ["pooled", self.weight("_fc.weight"), self.weight("_fc.bias")],
                                      ["logits"], transB=1))
        unused = set(self.w) - self.used
        if unused:
            raise ValueError(f"weights not used by the graph: {sorted(unused)[:5]}...")
        graph = h.make_graph(
            self.nodes, "efficientnet_lite0",
            [h.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 3, INPUT_SIZE, INPUT_SIZE])],
            [h.make_tensor_value_info("pooled", TensorProto.FLOAT, ["N", 1280]),
             h.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 1000])],
            list(self.inits.values()))
        model = h.make_model(graph, opset_imports=[h.make_opsetid("", 17)], producer_name="litsearch")
        model.ir_version = 8
        import onnx
        onnx.checker.check_model(model)
        return model


def make_session(weights_path: Path, padding="same", eps=1e-3, threads=2):
    import onnxruntime as ort
    model = GraphBuilder(read_safetensors(weights_path), padding, eps).build()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])


def load_classes(path: Path):
    names = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        idx, wnid, text = line.split("\t")
        assert int(idx) == len(names)
        names.append(text)
    return names


def center_crop_224(path) -> np.ndarray:
    """PIL: RGB, shorter side -> 224 (BICUBIC, antialiased when reducing), centre crop. uint8 HxWx3."""
    from PIL import Image
    im = Image.open(path)
    im = im.convert("RGB")
    w, hgt = im.size
    scale = INPUT_SIZE / min(w, hgt)
    nw, nh = max(INPUT_SIZE, round(w * scale)), max(INPUT_SIZE, round(hgt * scale))
    im = im.resize((nw, nh), Image.BICUBIC)
    left, top = (nw - INPUT_SIZE) // 2, (nh - INPUT_SIZE) // 2
    im = im.crop((left, top, left + INPUT_SIZE, top + INPUT_SIZE))
    return np.asarray(im, dtype=np.uint8)


def normalise(rgb: np.ndarray, norm: str) -> np.ndarray:
    """uint8 HxWx3 -> float32 1x3xHxW."""
    mean, std = NORMS[norm]
    x = (rgb.astype(np.float32) - np.array(mean, np.float32)) / np.array(std, np.float32)
    return np.ascontiguousarray(x.transpose(2, 0, 1)[None])


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def cmd_classify(args):
    sess = make_session(args.weights, args.padding, args.eps, args.threads)
    names = load_classes(args.classes)
    results = []
    for f in args.classify:
        x = normalise(center_crop_224(f), args.norm)
        logits = sess.run(["logits"], {"image": x})[0][0]
        p = softmax(logits)
        top = np.argsort(-logits)[:5]
        results.append({"file": str(f), "top5": [[int(i), float(p[i]), names[i]] for i in top]})
        if not args.json:
            print(f"{f}  (norm={args.norm}, padding={args.padding}, eps={args.eps:g})")
            for i in top:
                print(f"  {i:4d}  {p[i] * 100:6.2f}%  logit {logits[i]:8.4f}  {names[i]}")
    if args.json:
        print(json.dumps(results, indent=1))


def f32(x) -> str:
    """Shortest decimal that round-trips the float32 value."""
    s = np.format_float_positional(np.float32(x), unique=True, trim="-")
    return s if len(s) <= 14 else np.format_float_scientific(np.float32(x), unique=True, trim="-")


# Fixture inputs: sample photo (from samples/) and synthetic images.
FIXTURE_PHOTOS = ["chelsea", "coffee", "astronaut", "rocket", "camera", "coins", "hubble_deep_field",
                  "retina"]


def synthetic_images():
    """Deterministic synthetic 224x224 RGB images."""
    yy, xx = np.mgrid[0:INPUT_SIZE, 0:INPUT_SIZE]
    grad = np.stack([xx * 255 // 223, yy * 255 // 223, (xx + yy) * 255 // 446], axis=-1).astype(np.uint8)
    cell = ((yy // 28) + (xx // 28)) % 2
    checker = np.where(cell[..., None] == 1, np.array([230, 40, 40]), np.array([20, 20, 200])).astype(np.uint8)
    return {"gradient.png": grad, "checkerboard.png": checker}


def find_sample(stem: str) -> Path:
    for ext in (".png", ".jpg"):
        p = SAMPLES_DIR / (stem + ext)
        if p.exists():
            return p
    raise FileNotFoundError(f"samples/{stem}.(png|jpg) missing: run scripts/make_samples.py first")


def cmd_make_fixture(args):
    from PIL import Image
    out = Path(args.out or FIXTURE_DIR)
    out.mkdir(parents=True, exist_ok=True)
    images = {}
    for stem in FIXTURE_PHOTOS:
        images[stem + ".png"] = center_crop_224(find_sample(stem))
    images.update(synthetic_images())
    for name, arr in images.items():
        Image.fromarray(arr, "RGB").save(out / name, optimize=True)
    mean, std = NORMS[args.norm]
    sess = make_session(args.weights, args.padding, args.eps, args.threads)
    entries = []
    for name in images:
        # Re-read the PNG just written, so the reference sees exactly the file bytes.
        rgb = np.asarray(Image.open(out / name).convert("RGB"), dtype=np.uint8)
        assert rgb.shape == (INPUT_SIZE, INPUT_SIZE, 3) and np.array_equal(rgb, images[name])
        pooled, logits = sess.run(["pooled", "logits"], {"image": normalise(rgb, args.norm)})
        emb = pooled[0].astype(np.float64)
        norm = np.linalg.norm(emb)
        emb = (emb / norm).astype(np.float32)
        top = np.argsort(-logits[0])[:5]
        entries.append((name, emb, [(int(i), logits[0][i]) for i in top], norm))
    meta = read_metadata(args.weights)
    lines = ["{",
             f'  "normalization": {{"mean": [{", ".join(f32(m) for m in mean)}], '
             f'"std": [{", ".join(f32(s) for s in std)}], "scale": "0..255"}},',
             f'  "model_id": {json.dumps(meta.get("model_id", ""))},',
             f'  "padding": {json.dumps(args.padding)},',
             f'  "bn_epsilon": {f32(args.eps)},',
             '  "images": [']
    for j, (name, emb, top, norm) in enumerate(entries):
        lines.append(f'    {{"file": {json.dumps(name)},')
        lines.append(f'     "pooled_l2_norm": {f32(norm)},')
        lines.append(f'     "logits_top5": [{", ".join(f"[{i}, {f32(v)}]" for i, v in top)}],')
        lines.append(f'     "embedding": [{", ".join(f32(v) for v in emb)}]}}' + ("," if j + 1 < len(entries) else ""))
    lines += ["  ]", "}", ""]
    (out / "reference.json").write_text("\n".join(lines))
    json.loads((out / "reference.json").read_text())  # self-check
    names = load_classes(args.classes)
    for name, _, top, _ in entries:
        print(f"{name:24s} top1 {top[0][0]:4d} {names[top[0][0]][:40]}")
    print(f"wrote {len(entries)} images + reference.json to {out}")


def cmd_bench(args):
    sess = make_session(args.weights, args.padding, args.eps, args.threads)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((args.batch, 3, INPUT_SIZE, INPUT_SIZE), dtype=np.float32)
    for _ in range(2):
        sess.run(["pooled"], {"image": x})
    n = 0
    t0 = time.perf_counter()
    times = []
    while time.perf_counter() - t0 < args.seconds:
        t = time.perf_counter()
        sess.run(["pooled"], {"image": x})
        times.append(time.perf_counter() - t)
        n += args.batch
    dt = time.perf_counter() - t0
    import onnxruntime as ort
    res = {"engine": f"onnxruntime {ort.__version__}", "threads": args.threads, "batch": args.batch,
           "images": n, "seconds": round(dt, 3), "images_per_s": round(n / dt, 2),
           "median_batch_ms": round(float(np.median(times)) * 1000, 2),
           "images_per_s_at_median": round(args.batch / float(np.median(times)), 2),
           "load_avg_1m": os.getloadavg()[0], "cpu_count": os.cpu_count()}
    if args.json:
        print(json.dumps(res))
    else:
        print(f"onnxruntime {ort.__version__}: {res['images_per_s']} images/s "
              f"(threads={args.threads}, batch={args.batch}, {n} images in {dt:.1f} s, "
              f"median {res['median_batch_ms']} ms/batch = {res['images_per_s_at_median']} images/s; "
              f"load average {res['load_avg_1m']:.2f})")


def main(argv=None):
    ap = argparse.ArgumentParser(description="ONNX reference for the EfficientNet-Lite0 image tower")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--classify", nargs="+", metavar="FILE", help="print top-5 for each image")
    mode.add_argument("--make-fixture", action="store_true", help="write the Swift reference-match fixture")
    mode.add_argument("--bench", action="store_true", help="measure onnxruntime images/s")
    mode.add_argument("--save-onnx", metavar="FILE", help="write the ONNX model to FILE")
    ap.add_argument("--weights", type=Path, default=DEFAULT_WEIGHTS)
    ap.add_argument("--classes", type=Path, default=DEFAULT_CLASSES)
    ap.add_argument("--norm", choices=sorted(NORMS), default="tf",
                    help="tf: (x-127)/128; imagenet: ImageNet mean/std (both on 0..255)")
    ap.add_argument("--padding", choices=["same", "symmetric"], default="same")
    ap.add_argument("--eps", type=float, default=1e-3, help="BatchNorm epsilon")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--out", help="fixture output directory")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not args.weights.exists():
        sys.exit(f"{args.weights} not found: run scripts/fetch_weights.py first")
    if args.classify:
        cmd_classify(args)
    elif args.make_fixture:
        cmd_make_fixture(args)
    elif args.bench:
        cmd_bench(args)
    else:
        import onnx
        onnx.save(GraphBuilder(read_safetensors(args.weights), args.padding, args.eps).build(), args.save_onnx)


if __name__ == "__main__":
    main()
