#!/usr/bin/env python3
"""Reference implementation of the MarginStress cross-margin model in vectorised numpy.

Reads a scenario file (JSON or YAML, schema version 1) and estimates the probability that
the account is liquidated within the horizon. Supported subset: cross mode, flat maintenance
rates, collateral valued at market price less haircut, linear perpetuals/futures, Gaussian
log-returns, correlations given as `correlationMatrix` or `correlations` pairs.

Model, per step of dt = horizon_days / daysPerYear (default 365) / steps years:
    x_i = (mu_i - sigma_i^2 / 2) dt + sigma_i sqrt(dt) (L z)_i,   z ~ N(0, I),  L L^T = C
    E_t = K_t + sum_i q_i (P_i,t - e_i),   M_t = sum_i |q_i| P_i,t mmr_i
A path is liquidated at the first step t >= 1 with E_t < M_t. Assets with zero volatility
(cash, stablecoins) keep their price; only the others are simulated, and only they count
towards the throughput (asset-steps per second = paths * steps * d / seconds).

Paths are simulated in chunks (at most 10,000 paths, and at most ~8M path-step-asset values)
drawn in order from numpy's default_rng(seed), so memory stays bounded and a run is
reproducible for a given file. BLAS threading follows the environment (OPENBLAS_NUM_THREADS...).

Usage:
    python3 Benchmarks/numpy_reference.py SCENARIO [--paths N] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DAYS_PER_YEAR = 365.0
MAX_CHUNK_PATHS = 10_000
MAX_CHUNK_VALUES = 1 << 23


class ScenarioError(ValueError):
    """A scenario this reference cannot run; the message names the field."""


@dataclass
class Model:
    """The account and market reduced to arrays over the d simulated (non-zero vol) assets."""
    name: str
    steps: int
    paths: int
    seed: int
    symbols: list[str]        # simulated assets
    p0: np.ndarray            # (d,) initial prices
    drift_dt: np.ndarray      # (d,) (mu - sigma^2/2) dt
    shock: np.ndarray         # (d, d) diag(sigma sqrt(dt)) L
    equity_const: float       # constant part of equity: fixed-price collateral and positions, - sum q e
    equity_coef: np.ndarray   # (d,) equity = equity_const + P . equity_coef
    maint_const: float        # maintenance of positions on fixed-price assets
    maint_coef: np.ndarray    # (d,) maintenance = maint_const + P . maint_coef


def load_scenario(path: str | Path) -> dict:
    """Parse a JSON or YAML scenario file."""
    text = Path(path).read_text()
    if str(path).endswith(".json"):
        return json.loads(text)
    import yaml
    return yaml.safe_load(text)


def horizon_days(value) -> float:
    """A horizon such as 1, 7.5, "24h", "7d" or "2w", in days."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().lower()
    units = {"h": 1 / 24, "d": 1.0, "w": 7.0}
    try:
        if text[-1:] in units:
            return float(text[:-1]) * units[text[-1]]
        return float(text)
    except ValueError:
        raise ScenarioError(f"simulation.horizon: cannot read {value!r}; use e.g. 24h, 7d or a number of days")


def correlation_matrix(market: dict, symbols: list[str]) -> np.ndarray:
    """The full correlation matrix in the order of `market.assets`."""
    n = len(symbols)
    if "correlationMatrix" in market:
        c = np.array(market["correlationMatrix"], dtype=float)
        if c.shape != (n, n):
            raise ScenarioError(f"market.correlationMatrix: expected {n}x{n} (the order of market.assets), got {c.shape}")
        return c
    c = np.eye(n)
    index = {s: i for i, s in enumerate(symbols)}
    for pair in market.get("correlations") or []:
        a, b, rho = pair
        if a not in index or b not in index:
            raise ScenarioError(f"market.correlations: unknown asset in {pair!r}")
        c[index[a], index[b]] = c[index[b], index[a]] = float(rho)
    return c


