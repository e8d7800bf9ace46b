#!/usr/bin/env python3
"""Mutation fuzzer over the scenario loader and validator (and, for files that validate, a short run).

Starts from the examples and mutates one thing at a time, in the classes listed in the issue on validation:
deleted lines, duplicated lines or keys, changed types, 0, -1, 1e308, 1e-308, NaN, inf, huge strings, deep
nesting, truncation, binary bytes, 5,000 (unused) assets, nearly singular correlations. Each mutated file is
given to `margin-stress validate`; a file that validates is run with 256 paths (`run --json`).

Counts: files, runs, crashes (a signal, or an exit code other than 0 and 65), hangs (over the time limit),
outputs with NaN or inf, error messages that name neither a field nor a position. Exits 1 when any crash, hang,
non-finite output or unnamed error is found, after writing each such file to --keep (default .build/fuzz-failures).

Usage: scripts/fuzz-scenarios.py BINARY [--count N] [--seed S] [--seconds T] [--jobs J] [--keep DIR]
       scripts/fuzz-scenarios.py BINARY --files Fuzz/Corpus   (the regression corpus, checked as it is)
Reproducible: the same seed gives the same files. The coverage-guided fuzzer is Fuzz/ (libFuzzer, scripts/fuzz.sh).
"""
import argparse
import concurrent.futures
import glob
import json
import os
import random
import shutil
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NUMBER = re.compile(r"(?<![\w.])-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w.])")
VALUES = ["0", "-1", "1e308", "-1e308", "1e-308", ".nan", ".inf", "-.inf", "NaN", "inf", "18446744073709551616",
          "1e155", "1e6", "55", "\"text\"", "[1, 2]", "{a: 1}", "true", "null", "\"\"", "0.5"]
JSON_VALUES = ["0", "-1", "1e308", "-1e308", "1e-308", "\"nan\"", "\"inf\"", "18446744073709551616", "1e155", "1e6",
               "55", "\"text\"", "[1, 2]", "{\"a\": 1}", "true", "null", "\"\"", "0.5", "1e400"]


def seeds():
    files = sorted(glob.glob(os.path.join(ROOT, "examples", "*.yaml")) + glob.glob(os.path.join(ROOT, "examples", "*.json")))
    out = []
    for f in files:
        with open(f, "rb") as h:
            out.append((os.path.basename(f), h.read()))
    return out


def many_assets(text, rng):
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip() == "assets:":
            indent = " " * (len(line) - len(line.lstrip()) + 2)
            extra = [f"{indent}- {{symbol: X{k}, price: {rng.uniform(1, 1000):.2f}, volatility: {rng.uniform(0, 2):.3f}}}"
                     for k in range(5000)]
            return "\n".join(lines[: i + 1] + extra + lines[i + 1:])
    return text


def mutate(name, data, rng, skip=()):
    """One mutated file (bytes) and the class of its mutation (never one of `skip`)."""
    is_json = name.endswith(".json")
    text = data.decode("utf-8")
    lines = text.split("\n")
    kind = rng.choice(["delete", "duplicate", "value", "value", "value", "huge", "deep", "truncate", "binary",
                       "assets", "singular", "swap", "nonutf8", "empty"])
    while kind in skip:
        kind = rng.choice(["delete", "duplicate", "value", "truncate", "swap"])
    if kind == "delete":
        del lines[rng.randrange(len(lines))]
        return "\n".join(lines).encode(), kind
    if kind == "duplicate":
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
        return "\n".join(lines).encode(), kind
    if kind == "value":
        spots = list(NUMBER.finditer(text))
        if not spots:
            return text.encode(), kind
        m = rng.choice(spots)
        v = rng.choice(JSON_VALUES if is_json else VALUES)
        return (text[: m.start()] + v + text[m.end():]).encode(), kind
    if kind == "huge":
        spots = list(NUMBER.finditer(text))
        m = rng.choice(spots)
        v = "\"" + "x" * rng.choice([1000, 100_000]) + "\""
        return (text[: m.start()] + v + text[m.end():]).encode(), kind
    if kind == "deep":
        depth = rng.choice([100, 10_000])
        spots = list(NUMBER.finditer(text))
        m = rng.choice(spots)
        return (text[: m.start()] + "[" * depth + "1" + "]" * depth + text[m.end():]).encode(), kind
    if kind == "truncate":
        return data[: rng.randrange(len(data))], kind
    if kind == "binary":
        return bytes(rng.randrange(256) for _ in range(rng.choice([16, 512]))), kind
    if kind == "nonutf8":
        i = rng.randrange(len(data))
        return data[:i] + bytes([rng.choice([0xC3, 0xE9, 0xFF, 0x80])]) + data[i:], kind
    if kind == "empty":
        return rng.choice([b"", b"\n\n", b"# nothing\n"]), kind
    if kind == "assets" and not is_json:
        return many_assets(text, rng).encode(), kind
    if kind == "singular" and not is_json:
        # Correlations at 0.999999 between the first pairs: nearly singular.
        return re.sub(r"(\[\s*\w+\s*,\s*\w+\s*,\s*)-?[\d.]+(\s*\])", r"\g<1>0.999999\2", text).encode(), kind
    if kind == "swap":
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines).encode(), kind
    return text.encode(), kind


