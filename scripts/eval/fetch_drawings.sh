#!/usr/bin/env bash
# Fetch the "drawings" evaluation set: icons, clip-art and cartoon drawings (no emoji, no flags)
# taken from pinned Debian 12 (bookworm) packages, as listed in scripts/eval/sources/drawings.jsonl.
#
#   bash scripts/eval/fetch_drawings.sh        # -> data/eval/drawings/<package>/<id>.{png,jpg}
#   bash scripts/eval/fetch_drawings.sh words  # scripts/eval/sources/words.jsonl -> data/eval/words/
#
# For every line of drawings.jsonl the script downloads `package=version` with `apt-get download`,
# extracts the listed member, checks its SHA-256 against the file, and writes it under
# data/eval/drawings/ (the `file` key). SVG members are rendered to a 256-px PNG on a white
# background with rsvg-convert (librsvg2-bin, installed with apt when missing); PNG and JPEG
# members are copied as they are. Idempotent: pictures already in place are kept (their source
# hash is recorded in data/eval/drawings/.sources.sha256), and .deb files are cached in
# data/eval/.cache/debs/. Licences: the `licence` key of each line, summarised in
# docs/results/drawings-sources.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SET="${1:-drawings}"   # another list of Debian pictures in the same format: sources/SET.jsonl
case "$SET" in ""|*/*|.*) echo "fetch_drawings: error: SET must be a plain name" >&2; exit 64;; esac
LIST="$ROOT/scripts/eval/sources/$SET.jsonl"
OUT="$ROOT/data/eval/$SET"
CACHE="$ROOT/data/eval/.cache/debs"
STAMP="$OUT/.sources.sha256"

die() { echo "fetch_drawings: error: $*" >&2; exit 1; }
[ -f "$LIST" ] || die "missing $LIST"
command -v python3 >/dev/null || die "python3 is required (apt-get install python3)"
command -v dpkg-deb >/dev/null || die "dpkg-deb is required (this script expects Debian 12)"
command -v apt-get >/dev/null || die "apt-get is required (this script expects Debian 12)"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; fi
fi

mkdir -p "$OUT" "$CACHE"

# Fast path: every listed picture is in place and was produced from the listed member hash.
if [ -f "$STAMP" ] && python3 - "$LIST" "$OUT" "$STAMP" <<'EOF'
import json, os, sys
lst, out, stamp = sys.argv[1:4]
have = {}
for line in open(stamp):
    p = line.split()
    if len(p) == 2: have[p[1]] = p[0]
for line in open(lst):
    if not line.strip(): continue
    r = json.loads(line)
    if have.get(r["file"]) != r["sha256"] or not os.path.isfile(os.path.join(out, r["file"])):
        sys.exit(1)
EOF
then
  echo "fetch_drawings: all pictures already in $OUT"
  exit 0
fi

# rsvg-convert renders the SVG members.
if grep -q '"member": "[^"]*\.svg"' "$LIST" && ! command -v rsvg-convert >/dev/null; then
  echo "fetch_drawings: installing librsvg2-bin (rsvg-convert) with apt-get"
  $SUDO apt-get install -y -q librsvg2-bin >/dev/null \
    || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q librsvg2-bin >/dev/null; } \
    || die "could not install librsvg2-bin; install it by hand (apt-get install librsvg2-bin) and rerun"
fi

# Download every pinned package version (cached).
updated=0
while read -r pkg ver; do
  deb=$(ls "$CACHE/${pkg}_"*.deb 2>/dev/null | while read -r f; do
          [ "$(dpkg-deb -f "$f" Version)" = "$ver" ] && echo "$f"; done | head -n1 || true)
  if [ -n "$deb" ]; then continue; fi
  echo "fetch_drawings: apt-get download $pkg=$ver"
  if ! (cd "$CACHE" && apt-get download -q "$pkg=$ver" >/dev/null 2>"$CACHE/.err"); then
    if [ "$updated" -eq 0 ]; then
      echo "fetch_drawings: retrying after apt-get update"
      $SUDO apt-get update -q >/dev/null || true
      updated=1
    fi
    (cd "$CACHE" && apt-get download -q "$pkg=$ver" >/dev/null 2>"$CACHE/.err") || {
      cat "$CACHE/.err" >&2
      die "Debian package $pkg version $ver can no longer be downloaded from the configured
  bookworm mirrors. Either fetch that exact .deb by hand (e.g. from snapshot.debian.org) into
  $CACHE/ and rerun, or re-pin: pick the current version (apt-cache policy $pkg), re-extract the
  pictures, verify each still shows its concept, and update version and sha256 for $pkg in
  $LIST."
    }
  fi
done < <(python3 -c '
import json, sys
seen = []
for line in open(sys.argv[1]):
    if line.strip():
        r = json.loads(line)
        if (r["package"], r["version"]) not in seen: seen.append((r["package"], r["version"]))
for p, v in seen: print(p, v)
' "$LIST")

# Extract, verify and convert.
python3 - "$LIST" "$OUT" "$CACHE" "$STAMP" <<'EOF'
import hashlib, json, os, shutil, subprocess, sys, tempfile
lst, out, cache, stamp = sys.argv[1:5]
rows = [json.loads(l) for l in open(lst) if l.strip()]
debs = {}
for f in os.listdir(cache):
    if f.endswith(".deb"):
        path = os.path.join(cache, f)
        v = subprocess.run(["dpkg-deb", "-f", path, "Package", "Version"], capture_output=True, text=True, check=True).stdout
        fields = dict(l.split(": ", 1) for l in v.strip().splitlines())
        debs[(fields["Package"], fields["Version"])] = path
have = {}
if os.path.exists(stamp):
    for line in open(stamp):
        p = line.split()
        if len(p) == 2: have[p[1]] = p[0]
bypkg = {}
for r in rows:
    bypkg.setdefault((r["package"], r["version"]), []).append(r)
errors = []
done = 0
for key, items in bypkg.items():
    todo = [r for r in items if not (have.get(r["file"]) == r["sha256"] and os.path.isfile(os.path.join(out, r["file"])))]
    if not todo: continue
    deb = debs.get(key)
    if not deb:
        sys.exit(f"fetch_drawings: error: no cached .deb for {key[0]}={key[1]}")
    with tempfile.TemporaryDirectory() as tmp:
        members = sorted({"./" + r["member"] for r in todo})
        tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb], stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", tmp, "-f", "-"] + members, stdin=tar.stdout, check=True)
        tar.wait()
        for r in todo:
            src = os.path.join(tmp, r["member"])
            digest = hashlib.sha256(open(src, "rb").read()).hexdigest()
            if digest != r["sha256"]:
                errors.append(f'{r["id"]}: sha256 of {r["package"]}:{r["member"]} is {digest}, {os.path.basename(lst)} says {r["sha256"]}')
                continue
            dst = os.path.join(out, r["file"])
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if src.lower().endswith(".svg"):
                subprocess.run(["rsvg-convert", "-w", "256", "-h", "256", "-a", "-b", "white", "-f", "png", "-o", dst + ".tmp", src], check=True)
                os.replace(dst + ".tmp", dst)
            else:
                shutil.copyfile(src, dst)
            have[r["file"]] = r["sha256"]
            done += 1
with open(stamp + ".tmp", "w") as f:
    for k in sorted(have): f.write(f"{have[k]}  {k}\n")
os.replace(stamp + ".tmp", stamp)
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(f"fetch_drawings: error: {len(errors)} member(s) failed the SHA-256 check: the package changed "
             "under the same version (or the list is wrong); re-pin as described in the script header")
print(f"fetch_drawings: {done} picture(s) written, {len(rows)} listed, in {out}")
EOF
