#!/usr/bin/python3
"""Coverage of two 95 % intervals for a proportion of lesions clustered in patients, by simulation.

Compares hemamet's design-effect Wilson interval (metrics/ClusteredWilson: ratio estimator, cluster variance,
design effect truncated at 1 and 1 at p = 0 or 1, t-quantile degrees-of-freedom factor, Wilson at the effective
size) with the cluster percentile bootstrap it replaced (whole patients resampled). Patients have 1-3 lesions
(weights 0.6/0.3/0.1, as the synthetic cohort's metastasis patients, roughly); a lesion is a success with
probability expit(logit(p) + u), u ~ N(0, sigma) shared by the patient's lesions. Reports the share of
intervals that contain the true marginal proportion (estimated once by a large Monte Carlo sample), and the
share of zero-width intervals. Run: /usr/bin/python3 scripts/golden/clustered_coverage.py (Debian python3-numpy
1.24 and python3-scipy 1.10; the same figures with numpy 2.4 / scipy 1.17).
"""
import numpy as np
from scipy import stats

rng = np.random.default_rng(20261128)
Z = stats.norm.ppf(0.975)


def wilson(x, n, neff):
    p = x / n
    d = 1 + Z * Z / neff
    c = (p + Z * Z / (2 * neff)) / d
    h = Z / d * np.sqrt(p * (1 - p) / neff + Z * Z / (4 * neff * neff))
    return (0.0 if x == 0 else max(0.0, c - h)), (1.0 if x == n else min(1.0, c + h))


def design_effect_wilson(xs, ns):
    k, n, x = len(ns), ns.sum(), xs.sum()
    p = x / n
    deff = 1.0
    if 0 < p < 1:
        v = k / (k - 1) * np.sum((xs - p * ns) ** 2) / n ** 2
        deff = max(1.0, v / (p * (1 - p) / n))
    factor = (stats.t.ppf(0.975, n - 1) / stats.t.ppf(0.975, k - 1)) ** 2 if n > 1 else 1.0
    return wilson(x, n, n / deff * factor)


def cluster_bootstrap(xs, ns, b=1000):
    k = len(ns)
    idx = rng.integers(0, k, size=(b, k))
    reps = xs[idx].sum(1) / ns[idx].sum(1)
    return tuple(np.quantile(reps, [0.025, 0.975]))


def true_p(p, sigma):
    u = rng.normal(0, sigma, 2_000_000)
    return float(np.mean(1 / (1 + np.exp(-(np.log(p / (1 - p)) + u)))))


def simulate(k, p, sigma, reps=2000):
    truth = true_p(p, sigma)
    hit = {"wilson-design-effect": 0, "cluster-bootstrap": 0}
    zero = {"wilson-design-effect": 0, "cluster-bootstrap": 0}
    for _ in range(reps):
        ns = rng.choice([1, 2, 3], size=k, p=[0.6, 0.3, 0.1])
        u = rng.normal(0, sigma, k)
        pr = 1 / (1 + np.exp(-(np.log(p / (1 - p)) + u)))
        xs = rng.binomial(ns, pr)
        for name, f in (("wilson-design-effect", design_effect_wilson), ("cluster-bootstrap", cluster_bootstrap)):
            lo, hi = f(xs, ns)
            hit[name] += lo <= truth <= hi
            zero[name] += hi - lo < 1e-12
    return truth, {m: hit[m] / reps for m in hit}, {m: zero[m] / reps for m in zero}


print("patients,p,sigma,true_p,coverage_wilson_design_effect,coverage_cluster_bootstrap,"
      "zero_width_wilson_design_effect,zero_width_cluster_bootstrap")
for k in (15, 40):
    for p in (0.80, 0.95):
        for sigma in (0.0, 1.0):
            truth, cov, zero = simulate(k, p, sigma)
            print(f"{k},{p},{sigma},{truth:.4f},{cov['wilson-design-effect']:.3f},{cov['cluster-bootstrap']:.3f},"
                  f"{zero['wilson-design-effect']:.3f},{zero['cluster-bootstrap']:.3f}")
