#!/usr/bin/env bash
# The bit-for-bit suites in a portable build: `swift build -c release` with no CPU flags (baseline x86-64 Swift
# code, the C kernels still chosen at run time), the way a package that depends on this library builds it.
# These suites compare the dispatched C kernels with Swift code and scalar formulas (KernelDispatchTests,
# KernelScalarOracleTests, ShockKernelTests) and the
# Brownian bridge's closes with the one-step run's (BridgeTests), so a kernel or a model that gives other bits
# when the Swift code is not tuned fails here. Uses its own build folder (.build-portable-tests), apart from the
# plain `swift build -c release --scratch-path .build-portable` that Benchmarks/builds times.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift test -c release --scratch-path .build-portable-tests --filter 'KernelDispatchTests|KernelScalarOracleTests|ShockKernelTests|BridgeTests' "$@"
