#!/usr/bin/env python3
"""W1-W3 with the shock models estimated on data: `garch` and `filtered-historical` variants of the same shapes.

Each variant keeps the workload's account, assets, steps and paths (`workloads.py`) and replaces the Gaussian
shocks; one step is one period of the data (`market.distribution.daysPerYear = 365 x steps`, the horizon being
one day), so that the models' per-period parameters have the workload's per-step variance
v_i = sigma_i^2 / (365 x steps):

- garch: GARCH(1,1) per asset with alpha = 0.08, beta = 0.90, omega = v_i (1 - alpha - beta) (long-run variance
  v_i), starting at v_i; Gaussian innovations correlated by the workload's one-factor correlation 0.6.
- filtered-historical: a 500-period price file (written beside the scenario) whose log-returns are one-factor
  (0.6) standardised Student-t(5) vectors times sqrt(v_i), from a fixed seed; EWMA(0.94) filter, i.i.d. draws.

Usage:
    python3 Benchmarks/model_workloads.py OUTDIR [--paths N]   # writes OUTDIR/W{1,2,3}-{gaussian,garch,fhs}.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

import workloads

MODELS = ("gaussian", "garch", "fhs")
ALPHA, BETA = 0.08, 0.90
WINDOW = 500


def variant(name: str, model: str, outdir: Path, paths: int | None = None) -> Path:
    """Write the `model` variant of workload `name` (and its price file for fhs) into outdir; returns its path."""
    scenario = workloads.workload(name, paths)
    d, steps, _ = workloads.WORKLOADS[name]
    assets = workloads.asset_parameters(d)
    per_year = 365 * steps
    variance = [a["volatility"] ** 2 / per_year for a in assets]
    if model == "garch":
        scenario["market"]["distribution"] = {
            "type": "garch", "daysPerYear": per_year,
            "garch": [{"asset": a["symbol"], "omega": v * (1 - ALPHA - BETA), "alpha": ALPHA, "beta": BETA,
                       "variance": v} for a, v in zip(assets, variance)],
        }
    elif model == "fhs":
        rng = np.random.default_rng(20261130 + d)
        nu = 5.0
        common = rng.standard_t(nu, size=(WINDOW, 1)) * np.sqrt((nu - 2) / nu)
        own = rng.standard_t(nu, size=(WINDOW, d)) * np.sqrt((nu - 2) / nu)
        z = np.sqrt(workloads.RHO) * common + np.sqrt(1 - workloads.RHO) * own
        returns = z * np.sqrt(np.array(variance))
        prices = np.vstack([np.array([a["price"] for a in assets]),
                            np.array([a["price"] for a in assets]) * np.exp(np.cumsum(returns, axis=0))])
        days = np.datetime64("2020-01-01") + np.arange(WINDOW + 1)
        csv = outdir / f"{name}-prices.csv"
        lines = ["Date," + ",".join(a["symbol"] for a in assets)]
        lines += [f"{day}," + ",".join(f"{p:.12g}" for p in row) for day, row in zip(days, prices)]
        csv.write_text("\n".join(lines) + "\n")
        # The spot stays the workload's (the file's last prices differ): the window only gives the returns.
        scenario["market"]["distribution"] = {
            "type": "filtered-historical", "daysPerYear": per_year,
            "history": {"file": csv.name, "window": WINDOW, "filter": "ewma", "lambda": 0.94},
        }
    elif model != "gaussian":
        raise ValueError(f"unknown model {model}; use one of {MODELS}")
    scenario["name"] += f", {model}"
    path = outdir / f"{name}-{model}.json"
    path.write_text(json.dumps(scenario, indent=1) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--paths", type=int)
    args = parser.parse_args()
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    for name in workloads.WORKLOADS:
        for model in MODELS:
            print(variant(name, model, out, args.paths))


if __name__ == "__main__":
    main()
