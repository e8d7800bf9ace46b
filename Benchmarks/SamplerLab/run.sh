#!/usr/bin/env bash
# Builds and times the sampler experiments with the Swift toolchain's clang (figures in ../README.md).
set -euo pipefail
cd "$(dirname "$0")"
cc="$(dirname "$(command -v swift)")/clang"
out="${TMPDIR:-/tmp}/margin-stress-sampler-lab"
mkdir -p "$out"
for variant in "" "-DNOSQRT" "-DNODIV" "-DNOCS" "-DNEWCS -DNEWLOG"; do
    # shellcheck disable=SC2086
    "$cc" -O3 -march=native $variant -o "$out/box_muller" box_muller.c -lm
    echo "box_muller ${variant:-(old kernel)}: $("$out/box_muller")"
done
if grep -q avx512f /proc/cpuinfo; then
    "$cc" -O3 -march=native -o "$out/ziggurat" ziggurat.c -lm
    "$out/ziggurat"
fi
