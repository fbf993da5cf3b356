package org.hemamet.metrics;

/**
 * The Clopper–Pearson ("exact") interval for a binomial proportion: C. J. Clopper and E. S. Pearson, "The
 * use of confidence or fiducial limits illustrated in the case of the binomial", Biometrika 26 (1934)
 * 404-413. With x successes of n trials and alpha = 1 - level, the limits are the alpha/2 quantile of
 * Beta(x, n - x + 1) and the 1 - alpha/2 quantile of Beta(x + 1, n - x) (0 when x = 0, 1 when x = n). It
 * equals R's {@code binom.test(x, n, conf.level = level)$conf.int}, which the golden test checks
 * ({@code scripts/golden/clopper_pearson.R}). The interval is conservative: its coverage is at least the
 * level for every true proportion.
 *
 * <p>The beta quantile is found by bisection on {@link Distributions#regularizedBeta} to double precision.
 */
public final class ClopperPearson {
    /** The {@link Estimate#method()} of intervals made here. */
    public static final String METHOD = "clopper-pearson";

    private ClopperPearson() {}

    /**
     * The proportion {@code successes / trials} with its Clopper–Pearson interval at {@code level}; with
     * {@code trials == 0} the estimate is undefined and the note is {@code emptyReason}.
     */
    public static Estimate interval(long successes, long trials, double level, String emptyReason) {
        if (successes < 0 || trials < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "Clopper-Pearson interval needs 0 <= successes <= trials, got " + successes + " of " + trials);
        }
        Wilson.checkLevel(level);
        if (trials == 0) {
            return Estimate.undefined(METHOD, level, emptyReason);
        }
        double alpha = 1 - level;
        double x = successes;
        double n = trials;
        double lo = successes == 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1);
        double hi = successes == trials ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x);
        return new Estimate(x / n, lo, hi, level, METHOD, "");
    }

    /** The p-quantile of Beta(a, b): the x in [0, 1] with I_x(a, b) = p, by bisection. */
    static double betaQuantile(double p, double a, double b) {
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 200 && hi - lo > 0; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi) {
                break;
            }
            if (Distributions.regularizedBeta(mid, a, b) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
