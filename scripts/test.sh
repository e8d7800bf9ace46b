#!/usr/bin/env bash
# Runs the test suite: installs what is needed, then `swift test -c release`
# (release, because the Monte Carlo tests need millions of paths; the suite takes a few minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# shellcheck disable=SC2046
swift test -c release $(bash scripts/swift-flags.sh) "$@"
