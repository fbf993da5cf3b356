#!/usr/bin/env python3
"""Writes the metric golden fixtures (synthetic label/score vectors, no patient data).

Each fixture is src/test/resources/metrics/golden/fixtures/<name>.csv with columns
case,label,score_a,score_b (label 1 = positive; score_b is a second model on the same cases, for the
paired DeLong test). Deterministic: Python's random.Random(seed) per fixture.
Run: python3 scripts/golden/make_fixtures.py  (then metrics_proc.R and metrics_sklearn.py).
"""
import os
import random

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "resources", "metrics", "golden", "fixtures")


def clip(p):
    return min(1.0, max(0.0, p))


def noisy(rng, labels, shift, sd, digits):
    return [round(clip(0.5 + (shift if l == 1 else -shift) + rng.gauss(0, sd)), digits) for l in labels]


def write(name, labels, a, b):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".csv"), "w") as f:
        f.write("case,label,score_a,score_b\n")
        for i, (l, x, y) in enumerate(zip(labels, a, b)):
            f.write(f"c{i + 1},{l},{x!r},{y!r}\n")


def main():
    # ties: scores on a coarse grid (one decimal), many ties within and across classes
    rng = random.Random(1)
    labels = [1] * 12 + [0] * 14
    rng.shuffle(labels)
    write("ties", labels, noisy(rng, labels, 0.12, 0.2, 1), noisy(rng, labels, 0.06, 0.2, 1))
    # tiny: 2 positives, 2 negatives, one tie across classes
    write("tiny", [1, 0, 1, 0], [0.8, 0.3, 0.4, 0.4], [0.6, 0.7, 0.9, 0.2])
    # perfect separation (a) and a good but imperfect model (b)
    rng = random.Random(3)
    labels = [1] * 8 + [0] * 9
    a = [round(0.6 + 0.4 * rng.random(), 3) if l else round(0.4 * rng.random(), 3) for l in labels]
    b = noisy(rng, labels, 0.2, 0.2, 3)
    write("perfect", labels, a, b)
    # inverted separation: positives score lower (AUC 0 for a)
    write("inverted", labels, [round(1 - s, 3) for s in a], b)
    # heavy imbalance: 4 positives among 80
    rng = random.Random(5)
    labels = [1] * 4 + [0] * 76
    rng.shuffle(labels)
    write("imbalanced", labels, noisy(rng, labels, 0.15, 0.15, 3), noisy(rng, labels, 0.1, 0.15, 3))
    # moderate: 30 + 40 continuous scores, two correlated models
    rng = random.Random(7)
    labels = [1] * 30 + [0] * 40
    rng.shuffle(labels)
    base = [rng.gauss(0.4 if l else -0.4, 0.6) for l in labels]
    a = [round(clip(0.5 + 0.35 * x + rng.gauss(0, 0.1)), 4) for x in base]
    b = [round(clip(0.5 + 0.25 * x + rng.gauss(0, 0.2)), 4) for x in base]
    write("moderate", labels, a, b)
    # one positive only (DeLong variance undefined)
    write("single_positive", [0, 0, 1, 0, 0], [0.1, 0.6, 0.7, 0.2, 0.4], [0.3, 0.2, 0.5, 0.9, 0.1])


if __name__ == "__main__":
    main()
