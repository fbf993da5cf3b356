package org.hemamet.metrics;

import java.util.Arrays;

/**
 * The mean of a metric across repeated random splits (or folds) with a 95 % confidence interval by
 * Student's t distribution over the repeats' values (W. S. Gosset, "The probable error of a mean",
 * Biometrika 6 (1908) 1-25). The interval ignores the overlap between the repeats' training sets and is
 * therefore optimistic (C. Nadeau and Y. Bengio, Machine Learning 52 (2003) 239-281).
 */
public final class RepeatInterval {
    /** The {@link Estimate#method()} of intervals made here. */
    public static final String METHOD = "student-t-over-repeats";

    private RepeatInterval() {}

    /**
     * Mean and 95 % t-interval of the values that are numbers: undefined when none is, no interval with
     * one.
     */
    public static Estimate mean95(double[] values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length == 0) {
            return Estimate.undefined(METHOD, 0.95, "no repeat has a value");
        }
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        if (v.length == 1) {
            return new Estimate(mean, Double.NaN, Double.NaN, 0.95, METHOD, "one repeat: no interval");
        }
        double half = tQuantile975(v.length - 1) * sd(v) / Math.sqrt(v.length);
        return new Estimate(mean, mean - half, mean + half, 0.95, METHOD, "");
    }

    /** The sample standard deviation (n - 1) of the values that are numbers; NaN with fewer than two. */
    public static double sd(double[] values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length < 2) {
            return Double.NaN;
        }
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    /** Two-sided 95 % quantile of Student's t with {@code df} degrees of freedom (table up to 30, then normal). */
    public static double tQuantile975(int df) {
        double[] t = {
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
            2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
        };
        return df <= 30 ? t[df - 1] : 1.96;
    }
}
