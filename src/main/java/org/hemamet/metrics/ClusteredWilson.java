package org.hemamet.metrics;

/**
 * Wilson score interval for a proportion of lesions clustered in patients, with the effective sample size
 * of a design effect: the interval a statistical reviewer expects for sensitivity, specificity, accuracy and
 * predictive values when some patients contribute several lesions.
 *
 * <ol>
 *   <li>The proportion is the ratio estimator p = sum(x_i) / sum(n_i) over the K patients that contribute
 *       (x_i successes of n_i lesions), with its cluster (between-patient) variance
 *       {@code v = K / (K - 1) * sum((x_i - p n_i)^2) / n^2} (J. N. K. Rao and A. J. Scott, "A simple method
 *       for the analysis of clustered binary data", Biometrics 48 (1992) 577-585; for sensitivity and
 *       specificity, T. S. S. Genders et al., "Methods for calculating sensitivity and specificity of
 *       clustered data: a tutorial", Radiology 265 (2012) 910-916). It is the variance R's survey package
 *       gives {@code svymean} under {@code svydesign(ids = ~patient)} (the golden tests compare the resulting
 *       limits with ones made from it).
 *   <li>The design effect {@code deff = v / (p (1 - p) / n)} is truncated below at 1, and is 1 when p is 0
 *       or 1 (the variance estimate is then 0): the effective sample size {@code n / deff} never exceeds the
 *       number of lesions and never becomes infinite (E. L. Korn and B. I. Graubard, "Confidence intervals for
 *       proportions with small expected number of positive counts estimated from survey data", Survey
 *       Methodology 24 (1998) 193-201; J. D. Parker et al., National Center for Health Statistics data
 *       presentation standards for proportions, Vital Health Stat 2(175), 2017).
 *   <li>For few patients, the effective size is scaled by {@code (t_{n-1} / t_{K-1})^2}, the ratio of the
 *       t quantiles on the lesions' and the patients' degrees of freedom (Korn and Graubard 1998; R survey's
 *       {@code svyciprop(method = "beta")} makes the same effective size).
 *   <li>The interval is Wilson's score interval at that effective size (E. B. Wilson, J. Am. Stat. Assoc. 22
 *       (1927) 209-212), which keeps its coverage in clustered samples better than the Wald or the bootstrap
 *       percentile interval, in particular near 0 and 1 (N. Dean and M. Pagano, "Evaluating confidence
 *       interval methods for binomial proportions in clustered surveys", J. Surv. Stat. Methodol. 3 (2015)
 *       484-503). Unlike a cluster percentile bootstrap, 43 of 43 does not give the empty interval
 *       (1.000-1.000).
 * </ol>
 *
 * <p>With one patient per lesion the design effect is near 1 and the interval close to (not equal to) the
 * plain {@link Wilson} interval; callers use {@link Wilson} for independent lesions. With one contributing
 * patient there is no between-patient variance to estimate: the plain Wilson interval on the lesions is
 * returned, with a note saying so.
 */
public final class ClusteredWilson {
    /** The {@link Estimate#method()} of this interval. */
    public static final String METHOD = "wilson-design-effect";

    private ClusteredWilson() {}

    /**
     * The proportion of successes among the lesions {@code trial[i]} (true: in the denominator) with
     * {@code success[i]} true, lesions grouped by {@code clusters[i]}, with its interval at {@code level}.
     * With no lesion in the denominator the estimate is undefined with {@code emptyReason}.
     */
    public static Estimate interval(
            boolean[] trial, boolean[] success, String[] clusters, double level, String emptyReason) {
        if (trial.length != success.length || trial.length != clusters.length) {
            throw new IllegalArgumentException("need one trial flag, success flag and cluster id per case: "
                    + trial.length + ", " + success.length + ", " + clusters.length);
        }
        return interval(trial, success, Bootstrap.clusterMembers(clusters), level, emptyReason);
    }

    /** As {@link #interval(boolean[], boolean[], String[], double, String)}, with the cases of each cluster. */
    static Estimate interval(boolean[] trial, boolean[] success, int[][] members, double level, String emptyReason) {
        Wilson.checkLevel(level);
        long[] x = new long[members.length];
        long[] m = new long[members.length];
        for (int c = 0; c < members.length; c++) {
            for (int i : members[c]) {
                if (trial[i]) {
                    m[c]++;
                    x[c] += success[i] ? 1 : 0;
                } else if (success[i]) {
                    throw new IllegalArgumentException("case " + i + " is a success but not a trial");
                }
            }
        }
        return interval(x, m, level, emptyReason);
    }

    /**
     * The proportion {@code sum(successes) / sum(trials)} of clusters with {@code successes[c]} of {@code
     * trials[c]} (clusters with no trial are left out), with its interval at {@code level}.
     */
    public static Estimate interval(long[] successes, long[] trials, double level, String emptyReason) {
        if (successes.length != trials.length) {
            throw new IllegalArgumentException(
                    "need one trial count per cluster: " + successes.length + " and " + trials.length);
        }
        Wilson.checkLevel(level);
        long x = 0;
        long n = 0;
        int k = 0;
        for (int c = 0; c < trials.length; c++) {
            if (successes[c] < 0 || trials[c] < 0 || successes[c] > trials[c]) {
                throw new IllegalArgumentException(
                        "cluster " + c + ": need 0 <= successes <= trials, got " + successes[c] + " of " + trials[c]);
            }
            x += successes[c];
            n += trials[c];
            k += trials[c] > 0 ? 1 : 0;
        }
        if (n == 0) {
            return Estimate.undefined(METHOD, level, emptyReason);
        }
        if (k < 2) {
            Estimate w = Wilson.interval(x, n, level, emptyReason);
            return new Estimate(
                    w.value(),
                    w.lower(),
                    w.upper(),
                    level,
                    METHOD,
                    "one patient: no between-patient variance to estimate; the lesion-level Wilson interval");
        }
        double p = (double) x / n;
        double nEff = effectiveSize(successes, trials, p, n, k, level);
        return Wilson.limits(x, n, nEff, level, METHOD);
    }

    /**
     * The effective sample size: {@code n / max(1, deff)} ({@code n} when p is 0 or 1), times the
     * degrees-of-freedom factor {@code (t_{n-1} / t_{K-1})^2}.
     */
    static double effectiveSize(long[] successes, long[] trials, double p, long n, int k, double level) {
        double deff = 1;
        if (p > 0 && p < 1) {
            double sum = 0;
            for (int c = 0; c < trials.length; c++) {
                double r = successes[c] - p * trials[c];
                sum += r * r;
            }
            double clusterVariance = (double) k / (k - 1) * sum / ((double) n * n);
            deff = Math.max(1, clusterVariance / (p * (1 - p) / n));
        }
        double upper = 0.5 + level / 2;
        double factor = n > 1 ? tQuantile(upper, n - 1) / tQuantile(upper, k - 1) : 1;
        return n / deff * factor * factor;
    }

    /** The {@code q} quantile (q &gt; 0.5) of Student's t with {@code df} degrees of freedom, by bisection. */
    static double tQuantile(double q, double df) {
        double lo = 0;
        double hi = 1;
        while (Distributions.studentTCdf(hi, df) < q) {
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (Distributions.studentTCdf(mid, df) < q) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
