#!/usr/bin/env bash
# Compares two runs' outputs byte by byte (timing columns aside): the check that a refactor changed no result.
# usage: compare-runs.sh RUN_A RUN_B
set -euo pipefail
a=$1; b=$2
strip_timing() { # drop the train_seconds column of results.csv
  python3 -c 'import csv,sys
r=list(csv.reader(open(sys.argv[1])))
i=r[0].index("train_seconds") if "train_seconds" in r[0] else None
w=csv.writer(sys.stdout,lineterminator="\n")
for row in r: w.writerow([c for j,c in enumerate(row) if j!=i])' "$1"
}
diff <(strip_timing "$a/results.csv") <(strip_timing "$b/results.csv") && echo "results.csv: identical (train_seconds aside)"
cmp "$a/predictions.csv" "$b/predictions.csv" && echo "predictions.csv: identical"
cmp "$a/delong.csv" "$b/delong.csv" && echo "delong.csv: identical"
n=0
for f in "$a"/cells/*/split.csv "$a"/cells/*/search.csv "$a"/cells/*/history.csv "$a"/cells/*/predictions.csv; do
  rel=${f#"$a"/}; cmp -s "$f" "$b/$rel" || { echo "DIFFERS: $rel"; n=$((n+1)); }
done
echo "per-cell csv files differing: $n of $(ls "$a"/cells/*/*.csv | wc -l)"