def build_model(scenario: dict, paths: int | None = None) -> Model:
    """Validate the supported subset of a scenario and reduce it to a Model."""
    account, market, sim = scenario["account"], scenario["market"], scenario["simulation"]
    if account.get("mode", "cross") != "cross":
        raise ScenarioError("account.mode: only cross is supported by the reference")
    dist = (market.get("distribution") or {}).get("type", "gaussian")
    if dist != "gaussian":
        raise ScenarioError(f"market.distribution.type: only gaussian is supported by the reference, got {dist!r}")

    assets = market["assets"]
    symbols = [a["symbol"] for a in assets]
    index = {s: i for i, s in enumerate(symbols)}
    price = np.array([float(a["price"]) for a in assets])
    vol = np.array([float(a["volatility"]) for a in assets])
    mu = np.array([float(a.get("drift", 0) or 0) for a in assets])
    if np.any(price <= 0) or np.any(vol < 0):
        raise ScenarioError("market.assets: prices must be positive and volatilities non-negative")

    steps = int(sim["steps"])
    dt = horizon_days(sim["horizon"]) / float(sim.get("daysPerYear", DAYS_PER_YEAR)) / steps
    risky = np.flatnonzero(vol > 0)
    corr = correlation_matrix(market, symbols)[np.ix_(risky, risky)]
    try:
        chol = np.linalg.cholesky(corr)
    except np.linalg.LinAlgError:
        raise ScenarioError("market.correlationMatrix: not positive definite over the assets with volatility > 0")

    # Equity and maintenance are linear in the prices: split them into constant and per-asset parts.
    equity_all, maint_all, equity_const = np.zeros(len(assets)), np.zeros(len(assets)), 0.0
    for c in account.get("collateral") or []:
        if c["asset"] not in index:
            raise ScenarioError(f"account.collateral: unknown asset {c['asset']!r}")
        equity_all[index[c["asset"]]] += float(c["amount"]) * (1 - float(c.get("haircut", 0) or 0))
    for p in account.get("positions") or []:
        if p["asset"] not in index:
            raise ScenarioError(f"account.positions: unknown asset {p['asset']!r}")
        mmr = p.get("maintenanceMarginRate")
        if not isinstance(mmr, (int, float)):
            raise ScenarioError(f"account.positions[{p['asset']}].maintenanceMarginRate: only flat rates are supported")
        i, q = index[p["asset"]], float(p["quantity"])
        equity_all[i] += q
        equity_const -= q * float(p.get("entryPrice", price[i]))
        maint_all[i] += abs(q) * float(mmr)
    fixed = vol == 0

    return Model(
        name=scenario.get("name", ""),
        steps=steps,
        paths=int(paths if paths is not None else sim["paths"]),
        seed=int(sim.get("seed", 0)),
        symbols=[symbols[i] for i in risky],
        p0=price[risky],
        drift_dt=(mu[risky] - vol[risky] ** 2 / 2) * dt,
        shock=(vol[risky] * math.sqrt(dt))[:, None] * chol,
        equity_const=equity_const + float(equity_all[fixed] @ price[fixed]),
        equity_coef=equity_all[risky],
        maint_const=float(maint_all[fixed] @ price[fixed]),
        maint_coef=maint_all[risky],
    )


def simulate(model: Model) -> int:
    """Number of liquidated paths out of model.paths."""
    d, steps = len(model.p0), model.steps
    if d == 0:  # nothing moves: the account is liquidated on every path or none
        return model.paths if model.equity_const < model.maint_const else 0
    rng = np.random.default_rng(model.seed)
    chunk = max(1, min(MAX_CHUNK_PATHS, MAX_CHUNK_VALUES // (steps * d)))
    count = 0
    for start in range(0, model.paths, chunk):
        m = min(chunk, model.paths - start)
        z = rng.standard_normal((m * steps, d))
        x = z @ model.shock.T                     # correlated shocks, one row per (path, step)
        del z
        x += model.drift_dt
        x = x.reshape(m, steps, d)
        np.cumsum(x, axis=1, out=x)               # log(P_t / P_0), t = 1..steps
        np.exp(x, out=x)
        x *= model.p0                             # prices
        prices = x.reshape(m * steps, d)
        equity = model.equity_const + prices @ model.equity_coef
        maintenance = model.maint_const + prices @ model.maint_coef
        count += int(np.count_nonzero((equity < maintenance).reshape(m, steps).any(axis=1)))
    return count


def wilson_interval(count: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """95% Wilson score interval for a binomial proportion."""
    if n == 0:
        return (0.0, 1.0)
    p = count / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def run(scenario: dict | str | Path, paths: int | None = None) -> dict:
    """Simulate a scenario (dict or file path); returns the summary dict printed by --json."""
    if not isinstance(scenario, dict):
        scenario = load_scenario(scenario)
    model = build_model(scenario, paths)
    start = time.perf_counter()
    count = simulate(model)
    seconds = time.perf_counter() - start
    n, d = model.paths, len(model.p0)
    p = count / n
    return {
        "probability": p,
        "standardError": math.sqrt(p * (1 - p) / n),
        "interval95": list(wilson_interval(count, n)),
        "count": count,
        "paths": n,
        "steps": model.steps,
        "assets": d,
        "seconds": seconds,
        "assetStepsPerSecond": n * model.steps * d / seconds if seconds > 0 else float("inf"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", help="scenario file (.json, .yaml)")
    parser.add_argument("--paths", type=int, help="override simulation.paths")
    parser.add_argument("--json", action="store_true", help="print the summary as a JSON object")
    args = parser.parse_args()
    if args.paths is not None and args.paths < 1:
        parser.error("--paths must be at least 1")
    try:
        r = run(args.scenario, args.paths)
    except (ScenarioError, KeyError, FileNotFoundError) as e:
        sys.exit(f"error: {e if not isinstance(e, KeyError) else f'missing field {e}'}")
    if args.json:
        print(json.dumps(r))
        return
    lo, hi = r["interval95"]
    print(f"{args.scenario}: {r['assets']} assets, {r['steps']} steps, {r['paths']} paths")
    print(f"liquidation probability {r['probability']:.5f} (se {r['standardError']:.5f}, "
          f"95% [{lo:.5f}, {hi:.5f}]), {r['count']} paths")
    print(f"simulation {r['seconds']:.2f} s, {r['assetStepsPerSecond']:.3g} asset-steps/s")


if __name__ == "__main__":
    main()
