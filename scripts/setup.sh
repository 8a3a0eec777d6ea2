#!/usr/bin/env bash
# One command from a fresh checkout to a working search: installs dependencies and weights,
# builds litsearch in release mode, indexes the bundled sample photos and runs an example query.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
swift build -c release
.build/release/litsearch index samples
echo
echo "Nearest images to samples/chelsea.jpg (a tabby cat):"
.build/release/litsearch query --image samples/chelsea.jpg -k 5 --relative
