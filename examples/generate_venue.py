#!/usr/bin/env python3
"""Generate a synthetic book of accounts for `margin-stress exchange` (a realistic-looking venue, not real data).

Writes three CSV tables with pandas (`to_csv(index=False)`), the format `exchange` reads:

    accounts.csv    account,mode,schedule          (mode: cross or isolated; schedule: a name in the scenario)
    positions.csv   account,asset,quantity,entryPrice
    collateral.csv  account,asset,amount

How the book is drawn (every figure below is an assumption of this generator, chosen to look like a retail-heavy
perpetuals venue; none is sourced from a venue's data):

- account equity in USDT: Pareto with tail index 1.3 and minimum 200 (heavy-tailed: a few accounts hold much of
  the equity), capped at 5 million; then `--whales` accounts (default 5) get 20 to 60 million each;
- each account trades 1 to 3 assets, picked by popularity (BTC 45%, ETH 30%, SOL 17%, DOGE 8%);
- per asset a leverage (log-normal, median BTC 5x, ETH 6x, SOL 8x, DOGE 10x, dispersion 0.7, clipped to 1x-50x)
  and a long share (BTC 60%, ETH 55%, SOL 50%, DOGE 65% of positions long);
- the account's equity is split over its assets at random (Dirichlet(1)); notional = share x equity x leverage,
  quantity = notional / price with the sign of the side; entry price = price x exp(N(0, 0.02)) so that accounts
  carry small unrealised PnL; accounts that would start below maintenance margin are deleveraged until they do not;
- 85% of accounts are cross, 15% isolated; every account uses the schedule `standard` (per asset
  `standard/BTC` and so on, defined in examples/venue.yaml).

Usage:
    python3 examples/generate_venue.py --accounts 100000 --seed 1 --out examples/venue
    margin-stress exchange examples/venue.yaml --accounts examples/venue/accounts.csv \
        --positions examples/venue/positions.csv --collateral examples/venue/collateral.csv

Needs numpy and pandas.
"""
import argparse
import os

import numpy as np
import pandas as pd

PRICES = {"BTC": 95000.0, "ETH": 3500.0, "SOL": 200.0, "DOGE": 0.35}
POPULARITY = {"BTC": 0.45, "ETH": 0.30, "SOL": 0.17, "DOGE": 0.08}
MEDIAN_LEVERAGE = {"BTC": 5.0, "ETH": 6.0, "SOL": 8.0, "DOGE": 10.0}
LONG_SHARE = {"BTC": 0.60, "ETH": 0.55, "SOL": 0.50, "DOGE": 0.65}
# Maintenance rate of the first bracket of each asset's schedule in examples/venue.yaml (used to keep every
# account above maintenance at the start).
FIRST_RATE = {"BTC": 0.004, "ETH": 0.005, "SOL": 0.01, "DOGE": 0.01}


def generate(n, seed, whales):
    rng = np.random.default_rng(seed)
    equity = np.minimum(200.0 * (1 + rng.pareto(1.3, n)), 5e6)
    whale = rng.choice(n, size=min(whales, n), replace=False)
    equity[whale] = rng.uniform(20e6, 60e6, size=len(whale))
    assets = list(PRICES)
    popularity = np.array([POPULARITY[a] for a in assets])
    names = np.array([f"a{i:06d}" for i in range(n)])
    modes = np.where(rng.random(n) < 0.85, "cross", "isolated")
    rows = []
    for i in range(n):
        k = rng.integers(1, 4)
        held = rng.choice(len(assets), size=k, replace=False, p=popularity)
        shares = rng.dirichlet(np.ones(k))
        for j, share in zip(held, shares):
            a = assets[j]
            leverage = float(np.clip(MEDIAN_LEVERAGE[a] * np.exp(0.7 * rng.standard_normal()), 1, 50))
            side = 1.0 if rng.random() < LONG_SHARE[a] else -1.0
            notional = share * equity[i] * leverage
            entry = PRICES[a] * float(np.exp(0.02 * rng.standard_normal()))
            rows.append((names[i], a, side * notional / PRICES[a], entry))
    positions = pd.DataFrame(rows, columns=["account", "asset", "quantity", "entryPrice"])
    # Keep every account above maintenance at the start: scale its positions down if needed (flat first-bracket
    # rate, a margin of safety of 2 for the higher brackets).
    price = positions["asset"].map(PRICES)
    pnl = positions["quantity"] * (price - positions["entryPrice"])
    mm = 2 * positions["quantity"].abs() * price * positions["asset"].map(FIRST_RATE)
    by = pd.DataFrame({"account": positions["account"], "pnl": pnl, "mm": mm}).groupby("account").sum()
    eq = pd.Series(equity, index=names)
    ratio = (eq.loc[by.index] / (by["mm"] - by["pnl"]).clip(lower=1e-9)).clip(upper=1.0)
    scale = np.where(by["mm"] - by["pnl"] > eq.loc[by.index], 0.5 * ratio, 1.0)
    positions["quantity"] *= positions["account"].map(pd.Series(scale, index=by.index))
    accounts = pd.DataFrame({"account": names, "mode": modes, "schedule": "standard"})
    collateral = pd.DataFrame({"account": names, "asset": "USDT", "amount": equity.round(2)})
    return accounts, positions, collateral


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--whales", type=int, default=5)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "venue"))
    args = parser.parse_args()
    accounts, positions, collateral = generate(args.accounts, args.seed, args.whales)
    os.makedirs(args.out, exist_ok=True)
    accounts.to_csv(os.path.join(args.out, "accounts.csv"), index=False)
    positions.to_csv(os.path.join(args.out, "positions.csv"), index=False)
    collateral.to_csv(os.path.join(args.out, "collateral.csv"), index=False)
    print(f"{len(accounts)} accounts, {len(positions)} positions written to {args.out}")


if __name__ == "__main__":
    main()
