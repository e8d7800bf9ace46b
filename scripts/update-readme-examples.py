#!/usr/bin/env python3
"""Re-runs every example output, table and figure the README shows and writes them back in place.

Results are reproducible for a given build, but a change to the engine's arithmetic (a new
sampler, another way of pricing) changes their last digits: run this after such a change and
read the diff. It rewrites
  - every fenced block whose first line is `$ margin-stress ...`, when the files it names exist
    (the error examples use files that are not kept, so they are left as they are; so are blocks that
    start otherwise, such as the interrupted run's excerpt and merge's errors, which need a signal or
    shard files: re-measure those by hand);
  - the default run's block (after "The default scenario, `margin-stress run --quiet`:");
  - the trimmed JSON summary of the default run (the ```json block under "The JSON summary"),
    keeping its keys, cutting histograms and survival to their first entries;
  - the examples table (the "Paths x steps" and "Liquidation probability" columns of each file's row,
    from `margin-stress run FILE --json --quiet`);
  - the figures quoted in the Examples section's prose (FIGURES below: each is a pattern in the README
    and the runs that give its numbers, some on a variant of an example written to a temporary file).
Timing lines and values (`Simulated in ...`, the JSON's `timing`, `exchange`'s throughput line, ...)
depend on the machine and its load: they are masked. `--check` ignores them, and writing keeps the
README's own timing lines (re-measure those on an idle machine, by hand).

Usage: python3 scripts/update-readme-examples.py [--binary PATH] [--check] [--readme FILE] [--only PARTS]
  --check   exit 1 (and print what differs) instead of writing; CI runs this (scripts/test.sh)
  --readme  another Markdown file to check or rewrite (the tests use a small one)
  --only    some of blocks,table,figures (default all three)
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```\n", re.S | re.M)

# Lines whose numbers depend on the machine: masked in the check, kept from the README when writing.
TIMING = [
    re.compile(r"^Simulated in .* paths/s\)$"),
    re.compile(r"^\s*\"timing\": \{.*\},?$"),
    re.compile(r"^\s*\"(seconds|simulationSeconds|pathsPerSecond|assetStepsPerSecond|workers)\" ?: .*$"),
    re.compile(r"^[0-9.]+ s on [0-9]+ workers?: .* per second$"),
    re.compile(r".*\b[0-9.]+ s( on [0-9]+ workers?)?[,;)]? .*(paths/s|per second|in total).*$"),
    re.compile(r"^(Computed|Simulated|Backtested|Fitted) in [0-9.]+ s.*$"),
    re.compile(r"^progress: .* paths/s, .* elapsed, ETA .*$"),
]
# No progress lines in the outputs shown (a slow run would otherwise print some on standard error).
QUIET_PROGRESS = {**os.environ, "MARGINSTRESS_PROGRESS_INTERVAL": "1000000"}

BINARY: Path


def is_timing(line: str) -> bool:
    return any(p.match(line) for p in TIMING)


def masked(text: str) -> str:
    return "\n".join("<timing>" if is_timing(l) else l for l in text.split("\n"))


def keep_timing(old: str, new: str) -> str:
    """`new` with its timing lines replaced, in order, by those of `old` (when `old` has as many)."""
    old_timing = [l for l in old.split("\n") if is_timing(l)]
    out, i = [], 0
    for line in new.split("\n"):
        if is_timing(line) and i < len(old_timing):
            out.append(old_timing[i])
            i += 1
        else:
            out.append(line)
    return "\n".join(out)


@lru_cache(maxsize=None)
def run_cached(args: tuple[str, ...]) -> str:
    proc = subprocess.run([str(BINARY), *args], cwd=ROOT, capture_output=True, text=True, env=QUIET_PROGRESS)
    # Examples show what a user sees in a terminal: standard output, then any warnings on stderr.
    return proc.stdout + proc.stderr


def run(args: list[str]) -> str:
    return run_cached(tuple(args))


def run_json(args: list[str]) -> dict:
    proc = subprocess.run([str(BINARY), *args, "--json", "--quiet"], cwd=ROOT, capture_output=True, text=True,
                          env=QUIET_PROGRESS)
    if proc.returncode != 0:
        raise SystemExit(f"error: margin-stress {' '.join(args)}: exit {proc.returncode}\n{proc.stderr}")
    return json.loads(proc.stdout)


@lru_cache(maxsize=None)
def summary(file: str, replace: tuple[tuple[str, str], ...] = ()) -> dict:
    """The JSON summary of `run file`, on a copy of the file with each (old, new) text replaced."""
    if not replace:
        return run_json(["run", file])
    text = (ROOT / file).read_text()
    for old, new in replace:
        if old not in text:
            raise SystemExit(f"error: {file}: the variant's text {old!r} is not in the file any more")
        text = text.replace(old, new)
    with tempfile.NamedTemporaryFile("w", suffix=Path(file).suffix, dir=ROOT / "examples", delete=False) as f:
        f.write(text)
        path = Path(f.name)
    try:
        return run_json(["run", str(path)])
    finally:
        path.unlink()


def compact(value, indent: int, width: int = 110) -> str:
    """JSON with objects on one line when they fit, else one key per line (the README's layout)."""
    one_line = json.dumps(value, separators=(", ", ": "))
    if not isinstance(value, dict) or indent + len(one_line) <= width and indent > 2:
        return one_line
    pad = " " * (indent + 2)
    items = [f'{pad}"{k}": {compact(v, indent + 2, width)}' for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"


def trimmed_summary() -> str:
    summary = json.loads(run(["run", "--json", "--quiet"]))

    def trim(node):
        if isinstance(node, dict):
            return {k: trim(v) for k, v in node.items()}
        if isinstance(node, list) and node and isinstance(node[0], dict):
            return [trim(node[0]), "..."]
        return node

    text = compact(trim(summary), 0)
    # A trimmed list reads [first, ...] rather than [first, "..."].
    return text.replace(', "..."]', ", ...]") + "\n"


# Number formats of the README's prose.
def pct(decimals: int):
    return lambda p: f"{p * 100:.{decimals}f}%"


def thousands(x: float) -> str:
    return f"{round(x / 1000) * 1000:,.0f}"


def liq(s: dict) -> float:
    return s["liquidation"]["probability"]


def below_zero(s: dict) -> float:
    return s["minimumEquity"]["belowZero"]["probability"]


def es999(s: dict) -> float:
    return s["terminalPnL"]["expectedShortfall"]["0.999"]


GAUSSIAN = (("distribution: {type: student-t, degreesOfFreedom: 4}", "distribution: {type: gaussian}"),)
# The same 240,500 USD of collateral held as USDC instead of 60,000 USDC + 2 BTC at 95%.
ALL_USDC = (("- {asset: USDC, amount: 60000, haircut: 0}", "- {asset: USDC, amount: 240500, haircut: 0}"),
            ("- {asset: BTC, amount: 2, haircut: 0.05}", ""))

# Each figure: a pattern of the README with one group per number, and the numbers' texts in order.
FIGURES = [
    (r"probability is that of the Gaussian model \(([0-9.]+%) both\)",
     lambda: [pct(1)(liq(summary("examples/leveraged-directional.yaml")))]),
    (r"equity goes below zero more often \(([0-9.]+%)\s+against ([0-9.]+%)\)",
     lambda: [pct(2)(below_zero(summary("examples/leveraged-directional.yaml"))),
              pct(2)(below_zero(summary("examples/leveraged-directional.yaml", GAUSSIAN)))]),
    (r"99\.9% expected shortfall is almost a third larger \(([0-9,]+) against ([0-9,]+)\)",
     lambda: [thousands(es999(summary("examples/leveraged-directional.yaml"))),
              thousands(es999(summary("examples/leveraged-directional.yaml", GAUSSIAN)))]),
    (r"short-heavy book \(about\s+([0-9.]+%) against ([0-9.]+%) with the same value in USDC\)",
     lambda: [pct(1)(liq(summary("examples/multi-collateral.yaml"))),
              pct(1)(liq(summary("examples/multi-collateral.yaml", ALL_USDC)))]),
    (r"risk of a long-heavy one \(about ([0-9.]+%)\s+against ([0-9.]+%)\)",
     lambda: [pct(1)(liq(summary("examples/multi-collateral-long.yaml"))),
              pct(1)(liq(summary("examples/multi-collateral-long.yaml", ALL_USDC)))]),
    (r"The simulation gives\s+([0-9.]+% ± [0-9.]+%)",
     lambda: [f"{liq(summary('examples/example.json')) * 100:.3f}% ± "
              f"{summary('examples/example.json')['liquidation']['standardError'] * 100:.3f}%"]),
]

TABLE_ROW = re.compile(r"^\| \[`([^`]+)`\]\(examples/[^)]+\) \| (.*?) \| ([0-9,]+ x [0-9,]+)(, [^|]*) \| ([^|]*) \|$", re.M)


PROBABILITY = re.compile(r"^  probability\s+(\S+)\s+\(se ([^,]+),", re.M)
SIZE = re.compile(r"^([0-9,]+) paths x ([0-9,]+) steps over ", re.M)


def examples_table(text: str) -> str:
    """Each row's size and probability as `margin-stress run FILE --quiet` prints them."""
    def row(m: re.Match) -> str:
        table = run(["run", f"examples/{m.group(1)}", "--quiet"])
        p, size = PROBABILITY.search(table), SIZE.search(table)
        if not p or not size:
            raise SystemExit(f"error: cannot read the probability of examples/{m.group(1)} from:\n{table}")
        return (f"| [`{m.group(1)}`](examples/{m.group(1)}) | {m.group(2)} | {size.group(1)} x {size.group(2)}{m.group(4)} "
                f"| {p.group(1)} (se {p.group(2)}) |")
    return TABLE_ROW.sub(row, text)


def figures(text: str) -> str:
    for pattern, values in FIGURES:
        m = re.search(pattern, text)
        if not m:
            raise SystemExit(f"error: README.md no longer has the figure {pattern!r}: update FIGURES in {__file__}")
        new = values()
        parts, last = [], m.start()
        for i, value in enumerate(new, start=1):
            parts.append(text[last:m.start(i)])
            parts.append(value)
            last = m.end(i)
        text = text[:m.start()] + "".join(parts) + text[last:]
    return text


def main() -> int:
    global BINARY
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", type=Path, default=ROOT / ".build" / "release" / "margin-stress")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--readme", type=Path, default=README)
    parser.add_argument("--only", default="blocks,table,figures")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    if not parts <= {"blocks", "table", "figures"}:
        parser.error(f"--only {args.only}: give some of blocks, table, figures")
    BINARY = args.binary.resolve()
    if not BINARY.is_file():
        print(f"error: no margin-stress at {BINARY}; build it with `swift build -c release`", file=sys.stderr)
        return 2

    text = args.readme.read_text()
    changed = []

    def replace(match: re.Match) -> str:
        body = match.group(1)
        fence = match.group(0)[: match.group(0).index("\n") + 1]
        before = text[: match.start()].rstrip().splitlines()[-1] if match.start() else ""
        new = None
        if body.startswith("$ margin-stress "):
            command = body.splitlines()[0]
            words = shlex.split(command[len("$ margin-stress "):])
            files = [w for w in words if w.endswith((".yaml", ".yml", ".json", ".csv"))]
            if all((ROOT / f).is_file() for f in files):
                new = command + "\n" + run(words)
        elif before.startswith("The default scenario, `margin-stress run --quiet`"):
            new = run(["run", "--quiet"])
        elif fence.startswith("```json") and "The default run's summary, trimmed" in before:
            new = trimmed_summary()
        if new is None or masked(new) == masked(body):
            return match.group(0)
        changed.append((body.splitlines()[0] if body else "(block)", body, new))
        return fence + keep_timing(body, new) + "```\n"

    updated = FENCE.sub(replace, text) if "blocks" in parts else text
    for part, name, transform in [("table", "examples table", examples_table), ("figures", "figures in the prose", figures)]:
        if part not in parts:
            continue
        before = updated
        updated = transform(updated)
        if updated != before:
            changed.append((name, before, updated))
    for name, old, new in changed:
        print(f"{'differs' if args.check else 'updated'}: {name}")
        if args.check:
            diff = difflib.unified_diff(masked(old).splitlines(), masked(new).splitlines(), lineterm="", n=0)
            print("\n".join(list(diff)[2:40]))
    if args.check:
        if changed:
            print("README.md is not current: run python3 scripts/update-readme-examples.py and commit the diff",
                  file=sys.stderr)
        return 1 if changed else 0
    args.readme.write_text(updated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
