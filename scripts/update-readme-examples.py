#!/usr/bin/env python3
"""Re-runs the example outputs shown in README.md and writes them back in place.

Results are reproducible for a given build, but a change to the engine's arithmetic (a new
sampler, another way of pricing) changes their last digits: run this after such a change and
read the diff. It rewrites
  - every fenced block whose first line is `$ margin-stress ...`, when the files it names exist
    (the error examples use files that are not kept, so they are left as they are; so are blocks that
    start otherwise, such as the interrupted run's excerpt and merge's errors, which need a signal or
    shard files: re-measure those by hand);
  - the default run's block (after "The default scenario, `margin-stress run --quiet`:");
  - the trimmed JSON summary of the default run (the ```json block under "The JSON summary"),
    keeping its keys, cutting histograms and survival to their first entries.
The timing line of a run changes every time: the blocks keep whatever this run measured.

Usage: python3 scripts/update-readme-examples.py [--binary PATH] [--check]
  --check  exit 1 (and print the blocks that differ) instead of writing
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```\n", re.S | re.M)


def run(binary: Path, args: list[str]) -> str:
    proc = subprocess.run([str(binary), *args], cwd=ROOT, capture_output=True, text=True)
    # Examples show what a user sees in a terminal: standard output, then any warnings on stderr.
    return proc.stdout + proc.stderr


def compact(value, indent: int, width: int = 110) -> str:
    """JSON with objects on one line when they fit, else one key per line (the README's layout)."""
    one_line = json.dumps(value, separators=(", ", ": "))
    if not isinstance(value, dict) or indent + len(one_line) <= width and indent > 2:
        return one_line
    pad = " " * (indent + 2)
    items = [f'{pad}"{k}": {compact(v, indent + 2, width)}' for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"


def trimmed_summary(binary: Path) -> str:
    summary = json.loads(run(binary, ["run", "--json", "--quiet"]))

    def trim(node):
        if isinstance(node, dict):
            return {k: trim(v) for k, v in node.items()}
        if isinstance(node, list) and node and isinstance(node[0], dict):
            return [trim(node[0]), "..."]
        return node

    text = compact(trim(summary), 0)
    # A trimmed list reads [first, ...] rather than [first, "..."].
    return text.replace(', "..."]', ", ...]") + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", type=Path, default=ROOT / ".build" / "release" / "margin-stress")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if not args.binary.is_file():
        print(f"error: no margin-stress at {args.binary}; build it with `swift build -c release`", file=sys.stderr)
        return 2

    text = README.read_text()
    changed = []

    def replace(match: re.Match) -> str:
        body = match.group(1)
        fence = match.group(0)[: match.group(0).index("\n") + 1]
        before = text[: match.start()].rstrip().splitlines()[-1] if match.start() else ""
        new = None
        if body.startswith("$ margin-stress "):
            command = body.splitlines()[0]
            words = shlex.split(command[len("$ margin-stress "):])
            files = [w for w in words if w.endswith((".yaml", ".yml", ".json"))]
            if all((ROOT / f).is_file() for f in files):
                new = command + "\n" + run(args.binary, words)
        elif before.startswith("The default scenario, `margin-stress run --quiet`"):
            new = run(args.binary, ["run", "--quiet"])
        elif fence.startswith("```json") and "The default run's summary, trimmed" in before:
            new = trimmed_summary(args.binary)
        if new is None or new == body:
            return match.group(0)
        changed.append(body.splitlines()[0] if body else "(block)")
        return fence + new + "```\n"

    updated = FENCE.sub(replace, text)
    for line in changed:
        print(f"updated: {line}")
    if args.check:
        return 1 if changed else 0
    README.write_text(updated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
