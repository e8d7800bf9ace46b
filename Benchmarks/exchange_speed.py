#!/usr/bin/env python3
"""Account-steps per second of `margin-stress exchange` on the synthetic venue (examples/generate_venue.py,
examples/venue.yaml: 4 assets, 24 hourly steps), and the extrapolation to 100,000 accounts x 10,000 paths x 24 steps.

    python3 Benchmarks/exchange_speed.py [--accounts 100000] [--paths 1024] [--repeat 3] [--workers 0]
        [--binary .build/release/margin-stress] [--impact]

Each repetition runs `exchange ... --json --quiet` and times the whole process (loading the book included) and
reads nothing else; throughput = margin units x paths x steps / seconds of the simulation, where the simulation's
seconds are the whole run's minus the load time measured with `--paths 1` (the same book, one path). Prints the
median and range, the load average (1 minute) before and after, and the time 100,000 accounts x 10,000 paths x 24
steps would take at the median throughput with this book's units per account. The machine is shared: the load
average says how much.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--accounts", type=int, default=100_000)
    ap.add_argument("--paths", type=int, default=1024)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/margin-stress"))
    ap.add_argument("--impact", action="store_true", help="with depth on every asset and a fund of 1e6 (cascades, fund, ADL)")
    a = ap.parse_args()
    out = tempfile.mkdtemp(prefix="exchange-speed-")
    subprocess.run([sys.executable, os.path.join(ROOT, "examples/generate_venue.py"), "--accounts", str(a.accounts),
                    "--seed", "1", "--out", out], check=True, stdout=subprocess.DEVNULL)
    base = [a.binary, "exchange", os.path.join(ROOT, "examples/venue.yaml"), "--accounts", f"{out}/accounts.csv",
            "--positions", f"{out}/positions.csv", "--collateral", f"{out}/collateral.csv", "--json", "--quiet"]
    if a.workers:
        base += ["--workers", str(a.workers)]
    if a.impact:
        base += ["--depth", "BTC=2e9", "--depth", "ETH=1e9", "--depth", "SOL=3e8", "--depth", "DOGE=1e8", "--insurance-fund", "1e6"]

    def timed(paths):
        t = time.perf_counter()
        r = subprocess.run(base + ["--paths", str(paths)], check=True, capture_output=True, text=True)
        return time.perf_counter() - t, json.loads(r.stdout)

    load_before = os.getloadavg()[0]
    load_time, first = timed(1)
    units, steps = first["units"], first["steps"]
    rates, results = [], []
    for _ in range(a.repeat):
        seconds, summary = timed(a.paths)
        simulation = max(seconds - load_time, 1e-9)
        rates.append(units * a.paths * steps / simulation)
        results.append(json.dumps(summary["liquidatedNotional"], sort_keys=True))
    load_after = os.getloadavg()[0]
    median = statistics.median(rates)
    target = 100_000 * (units / a.accounts) * 10_000 * 24
    print(f"book: {a.accounts:,} accounts, {units:,} margin units; {a.paths:,} paths x {steps} steps; "
          f"load of the book (--paths 1): {load_time:.1f} s")
    print(f"account-steps per second (margin units x paths x steps / simulation seconds): median {median / 1e6:.1f} M/s "
          f"(range {min(rates) / 1e6:.1f}-{max(rates) / 1e6:.1f}, {a.repeat} runs); results identical: {len(set(results)) == 1}")
    print(f"load average (1 min) before {load_before:.2f}, after {load_after:.2f}")
    print(f"100,000 accounts x 10,000 paths x 24 steps at this rate: {target / median:.0f} s of simulation "
          f"(+ {load_time * 100_000 / a.accounts:.0f} s to load the book)")


if __name__ == "__main__":
    main()
