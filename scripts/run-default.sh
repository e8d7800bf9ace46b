#!/usr/bin/env bash
# Quick start: installs what is needed, builds the release binary and runs the built-in default scenario.
# Extra arguments go to `margin-stress run` (e.g. --paths 1000000 --json).
# The build is tuned for this CPU; see scripts/swift-flags.sh for MARGINSTRESS_CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# shellcheck disable=SC2046
swift build -c release --product margin-stress $(bash scripts/swift-flags.sh) >&2
exec .build/release/margin-stress run "$@"
