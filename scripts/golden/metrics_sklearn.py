#!/usr/bin/python3
"""Expected values from scikit-learn 1.2 (Debian python3-sklearn) for the metric golden tests.

Run from the repository root with the Debian interpreter:  /usr/bin/python3 scripts/golden/metrics_sklearn.py
Reads  src/test/resources/metrics/golden/fixtures/*.csv  (case,label,score_a,score_b)
Writes src/test/resources/metrics/golden/expected_sklearn.csv   fixture,quantity,value
Threshold metrics use score_a >= 0.5 (hemamet's FIXED_0_5 rule). roc_curve arrays are ';'-joined.
"""
import csv
import glob
import os

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, brier_score_loss, confusion_matrix,
                             f1_score, matthews_corrcoef, roc_auc_score, roc_curve)

assert sklearn.__version__.startswith("1.2"), sklearn.__version__
DIR = "src/test/resources/metrics/golden"
rows = []


def put(fixture, quantity, value):
    if isinstance(value, (list, np.ndarray)):
        rows.append((fixture, quantity, ";".join(repr(float(v)) for v in value)))
    else:
        rows.append((fixture, quantity, repr(float(value))))


for path in sorted(glob.glob(os.path.join(DIR, "fixtures", "*.csv"))):
    name = os.path.splitext(os.path.basename(path))[0]
    with open(path) as f:
        data = list(csv.DictReader(f))
    y = np.array([int(r["label"]) for r in data])
    for s in ("a", "b"):
        score = np.array([float(r["score_" + s]) for r in data])
        put(name, "auc_" + s, roc_auc_score(y, score))
        fpr, tpr, thr = roc_curve(y, score, drop_intermediate=False)
        put(name, "roc_fpr_" + s, fpr)
        put(name, "roc_tpr_" + s, tpr)
        put(name, "roc_thresholds_" + s, thr[1:])  # thr[0] is max+1 in 1.2 (+inf from 1.3); hemamet uses +inf
        put(name, "brier_" + s, brier_score_loss(y, score))
    score = np.array([float(r["score_a"]) for r in data])
    pred = (score >= 0.5).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    for k, v in (("tp", tp), ("fp", fp), ("tn", tn), ("fn", fn)):
        put(name, k, v)
    put(name, "accuracy", accuracy_score(y, pred))
    put(name, "balanced_accuracy", balanced_accuracy_score(y, pred))
    put(name, "f1", f1_score(y, pred, zero_division=0))
    put(name, "mcc", matthews_corrcoef(y, pred))

with open(os.path.join(DIR, "expected_sklearn.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(("fixture", "quantity", "value"))
    w.writerows(rows)
print("wrote", len(rows), "scikit-learn values")
