#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (controller and compute node on localhost), for running
# margin-stress shards as a job array. Installs slurm-wlm and munge with apt-get when they are missing,
# writes /etc/slurm/slurm.conf for this host, starts munged, slurmctld and slurmd by hand (no systemd needed)
# and waits until `sinfo` shows the node idle. Running it again while the cluster is up changes nothing.
# Works as root; uses sudo otherwise. Stop the cluster with scripts/cluster/slurm-down.sh.
#
# Environment:
#   SLURM_UP_TIMEOUT   seconds to wait for the node to become idle (default 60)
set -euo pipefail

timeout_s="${SLURM_UP_TIMEOUT:-60}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "slurm-up: not root and sudo is missing; run this script as root." >&2
        exit 1
    fi
    SUDO="sudo"
fi

log() { echo "slurm-up: $*" >&2; }

# --- packages -------------------------------------------------------------------------------------------------
if command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 \
    && command -v sinfo >/dev/null 2>&1 && [ -x /usr/sbin/munged ]; then
    :
else
    log "installing slurm-wlm and munge (apt-get) ..."
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    if ! $SUDO apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; then
        echo "slurm-up: apt-get install slurm-wlm munge failed; check that the Debian package lists are reachable." >&2
        exit 1
    fi
fi

host="$(hostname -s)"
cpus="$(nproc)"
mem_kib="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
real_mem_mib=$(( mem_kib / 1024 * 95 / 100 ))   # a little under MemTotal, or slurmd drains the node

# --- munge ----------------------------------------------------------------------------------------------------
$SUDO install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
$SUDO install -d -o munge -g munge -m 0755 /run/munge
if ! $SUDO test -s /etc/munge/munge.key; then
    log "creating the munge key"
    $SUDO sh -c 'umask 077; dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none'
fi
$SUDO chown munge:munge /etc/munge/munge.key
$SUDO chmod 0400 /etc/munge/munge.key

munge_ok() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }
if ! munge_ok; then
    log "starting munged"
    # --force: a socket or pid file left behind by a munged that was killed does not stop the start.
    $SUDO runuser -u munge -- /usr/sbin/munged --force
    for _ in $(seq 1 50); do munge_ok && break; sleep 0.1; done
    if ! munge_ok; then
        echo "slurm-up: munged did not start; its log:" >&2
        $SUDO tail -n 20 /var/log/munge/munged.log >&2 || true
        exit 1
    fi
fi

# --- slurm.conf -----------------------------------------------------------------------------------------------
$SUDO install -d -o slurm -g slurm -m 0755 /run/slurm /var/log/slurm /var/lib/slurm \
    /var/lib/slurm/slurmctld /var/lib/slurm/slurmd
$SUDO install -d -m 0755 /etc/slurm

conf="$(mktemp)"
trap 'rm -f "$conf"' EXIT
cat >"$conf" <<EOF
# One-node Slurm cluster on localhost, written by scripts/cluster/slurm-up.sh.
ClusterName=marginstress
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
# No cgroups and no systemd here: plain process tracking, no task binding, no accounting.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SchedulerType=sched/backfill
# Schedule as soon as a job ends (default: up to 3 s later), so the next shards and the merge start at once.
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
MinJobAge=300
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${real_mem_mib} State=UNKNOWN
PartitionName=main Nodes=${host} Default=YES MaxTime=INFINITE State=UP
EOF

changed=0
if ! $SUDO cmp -s "$conf" /etc/slurm/slurm.conf 2>/dev/null; then
    $SUDO install -m 0644 "$conf" /etc/slurm/slurm.conf
    changed=1
    log "wrote /etc/slurm/slurm.conf (node ${host}, CPUs=${cpus}, RealMemory=${real_mem_mib} MiB)"
fi

# --- daemons --------------------------------------------------------------------------------------------------
# A daemon counts as running when its pid file names a live process of that name (pid files survive a reboot
# or a killed container; a stale one is ignored).
running() {   # running NAME PIDFILE
    local pid
    pid="$($SUDO cat "$2" 2>/dev/null || true)"
    [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "$1" ]
}

if [ "$changed" -eq 1 ] && { running slurmctld /run/slurm/slurmctld.pid || running slurmd /run/slurm/slurmd.pid; }; then
    log "configuration changed: restarting the Slurm daemons"
    bash "$(dirname "$0")/slurm-down.sh" --keep-munge
fi

if ! running slurmctld /run/slurm/slurmctld.pid; then
    log "starting slurmctld"
    $SUDO /usr/sbin/slurmctld
fi
if ! running slurmd /run/slurm/slurmd.pid; then
    log "starting slurmd"
    $SUDO /usr/sbin/slurmd
fi

# --- wait for the node ----------------------------------------------------------------------------------------
tails() {
    echo "--- sinfo -R" >&2; sinfo -R >&2 2>&1 || true
    for f in /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log /var/log/munge/munged.log; do
        echo "--- tail $f" >&2
        $SUDO tail -n 15 "$f" >&2 2>/dev/null || echo "(missing)" >&2
    done
}

deadline=$(( $(date +%s) + timeout_s ))
resumed=0
start=$(date +%s)
while :; do
    state="$(sinfo -h -n "$host" -o '%T' 2>/dev/null | head -n 1 || true)"
    case "$state" in
        idle|mixed|allocated|completing)
            log "node ${host} is ${state} (${cpus} CPUs); ready after $(( $(date +%s) - start )) s"
            exit 0 ;;
        *drain*|down*)
            # A node drained or downed by an earlier run (e.g. a killed slurmd) is put back once.
            if [ "$resumed" -eq 0 ] && [ $(( $(date +%s) - start )) -ge 3 ]; then
                log "node ${host} is ${state}; resuming it"
                $SUDO scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true
                resumed=1
            fi ;;
    esac
    if [ "$(date +%s)" -ge "$deadline" ]; then
        echo "slurm-up: the node ${host} did not become idle within ${timeout_s} s (state: '${state:-no answer}')." >&2
        echo "slurm-up: the daemons' logs follow; fix the cause, run scripts/cluster/slurm-down.sh and try again." >&2
        tails
        exit 1
    fi
    sleep 1
done
