#!/usr/bin/env python3
"""Fetch the extra (not bundled) evaluation photos used by preprocessing_check.py.

- grace_hopper.jpg from the matplotlib 3.10.0 wheel (mpl-data/sample_data);
- apple, orange, fruits, baboon, butterfly, chicky_512, messi5, squirrel_cls
  from the opencv-python 4.10.0.84 source distribution (opencv/samples/data).

pip cannot save that sdist without building its metadata, which needs
scikit-build; so this runs `pip download --no-build-isolation --no-clean`,
lets the metadata step fail, and takes the photos from the unpacked tree pip
leaves behind. Every photo is checked against a pinned SHA-256.

These photos are only used locally to decide the preprocessing by accuracy;
they are not redistributed with litsearch.

Usage: python3 benchmarks/peers/fetch_eval_photos.py --out /tmp/evalimgs
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MPL = ("matplotlib==3.10.0", "matplotlib/mpl-data/sample_data/")
CV = "opencv-python==4.10.0.84"
PHOTOS = {
    "grace_hopper.jpg": ("mpl", "a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130"),
    "apple.jpg": ("cv", "e86879de3d9a807dedc742a8f464f39e6b74bbb531a1fba3583155d94997d1cd"),
    "orange.jpg": ("cv", "152c20d2f380ac985de25e474e1a5f06ed34b932191342099b8272a63a15a079"),
    "fruits.jpg": ("cv", "9c031d80a1c52da5eca790db896baffec6a7e52bf786cdb7bbfca5c7f880e6a1"),
    "baboon.jpg": ("cv", "1a1dd18d78eec44420af3b0b7f08ee3d41c982916cae3ce203d7ff35d754cc0f"),
    "butterfly.jpg": ("cv", "34a99716b78ded10eae87b4880de739d3e68cc7dd1a96812bb28f469d5eeaea8"),
    "chicky_512.png": ("cv", "45130d812992129ce81e6075984a127303c732c0871f8ba993724a8a4e91cbb4"),
    "messi5.jpg": ("cv", "1d570e49654e84c7a943918537bd9e5e1ef82920152e147c834006e235be97c9"),
    "squirrel_cls.jpg": ("cv", "20bb6e8ae96918a36c9886b6d48e54eedeb3948591e1485c206bc1dc60c8dc8b"),
}


def pip(*args, env=None):
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", *args]
    print("+ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        r = pip("--only-binary=:all:", "--platform", "manylinux2014_x86_64", "--python-version", "3.11",
                "--implementation", "cp", "--abi", "cp311", "-d", str(tmp / "mpl"), MPL[0])
        if r.returncode != 0:
            sys.exit(r.stdout)
        wheel = next((tmp / "mpl").glob("*.whl"))
        with zipfile.ZipFile(wheel) as z:
            for name, (src, _) in PHOTOS.items():
                if src == "mpl":
                    (args.out / name).write_bytes(z.read(MPL[1] + name))
        env = dict(os.environ, TMPDIR=str(tmp))
        pip("--no-binary", ":all:", "--no-build-isolation", "--no-clean", "-d", str(tmp / "cv"), CV, env=env)
        data = next(tmp.glob("pip-download-*/*/opencv/samples/data"), None)
        if data is None:
            sys.exit("could not find opencv/samples/data in pip's unpacked sdist")
        for name, (src, _) in PHOTOS.items():
            if src == "cv":
                shutil.copyfile(data / name, args.out / name)
    bad = [n for n, (_, h) in PHOTOS.items() if hashlib.sha256((args.out / n).read_bytes()).hexdigest() != h]
    if bad:
        sys.exit(f"SHA-256 mismatch: {bad}")
    print(f"{len(PHOTOS)} photos in {args.out}")


if __name__ == "__main__":
    main()
