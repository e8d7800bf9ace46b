#!/usr/bin/env bash
# Runs the package-benchmark suites with the project's CPU tuning (scripts/swift-flags.sh:
# MARGINSTRESS_CPU=native by default, or haswell, or portable), for the benchmarks and the
# MarginStress library alike. Arguments go to the benchmark plugin:
#   Benchmarks/run.sh                                  # every suite
#   Benchmarks/run.sh --target Kernels --filter 'Block-.*'
#   Benchmarks/run.sh thresholds check --target Kernels # fails (exit 2) if a kernel allocates
#   Benchmarks/run.sh baseline update main; Benchmarks/run.sh baseline compare main
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck disable=SC2046
exec swift package --disable-sandbox $(bash ../scripts/swift-flags.sh) --allow-writing-to-package-directory \
    benchmark "$@"
