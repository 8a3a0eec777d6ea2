#!/usr/bin/env bash
# Installs what litsearch needs on Debian/Ubuntu: the C libraries it links, the Python packages its
# weight converter uses, and the converted EfficientNet-Lite0 weights (in weights/).
# Safe to re-run: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  libicu-dev libsqlite3-dev          # text normalisation, the catalog
  libjpeg62-turbo-dev libpng-dev libwebp-dev libgif-dev   # image decoding
  libopenblas-dev                    # sgemm for the towers
  libxxhash-dev                      # content hashes (moved-file detection)
  pkg-config
)
command -v python3 >/dev/null || packages+=(python3 python3-numpy)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# numpy, for the weight converter. Debian's own python3 refuses `pip install` outside a virtual
# environment (PEP 668, "externally-managed-environment"), so it gets Debian's python3-numpy;
# any other python3 (pyenv, a venv, conda) gets numpy from pip.
if ! python3 -c "import numpy" 2>/dev/null; then
  if dpkg-query -S "$(readlink -f "$(command -v python3)")" >/dev/null 2>&1; then
    echo "installing: python3-numpy (for $(command -v python3), Debian's)" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-numpy >/dev/null
  else
    python3 -m pip install -q numpy
  fi
fi
python3 scripts/fetch_weights.py --out weights
