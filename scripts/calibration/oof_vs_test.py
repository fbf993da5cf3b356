#!/usr/bin/env python3
"""Is each cell's test part like the training part its calibration was fitted on? (session 15)

For every ok cell of RUN_DIR with a calibration_fit.csv, the SAME cross-fitting fold models scored twice:
  held-out  = each fold model on its own held-out fold of the training part (part=fit): what the
              calibration is fitted on;
  test      = each fold model on the cell's test part (part=test).
Per cell it prints the fold models' mean AUC on both (Mann-Whitney), the temperature fitted by maximum
likelihood on the held-out scores (what the study fits) and on the test scores (what would have been right
for the test part; reported, never used), Cox's slope of the test scores after the held-out temperature, and
from split.csv the share of the test and of the training part's lesions that come from a patient with
several lesions in the cell. If the test part is systematically easier than the held-out folds (test AUC >
held-out AUC for the same models), temperature scaling fitted on the held-out folds looks under-confident on
the test part (Cox slope > 1) whatever the number of folds.

It found the patient split of versions up to 2026-11-28 (PatientSplit filled the held-out side first with
the largest patients): in the demo run nearly every test lesion came from a multi-lesion patient and almost
no training lesion did (README, "Calibration").

Usage: oof_vs_test.py RUN_DIR [RUN_DIR ...]
"""
import csv
import glob
import math
import os
import statistics
import sys


def logit(p):
    p = min(max(p, 1e-7), 1 - 1e-7)
    return math.log(p / (1 - p))


def auc(labels, scores):
    pos = [s for s, y in zip(scores, labels) if y == 1]
    neg = [s for s, y in zip(scores, labels) if y == 0]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def nll(labels, scores, a):
    total = 0.0
    for y, s in zip(labels, scores):
        z = a * logit(s)
        total += math.log1p(math.exp(-abs(z))) + max(-z, 0) if y == 1 else math.log1p(math.exp(-abs(z))) + max(z, 0)
    return total / len(labels)


def temperature(labels, scores):
    """1/T by golden-section search on the log loss over a in [0.01, 20] (log scale)."""
    lo, hi = math.log(0.01), math.log(20)
    g = (math.sqrt(5) - 1) / 2
    for _ in range(80):
        c, d = hi - g * (hi - lo), lo + g * (hi - lo)
        if nll(labels, scores, math.exp(c)) < nll(labels, scores, math.exp(d)):
            hi = d
        else:
            lo = c
    return math.exp((lo + hi) / 2)


def cox_slope(labels, probs):
    """Cox's calibration slope: logistic regression of the outcome on logit(p), Newton-Raphson; NaN if separated."""
    x = [logit(p) for p in probs]
    a = b = 0.0
    for _ in range(100):
        g0 = g1 = h00 = h01 = h11 = 0.0
        for xi, y in zip(x, labels):
            z = max(min(a + b * xi, 35), -35)
            p = 1 / (1 + math.exp(-z))
            w = p * (1 - p)
            g0 += y - p
            g1 += (y - p) * xi
            h00 += w
            h01 += w * xi
            h11 += w * xi * xi
        det = h00 * h11 - h01 * h01
        if det <= 1e-12:
            return float("nan")
        da = (h11 * g0 - h01 * g1) / det
        db = (h00 * g1 - h01 * g0) / det
        a, b = a + da, b + db
        if abs(b) > 1e3:
            return float("nan")
        if max(abs(da), abs(db)) < 1e-10:
            return b
    return b


def multi_lesion_shares(cell_dir):
    """Share of the test and of the (kept) training lesions whose patient has several lesions in the cell."""
    rows = list(csv.DictReader(open(os.path.join(cell_dir, "split.csv"))))
    per_patient = {}
    for r in rows:
        per_patient[r["patient_key"]] = per_patient.get(r["patient_key"], 0) + 1
    shares = {}
    for part in ("train", "test"):
        mine = [r for r in rows if r["partition"] == part]
        shares[part] = sum(per_patient[r["patient_key"]] > 1 for r in mine) / len(mine) if mine else float("nan")
    return shares


def cell_rows(run):
    out = []
    for cell_dir in sorted(glob.glob(os.path.join(run, "cells", "*"))):
        path = os.path.join(cell_dir, "calibration_fit.csv")
        if not os.path.isfile(path):
            continue
        rows = list(csv.DictReader(open(path)))
        folds = sorted({int(r["fold"]) for r in rows if r["part"] == "fit"})
        held_auc, test_auc, held, test = [], [], ([], []), ([], [])
        for f in folds:
            h = [r for r in rows if r["part"] == "fit" and int(r["fold"]) == f]
            t = [r for r in rows if r["part"] == "test" and int(r["fold"]) == f]
            hy, hs = [int(r["label"]) for r in h], [float(r["score"]) for r in h]
            ty, ts = [int(r["label"]) for r in t], [float(r["score"]) for r in t]
            held_auc.append(auc(hy, hs))
            test_auc.append(auc(ty, ts))
            held[0].extend(hy), held[1].extend(hs), test[0].extend(ty), test[1].extend(ts)
        if not test[0]:
            continue
        a_held = temperature(*held)
        a_test = temperature(*test)
        moved = [1 / (1 + math.exp(-a_held * logit(s))) for s in test[1]]
        shares = multi_lesion_shares(cell_dir)
        out.append({
            "cell": os.path.basename(cell_dir),
            "held_auc": statistics.fmean(held_auc),
            "test_auc": statistics.fmean(test_auc),
            "inv_t_held": a_held,
            "inv_t_test": a_test,
            "cox_slope_test": cox_slope(test[0], moved),
            "multi_train": shares["train"],
            "multi_test": shares["test"],
        })
    return out


def median(values):
    v = [x for x in values if not math.isnan(x)]
    return statistics.median(v) if v else float("nan")


def main(runs):
    for run in runs:
        rows = cell_rows(run)
        print(f"# {run}: {len(rows)} cells")
        print("cell | fold models' AUC held-out / test | 1/T held-out / test | Cox slope on test | "
              "multi-lesion share train / test")
        for r in rows:
            print(f"{r['cell']} | {r['held_auc']:.3f} / {r['test_auc']:.3f} | {r['inv_t_held']:.2f} / "
                  f"{r['inv_t_test']:.2f} | {r['cox_slope_test']:.2f} | {r['multi_train']:.2f} / {r['multi_test']:.2f}")
        print("median | " + " / ".join(f"{median([r[k] for r in rows]):.3f}" for k in ("held_auc", "test_auc"))
              + " | " + " / ".join(f"{median([r[k] for r in rows]):.2f}" for k in ("inv_t_held", "inv_t_test"))
              + f" | {median([r['cox_slope_test'] for r in rows]):.2f} | "
              + " / ".join(f"{median([r[k] for r in rows]):.2f}" for k in ("multi_train", "multi_test")))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
