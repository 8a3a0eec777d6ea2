#!/usr/bin/env bash
# The training renderings' locked features, exported once for the lexicon builders' --features
# (build_pictures.py would otherwise index data/lit/images on every build).
#
#   bash scripts/eval/training_features.sh        -> data/eval/training-features/ (locked.npy, images.jsonl)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=.build/release/litsearch
work=data/eval/training-features
if [ ! -f "$work/features/manifest.json" ] || [ data/lit/pairs.jsonl -nt "$work/features/manifest.json" ]; then
  rm -rf "$work"
  "$bin" index data/lit/images --index "$work/index" >&2
  "$bin" export --index "$work/index" --format npy --no-joint --out "$work/features" >&2
fi
