#!/usr/bin/env bash
# Installs headless Chromium (Debian's `chromium` package) for the tests that open the HTML reports in a browser
# (HTMLReportTests' browser test and the compare/tune report tests); without it those tests are skipped.
# Does nothing when `chromium` is on the PATH; MARGINSTRESS_SKIP_BROWSER=1 leaves it out.
set -euo pipefail
if [ "${MARGINSTRESS_SKIP_BROWSER:-0}" = "1" ] || command -v chromium >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing chromium (for the tests that render the HTML reports) ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
