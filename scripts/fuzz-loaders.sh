#!/usr/bin/env bash
# Builds libFuzzer targets for the two binary loaders, with AddressSanitizer, and runs each for
# SECONDS (default 60).
#
#   scripts/fuzz-loaders.sh [SECONDS] [TARGET...]     TARGET: checkpoint, vectorindex (default: both)
#
# checkpoint-fuzzer: Checkpoint.decode, the model its header describes, export and re-decode
#   (fuzz/Sources/CheckpointFuzzer.swift, compiled into one module with Sources/Training).
# vectorindex-fuzzer: VectorIndex(contentsOf:), then search, add, remove, write and reopen
#   (fuzz/Sources/VectorIndexFuzzer.swift, compiled into one module with Sources/VectorIndex).
# Both recompute the input's checksums before loading it, so mutations reach the headers and
# arrays. Seeds (small files of every kind) are written by the fuzzers themselves into
# .build-fuzz/<target>-corpus; new inputs go there too. A crash leaves crash-* in .build-fuzz/
# and makes this script fail. Not part of `swift build`: swiftc compiles the modules directly.
# Extra libFuzzer flags: FUZZ_FLAGS="-jobs=2 ...".
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(checkpoint vectorindex)

out=.build-fuzz
mkdir -p "$out/loaders"
maps=()
for system in CBLAS CLAPACK CXXHash; do maps+=(-Xcc "-fmodule-map-file=$PWD/Sources/$system/module.modulemap"); done
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -I "$out/loaders" "${maps[@]}")

# A library module as one object plus its .swiftmodule, for the fuzzers to import.
module() {
    local name=$1
    shift
    echo "== building module $name"
    swiftc "${flags[@]}" -wmo -module-name "$name" -emit-module -emit-module-path "$out/loaders/$name.swiftmodule" \
        -emit-object -o "$out/loaders/$name.o" "$@"
}
module LinearAlgebra $(find Sources/LinearAlgebra -name '*.swift' | sort)
module TextTower $(find Sources/TextTower -name '*.swift' | sort)

export SWIFT_BACKTRACE=enable=no
status=0
for target in "${targets[@]}"; do
    binary="$out/$target-fuzzer"
    case "$target" in
        checkpoint) sources=$(find Sources/Training -name '*.swift' | sort); harness=CheckpointFuzzer
                    objects=("$out/loaders/LinearAlgebra.o" "$out/loaders/TextTower.o") ;;
        vectorindex) sources=$(find Sources/VectorIndex -name '*.swift' | sort); harness=VectorIndexFuzzer
                     objects=("$out/loaders/LinearAlgebra.o") ;;
        *) echo "unknown target $target (checkpoint, vectorindex)" >&2; exit 64 ;;
    esac
    echo "== building $binary"
    # shellcheck disable=SC2086
    swiftc "${flags[@]}" -module-name "${harness}Module" $sources "fuzz/Sources/$harness.swift" "${objects[@]}" \
        -lopenblas -lxxhash -o "$binary"
    corpus="$out/$target-corpus"
    mkdir -p "$corpus"
    echo "== running $binary for ${seconds}s"
    FUZZ_SEED_DIR="$corpus" "$binary" -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=65536 -timeout=20 \
        -print_final_stats=1 -artifact_prefix="$out/$target-" ${FUZZ_FLAGS:-} "$corpus" 2>&1 | tee "$out/$target.log" || status=1
done
exit "$status"
