#!/usr/bin/env bash
# Indexes eight crops and flips of each bundled sample photo (104 real pictures) into the index
# directory given, for `bench search --fit`, whose feature mixture needs at least 64 real features.
# The crops are made with Pillow, a benchmark-only peer (installed from PyPI when missing).
#
# Usage: benchmarks/search/real-features.sh INDEX_DIR [LITSEARCH_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] || { echo "usage: $0 INDEX_DIR [LITSEARCH_BINARY]" >&2; exit 64; }
index=$1 binary=${2:-.build/release/litsearch}
python3 -c "import PIL" 2>/dev/null || python3 -m pip install -q pillow 2>/dev/null || python3 -m pip install -q --break-system-packages pillow
variants=$(mktemp -d)
trap 'rm -rf "$variants"' EXIT
python3 - "$variants" <<'PY'
import pathlib, sys
from PIL import Image, ImageOps
out = pathlib.Path(sys.argv[1])
for path in sorted(pathlib.Path("samples").glob("*.[jp][pn]g")):
    image = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    w, h = image.size
    for i, (x, y) in enumerate([(0, 0), (0.25, 0), (0, 0.25), (0.25, 0.25)]):
        crop = image.crop((int(x * w), int(y * h), int((x + 0.75) * w), int((y + 0.75) * h)))
        crop.save(out / f"{path.stem}-{i}.jpg", quality=90)
        ImageOps.mirror(crop).save(out / f"{path.stem}-{i}-flipped.jpg", quality=90)
PY
"$binary" index "$variants" --index "$index" >/dev/null 2>&1
