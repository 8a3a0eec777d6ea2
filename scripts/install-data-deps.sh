#!/usr/bin/env bash
# Installs the offline sources that scripts/data/build.py reads (issue 5, training data).
# Debian packages only (plus fontTools from PyPI for the emoji font tables; Pillow for image ops).
# Add only packages the builder declares as sources (scripts/data/build.py: ALLOWED_ROOTS).
set -euo pipefail

FREEDICT_ENG_X="afr ara bul ces cym dan deu ell fin fra gle hin hrv hun ind ita jpn lat lit nld nor pol por rom rus spa srp swe swh tur"
# X->English dictionaries: back-translation checks for eng-X candidates, and (inverted)
# the only source for eo, hr, hu, is, sk, sl.
FREEDICT_X_ENG="afr ara ces cym dan deu ell epo fin fra gle hrv hun isl ita lat lit nld pol por slk slv spa srp swe swh tur"

# Apertium's translators into Occitan, Aragonese, Catalan, Galician and Esperanto
# (scripts/bridge/apertium_terms.py), and those scripts/eval/neighbours.py makes captions with.
APERTIUM="apertium apertium-oc-es apertium-oc-ca apertium-oci-fra apertium-spa-arg apertium-arg-cat
  apertium-eng-cat apertium-en-gl apertium-eo-en apertium-spa-cat apertium-es-gl apertium-eo-fr"

pkgs="unicode-cldr-core fonts-noto-color-emoji wordnet-base $APERTIUM"
for l in $FREEDICT_ENG_X; do pkgs="$pkgs dict-freedict-eng-$l"; done
for l in $FREEDICT_X_ENG; do pkgs="$pkgs dict-freedict-$l-eng"; done

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  # --no-install-recommends: dictd (the server) is not needed, only the data files.
  $SUDO apt-get install -y -q --no-install-recommends $missing
fi

py() { python3 -c "import $1" 2>/dev/null; }
if ! py fontTools || ! py PIL; then
  python3 -m pip install -q "fonttools>=4.40" "pillow>=10" || \
    python3 -m pip install -q --break-system-packages "fonttools>=4.40" "pillow>=10"
fi
# Debian 13's CLDR 46 emoji annotations, unpacked (not installed) for the languages CLDR 41 lacks.
bash "$(dirname "$0")/fetch-newer-cldr.sh"
echo "data deps ok"