NAMED = re.compile(r'^  - ([\w\[\]().\/"-]+: |line \d+, column \d+|the file|is |no such|cannot|collateral value)')


def check(binary, path, seconds):
    """(runs, crash, hang, nonfinite, unnamed, detail) for one file."""
    def call(args):
        try:
            p = subprocess.run([binary] + args, capture_output=True, timeout=seconds)
            return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            return None, "", ""
    runs = 1
    code, out, err = call(["validate", path])
    if code is None:
        return runs, 0, 1, 0, 0, "validate hangs"
    if code not in (0, 65):
        return runs, 1, 0, 0, 0, f"validate exit {code}: {err[-400:]}"
    if code == 65:
        bad = [l for l in err.split("\n")[1:] if l.startswith("  - ") and not NAMED.match(l)]
        return runs, 0, 0, 0, (1 if bad else 0), ("unnamed: " + bad[0][:300] if bad else "")
    runs += 1
    code, out, err = call(["run", path, "--paths", "256", "--json", "--quiet"])
    if code is None:
        return runs, 0, 1, 0, 0, "run hangs"
    if code != 0:
        return runs, 1, 0, 0, 0, f"run exit {code} after validate said valid: {err[-400:]}"
    try:
        json.loads(out)
    except ValueError:
        return runs, 0, 0, 1, 0, "run --json is not JSON"
    if re.search(r"\"(nan|inf|-inf)\"", out):
        return runs, 0, 0, 1, 0, "NaN or inf in the JSON"
    return runs, 0, 0, 0, 0, ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=60, help="time limit per command (a hang beyond it)")
    ap.add_argument("--budget", type=float, default=0, help="stop starting new files after this many seconds (0: none)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--skip", default="", help="mutation classes to leave out, comma-separated (e.g. assets)")
    ap.add_argument("--keep", default=os.path.join(ROOT, ".build", "fuzz-failures"))
    ap.add_argument("--report-every", type=int, default=0,
                    help="print the running counts to stderr every N files (for long runs; 0: only at the end)")
    ap.add_argument("--files", nargs="+", default=None,
                    help="check these files (every file of a folder given) as they are, with no mutation: the regression corpus")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    base = seeds()
    work = tempfile.mkdtemp(prefix="fuzz-scenarios-")
    files = []
    for given in a.files or []:
        names = sorted(os.listdir(given)) if os.path.isdir(given) else [""]
        files += [os.path.join(given, n) if n else given for n in names]
    for n in range(0 if a.files else a.count):
        name, data = rng.choice(base)
        mutated, kind = mutate(name, data, rng, tuple(a.skip.split(",")) if a.skip else ())
        path = os.path.join(work, f"{n:05d}-{kind}-{name}")
        with open(path, "wb") as h:
            h.write(mutated)
        files.append(path)
    totals = dict(files=0, runs=0, crashes=0, hangs=0, nonfinite=0, unnamed=0)
    failures = []
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        futures = {}
        for path in files:
            futures[pool.submit(lambda p: None if a.budget and time.time() - start > a.budget else check(a.binary, p, a.seconds), path)] = path
        for f in concurrent.futures.as_completed(futures):
            r = f.result()
            if r is None:
                continue
            runs, crash, hang, nonfinite, unnamed, detail = r
            totals["files"] += 1
            totals["runs"] += runs
            totals["crashes"] += crash
            totals["hangs"] += hang
            totals["nonfinite"] += nonfinite
            totals["unnamed"] += unnamed
            if detail:
                failures.append((futures[f], detail))
                print(f"{os.path.basename(futures[f])}: {detail}", file=sys.stderr, flush=True)
            if a.report_every and totals["files"] % a.report_every == 0:
                print(json.dumps(dict(totals, seconds=round(time.time() - start, 1))), file=sys.stderr, flush=True)
    totals["seconds"] = round(time.time() - start, 1)
    if failures:
        os.makedirs(a.keep, exist_ok=True)
        for path, detail in failures:
            (shutil.copyfile if a.files else os.replace)(path, os.path.join(a.keep, os.path.basename(path)))
            if not a.report_every:
                print(f"{os.path.basename(path)}: {detail}", file=sys.stderr)
    print(json.dumps(totals))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
