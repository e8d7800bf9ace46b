#!/usr/bin/env bash
# Quick start: installs what is needed, builds the release binary and runs the built-in default scenario.
# Extra arguments go to `margin-stress run` (e.g. --paths 1000000 --json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product margin-stress >&2
exec .build/release/margin-stress run "$@"
