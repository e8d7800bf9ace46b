#!/usr/bin/env bash
# Stops the one-node Slurm cluster started by scripts/cluster/slurm-up.sh: slurmd, slurmctld and munged,
# each by the process id in its pid file (SIGTERM, then SIGKILL after 10 s). Daemons that are not running
# are skipped. Jobs still running are ended with slurmd. Configuration and state files are left in place.
#   --keep-munge   leave munged running (slurm-up.sh uses this to restart Slurm after a configuration change)
set -euo pipefail

keep_munge=0
case "${1:-}" in
    --keep-munge) keep_munge=1 ;;
    "") ;;
    *) echo "usage: $0 [--keep-munge]" >&2; exit 64 ;;
esac

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

pid_of() {   # pid_of NAME PIDFILE: the pid if the pid file names a live process of that name
    local pid
    pid="$($SUDO cat "$2" 2>/dev/null || true)"
    if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "$1" ]; then echo "$pid"; fi
}

stop() {   # stop NAME:PIDFILE ... : SIGTERM to all at once (each takes about 2 s to exit), then wait
    local entry name pid pids=() names=()
    for entry in "$@"; do
        name="${entry%%:*}"
        pid="$(pid_of "$name" "${entry#*:}")"
        [ -n "$pid" ] || continue
        echo "slurm-down: stopping $name (pid $pid)" >&2
        $SUDO kill -TERM "$pid" 2>/dev/null || true
        pids+=("$pid") names+=("$name")
    done
    local i
    for i in "${!pids[@]}"; do
        for _ in $(seq 1 100); do
            [ "$(cat "/proc/${pids[$i]}/comm" 2>/dev/null || true)" = "${names[$i]}" ] || continue 2
            sleep 0.1
        done
        echo "slurm-down: ${names[$i]} (pid ${pids[$i]}) ignored SIGTERM for 10 s; sending SIGKILL" >&2
        $SUDO kill -KILL "${pids[$i]}" 2>/dev/null || true
    done
}

stop slurmd:/run/slurm/slurmd.pid slurmctld:/run/slurm/slurmctld.pid
if [ "$keep_munge" -eq 0 ]; then
    stop munged:/run/munge/munged.pid
fi
