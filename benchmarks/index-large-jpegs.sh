#!/usr/bin/env bash
# End-to-end `litsearch index` speed on a folder of large JPEGs (12 megapixels, 4000×3000).
#
#   bash benchmarks/index-large-jpegs.sh [COUNT] [THREADS]
#
# Makes COUNT distinct 4000×3000 JPEGs from the bundled samples (Pillow, installed with pip if
# missing; a benchmark tool only), indexes them into a fresh index with the release build and
# prints the run's JSON summary line with images/s. Decoding uses libjpeg-turbo's DCT scaling,
# so each photo is decoded at 1/8 size (500×375) rather than at 12 megapixels.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-48}
threads=${2:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -c "import PIL" 2>/dev/null || python3 -m pip install -q pillow
python3 - "$work/photos" "$count" <<'PY'
import os, sys
from PIL import Image, ImageOps
out, count = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
sources = sorted(f for f in os.listdir("samples") if f.lower().endswith((".jpg", ".png")))
for i in range(count):
    image = Image.open(os.path.join("samples", sources[i % len(sources)])).convert("RGB")
    image = ImageOps.fit(image, (4000, 3000), Image.BICUBIC)
    if i // len(sources) % 2:
        image = ImageOps.mirror(image)
    image = image.rotate((i // len(sources)) * 3, resample=Image.BILINEAR, fillcolor=(128, 128, 128))
    image.save(os.path.join(out, f"photo-{i:04d}.jpg"), quality=90)
PY
du -sh "$work/photos" | awk '{print "folder: " $1}'
swift build -c release >/dev/null
.build/release/litsearch index "$work/photos" --index "$work/index" --threads "$threads" --json \
  | python3 -c "import json,sys; s=json.load(sys.stdin); print(f\"indexed {s['embedded']} images in {s['seconds']:.2f}s: {s['images_per_second']:.1f} images/s ({sys.argv[1]} threads)\")" "$threads"
