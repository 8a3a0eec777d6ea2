#!/usr/bin/env bash
# Installs litsearch for the current user: the binary in PREFIX/bin, and what it reads at run time
# (image-tower weights, tokenizer, text model, concept bridge) in PREFIX/share/litsearch, where the
# binary finds them from any folder, through any symlink. Indexes then default to
# PREFIX/share/litsearch/indexes/default. $LITSEARCH_HOME still wins over all of this.
#
#   bash scripts/install.sh [PREFIX]        # default PREFIX: ~/.local
#
# It installs the release build (built here if missing; LITSEARCH_BINARY=PATH installs another)
# and needs the weights that scripts/setup.sh (or scripts/install-deps.sh) fetched. Re-running it
# replaces the installed files; indexes already there are kept. The binary links the Swift runtime
# of the toolchain it was built with, which must stay installed.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${1:-$HOME/.local}"
binary="${LITSEARCH_BINARY:-.build/release/litsearch}"
if [ ! -x "$binary" ]; then
  if [ -n "${LITSEARCH_BINARY:-}" ]; then
    echo "install.sh: $binary is not an executable" >&2
    exit 1
  fi
  swift build -c release
fi
for needed in weights/efficientnet-lite0.safetensors weights/imagenet_classes.txt tokenizer/litsearch.model models/text-tower.ckpt; do
  if [ ! -f "$needed" ]; then
    echo "install.sh: $needed is missing; run scripts/setup.sh (or scripts/install-deps.sh) first" >&2
    exit 1
  fi
done

share="$prefix/share/litsearch"
mkdir -p "$prefix/bin" "$share/indexes"
# Copy into place through a temporary name, so a running litsearch keeps its old binary.
cp "$binary" "$prefix/bin/.litsearch.tmp.$$"
mv -f "$prefix/bin/.litsearch.tmp.$$" "$prefix/bin/litsearch"
for folder in weights tokenizer models; do
  rm -rf "$share/$folder.tmp.$$"
  cp -R "$folder" "$share/$folder.tmp.$$"
  rm -rf "$share/$folder"
  mv "$share/$folder.tmp.$$" "$share/$folder"
done
# The tokenizer's training corpus list is not needed at run time.
rm -f "$share/tokenizer/corpus.sha256"

echo "installed $prefix/bin/litsearch (data in $share)"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "add it to PATH:  export PATH=\"$prefix/bin:\$PATH\"   (e.g. in ~/.bashrc)" ;;
esac
