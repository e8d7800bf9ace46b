#!/usr/bin/env python3
"""Benchmark workloads W1-W3 as MarginStress scenario files (schema version 1).

The benchmark model: a cross-margin account with 1,000,000 USD cash collateral holding
linear perpetuals on d risky assets, entered at the market price, with flat maintenance
rates, zero drift, a one-day horizon and a one-factor correlation rho = 0.6 between every
pair of risky assets. Asset i (0-based) uses template k = i mod 8, scaled by r = i // 8:

    price      P0_i  = PRICES[k] * (1 + 0.10 r)
    volatility sig_i = VOLS[k]   * (1 + 0.05 r)
    maintenance rate MMR[k], weight u_i = WEIGHTS[k], sign s_i = -1 if i mod 3 == 1 else +1

and notional_i = g * s_i * u_i (quantity = notional / P0), where the gross scale

    g = K / (sum_i u_i mmr_i + 1.9 * sqrt(H/365 * w' Sigma w)),  w = s * u,
    Sigma_ij = sig_i sig_j rho_ij,  K = 1e6,  H = 1 (days)

puts the account roughly 1.9 one-horizon standard deviations away from liquidation.

Usage:
    python3 Benchmarks/workloads.py OUTDIR [--paths N]     # writes OUTDIR/W1.json, W2.json, W3.json
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

PRICES = (60000.0, 3000.0, 150.0, 0.5, 15.0, 7.0, 0.4, 550.0)
VOLS = (0.55, 0.70, 0.95, 0.85, 0.90, 0.90, 0.85, 0.65)
MMR = (0.004, 0.005, 0.010, 0.015, 0.010, 0.015, 0.020, 0.010)
WEIGHTS = (1.00, 0.80, 0.50, 0.30, 0.30, 0.25, 0.20, 0.40)

COLLATERAL = 1_000_000.0  # K, USD
HORIZON_DAYS = 1.0        # H
RHO = 0.6
SEED = 42
DISTANCE = 1.9            # standard deviations of one-horizon PnL between equity and liquidation

#: name -> (risky assets d, steps, paths)
WORKLOADS = {
    "W1": (8, 96, 200_000),
    "W2": (64, 24, 50_000),
    "W3": (2, 1440, 20_000),
}

#: Large-N reference liquidation probabilities of the workloads.
REFERENCE_PROBABILITY = {"W1": 0.0424, "W2": 0.0346, "W3": 0.0565}


def _tidy(x: float) -> float:
    """Round away binary noise such as 195.00000000000003 (prices and vols only)."""
    return float(f"{x:.12g}")


def asset_parameters(d: int) -> list[dict]:
    """Price, volatility, maintenance rate, weight and sign of the d risky assets."""
    assets = []
    for i in range(d):
        k, r = i % 8, i // 8
        assets.append({
            "symbol": f"A{i:02d}",
            "price": _tidy(PRICES[k] * (1 + 0.10 * r)),
            "volatility": _tidy(VOLS[k] * (1 + 0.05 * r)),
            "mmr": MMR[k],
            "weight": WEIGHTS[k],
            "sign": -1.0 if i % 3 == 1 else 1.0,
        })
    return assets


def gross_scale(assets: list[dict]) -> float:
    """g = K / (sum u mmr + 1.9 sqrt(H/365 w' Sigma w)) for the one-factor correlation RHO."""
    vol = np.array([a["volatility"] for a in assets])
    w = np.array([a["sign"] * a["weight"] for a in assets])
    rho = np.full((len(assets), len(assets)), RHO)
    np.fill_diagonal(rho, 1.0)
    sigma = np.outer(vol, vol) * rho
    maintenance = sum(a["weight"] * a["mmr"] for a in assets)
    spread = math.sqrt(HORIZON_DAYS / 365.0 * float(w @ sigma @ w))
    return COLLATERAL / (maintenance + DISTANCE * spread)


def workload(name: str, paths: int | None = None) -> dict:
    """The scenario (a JSON-ready dict) of workload `name` ("W1", "W2" or "W3")."""
    d, steps, default_paths = WORKLOADS[name]
    assets = asset_parameters(d)
    g = gross_scale(assets)

    positions = [{
        "asset": a["symbol"],
        "quantity": g * a["sign"] * a["weight"] / a["price"],
        "maintenanceMarginRate": a["mmr"],
    } for a in assets]

    market_assets = [{"symbol": a["symbol"], "price": a["price"],
                      "volatility": a["volatility"], "drift": 0} for a in assets]
    market_assets.append({"symbol": "USD", "price": 1, "volatility": 0})

    n = d + 1  # USD last: uncorrelated with everything
    matrix = [[1 if i == j else (RHO if i < d and j < d else 0) for j in range(n)] for i in range(n)]

    return {
        "name": f"{name}: {d} assets, {steps} steps",
        "account": {
            "mode": "cross",
            "collateral": [{"asset": "USD", "amount": int(COLLATERAL), "haircut": 0}],
            "positions": positions,
        },
        "market": {
            "assets": market_assets,
            "correlationMatrix": matrix,
            "distribution": {"type": "gaussian"},
        },
        "simulation": {
            "horizon": int(HORIZON_DAYS) if HORIZON_DAYS.is_integer() else HORIZON_DAYS,
            "steps": steps,
            "paths": int(paths) if paths is not None else default_paths,
            "seed": SEED,
        },
    }


def to_json(scenario: dict) -> str:
    """Indented JSON, with each correlation-matrix row kept on one line."""
    rows = scenario["market"]["correlationMatrix"]
    market = dict(scenario["market"], correlationMatrix=[f"@ROW{i}@" for i in range(len(rows))])
    text = json.dumps(dict(scenario, market=market), indent=2)
    for i, row in enumerate(rows):
        text = text.replace(f'"@ROW{i}@"', json.dumps(row), 1)
    return text + "\n"


def write_all(outdir: str | Path, paths: int | None = None,
              names: tuple[str, ...] = tuple(WORKLOADS)) -> dict[str, Path]:
    """Write OUTDIR/<name>.json for each workload; returns name -> path."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in names:
        path = out / f"{name}.json"
        path.write_text(to_json(workload(name, paths)))
        written[name] = path
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", help="directory to write W1.json, W2.json, W3.json into")
    parser.add_argument("--paths", type=int, help="override the path count of every workload")
    args = parser.parse_args()
    if args.paths is not None and args.paths < 1:
        parser.error("--paths must be at least 1")
    for name, path in write_all(args.outdir, args.paths).items():
        print(f"{name}: {path}")


if __name__ == "__main__":
    main()
