#!/usr/bin/env bash
# Start a single-node Slurm cluster on this machine, for `hydra/launcher=slurm` sweeps and
# `pytest -k slurm`. Called by `make slurm`; run as root (it installs packages and starts
# daemons). Safe to run again: it installs only what is missing, rewrites slurm.conf only when it
# would change, starts only the daemons that are not running, and waits until the node is idle.
#
# What it does, in order:
#   1. installs Debian's slurm-wlm (slurmctld, slurmd, the client commands) and munge;
#   2. creates the munge key if there is none and starts munged;
#   3. writes /etc/slurm/slurm.conf for this host: its real hostname, the CPUs and memory slurmd
#      detects, one partition `debug` (the default), select/cons_tres;
#   4. starts slurmctld and slurmd;
#   5. waits until `sinfo` shows the node idle (or fails with the daemons' logs).
set -euo pipefail

SLURM_CONF=/etc/slurm/slurm.conf
SLURM_LOG_DIR=/var/log/slurm
SLURM_STATE_DIR=/var/lib/slurm/slurmctld
SLURMD_SPOOL_DIR=/var/lib/slurm/slurmd
MUNGE_KEY=/etc/munge/munge.key
WAIT_SECONDS=${SLURM_WAIT_SECONDS:-90}

log() { echo "slurm_up: $*"; }
die() { echo "slurm_up: error: $*" >&2; exit 1; }

# True when a live process (not a zombie left for its parent to reap) whose command name is
# exactly $1 is running. Only checks: the script never kills a process.
running() { pgrep --exact --runstates R,S,D,T "$1" > /dev/null; }

[[ $(id -u) -eq 0 ]] || die "run as root (it installs packages and starts daemons)"

# 1. Packages. dpkg-query tells whether a package is installed; apt-get runs only if one is not.
missing=()
for package in slurm-wlm munge; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2> /dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$package")
done
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends slurm-wlm munge
else
    log "slurm-wlm and munge are installed"
fi

# 2. Munge: Slurm's daemons and commands authenticate each other with a shared key.
if [[ ! -s $MUNGE_KEY ]]; then
    log "creating $MUNGE_KEY"
    install -d -o munge -g munge -m 0700 "$(dirname "$MUNGE_KEY")"
    dd if=/dev/urandom of="$MUNGE_KEY" bs=1024 count=1 status=none
fi
chown munge:munge "$MUNGE_KEY"
chmod 0400 "$MUNGE_KEY"
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge
if running munged; then
    log "munged is running"
else
    log "starting munged"
    # munged runs as the munge user; --force starts it even if a stale socket lock is left over.
    runuser -u munge -- /usr/sbin/munged --force
fi
munge -n | unmunge > /dev/null || die "munge does not authenticate (see /var/log/munge/munged.log)"

# 3. slurm.conf. `slurmd -C` prints this node's line as slurmd detects it (NodeName=... CPUs=...
# Boards=... SocketsPerBoard=... CoresPerSocket=... ThreadsPerCore=... RealMemory=...); taking
# it whole means the configured node never claims more than the machine has, which would drain
# it. The UpTime field is dropped. The daemons talk over the loopback address, so the cluster
# does not depend on the hostname resolving.
node_line=$(slurmd -C | grep '^NodeName=' | sed 's/ UpTime=.*//')
node_name=$(hostname -s)
[[ $node_line == "NodeName=$node_name "* ]] || die "slurmd -C names another host: $node_line"
log "node: $node_line"

install -d -o slurm -g slurm -m 0755 "$SLURM_LOG_DIR" "$SLURM_STATE_DIR" "$SLURMD_SPOOL_DIR"
install -d -m 0755 /run/slurm "$(dirname "$SLURM_CONF")"

new_conf=$(mktemp)
trap 'rm -f "$new_conf"' EXIT
cat > "$new_conf" << CONF
# Written by scripts/slurm_up.sh (make slurm): a single-node cluster on $node_name.
ClusterName=dramasim
SlurmctldHost=$node_name(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
# No cgroups (this may run in a container): track processes through /proc, no task binding.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
# Cores and memory are the consumable resources; a job asks for both (submitit's mem_gb).
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
MpiDefault=none
# No accounting database.
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
# A node that was down comes back by itself when its slurmd registers again.
ReturnToService=2
StateSaveLocation=$SLURM_STATE_DIR
SlurmdSpoolDir=$SLURMD_SPOOL_DIR
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=$SLURM_LOG_DIR/slurmctld.log
SlurmdLogFile=$SLURM_LOG_DIR/slurmd.log
SlurmctldTimeout=30
SlurmdTimeout=60
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$node_name Default=YES MaxTime=INFINITE State=UP
CONF

conf_changed=false
if ! cmp -s "$new_conf" "$SLURM_CONF"; then
    log "writing $SLURM_CONF"
    install -m 0644 "$new_conf" "$SLURM_CONF"
    conf_changed=true
fi

# 4. Daemons. slurmctld (the controller) runs as SlurmUser; slurmd runs as root to start jobs.
# A new slurm.conf needs both restarted (not every setting can be reloaded): `scontrol shutdown`
# asks this cluster's own daemons to stop, and they are started again below.
if $conf_changed && running slurmctld; then
    log "slurm.conf changed: stopping slurmctld and slurmd to restart them"
    scontrol shutdown
    for ((second = 0; second < 30; second++)); do
        running slurmctld || running slurmd || break
        sleep 1
    done
    if running slurmctld || running slurmd; then die "slurmctld or slurmd did not stop"; fi
fi
if running slurmctld; then
    log "slurmctld is running"
else
    log "starting slurmctld"
    /usr/sbin/slurmctld
fi
if running slurmd; then
    log "slurmd is running"
else
    log "starting slurmd"
    /usr/sbin/slurmd
fi

# 5. Wait for the node to be idle (or allocated/mixed: it is up and may already run jobs).
log "waiting up to ${WAIT_SECONDS}s for $node_name to be idle"
state=""
for ((second = 0; second < WAIT_SECONDS; second++)); do
    state=$(sinfo --noheader --nodes="$node_name" --format=%T 2> /dev/null || true)
    case $state in
        idle | mixed | allocated) break ;;
        down* | drain*)
            # A node left down by an earlier run (e.g. a reboot) is put back into service.
            scontrol update NodeName="$node_name" State=RESUME 2> /dev/null || true ;;
    esac
    sleep 1
done
case $state in
    idle | mixed | allocated) ;;
    *)
        tail -n 20 "$SLURM_LOG_DIR/slurmctld.log" "$SLURM_LOG_DIR/slurmd.log" >&2 || true
        die "node $node_name is '${state:-not reported}' after ${WAIT_SECONDS}s" ;;
esac
sinfo
log "ready: partition debug on $node_name"
