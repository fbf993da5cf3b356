#!/usr/bin/python3
"""Coverage of 95 % intervals for the AUC, by simulation: DeLong's (and Obuchowski's) Wald interval against
Newcombe's score interval (metrics/NewcombeAuc) and its design-effect analogue for lesions clustered in patients.

Part 1, independent lesions: binormal scores, positives N(mu, 1), negatives N(0, 1), AUC = Phi(mu / sqrt 2).
Part 2, lesions clustered in patients: each patient holds one class and 1-3 lesions (weights 0.6/0.3/0.1); a
lesion's score is mu * label + u + e with u ~ N(0, sigma) shared by the patient's lesions and e ~ N(0, 1), so
the AUC over lesions of different patients is Phi(mu / sqrt(2 (1 + sigma^2))).
Reports the share of intervals that contain the true AUC, the mean width and the share of zero-width intervals.
Newcombe's limits are found with scipy's brentq here (the Java code bisects; the golden values come from R's
polyroot). Run: /usr/bin/python3 scripts/golden/auc_coverage.py (Debian python3-numpy 1.24, python3-scipy 1.10).
"""
import numpy as np
from scipy import stats
from scipy.optimize import brentq

rng = np.random.default_rng(20261128)
Z = stats.norm.ppf(0.975)
REPS = 2000


def hanley_mcneil(t, m, n):
    s = max(0.0, (m + n) / 2 - 1)
    return t * (1 - t) * (1 + s * (1 - t) / (2 - t) + s * t / (1 + t)) / (m * n)


def newcombe(a, m, n):
    lo = 0.0 if a <= 0 else brentq(lambda t: (a - t) - Z * np.sqrt(hanley_mcneil(t, m, n)), 0, min(a, 1 - 1e-13))
    hi = 1.0 if a >= 1 else brentq(lambda t: (t - a) - Z * np.sqrt(hanley_mcneil(t, m, n)), max(a, 1e-13), 1)
    return lo, hi


def wald(a, var):
    se = np.sqrt(max(var, 0.0))
    return max(0.0, a - Z * se), min(1.0, a + Z * se)


def placements(scores, labels):
    x, y = scores[labels == 1], scores[labels == 0]
    d = x[:, None] - y[None, :]
    s = (d > 0) + 0.5 * (d == 0)
    return s.mean(), s.mean(1), s.mean(0)


def delong_variance(v10, v01):
    return v10.var(ddof=1) / len(v10) + v01.var(ddof=1) / len(v01)


def obuchowski_variance(a, v10, v01, labels, patient):
    k = patient.max() + 1
    m, n = len(v10), len(v01)
    x = np.bincount(patient[labels == 1], v10, k)
    y = np.bincount(patient[labels == 0], v01, k)
    mi = np.bincount(patient[labels == 1], minlength=k)
    ni = np.bincount(patient[labels == 0], minlength=k)
    i10, i01 = (mi > 0).sum(), (ni > 0).sum()
    dx, dy = x - mi * a, y - ni * a
    s10 = i10 / ((i10 - 1) * m) * np.sum(dx * dx)
    s01 = i01 / ((i01 - 1) * n) * np.sum(dy * dy)
    s11 = k / (k - 1) * 2 * np.sum(dx * dy)
    return s10 / m + s01 / n + s11 / (m * n)


def tally(results, name, interval, truth):
    lo, hi = interval
    hit, width, zero = results.setdefault(name, [0, 0.0, 0])
    results[name] = [hit + (lo <= truth <= hi), width + hi - lo, zero + (hi - lo < 1e-12)]


def report(setting, results):
    cells = [f"{name} {h / REPS:.3f} {w / REPS:.3f} {z / REPS:.3f}" for name, (h, w, z) in results.items()]
    print(setting + "," + ",".join(cells), flush=True)


print("# part 1: independent lesions; per method: coverage, mean width, share of zero width")
for m, n in ((10, 10), (20, 20), (15, 40)):
    for auc in (0.85, 0.95, 0.98):
        mu = np.sqrt(2) * stats.norm.ppf(auc)
        labels = np.r_[np.ones(m, int), np.zeros(n, int)]
        results = {}
        for _ in range(REPS):
            scores = mu * labels + rng.normal(0, 1, m + n)
            a, v10, v01 = placements(scores, labels)
            tally(results, "delong", wald(a, delong_variance(v10, v01)), auc)
            tally(results, "newcombe", newcombe(a, m, n), auc)
        report(f"m={m} n={n} auc={auc}", results)

print("# part 2: lesions clustered in patients (patients per class, patient effect SD)")
for k in (15, 40):
    for auc in (0.85, 0.95, 0.98):
        for sigma in (0.0, 1.0):
            mu = np.sqrt(2 * (1 + sigma * sigma)) * stats.norm.ppf(auc)
            results = {}
            for _ in range(REPS):
                sizes = rng.choice([1, 2, 3], size=2 * k, p=[0.6, 0.3, 0.1])
                patient = np.repeat(np.arange(2 * k), sizes)
                labels = np.r_[np.ones(k, int), np.zeros(k, int)][patient]
                scores = mu * labels + rng.normal(0, sigma, 2 * k)[patient] + rng.normal(0, 1, len(patient))
                a, v10, v01 = placements(scores, labels)
                vd = delong_variance(v10, v01)
                vo = obuchowski_variance(a, v10, v01, labels, patient)
                deff = max(1.0, vo / vd) if vd > 0 else 1.0
                m, n = len(v10), len(v01)
                tally(results, "obuchowski", wald(a, vo), auc)
                tally(results, "newcombe-lesions", newcombe(a, m, n), auc)
                tally(results, "newcombe-design-effect", newcombe(a, m / deff, n / deff), auc)
            report(f"patients={k}+{k} auc={auc} sigma={sigma}", results)
