#!/usr/bin/env bash
# Installs the Python packages the test suite compares against (arch, for the GARCH fits), from PyPI.
# Quiet, and does nothing when they are already importable. Without python3, says so and leaves the
# comparison tests to skip themselves.
set -euo pipefail
if ! command -v python3 >/dev/null 2>&1; then
    echo "install-python-deps: python3 not found; the comparisons with Python's arch package will be skipped" >&2
    exit 0
fi
if python3 -c "import arch, numpy" >/dev/null 2>&1; then
    exit 0
fi
echo "Installing Python's arch package (reference for the GARCH tests) ..." >&2
python3 -m pip install --quiet --disable-pip-version-check "arch>=6" 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "arch>=6" \
    || echo "install-python-deps: could not install arch (is pip installed?); the comparisons with it will be skipped" >&2
