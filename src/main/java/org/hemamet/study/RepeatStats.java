package org.hemamet.study;

import java.util.Locale;

/**
 * Mean and 95 % confidence interval of a metric across repeated random splits, by Student's t
 * distribution over the repeats' values (repeated hold-out; the interval ignores the overlap between
 * training sets and is therefore optimistic, cf. Nadeau &amp; Bengio 2003).
 */
final class RepeatStats {
    private RepeatStats() {}

    /** Mean and t-interval of the values that are numbers; "NaN" when there are none. */
    static String meanCi(double[] values) {
        double[] v =
                java.util.Arrays.stream(values).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length == 0) {
            return "NaN";
        }
        double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
        if (v.length == 1) {
            return String.format(Locale.ROOT, "%.3f", mean);
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (v.length - 1));
        double half = tQuantile975(v.length - 1) * sd / Math.sqrt(v.length);
        return String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", mean, mean - half, mean + half);
    }

    /** Two-sided 95 % quantile of Student's t with {@code df} degrees of freedom (table up to 30, then normal). */
    static double tQuantile975(int df) {
        double[] t = {
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
            2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
        };
        return df <= 30 ? t[df - 1] : 1.96;
    }
}
