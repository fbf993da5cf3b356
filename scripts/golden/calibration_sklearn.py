#!/usr/bin/python3
"""Platt scaling from scikit-learn 1.2 (Debian python3-sklearn) for hemamet's LogisticCalibration.platt.

Run from the repository root:  /usr/bin/python3 scripts/golden/calibration_sklearn.py
Reads  src/test/resources/metrics/golden/fixtures/*.csv  (case,label,score_a,score_b)
Writes src/test/resources/metrics/golden/expected_calibration_sklearn.csv  fixture,quantity,value
sklearn's sigmoid calibration fits P = 1 / (1 + exp(A f + B)) on f = logit(score) (clipped to
[1e-7, 1 - 1e-7]); hemamet's slope = -A, intercept = -B. It stops BFGS at gtol 1e-5, so the test compares
these to about 1e-4 (R's glm, expected_calibration.csv, is the tight oracle).
"""
import csv
import glob
import os

import numpy as np
import sklearn
from sklearn.calibration import _sigmoid_calibration

assert sklearn.__version__.startswith("1.2"), sklearn.__version__
DIR = "src/test/resources/metrics/golden"
EPS = 1e-7
rows = []
for path in sorted(glob.glob(os.path.join(DIR, "fixtures", "*.csv"))):
    name = os.path.splitext(os.path.basename(path))[0]
    with open(path) as f:
        data = list(csv.DictReader(f))
    y = np.array([int(r["label"]) for r in data])
    for s in ("a", "b"):
        p = np.clip(np.array([float(r["score_" + s]) for r in data]), EPS, 1 - EPS)
        f = np.log(p / (1 - p))
        if len(set(f)) < 2:
            continue
        a, b = _sigmoid_calibration(f, y)
        rows.append((name, "platt_slope_" + s, repr(float(-a))))
        rows.append((name, "platt_intercept_" + s, repr(float(-b))))
with open(os.path.join(DIR, "expected_calibration_sklearn.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["fixture", "quantity", "value"])
    w.writerows(rows)
print("scikit-learn", sklearn.__version__, len(rows), "values")
