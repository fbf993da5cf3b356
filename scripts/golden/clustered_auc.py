#!/usr/bin/env python3
"""Golden values for the clustered AUC variance (Obuchowski 1997) and its paired test.

An independent implementation written from the paper (N. A. Obuchowski, "Nonparametric analysis of
clustered ROC curve data", Biometrics 53 (1997) 567-578, eqs. 2-5): pairwise kernel psi over all
positive x negative pairs (no ranks, no DeLong placements), per-cluster sums, the S10/S01/S11 sums of
squares, Var = S10/M + S01/N + 2 S11/(MN), Cov from the cross-products. Plain Python, no numpy.

Fixtures (synthetic, no patient data): clusters of 1-4 cases with mixed labels, a random effect per
cluster so cases of a cluster are correlated, ties, singleton clusters only, and clusters that each hold
one class only. Deterministic: random.Random(seed) per fixture.

Writes src/test/resources/metrics/golden/clustered/<name>.csv  (case,cluster,label,score_a,score_b)
   and src/test/resources/metrics/golden/clustered/expected.csv (fixture,quantity,value)
Run from the repository root: python3 scripts/golden/clustered_auc.py
Cross-checked (not committed, third-party code) against doAUCcluster of the iMRMC R project (DIDSR,
adapted from the Cleveland Clinic's funcs_clusteredROC.R): every value agreed to 1e-12.
"""
import math
import os
import random

OUT = os.path.join("src", "test", "resources", "metrics", "golden", "clustered")


def psi(x, y):
    return 1.0 if x > y else 0.5 if x == y else 0.0


def components(labels, scores, clusters):
    pos = [s for l, s in zip(labels, scores) if l == 1]
    neg = [s for l, s in zip(labels, scores) if l == 0]
    big_m, big_n = len(pos), len(neg)
    auc = sum(psi(x, y) for x in pos for y in neg) / (big_m * big_n)
    ids = sorted(set(clusters))
    x = {c: 0.0 for c in ids}
    y = {c: 0.0 for c in ids}
    m = {c: 0 for c in ids}
    n = {c: 0 for c in ids}
    for l, s, c in zip(labels, scores, clusters):
        if l == 1:
            x[c] += sum(psi(s, t) for t in neg) / big_n
            m[c] += 1
        else:
            y[c] += sum(psi(t, s) for t in pos) / big_m
            n[c] += 1
    return auc, ids, x, y, m, n, big_m, big_n


def cov(ca, cb):
    auc_a, ids, xa, ya, m, n, big_m, big_n = ca
    auc_b, _, xb, yb, _, _, _, _ = cb
    i = len(ids)
    i10 = sum(1 for c in ids if m[c] > 0)
    i01 = sum(1 for c in ids if n[c] > 0)
    s10 = i10 / ((i10 - 1) * big_m) * sum((xa[c] - m[c] * auc_a) * (xb[c] - m[c] * auc_b) for c in ids)
    s01 = i01 / ((i01 - 1) * big_n) * sum((ya[c] - n[c] * auc_a) * (yb[c] - n[c] * auc_b) for c in ids)
    s11_ab = i / (i - 1) * sum((xa[c] - m[c] * auc_a) * (yb[c] - n[c] * auc_b) for c in ids)
    s11_ba = i / (i - 1) * sum((xb[c] - m[c] * auc_b) * (ya[c] - n[c] * auc_a) for c in ids)
    return s10 / big_m + s01 / big_n + (s11_ab + s11_ba) / (big_m * big_n)


def normal_cdf(z):
    return 0.5 * math.erfc(-z / math.sqrt(2))


def fixture(seed, clusters, max_size, effect, noise, digits, mixed=True, positive_rate=0.4):
    rng = random.Random(seed)
    rows = []
    for k in range(clusters):
        size = rng.randint(1, max_size)
        u = rng.gauss(0, effect)
        cluster_label = 1 if rng.random() < positive_rate else 0
        for _ in range(size):
            label = (1 if rng.random() < positive_rate else 0) if mixed else cluster_label
            a = round(0.5 * label + u + rng.gauss(0, noise), digits)
            b = round(0.3 * label + 0.5 * u + rng.gauss(0, noise), digits)
            rows.append((f"p{k + 1}", label, a, b))
    return rows


FIXTURES = {
    "mixed_clusters": fixture(11, 40, 4, 0.4, 0.5, 6),
    "one_class_clusters": fixture(12, 30, 3, 0.3, 0.4, 6, mixed=False),
    "coarse_ties": fixture(13, 25, 3, 0.3, 0.5, 1),
    "singletons": fixture(14, 30, 1, 0.0, 0.5, 6),
    "strong_cluster_effect": fixture(15, 20, 4, 1.0, 0.2, 4),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    out = ["fixture,quantity,value"]
    for name, rows in FIXTURES.items():
        with open(os.path.join(OUT, name + ".csv"), "w") as f:
            f.write("case,cluster,label,score_a,score_b\n")
            for i, (c, l, a, b) in enumerate(rows):
                f.write(f"c{i + 1},{c},{l},{a!r},{b!r}\n")
        labels = [r[1] for r in rows]
        clusters = [r[0] for r in rows]
        ca = components(labels, [r[2] for r in rows], clusters)
        cb = components(labels, [r[3] for r in rows], clusters)
        var_a, var_b, cov_ab = cov(ca, ca), cov(cb, cb), cov(ca, cb)
        z = (ca[0] - cb[0]) / math.sqrt(var_a + var_b - 2 * cov_ab)
        values = {"auc_a": ca[0], "auc_b": cb[0], "var_a": var_a, "var_b": var_b, "cov_ab": cov_ab,
                  "paired_z": z, "paired_p": 2 * normal_cdf(-abs(z)), "clusters": len(ca[1])}
        out += [f"{name},{k},{v!r}" for k, v in values.items()]
    with open(os.path.join(OUT, "expected.csv"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
