#!/usr/bin/env python3
"""Markdown tables from `margin-stress backtest --export DIR` results (DIR/backtest.json), for the README.
    python3 scripts/backtest-table.py out1/backtest.json [out2/backtest.json ...]"""
import json
import sys


def p(x):
    return "<0.001" if x < 0.001 else f"{x:.3f}"


rows, liq = [], []
for path in sys.argv[1:]:
    s = json.load(open(path))
    for r in s["results"]:
        for c, z in zip(r["coverage"], r["expectedShortfall"]):
            tl = c["trafficLight"]
            rows.append(f"| {r['book']} | {r['model']} | {c['level'] * 100:g}% | {c['hits']} / {c['expectedHits']:.1f} | "
                        f"{p(c['kupiec']['pValue'])} | {p(c['independence']['pValue'])} | {p(c['conditionalCoverage']['pValue'])} | "
                        f"{tl['green']}/{tl['yellow']}/{tl['red']} | {z['statistic']:.2f} ({z['criticalValue']:.2f}) | {p(z['pValue'])} |")
        c = r["liquidation"]
        skill = "n/a" if c.get("brierSkill") is None else f"{c['brierSkill']:.3f}"
        liq.append(f"| {r['book']} | {r['model']} | {c['brierScore']:.5f} | {skill} | {c['predictedCount']:.1f} | "
                   f"{c['observedCount']} | {c['countStandardError']:.1f} | {c['countZ']:.2f} | {p(c['countPValue'])} |")
print("| book | model | level | hits / expected | Kupiec p | independence p | cond. coverage p | 250-day windows G/Y/R | Z2 (5% critical) | ES p |")
print("|---|---|---|---|---|---|---|---|---|---|")
print("\n".join(sorted(rows, key=lambda r: r.split("|")[1])))
print()
print("| book | model | Brier | skill | predicted | observed | se | z | p |")
print("|---|---|---|---|---|---|---|---|---|")
print("\n".join(sorted(liq, key=lambda r: r.split("|")[1])))
