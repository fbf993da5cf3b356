package org.hemamet.metrics;

import java.util.Arrays;

/**
 * ROC analysis over primitive arrays: labels 1 = positive, 0 = negative; scores are P(positive) or any
 * score that is higher for positives (the direction is fixed: no automatic flipping, unlike pROC's
 * default {@code direction = "auto"}; an inverted classifier has AUC &lt; 0.5).
 *
 * <p>The AUC is the Mann-Whitney statistic with ties counted one half (Bamber 1975; Hanley and McNeil,
 * Radiology 143 (1982) 29-36): the probability that a random positive scores above a random negative.
 * Sorting makes it O(n log n); the sum is kept in exact integer arithmetic. Equals pROC's {@code auc}
 * and scikit-learn's {@code roc_auc_score} (golden tests).
 */
public final class Roc {
    private Roc() {}

    /** The AUC (Mann-Whitney, ties one half), or NaN when a class is absent. */
    public static double auc(int[] labels, double[] scores) {
        Labels.check(labels, scores);
        double[] pos = sortedScores(labels, scores, 1);
        double[] neg = sortedScores(labels, scores, 0);
        return auc(pos, neg);
    }

    /** AUC from the positive and negative scores, each sorted ascending with -0.0 folded into 0.0. */
    static double auc(double[] sortedPos, double[] sortedNeg) {
        long m = sortedPos.length;
        long n = sortedNeg.length;
        if (m == 0 || n == 0) {
            return Double.NaN;
        }
        // twice the Mann-Whitney U: for each positive, 2 * (#neg below) + (#neg tied), by a merge walk
        long twiceU = 0;
        int below = 0;
        int upTo = 0;
        for (double x : sortedPos) {
            while (below < n && sortedNeg[below] < x) {
                below++;
            }
            if (upTo < below) {
                upTo = below;
            }
            while (upTo < n && sortedNeg[upTo] <= x) {
                upTo++;
            }
            twiceU += 2L * below + (upTo - below);
        }
        return twiceU / (2.0 * m * n);
    }

    /** The empirical ROC curve at all distinct thresholds (see {@link RocCurve}). */
    public static RocCurve curve(int[] labels, double[] scores) {
        Labels.check(labels, scores);
        double[] all = new double[scores.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = scores[i] + 0.0;
        }
        Arrays.sort(all);
        double[] pos = sortedScores(labels, scores, 1);
        int distinct = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                distinct++;
            }
        }
        int m = pos.length;
        int n = all.length - m;
        double[] fpr = new double[distinct + 1];
        double[] tpr = new double[distinct + 1];
        double[] thr = new double[distinct + 1];
        thr[0] = Double.POSITIVE_INFINITY;
        int k = 1;
        int i = all.length - 1;
        int p = m - 1;
        long tp = 0;
        long total = 0;
        while (i >= 0) {
            double t = all[i];
            while (i >= 0 && all[i] == t) {
                i--;
                total++;
            }
            while (p >= 0 && pos[p] == t) {
                p--;
                tp++;
            }
            thr[k] = t;
            tpr[k] = m == 0 ? Double.NaN : (double) tp / m;
            fpr[k] = n == 0 ? Double.NaN : (double) (total - tp) / n;
            k++;
        }
        tpr[0] = m == 0 ? Double.NaN : 0;
        fpr[0] = n == 0 ? Double.NaN : 0;
        return new RocCurve(fpr, tpr, thr);
    }

    /** Scores of one class, sorted ascending, -0.0 folded into 0.0. */
    static double[] sortedScores(int[] labels, double[] scores, int label) {
        double[] s = Labels.scoresOf(labels, scores, label);
        for (int i = 0; i < s.length; i++) {
            s[i] += 0.0;
        }
        Arrays.sort(s);
        return s;
    }
}
