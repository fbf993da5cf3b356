package org.hemamet.metrics;

/**
 * Wilson score interval for a binomial proportion: E. B. Wilson, "Probable inference, the law of
 * succession, and statistical inference", J. Am. Stat. Assoc. 22 (1927) 209-212; recommended over the
 * Wald interval by Brown, Cai and DasGupta, Statistical Science 16 (2001) 101-133. Without continuity
 * correction, it equals R's {@code prop.test(x, n, correct = FALSE)$conf.int} (checked by golden tests).
 */
public final class Wilson {
    private Wilson() {}

    /**
     * The proportion {@code successes / trials} with its Wilson interval at {@code level}. With
     * {@code trials == 0} the estimate is NaN and the note names {@code what} (e.g. "no predicted
     * positives").
     */
    public static Estimate interval(long successes, long trials, double level, String emptyReason) {
        if (successes < 0 || trials < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "Wilson interval needs 0 <= successes <= trials, got " + successes + " of " + trials);
        }
        checkLevel(level);
        if (trials == 0) {
            return Estimate.undefined(Estimate.WILSON, level, emptyReason);
        }
        return limits(successes, trials, trials, level, Estimate.WILSON);
    }

    /**
     * Wilson's limits for the observed proportion {@code successes / trials} at the sample size {@code n}
     * (the trials themselves, or an effective size), as an estimate named {@code method}.
     */
    static Estimate limits(long successes, long trials, double n, double level, String method) {
        double p = (double) successes / trials;
        double z = Distributions.normalQuantile(0.5 + level / 2);
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denom;
        double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double lo = successes == 0 ? 0 : Math.max(0, centre - half);
        double hi = successes == trials ? 1 : Math.min(1, centre + half);
        return new Estimate(p, lo, hi, level, method, "");
    }

    static void checkLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
        }
    }
}
