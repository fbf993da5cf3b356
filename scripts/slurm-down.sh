#!/usr/bin/env bash
# Stops the one-node Slurm cluster that scripts/slurm-up.sh started (slurmd, slurmctld, munged, by their pid
# files); its configuration and state stay (a later slurm-up.sh starts it again). Cancels nothing by itself:
# jobs still queued stay in the saved state.
set -euo pipefail
say() { echo "slurm-down: $*" >&2; }
stop() { # NAME PIDFILE
  if [ -f "$2" ] && kill -0 "$(cat "$2")" 2>/dev/null; then
    kill "$(cat "$2")"
    for _ in $(seq 50); do kill -0 "$(cat "$2")" 2>/dev/null || break; sleep 0.1; done
    say "stopped $1"
  fi
}
if ! grep -qF "# written by hemamet scripts/slurm-up.sh" /etc/slurm/slurm.conf 2>/dev/null; then
  say "no cluster started by slurm-up.sh here; nothing to stop"
  exit 0
fi
stop slurmd /run/slurm/slurmd.pid
stop slurmctld /run/slurm/slurmctld.pid
stop munged /run/munge/munged.pid
