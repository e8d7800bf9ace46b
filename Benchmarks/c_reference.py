"""The hand-vectorised C implementation of the benchmark model (`CReference/model.c`), driven from Python.

Builds `CReference/model.c` with `clang -O3 -march=native` (into a cache directory, once per source
version), reduces a scenario to the C program's input with `numpy_reference.build_model` (the same
subset: cross, flat rates, Gaussian) and runs it on one thread.

Usage:
    python3 Benchmarks/c_reference.py SCENARIO [--paths N] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy_reference

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "CReference" / "model.c"


def compiler() -> str:
    """clang from PATH (the Swift toolchain's, or Debian's `clang` package)."""
    found = shutil.which(os.environ.get("CC_REFERENCE", "clang"))
    if not found:
        raise SystemExit("c_reference: no clang on PATH; install it (apt-get install clang) or set CC_REFERENCE")
    return found


def binary() -> Path:
    """The compiled model, rebuilt when the source changes."""
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    out = Path(tempfile.gettempdir()) / f"marginstress-c-model-{digest}"
    if not out.exists():
        subprocess.run([compiler(), "-O3", "-march=native", "-Wno-psabi", "-o", str(out), str(SOURCE)], check=True)
    return out


def model_input(model: numpy_reference.Model) -> str:
    d = len(model.p0)
    lines = [f"{d} {model.steps} {model.paths} {model.seed}", f"{float(model.equity_const)!r} {float(model.maint_const)!r}"]
    for i in range(d):
        lines.append(f"{float(model.p0[i])!r} {float(model.drift_dt[i])!r} {float(model.equity_coef[i])!r} {float(model.maint_coef[i])!r}")
    for i in range(d):
        lines.append(" ".join(repr(float(x)) for x in model.shock[i]))
    return "\n".join(lines) + "\n"


def run(scenario, paths: int | None = None) -> dict:
    """Simulate a scenario (dict or path); the summary dict (liquidated, paths, seconds, throughput)."""
    if not isinstance(scenario, dict):
        scenario = numpy_reference.load_scenario(scenario)
    model = numpy_reference.build_model(scenario, paths)
    out = subprocess.run([str(binary())], input=model_input(model), capture_output=True, text=True, check=True)
    liquidated, n, seconds = out.stdout.split()
    liquidated, n, seconds = int(liquidated), int(n), float(seconds)
    d = len(model.p0)
    low, high = numpy_reference.wilson_interval(liquidated, n)
    return {"liquidated": liquidated, "paths": n, "steps": model.steps, "assets": d, "seconds": seconds,
            "probability": liquidated / n, "interval95": [low, high],
            "assetStepsPerSecond": n * model.steps * d / seconds if seconds > 0 else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario")
    parser.add_argument("--paths", type=int)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.scenario, args.paths)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['liquidated']} of {result['paths']} liquidated ({result['probability']:.5f}), "
              f"{result['seconds']:.3f} s, {result['assetStepsPerSecond'] / 1e6:.0f} M asset-steps/s")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
