#!/usr/bin/env python3
"""What the prior-odds move does to the calibrated probabilities of one run, offline on the same scores.

The study fits each cell's temperature on the balanced training part (prevalence 0.5 after downsampling) and
then moves the calibrated probability by the prior odds to the training part's prevalence before balancing,
results.csv calibrated_prevalence (Saerens et al. 2002; Dal Pozzolo et al. 2015). Here every CNN cell's moved
probability (predictions.csv `calibrated`) is moved back to 0.5, and both are scored on the same test lesions:
Brier score and mean probability against the observed rate. With VALIDATION_DIR (a `validate --run` output of
the same run) the same for its external lesions (the bundle's development prevalence is the run's).

Usage: python3 scripts/calibration/prior_move_brier.py RUN_DIR [VALIDATION_DIR]
Standard library only.
"""
import csv
import math
import statistics
import sys


def moved(p, frm, to):
    """p moved from prevalence frm to prevalence to by the prior odds (the study's LogisticCalibration)."""
    odds = p / (1 - p) * (to / (1 - to)) / (frm / (1 - frm))
    return odds / (1 + odds)


def prevalences(run):
    out = {}
    for r in csv.DictReader(open(f"{run}/results.csv", newline="")):
        if (r.get("model") or "cnn") == "cnn" and r.get("calibrated_prevalence"):
            out[r["cell_id"]] = float(r["calibrated_prevalence"])
    return out


def score(predictions, prev):
    cells = {}
    for r in csv.DictReader(open(predictions, newline="")):
        if (r.get("model") or "cnn") != "cnn" or r["cell_id"] not in prev or not r.get("calibrated"):
            continue
        if r.get("partition", "test") != "test":
            continue
        p = min(max(float(r["calibrated"]), 1e-12), 1 - 1e-12)
        cells.setdefault(r["cell_id"], []).append((int(r["label"]), p, moved(p, prev[r["cell_id"]], 0.5)))
    out = {}
    for cell, rows in sorted(cells.items()):
        n = len(rows)
        out[cell] = {
            "n": n,
            "observed": sum(y for y, _, _ in rows) / n,
            "prevalence": prev[cell],
            "brier_moved": sum((p - y) ** 2 for y, p, _ in rows) / n,
            "brier_balanced": sum((q - y) ** 2 for y, _, q in rows) / n,
            "mean_moved": sum(p for _, p, _ in rows) / n,
            "mean_balanced": sum(q for _, _, q in rows) / n,
        }
    return out


def report(title, cells):
    print(f"{title}: {len(cells)} cells")
    print(f"{'cell':42} {'n':>4} {'prev':>5} {'obs':>5} {'Brier 0.5':>9} {'moved':>7} {'mean 0.5':>8} {'moved':>7}")
    for c, v in cells.items():
        print(f"{c:42} {v['n']:4d} {v['prevalence']:5.2f} {v['observed']:5.2f} {v['brier_balanced']:9.3f}"
              f" {v['brier_moved']:7.3f} {v['mean_balanced']:8.2f} {v['mean_moved']:7.2f}")
    b0 = [v["brier_balanced"] for v in cells.values()]
    b1 = [v["brier_moved"] for v in cells.values()]
    lower = sum(m < b for m, b in zip(b1, b0))
    print(f"median Brier at 0.5 {statistics.median(b0):.3f}, moved {statistics.median(b1):.3f};"
          f" moved lower in {lower} of {len(b0)} cells\n")


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    run = argv[1]
    prev = prevalences(run)
    report(f"{run} (test parts)", score(f"{run}/predictions.csv", prev))
    if len(argv) == 3:
        report(f"{argv[2]} (external)", score(f"{argv[2]}/predictions.csv", prev))


if __name__ == "__main__":
    main(sys.argv)
