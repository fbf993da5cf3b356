#!/usr/bin/env python3
"""Calibrated Brier score (and slope, AUC) of each CNN cell in two study runs' results.csv, side by side.

Usage: python3 scripts/calibration/compare_calibrated_brier.py OLD/results.csv NEW/results.csv

Made for the README's "Which prevalence the calibrated probabilities assume": the demo at 0ca270e (calibrated
probabilities at the balanced fit prevalence) against the demo at 8b5ee74 (moved to the training part's
prevalence before balancing, results.csv calibrated_prevalence). Standard library only.
"""
import csv
import math
import statistics
import sys


def rows(path):
    return {(r["cell_id"], r.get("model") or "cnn"): r for r in csv.DictReader(open(path, newline=""))}


def number(row, column):
    try:
        return float(row.get(column, ""))
    except ValueError:
        return math.nan


def main(old_path, new_path):
    old, new = rows(old_path), rows(new_path)
    pairs = []
    for key, n in new.items():
        if key[1] != "cnn" or n["status"] != "ok" or key not in old:
            continue
        o = old[key]
        pairs.append((key[0], number(n, "calibrated_prevalence"), number(o, "calibrated_brier"),
                      number(n, "calibrated_brier"), number(o, "calibrated_slope"), number(n, "calibrated_slope"),
                      number(o, "auc"), number(n, "auc")))
    for p in pairs:
        print("%-40s prevalence %.3f  Brier %.4f -> %.4f  slope %.2f -> %.2f  AUC %.4f %.4f" % p)
    before = [p[2] for p in pairs]
    after = [p[3] for p in pairs]
    print("cells %d; median calibrated Brier %.4f -> %.4f; lower in %d"
          % (len(pairs), statistics.median(before), statistics.median(after),
             sum(b < a for a, b in zip(before, after))))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
