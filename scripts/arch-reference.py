#!/usr/bin/env python3
"""Reference GARCH fits from Python's `arch` package, for the Swift tests (GARCHFitTests).

    python3 scripts/arch-reference.py PRICES.csv ASSET [--gjr] [--t]

Reads the wide CSV, takes ASSET's daily log-returns, fits a constant-mean GARCH(1,1) (GJR with --gjr; Student-t
innovations with --t) on 100 x the returns (arch's advice on scaling), and prints the parameters and their robust
standard errors in per-period log-return units as JSON: {"mu": [value, se], "omega": ..., ...}.
"""
import json
import sys

import numpy as np
from arch import arch_model


def main() -> None:
    path, asset = sys.argv[1], sys.argv[2]
    gjr, student = "--gjr" in sys.argv, "--t" in sys.argv
    with open(path) as f:
        header = f.readline().strip().split(",")
        k = header.index(asset)
        prices = np.array([float(line.strip().split(",")[k]) for line in f if line.strip()])
    r = 100 * np.diff(np.log(prices))
    res = arch_model(r, mean="Constant", vol="GARCH", p=1, o=1 if gjr else 0, q=1,
                     dist="t" if student else "normal").fit(disp="off")
    scale = {"mu": 100, "omega": 1e4}
    names = {"mu": "mu", "omega": "omega", "alpha[1]": "alpha", "gamma[1]": "gamma", "beta[1]": "beta", "nu": "nu"}
    out = {names[n]: [res.params[n] / scale.get(names[n], 1), res.std_err[n] / scale.get(names[n], 1)]
           for n in res.params.index}
    out["loglikelihood"] = res.loglikelihood + len(r) * np.log(100)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
