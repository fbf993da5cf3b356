#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (for CI and for trying `hemamet study --executor slurm`):
# Debian's slurmctld, slurmd, slurm-client and munge (installed when absent), configured for localhost with
# this machine's CPUs (`slurmd -C`), one partition "debug", select/cons_tres, no cgroups (proctrack/linuxproc,
# task/none: works in a container), no accounting database. Needs root (as in CI) and no systemd: the daemons
# are started by hand. Idempotent: a cluster this script started and that answers is left as it is.
# Stop it with scripts/slurm-down.sh. Waits (up to 60 s) until `sinfo` shows the node idle.
set -euo pipefail

conf=/etc/slurm/slurm.conf
marker="# written by hemamet scripts/slurm-up.sh"
state=/var/spool/hemamet-slurm
logs=/var/log/hemamet-slurm

say() { echo "slurm-up: $*" >&2; }

node_state() { sinfo -h -n localhost -o %T 2>/dev/null | head -1 | tr -d '*~#!%$@^-' || true; }

if [ "$(id -u)" != 0 ]; then
  say "needs root (it installs packages and starts slurmctld, slurmd and munged)"
  exit 1
fi
if command -v sinfo >/dev/null 2>&1 && [ "$(node_state)" = idle ] && grep -qF "$marker" "$conf" 2>/dev/null; then
  say "already up (node localhost idle)"
  exit 0
fi

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 \
    || ! command -v sbatch >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  say "installing slurmctld slurmd slurm-client munge (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    slurmctld slurmd slurm-client munge >/dev/null 2>&1 \
    || { apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null 2>&1 \
         && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
              slurmctld slurmd slurm-client munge >/dev/null; }
fi

if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
  say "$conf exists and was not written by this script; not touching a configured cluster"
  exit 1
fi

# munge: a key, then the daemon (as the munge user, as its package does)
if [ ! -s /etc/munge/munge.key ]; then
  if command -v mungekey >/dev/null 2>&1; then mungekey --create --force; else
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; fi
  chown munge:munge /etc/munge/munge.key 2>/dev/null || true
  chmod 400 /etc/munge/munge.key
fi
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  if id munge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
  else
    /usr/sbin/munged --force
  fi
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi

# slurm.conf: the controller is this host, the one node is "localhost" with this machine's hardware
host=$(hostname -s)
hw=$(slurmd -C | head -1 | sed -E 's/^NodeName=[^ ]+ //')
mkdir -p "$state/ctld" "$state/d" "$logs" /run/slurm
cat > "$conf.tmp" <<EOF
$marker
ClusterName=hemamet
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmdTimeout=300
InactiveLimit=0
MinJobAge=300
KillWait=10
NodeName=localhost NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
mv "$conf.tmp" "$conf"

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if ! pid_alive /run/slurm/slurmctld.pid; then
  slurmctld
fi
if ! pid_alive /run/slurm/slurmd.pid; then
  slurmd -N localhost
fi
for _ in $(seq 120); do
  s=$(node_state)
  if [ "$s" = idle ]; then
    say "up: node localhost idle ($(sinfo -h -n localhost -o '%c CPUs, %m MB'))"
    exit 0
  fi
  if [ "$s" = down ] || [ "$s" = drained ] || [ "$s" = draining ]; then
    scontrol update NodeName=localhost State=RESUME >/dev/null 2>&1 || true
  fi
  sleep 0.5
done
say "the node did not become idle in 60 s (state: '$(node_state)'); logs in $logs"
tail -5 "$logs/slurmctld.log" "$logs/slurmd.log" >&2 || true
exit 1
