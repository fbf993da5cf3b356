package org.hemamet.metrics;

import java.util.Arrays;

/**
 * An empirical ROC curve at every distinct score: point {@code k} classifies a case positive when its
 * score is {@code >= thresholds[k]}. {@code thresholds[0]} is +Infinity (nothing positive: fpr = tpr = 0)
 * and the rest are the distinct scores in decreasing order, so the last point is (1, 1). Tied scores make
 * one point (a diagonal step). Equals scikit-learn's {@code roc_curve(..., drop_intermediate=False)},
 * whose first threshold is {@code max(score) + 1} in 1.2 and +inf from 1.3.
 *
 * <p>When a class is absent its rate is NaN at every point.
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {
    public RocCurve {
        if (fpr.length != tpr.length || fpr.length != thresholds.length) {
            throw new IllegalArgumentException("ROC arrays differ in length");
        }
        fpr = fpr.clone();
        tpr = tpr.clone();
        thresholds = thresholds.clone();
    }

    @Override
    public double[] fpr() {
        return fpr.clone();
    }

    @Override
    public double[] tpr() {
        return tpr.clone();
    }

    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    public int size() {
        return thresholds.length;
    }

    /** Area under the curve by the trapezoid rule (equals {@link Roc#auc} up to rounding). */
    public double trapezoidArea() {
        double area = 0;
        for (int k = 1; k < fpr.length; k++) {
            area += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
        }
        return area;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RocCurve r
                && Arrays.equals(fpr, r.fpr)
                && Arrays.equals(tpr, r.tpr)
                && Arrays.equals(thresholds, r.thresholds);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(fpr) + Arrays.hashCode(tpr)) + Arrays.hashCode(thresholds);
    }

    @Override
    public String toString() {
        return "RocCurve[" + thresholds.length + " points]";
    }
}
