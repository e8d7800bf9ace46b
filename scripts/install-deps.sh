#!/usr/bin/env bash
# Installs the system libraries MarginStress builds against (LAPACKE, from Debian's liblapacke-dev).
# Does nothing when they are already there.
set -euo pipefail
if [ -f /usr/include/lapacke.h ] && ldconfig -p 2>/dev/null | grep -q liblapacke; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing liblapacke-dev (LAPACKE, for the Cholesky factor) ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq liblapacke-dev >/dev/null
