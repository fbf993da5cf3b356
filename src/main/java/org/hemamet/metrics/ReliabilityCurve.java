package org.hemamet.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * A reliability diagram (calibration curve): the predicted probabilities cut into equal-width bins on
 * [0, 1]; per non-empty bin the mean predicted probability against the observed fraction of positives,
 * with a Clopper–Pearson interval for that fraction ({@link ClopperPearson}; C. J. Clopper and E. S.
 * Pearson, Biometrika 26 (1934) 404-413). Binning as scikit-learn's {@code calibration_curve(strategy =
 * "uniform")}: bin i holds the probabilities in [i/k, (i+1)/k), the last bin includes 1. The per-bin
 * interval treats the lesions of a bin as independent.
 *
 * @param bins  the non-empty bins in increasing order of probability
 * @param level the confidence level of the intervals
 */
public record ReliabilityCurve(List<Bin> bins, double level) {

    /**
     * One bin.
     *
     * @param from          lower edge of the bin
     * @param to            upper edge of the bin
     * @param meanPredicted the mean predicted probability of its cases
     * @param observed      the fraction of positives with its Clopper–Pearson interval
     * @param cases         the number of cases
     * @param positives     the number of positives
     */
    public record Bin(double from, double to, double meanPredicted, Estimate observed, int cases, int positives) {}

    public ReliabilityCurve {
        bins = List.copyOf(bins);
    }

    /** The curve of probabilities {@code p} (in [0, 1]) against 0/1 {@code labels}, {@code k} bins. */
    public static ReliabilityCurve of(int[] labels, double[] p, int k, double level) {
        Labels.check(labels, p);
        Wilson.checkLevel(level);
        if (k < 1) {
            throw new IllegalArgumentException("need at least one bin, got " + k);
        }
        int[] n = new int[k];
        int[] pos = new int[k];
        double[] sum = new double[k];
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0 || p[i] > 1) {
                throw new IllegalArgumentException("probability out of [0, 1]: " + p[i]);
            }
            int b = Math.min(k - 1, (int) Math.floor(p[i] * k));
            n[b]++;
            pos[b] += labels[i];
            sum[b] += p[i];
        }
        List<Bin> bins = new ArrayList<>();
        for (int b = 0; b < k; b++) {
            if (n[b] > 0) {
                bins.add(new Bin(
                        (double) b / k,
                        (double) (b + 1) / k,
                        sum[b] / n[b],
                        ClopperPearson.interval(pos[b], n[b], level, "empty bin"),
                        n[b],
                        pos[b]));
            }
        }
        return new ReliabilityCurve(bins, level);
    }
}
