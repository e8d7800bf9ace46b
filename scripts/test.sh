#!/usr/bin/env bash
# Runs the test suite: installs what is needed, then `swift test -c release`
# (release, because the Monte Carlo tests need millions of paths; the suite takes a few minutes on 2 cores),
# then, when no arguments narrow the run, the README check (scripts/update-readme-examples.py --check: every
# example output, table and figure the README shows is re-run and compared, timing lines masked) and the cluster tests: four sharded runs on a one-node Slurm cluster
# that the script installs and starts on localhost (scripts/test-cluster.sh) and the Kubernetes manifests
# checked offline (scripts/check-manifests.sh). MARGINSTRESS_SKIP_CLUSTER=1 leaves the cluster tests out.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-python-deps.sh
bash scripts/install-browser.sh
# shellcheck disable=SC2046
swift test -c release $(bash scripts/swift-flags.sh) "$@"
if [ "$#" -eq 0 ]; then
    # Every example output, table and figure the README shows, re-run and compared (timing lines masked).
    python3 scripts/update-readme-examples.py --check
fi
if [ "$#" -eq 0 ] && [ "${MARGINSTRESS_SKIP_CLUSTER:-0}" != "1" ]; then
    bash scripts/test-cluster.sh .build/release/margin-stress
    bash scripts/check-manifests.sh .build/release/margin-stress
fi
