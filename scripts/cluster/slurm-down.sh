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

stop() {   # stop NAME PIDFILE
    local name="$1" pidfile="$2" pid
    pid="$($SUDO cat "$pidfile" 2>/dev/null || true)"
    if [ -z "$pid" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" != "$name" ]; then
        return 0
    fi
    echo "slurm-down: stopping $name (pid $pid)" >&2
    $SUDO kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "$name" ] || return 0
        sleep 0.1
    done
    echo "slurm-down: $name (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL" >&2
    $SUDO kill -KILL "$pid" 2>/dev/null || true
}

stop slurmd /run/slurm/slurmd.pid
stop slurmctld /run/slurm/slurmctld.pid
if [ "$keep_munge" -eq 0 ]; then
    stop munged /run/munge/munged.pid
fi
