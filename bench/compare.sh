#!/usr/bin/env bash
# Side-by-side speed of hemamet and the PyTorch peer (bench/peer_pytorch.py) on this machine.
# Runs PAIRS rounds; each round runs, in alternating order, hemamet (./hemamet bench, its launcher's
# settings), the peer with the default allocator and the peer with jemalloc + retention, all with the
# same threads, input, batch and steps. Prints every run, the ratio per round and the medians.
#
#   bench/compare.sh [--pairs 3] [--steps 10] [--warmup 2] [--threads 2] [--input 256] [--batch 16]
#
# Needs Debian's PyTorch for the peer: apt-get install -y python3-torch libjemalloc2.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pairs=3; steps=10; warmup=2; threads=2; input=256; batch=16
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) pairs="$2"; shift 2;;
    --steps) steps="$2"; shift 2;;
    --warmup) warmup="$2"; shift 2;;
    --threads) threads="$2"; shift 2;;
    --input) input="$2"; shift 2;;
    --batch) batch="$2"; shift 2;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2;;
  esac
done
py=/usr/bin/python3
if ! "$py" -c 'import torch' 2>/dev/null; then
  echo "compare.sh: $py has no torch; install it with: apt-get install -y python3-torch libjemalloc2" >&2
  exit 3
fi
jemalloc=""
for lib in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2; do
  [ -f "$lib" ] && { jemalloc="$lib"; break; }
done
common=(--input "$input" --batch "$batch" --steps "$steps" --warmup "$warmup" --threads "$threads")
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
run_hemamet() { OMP_NUM_THREADS="$threads" "$here/hemamet" bench --json "${common[@]}" | head -1 > "$out/hemamet.$1"; }
run_peer() { env -u LD_PRELOAD -u MALLOC_CONF OMP_NUM_THREADS="$threads" "$py" "$here/bench/peer_pytorch.py" --json "${common[@]}" > "$out/peer.$1"; }
run_tuned() {
  if [ -z "$jemalloc" ]; then echo '{}' > "$out/tuned.$1"; return; fi
  LD_PRELOAD="$jemalloc" MALLOC_CONF="retain:true,dirty_decay_ms:-1,muzzy_decay_ms:-1" OMP_NUM_THREADS="$threads" \
    "$py" "$here/bench/peer_pytorch.py" --json "${common[@]}" > "$out/tuned.$1"
}
# build (if needed) before timing anything
"$here/hemamet" --version >/dev/null
for i in $(seq 1 "$pairs"); do
  echo "round $i/$pairs (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  if [ $((i % 2)) -eq 1 ]; then run_hemamet "$i"; run_peer "$i"; run_tuned "$i"
  else run_tuned "$i"; run_peer "$i"; run_hemamet "$i"; fi
  echo "load $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/load.$i"
  cat "$out/hemamet.$i" "$out/peer.$i" "$out/tuned.$i" >&2
done
"$py" - "$out" "$pairs" <<'PY'
import json, statistics, sys
d, n = sys.argv[1], int(sys.argv[2])
def rd(name, i):
    with open(f"{d}/{name}.{i}") as f:
        return json.loads(f.readline() or "{}")
keys = ["train_img_s", "infer_img_s", "fwd_bwd_ms", "optimizer_ms", "data_ms", "peak_rss_mb", "user_s", "sys_s"]
ratios = {"train vs tuned": [], "train vs default": [], "infer vs tuned": [], "infer vs default": [], "rss / tuned": []}
for i in range(1, n + 1):
    h, p, t = rd("hemamet", i), rd("peer", i), rd("tuned", i)
    with open(f"{d}/load.{i}") as f:
        load = f.read().strip()
    print(f"round {i} ({load})")
    for name, r in (("hemamet", h), ("peer default", p), ("peer jemalloc", t)):
        if r:
            print(f"  {name:14s} " + "  ".join(f"{k}={r[k]:.1f}" for k in keys if k in r) + f"  [{r.get('impl', '?')}]")
    if t:
        ratios["train vs tuned"].append(h["train_img_s"] / t["train_img_s"])
        ratios["infer vs tuned"].append(h["infer_img_s"] / t["infer_img_s"])
        ratios["rss / tuned"].append(h["peak_rss_mb"] / t["peak_rss_mb"])
    ratios["train vs default"].append(h["train_img_s"] / p["train_img_s"])
    ratios["infer vs default"].append(h["infer_img_s"] / p["infer_img_s"])
    print("  ratios: " + ", ".join(f"{k} {v[-1]:.2f}" for k, v in ratios.items() if len(v) == i))
print("median over %d rounds: " % n + ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in ratios.items() if v))
PY
