#!/usr/bin/env bash
# Runs a scenario on Slurm as SHARDS array tasks plus a merge job, waits for both, and prints where the
# merged result is:
#   deploy/slurm/submit.sh SCENARIO SHARDS OUTDIR [BINARY] [-- OPTIONS...]
# SCENARIO  a scenario file, or `default` for the built-in default scenario
# SHARDS    number of array tasks (each runs `--shard auto`: a contiguous range of the scenario's blocks)
# OUTDIR    created if needed; gets part-I.json, logs/, and from the merge result.json (as `run --json`),
#           result.txt (the table), report.html and export/. Old part-*.json and result.* there are removed.
# BINARY    margin-stress (default: .build/release/margin-stress of this repository)
# OPTIONS   passed to every shard, e.g. -- --paths 2000000 --seed 7
# SCENARIO, OUTDIR and BINARY must be on a filesystem that every compute node sees at the same path.
# Environment:
#   MARGINSTRESS_COMMAND       run (default), tune, compare or exchange (give the book tables by absolute path)
#   MARGINSTRESS_SBATCH_OPTS   extra sbatch options for both jobs, e.g. "--partition=batch --time=01:00:00";
#                              with --cpus-per-task=K each shard runs K worker threads (default 1)
#   MARGINSTRESS_WAIT_TIMEOUT  give up (and cancel both jobs) after this many seconds; 0 = wait forever (default)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
usage() { echo "usage: $0 SCENARIO|default SHARDS OUTDIR [BINARY] [-- OPTIONS...]" >&2; exit 64; }

[ "$#" -ge 3 ] || usage
scenario="$1" shards="$2" outdir="$3"
shift 3
binary="$here/../../.build/release/margin-stress"
if [ "$#" -gt 0 ] && [ "$1" != "--" ]; then binary="$1"; shift; fi
if [ "$#" -gt 0 ]; then
    [ "$1" = "--" ] || usage
    shift
fi
options=("$@")
command="${MARGINSTRESS_COMMAND:-run}"
wait_timeout="${MARGINSTRESS_WAIT_TIMEOUT:-0}"
read -r -a sbatch_opts <<<"${MARGINSTRESS_SBATCH_OPTS:-}"

if ! [[ "$shards" =~ ^[1-9][0-9]*$ ]]; then
    echo "submit: SHARDS must be a positive whole number, got '$shards'." >&2
    exit 64
fi
case "$command" in run|tune|compare|exchange) ;; *)
    echo "submit: MARGINSTRESS_COMMAND must be run, tune, compare or exchange, got '$command'." >&2; exit 64 ;;
esac
if [ "$scenario" != "default" ]; then
    if [ ! -f "$scenario" ]; then
        echo "submit: scenario file '$scenario' not found (use 'default' for the built-in default scenario)." >&2
        exit 66
    fi
    scenario="$(realpath "$scenario")"
fi
if [ ! -x "$binary" ]; then
    echo "submit: margin-stress binary '$binary' not found or not executable; build it with" >&2
    echo "  swift build -c release \$(bash scripts/swift-flags.sh)   or pass its path as the 4th argument." >&2
    exit 66
fi
binary="$(realpath "$binary")"
if ! "$binary" "$command" --help 2>/dev/null | grep -q -- '--shard'; then
    echo "submit: $binary has no --shard option; rebuild it from a version with sharding." >&2
    exit 1
fi
if ! command -v sbatch >/dev/null 2>&1 || ! sinfo -h >/dev/null 2>&1; then
    echo "submit: no Slurm controller answers (sbatch/sinfo); on a single machine start one with" >&2
    echo "  bash scripts/cluster/slurm-up.sh" >&2
    exit 1
fi

mkdir -p "$outdir/logs"
outdir="$(realpath "$outdir")"
rm -f "$outdir"/part-*.json "$outdir"/result.json "$outdir"/result.txt \
    "$outdir"/logs/shard-*.out "$outdir"/logs/merge.out

start=$(date +%s.%N)
elapsed() { awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}'; }

array_id="$(MARGINSTRESS_COMMAND="$command" sbatch --parsable "${sbatch_opts[@]}" \
    --array="0-$(( shards - 1 ))" --chdir="$outdir" --output="$outdir/logs/shard-%a.out" \
    "$here/margin-stress-array.sbatch" "$binary" "$outdir" "$scenario" "${options[@]}")"
array_id="${array_id%%;*}"
merge_id="$(sbatch --parsable "${sbatch_opts[@]}" --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
    --chdir="$outdir" --output="$outdir/logs/merge.out" \
    "$here/merge.sbatch" "$binary" "$outdir" "$shards")"
merge_id="${merge_id%%;*}"
echo "submit: array job $array_id ($shards shards of '$command ${scenario}${options[*]:+ ${options[*]}}'), merge job $merge_id (afterok:$array_id)" >&2

job_state() { scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true; }

fail() {
    echo "submit: $1" >&2
    scontrol -o show job "$array_id" 2>/dev/null \
        | awk '{for (i = 1; i <= NF; i++) if ($i ~ /^(ArrayTaskId|JobState|ExitCode)=/) printf "%s ", $i; print ""}' >&2 || true
    for log in "$outdir"/logs/shard-*.out "$outdir"/logs/merge.out; do
        [ -s "$log" ] || continue
        echo "--- tail $log" >&2
        tail -n 10 "$log" >&2
    done
    exit 1
}

done_before=-1
while :; do
    state="$(job_state "$merge_id")"
    case "$state" in
        COMPLETED) break ;;
        FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE)
            fail "merge job $merge_id ended $state (a failed shard cancels it)" ;;
        "")   # the controller forgot the job (MinJobAge passed): judge by the result
            [ -s "$outdir/result.json" ] && break
            fail "merge job $merge_id is gone and $outdir/result.json was not written" ;;
    esac
    done_now="$(scontrol -o show job "$array_id" 2>/dev/null | grep -c 'JobState=COMPLETED' || true)"
    if [ "$done_now" != "$done_before" ]; then
        echo "submit: $done_now/$shards shards done ($(elapsed) s)" >&2
        done_before="$done_now"
    fi
    if [ "$wait_timeout" -gt 0 ] && awk -v e="$(elapsed)" -v t="$wait_timeout" 'BEGIN {exit !(e > t)}'; then
        scancel "$array_id" "$merge_id" 2>/dev/null || true
        fail "gave up after $wait_timeout s (MARGINSTRESS_WAIT_TIMEOUT); cancelled jobs $array_id and $merge_id"
    fi
    # Poll briefly at first (short runs, tests), then every 5 s so a long run does not load the controller.
    if awk -v e="$(elapsed)" 'BEGIN {exit !(e < 30)}'; then sleep 0.5; else sleep 5; fi
done

echo "submit: $shards shards and the merge finished in $(elapsed) s" >&2
echo "merged result:  $outdir/result.json   (same JSON as a one-process '$command --json')"
echo "table:          $outdir/result.txt"
echo "report, export: $outdir/report.html, $outdir/export/"
echo "logs:           $outdir/logs/"
