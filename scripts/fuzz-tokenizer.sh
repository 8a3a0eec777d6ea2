#!/usr/bin/env bash
# Builds the tokenizer's libFuzzer targets with AddressSanitizer and runs each for SECONDS (default 60).
#
#   scripts/fuzz-tokenizer.sh [SECONDS] [TARGET...]     TARGET: tokenizer, model (default: both)
#
# tokenizer-fuzzer: normalizer + encoder (+ n-best and sampling) on the shipped model;
# model-fuzzer: the .model loader, writer round trip and encoder construction.
# Each target starts from its committed seed corpus (fuzz/<target>/corpus) and writes new inputs to
# .build-fuzz/<target>-corpus, so the committed corpus only changes when someone copies inputs back.
# A crash leaves crash-* in .build-fuzz/ and makes this script fail. Not part of `swift build`: the
# fuzzers are compiled by swiftc directly over Sources/Tokenizer plus fuzz/Sources/<Name>Fuzzer.swift,
# with CTokenizerShims compiled by clang. Extra libFuzzer flags: FUZZ_FLAGS="-jobs=2 ...".
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(tokenizer model)

out=.build-fuzz
mkdir -p "$out/modules"
cat > "$out/modules/module.modulemap" <<MAP
module CTokenizerShims {
    header "$PWD/Sources/CTokenizerShims/include/ICUShims.h"
    export *
}
MAP
icu_flags=$(pkg-config --cflags icu-i18n)
icu_libs=$(pkg-config --libs icu-i18n)
clang -c -O1 -g -fsanitize=fuzzer-no-link,address $icu_flags -I Sources/CTokenizerShims/include \
    Sources/CTokenizerShims/ICUShims.c -o "$out/ICUShims.o"
mapfile -t sources < <(find Sources/Tokenizer -name '*.swift' | sort)

# Let libFuzzer, not the Swift runtime's backtracer, handle traps (it saves the crashing input).
export SWIFT_BACKTRACE=enable=no
export LITSEARCH_TOKENIZER_MODEL=${LITSEARCH_TOKENIZER_MODEL:-$PWD/tokenizer/litsearch.model}
status=0
for target in "${targets[@]}"; do
    name=$(tr '[:lower:]' '[:upper:]' <<<"${target:0:1}")${target:1}
    binary="$out/$target-fuzzer"
    echo "== building $binary"
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name "${name}Fuzz" \
        -Xcc -fmodule-map-file="$out/modules/module.modulemap" -I Sources/CTokenizerShims/include \
        "${sources[@]}" "fuzz/Sources/${name}Fuzzer.swift" "$out/ICUShims.o" $icu_libs -o "$binary"
    mkdir -p "$out/$target-corpus"
    echo "== running $binary for ${seconds}s"
    # -rss_limit_mb: the shipped model plus ASan shadow needs more than the default 2 GB.
    "$binary" -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=4096 -print_final_stats=1 \
        -artifact_prefix="$out/$target-" ${FUZZ_FLAGS:-} "$out/$target-corpus" "fuzz/$target/corpus" \
        2>&1 | tee "$out/$target.log" || status=1
done
exit "$status"
