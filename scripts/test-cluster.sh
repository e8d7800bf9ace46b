#!/usr/bin/env bash
# End-to-end test of sharded runs on a real scheduler: starts a one-node Slurm cluster on this machine
# (scripts/cluster/slurm-up.sh), runs scenarios as a 4-task job array plus a merge job (deploy/slurm/submit.sh),
# runs the same scenarios in one process, and checks that the merged JSON equals the one-process JSON with the
# timing key removed (bit-identical numbers) and that the merged table equals the one-process table but for its
# timing line. Covers run (default scenario; multi-collateral example), compare and tune. Prints the timings;
# exits non-zero with a diff on any mismatch. Stops the cluster afterwards if it started it
# (MARGINSTRESS_KEEP_CLUSTER=1 keeps it running).
#   bash scripts/test-cluster.sh [BINARY]     (default: .build/release/margin-stress)
set -euo pipefail
# A binary given as an argument is relative to the caller's directory; the default to the repository's.
binary="${1:-}"
if [ -n "$binary" ] && [ -e "$binary" ]; then binary="$(realpath "$binary")"; fi
cd "$(dirname "$0")/.."
repo="$(pwd)"
binary="${binary:-.build/release/margin-stress}"
shards=4
if [ ! -x "$binary" ]; then
    echo "test-cluster: $binary not found; build it first: swift build -c release \$(bash scripts/swift-flags.sh)" >&2
    exit 1
fi
binary="$(realpath "$binary")"
if ! "$binary" run --help 2>/dev/null | grep -q -- '--shard'; then
    echo "test-cluster: $binary has no 'run --shard' option; rebuild it from a version with sharding." >&2
    exit 1
fi

now() { date +%s.%N; }
secs() { awk -v s="$1" -v e="$2" 'BEGIN {printf "%.1f", e - s}'; }

work="$(mktemp -d /tmp/marginstress-cluster.XXXXXX)"
started_cluster=0
# Already running if slurmctld's pid file names a live slurmctld (sinfo would wait 9 s for a controller that is down).
pid="$(cat /run/slurm/slurmctld.pid 2>/dev/null || true)"
if [ -z "$pid" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" != "slurmctld" ]; then started_cluster=1; fi
cleanup() {
    local rc=$?
    if [ "$started_cluster" -eq 1 ] && [ "${MARGINSTRESS_KEEP_CLUSTER:-0}" != "1" ]; then
        bash "$repo/scripts/cluster/slurm-down.sh" </dev/null || true
    fi
    if [ "$rc" -eq 0 ]; then rm -rf "$work"; else echo "test-cluster: files kept in $work" >&2; fi
}
trap cleanup EXIT

t0=$(now)
bash scripts/cluster/slurm-up.sh </dev/null
t1=$(now)
timings="cluster up (install if needed, daemons, node idle): $(secs "$t0" "$t1") s"

# Equal after removing every "timing" key; compared as canonical JSON text, so NaN and -0.0 compare exactly.
compare_json() {   # compare_json MERGED ONE_PROCESS
    python3 -c '
import difflib, json, sys

def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k != "timing"}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x

texts = [json.dumps(strip(json.load(open(p))), indent=1, sort_keys=True) for p in sys.argv[1:3]]
if texts[0] != texts[1]:
    diff = list(difflib.unified_diff(
        texts[1].splitlines(True), texts[0].splitlines(True), "one process", "merged shards"))
    sys.stdout.writelines(diff[:150])
    if len(diff) > 150:
        print(f"... ({len(diff) - 150} more diff lines; both files are kept)")
    sys.exit(1)
' "$1" "$2"
}

passed=0 failed=0
check() {   # check NAME COMMAND SCENARIO|default [OPTIONS...]
    local name="$1" command="$2" scenario="$3"
    shift 3
    local out="$work/$name" file=() a b c
    if [ "$scenario" != "default" ]; then file=("$scenario"); fi
    echo "== $name: $command ${scenario} $* as $shards Slurm array tasks + merge" >&2
    a=$(now)
    if ! MARGINSTRESS_COMMAND="$command" MARGINSTRESS_WAIT_TIMEOUT=120 \
        bash deploy/slurm/submit.sh "$scenario" "$shards" "$out" "$binary" -- "$@" </dev/null; then
        echo "FAIL $name: the Slurm run failed" >&2
        failed=$(( failed + 1 ))
        return 0
    fi
    b=$(now)
    "$binary" "$command" "${file[@]}" "$@" --json --quiet </dev/null >"$out/one-process.json"
    c=$(now)
    "$binary" "$command" "${file[@]}" "$@" --quiet </dev/null >"$out/one-process.txt"
    if ! compare_json "$out/result.json" "$out/one-process.json"; then
        echo "FAIL $name: merged JSON differs from the one-process JSON (diff above)" >&2
        failed=$(( failed + 1 ))
    # The table too, but for its timing line ("Simulated in 0.69 s on 2 workers ...").
    elif ! diff -u --label "one process" --label "merged shards" \
        <(grep -v '^Simulated in ' "$out/one-process.txt") <(grep -v '^Simulated in ' "$out/result.txt"); then
        echo "FAIL $name: merged table differs from the one-process table (diff above)" >&2
        failed=$(( failed + 1 ))
    else
        echo "ok   $name: merged JSON and table equal the one-process ones (timing aside)" >&2
        passed=$(( passed + 1 ))
    fi
    timings+=$'\n'"$name: $shards shards + merge on Slurm $(secs "$a" "$b") s, one process $(secs "$b" "$c") s"
}

check default run default --paths 20000
check multi-collateral run examples/multi-collateral.yaml
check compare-cross-vs-isolated compare examples/cross-vs-isolated.yaml --paths 50000
check tune-leveraged-directional tune examples/leveraged-directional.yaml --paths 20000 --points 6 --target 0.01

echo "--- timings ($(nproc) cores, $(hostname -s))"
echo "$timings"
echo "test-cluster: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
