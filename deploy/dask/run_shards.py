#!/usr/bin/env python3
"""Run a margin-stress scenario as N shards on a Dask cluster, then merge them.

Each shard is one `margin-stress run SCENARIO --shard I/N --partial FILE --quiet` subprocess, run by a Dask
worker in a temporary directory of its own. The worker sends the partial result (a small JSON file) back to
this process, which writes the parts to OUTDIR/part-I.json and runs `margin-stress merge` on them: the merged
result is bit-identical to one `margin-stress run` of the whole scenario.

By default the shards run on a dask.distributed LocalCluster on this machine (one single-threaded worker
process per core, or --workers). With --scheduler ADDRESS they run on an existing cluster
(e.g. tcp://scheduler:8786, started with `dask scheduler` and `dask worker`). The workers need only the
margin-stress binary, at the path given by --binary (the scenario file is read here and sent to them);
install it at the same path on every worker host.

Requirements: Python 3.9+ and `pip install "dask[distributed]"` here and on the workers.

Usage:
    python3 deploy/dask/run_shards.py [SCENARIO] --shards 8 --out results/ [--binary PATH]
        [--scheduler ADDRESS] [--workers W] [--command run|tune|compare] [--json] [-- OPTIONS...]

SCENARIO    scenario file; without it, the built-in default scenario
OPTIONS     go to every shard's command, e.g. -- --paths 2000000 --seed 7. On one machine, -- --workers 1
            keeps each shard on one thread (otherwise every shard starts one thread per core).

Writes OUTDIR/part-0.json ... part-(N-1).json and OUTDIR/result.json (as `run --json`), and prints the merged
table (or the JSON with --json). Exits non-zero when a shard or the merge fails, with its error output.

Example (the default scenario, 2 million paths, 8 shards on this machine):
    python3 deploy/dask/run_shards.py --shards 8 --out /tmp/ms-dask -- --paths 2000000 --workers 1
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_shard(binary: str, command: str, scenario_text: str | None, options: list[str],
              index: int, count: int) -> tuple[int, bytes, float]:
    """Runs shard `index` of `count` on a worker; returns (index, partial JSON bytes, seconds)."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="margin-stress-shard-") as tmp:
        args = [binary, command]
        if scenario_text is not None:
            scenario = Path(tmp) / "scenario.yaml"
            scenario.write_text(scenario_text)
            args.append(str(scenario))
        partial = Path(tmp) / f"part-{index}.json"
        args += options + ["--shard", f"{index}/{count}", "--partial", str(partial), "--quiet"]
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"shard {index}/{count} failed with exit code {done.returncode}: "
                               f"{' '.join(args)}\n{done.stderr.strip()}")
        return index, partial.read_bytes(), time.perf_counter() - start


def default_binary() -> str:
    built = Path(__file__).resolve().parents[2] / ".build" / "release" / "margin-stress"
    if built.is_file():
        return str(built)
    return shutil.which("margin-stress") or "margin-stress"


def main() -> int:
    argv = sys.argv[1:]
    options: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, options = argv[:cut], argv[cut + 1:]
    parser = argparse.ArgumentParser(
        description="Run a margin-stress scenario as N shards on Dask and merge them.",
        epilog="Arguments after -- go to every shard's command, e.g. -- --paths 2000000.")
    parser.add_argument("scenario", nargs="?", help="scenario file (default: the built-in default scenario)")
    parser.add_argument("--shards", type=int, default=4, help="number of shards (default 4)")
    parser.add_argument("--out", required=True, help="directory for the part files and result.json")
    parser.add_argument("--binary", default=default_binary(),
                        help="margin-stress on the workers (default: .build/release/margin-stress, else PATH)")
    parser.add_argument("--command", default="run", choices=["run", "tune", "compare"])
    parser.add_argument("--scheduler", help="address of a running Dask scheduler (default: a LocalCluster)")
    parser.add_argument("--workers", type=int, default=0,
                        help="LocalCluster worker processes (default: one per core, at most --shards)")
    parser.add_argument("--retries", type=int, default=0, help="times Dask retries a failed shard (default 0)")
    parser.add_argument("--json", action="store_true", help="print the merged JSON instead of the table")
    args = parser.parse_args(argv)
    if args.shards < 1:
        parser.error("--shards must be at least 1")

    from dask.distributed import Client, LocalCluster  # imported here so --help works without Dask

    scenario_text = Path(args.scenario).read_text() if args.scenario else None
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("part-*.json")) + [out / "result.json"]:
        old.unlink(missing_ok=True)

    start = time.perf_counter()
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        workers = args.workers or min(args.shards, os.cpu_count() or 1)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(run_shard, [args.binary] * args.shards, [args.command] * args.shards,
                             [scenario_text] * args.shards, [options] * args.shards,
                             range(args.shards), [args.shards] * args.shards,
                             pure=False, retries=args.retries)
        try:
            results = client.gather(futures)
        except Exception as error:  # the first failed shard's error
            print(f"run_shards: {error}", file=sys.stderr)
            return 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    shards_done = time.perf_counter()

    parts = []
    for index, data, seconds in sorted(results):
        part = out / f"part-{index}.json"
        part.write_bytes(data)
        parts.append(str(part))
        print(f"run_shards: shard {index}/{args.shards} took {seconds:.2f} s", file=sys.stderr)

    merge = [args.binary, "merge", *parts]
    merged = subprocess.run(merge + ["--json"], capture_output=True, text=True)
    if merged.returncode != 0:
        print(f"run_shards: merge failed ({merged.returncode}): {merged.stderr.strip()}", file=sys.stderr)
        return 1
    (out / "result.json").write_text(merged.stdout)
    if args.json:
        sys.stdout.write(merged.stdout)
    else:
        table = subprocess.run(merge, capture_output=True, text=True)
        if table.returncode != 0:
            print(f"run_shards: merge failed ({table.returncode}): {table.stderr.strip()}", file=sys.stderr)
            return 1
        sys.stdout.write(table.stdout)
    where = args.scheduler or "a LocalCluster"
    print(f"run_shards: {args.shards} shards on {where} in {shards_done - start:.2f} s, merged in "
          f"{time.perf_counter() - shards_done:.2f} s; result in {out / 'result.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
