#!/usr/bin/env bash
# Fetches the emoji annotations of a newer CLDR (46, Debian 13's unicode-cldr-core) into
# data/cldr-46/, for the languages the installed CLDR 41 (Debian 12) has none of: Northern Sotho,
# Tswana, Akan, K'iche', Occitan, Ligurian, Chuvash… (scripts/bridge/newer_cldr.py reads them).
#
#   bash scripts/fetch-newer-cldr.sh [DEST]      (default DEST: data/cldr-46)
#
# The package is not installed: the system keeps CLDR 41, which everything else reads. Its file
# is taken from the same pool directory as CLDR 41's (apt's own download helper, pinned by
# SHA-256), and only common/annotations and common/annotationsDerived are unpacked.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-data/cldr-46}
VERSION=46-0.1
SHA256=0348714b267f6f3d252e4f37c509d86da89749b99af8995bd5f85215e33e206b

if [ -f "$dest/.complete" ] && [ "$(cat "$dest/.complete")" = "$SHA256" ]; then
  exit 0
fi
# CLDR 41's own URI names the pool directory; the newer file sits beside it.
[ -n "$(apt-cache policy unicode-cldr-core 2>/dev/null | grep Candidate)" ] || apt-get update -q >&2
old=$(apt-get download --print-uris unicode-cldr-core 2>/dev/null | head -1 | cut -d"'" -f2)
case "$old" in
  */unicode-cldr-core_*_all.deb) ;;
  *) echo "fetch-newer-cldr: apt names no unicode-cldr-core package to find the pool by" >&2; exit 1;;
esac
uri="${old%/*}/unicode-cldr-core_${VERSION}_all.deb"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! /usr/lib/apt/apt-helper download-file "$uri" "$tmp/cldr.deb" "SHA256:$SHA256" >&2; then
  echo "fetch-newer-cldr: could not fetch unicode-cldr-core $VERSION (SHA-256 $SHA256)" >&2
  exit 1
fi
dpkg-deb -x "$tmp/cldr.deb" "$tmp/x"
rm -rf "$dest"
mkdir -p "$dest"
for sub in annotations annotationsDerived; do
  cp -r "$tmp/x/usr/share/unicode/cldr/common/$sub" "$dest/$sub"
done
cp "$tmp/x/usr/share/doc/unicode-cldr-core/copyright" "$dest/copyright"
echo "$SHA256" > "$dest/.complete"
echo "fetch-newer-cldr: unicode-cldr-core $VERSION annotations in $dest" >&2
