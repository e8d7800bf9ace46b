#!/usr/bin/env bash
# Executes every notebook in Notebooks/ headless with nbclient and fails on the first error in any cell.
#   NOTEBOOK_PATHS         paths per run inside the notebooks (default 20000: a few seconds per notebook)
#   NOTEBOOK_CELL_TIMEOUT  seconds one cell may take (default 300)
#   MARGIN_STRESS          the binary to run (default .build/release/margin-stress, built here if missing)
# Executed copies, with their outputs and plots, are written to .build/notebooks/ to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
export NOTEBOOK_PATHS="${NOTEBOOK_PATHS:-20000}"
export NOTEBOOK_CELL_TIMEOUT="${NOTEBOOK_CELL_TIMEOUT:-300}"
export MARGIN_STRESS="${MARGIN_STRESS:-$PWD/.build/release/margin-stress}"

if [ ! -x "$MARGIN_STRESS" ]; then
    echo "Building margin-stress (release) ..." >&2
    bash scripts/install-deps.sh
    # shellcheck disable=SC2046
    swift build -c release $(bash scripts/swift-flags.sh) --product margin-stress
fi
if ! python3 -c "import pandas, matplotlib, nbclient, nbformat, ipykernel, yaml" 2>/dev/null; then
    echo "Installing the notebooks' Python packages (Notebooks/requirements.txt) ..." >&2
    python3 -m pip install --quiet --disable-pip-version-check -r Notebooks/requirements.txt
fi

python3 - <<'PY'
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

notebooks = sorted(Path("Notebooks").glob("*.ipynb"))
if not notebooks:
    sys.exit("no notebooks found in Notebooks/")
saved = Path(".build/notebooks")
saved.mkdir(parents=True, exist_ok=True)
timeout = int(os.environ["NOTEBOOK_CELL_TIMEOUT"])
print(f"Executing {len(notebooks)} notebooks with NOTEBOOK_PATHS={os.environ['NOTEBOOK_PATHS']}, "
      f"{timeout} s per cell at most")
passed, failed = 0, 0
for path in notebooks:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.monotonic()
    try:
        client.execute()
        passed += 1
        status = "ok"
    except CellExecutionError as error:
        failed += 1
        status = "FAILED"
        print(f"{path}: {error}", file=sys.stderr)
    except Exception as error:  # a kernel that died or timed out
        failed += 1
        status = "FAILED"
        print(f"{path}: {type(error).__name__}: {error}", file=sys.stderr)
    nbformat.write(notebook, saved / path.name)
    print(f"  {status:6} {path.name}  {time.monotonic() - start:.1f} s")
print(f"notebooks: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
