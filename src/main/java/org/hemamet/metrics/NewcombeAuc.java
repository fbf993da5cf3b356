package org.hemamet.metrics;

/**
 * The AUC with Newcombe's score-type confidence interval, and its analogue for lesions clustered in patients.
 *
 * <p>R. G. Newcombe, "Confidence intervals for an effect size measure based on the Mann-Whitney statistic. Part
 * 2: asymptotic methods and evaluation", Statistics in Medicine 25 (2006) 559-573, method 5 (the one the paper
 * recommends; also the default of the R package auRoc): the limits are the two solutions θ of
 * (θ̂ - θ)² = z² V(θ), one on each side of the empirical AUC θ̂, where V is Hanley and McNeil's variance
 * (Radiology 143 (1982) 29-36) with both class sizes replaced by their mean:
 * V(θ) = θ(1 - θ) [1 + (N* - 1)((1 - θ)/(2 - θ) + θ/(1 + θ))] / (m n), N* - 1 = (m + n)/2 - 1. Unlike
 * DeLong's Wald interval it never leaves [0, 1], and it keeps a width at AUC = 1 (where DeLong's variance
 * estimate is 0 and pROC answers 1.000-1.000). In the simulation of {@code scripts/golden/auc_coverage.py}
 * (binormal scores, 10-40 lesions a class, AUC 0.85-0.98, 2,000 samples a setting) DeLong's 95 % interval
 * covers the true AUC in 55-90 % of samples and this one in 95.6-97.7 %: wider, and on the safe side.
 *
 * <p>Clustered cases (several lesions of one patient): the AUC is the ordinary empirical AUC; the interval is
 * Newcombe's at the effective class sizes m / d and n / d, where the design effect d is the ratio of
 * Obuchowski's clustered variance ({@link ClusteredAuc}; Biometrics 53 (1997) 567-578) to DeLong's
 * (independent-case) variance at the same data, truncated below at 1, and 1 where DeLong's variance is 0 (every
 * pair ranked alike, as Korn and Graubard take it for a proportion of 0 or 1). This is the design-effect
 * construction of Kish (Survey Sampling, 1965) that {@link ClusteredWilson} applies to the proportions; with one
 * case per cluster d = 1 and the interval is Newcombe's. In the same script's clustered simulation (15 or 40
 * patients a class, 1-3 lesions each, patient effect SD 0 or 1) it covers 94.8-98.1 %, Obuchowski's normal
 * interval 72.3-93.9 %, and Newcombe's at the lesion counts (ignoring the patients) 91.4-98.1 %.
 *
 * <p>The limits are found by bisection (each side has one root on the data this kit meets; the golden script
 * solves the same equation as a quartic with R's {@code polyroot} and checks that). Degenerate input never throws:
 * a missing class gives NaN with the reason.
 */
public final class NewcombeAuc {
    /** The {@link Estimate#method()} of the interval for independent cases. */
    public static final String METHOD = "newcombe";

    /** The {@link Estimate#method()} of the interval at the patients' design effect. */
    public static final String CLUSTERED_METHOD = "newcombe-design-effect";

    private NewcombeAuc() {}

    /** The AUC of {@code scores} against {@code labels} with Newcombe's interval at {@code level}. */
    public static Estimate auc(int[] labels, double[] scores, double level) {
        return estimate(labels, scores, null, level);
    }

    /**
     * The AUC of {@code scores} with Newcombe's interval at the effective class sizes of the patients' design
     * effect ({@code clusters[i]} = the patient of case i).
     */
    public static Estimate auc(int[] labels, double[] scores, String[] clusters, double level) {
        if (clusters == null) {
            throw new IllegalArgumentException("need one cluster id per case, got none");
        }
        return estimate(labels, scores, clusters, level);
    }

    /** The AUC with Newcombe's interval, at the design effect of {@code clusters} unless they are null. */
    private static Estimate estimate(int[] labels, double[] scores, String[] clusters, double level) {
        Labels.check(labels, scores);
        Wilson.checkLevel(level);
        String method = clusters == null ? METHOD : CLUSTERED_METHOD;
        int m = Labels.countPositives(labels);
        int n = labels.length - m;
        if (m == 0 || n == 0) {
            return Estimate.undefined(method, level, DeLong.oneClass(m, n));
        }
        double auc = Roc.auc(labels, scores);
        if (clusters == null) {
            return interval(auc, m, n, level, METHOD, "");
        }
        double clustered = ClusteredAuc.variance(labels, scores, clusters);
        double independent = DeLong.variance(labels, scores);
        if (Double.isNaN(clustered) || Double.isNaN(independent)) {
            return interval(auc, m, n, level, CLUSTERED_METHOD, designEffectUnknown(labels, clusters));
        }
        double d = designEffect(clustered, independent);
        return interval(auc, m / d, n / d, level, CLUSTERED_METHOD, "");
    }

    /**
     * The design effect of the clustering on the AUC: Obuchowski's variance over DeLong's, at least 1; 1 where
     * DeLong's variance is 0.
     */
    static double designEffect(double clusteredVariance, double independentVariance) {
        return independentVariance > 0 ? Math.max(1, clusteredVariance / independentVariance) : 1;
    }

    /**
     * Newcombe's method-5 limits around {@code auc} for (effective) class sizes {@code m} and {@code n}, as an
     * estimate named {@code method}.
     */
    static Estimate interval(double auc, double m, double n, double level, String method, String note) {
        double z = Distributions.normalQuantile(0.5 + level / 2);
        double lower = auc <= 0 ? 0 : root(auc, m, n, z, false);
        double upper = auc >= 1 ? 1 : root(auc, m, n, z, true);
        return new Estimate(auc, lower, upper, level, method, note);
    }

    /**
     * Hanley and McNeil's variance of the AUC at {@code theta} with both class sizes' "minus one" terms
     * replaced by {@code (m + n)/2 - 1} (Newcombe 2006, method 4; not below 0 for effective sizes under 2).
     */
    static double variance(double theta, double m, double n) {
        double s = Math.max(0, (m + n) / 2 - 1);
        return theta * (1 - theta) * (1 + s * (1 - theta) / (2 - theta) + s * theta / (1 + theta)) / (m * n);
    }

    /**
     * The solution of (auc - θ)² = z² V(θ) below {@code auc} ({@code above} false) or above it. The function
     * g(θ) = |auc - θ| - z sqrt(V(θ)) is positive at the far end (0 or 1, where V is 0) and not positive at
     * {@code auc}; bisection keeps that bracket.
     */
    private static double root(double auc, double m, double n, double z, boolean above) {
        double inside = auc;
        double outside = above ? 1 : 0;
        for (int i = 0; i < 200 && Math.abs(outside - inside) > 1e-15; i++) {
            double mid = 0.5 * (inside + outside);
            double g = Math.abs(auc - mid) - z * Math.sqrt(variance(mid, m, n));
            if (g > 0) {
                outside = mid;
            } else {
                inside = mid;
            }
        }
        return 0.5 * (inside + outside);
    }

    private static String designEffectUnknown(int[] labels, String[] clusters) {
        return "the design effect needs 2 patients with each class and 2 lesions of each class ("
                + ClusteredAuc.clusterCount(clusters) + " patients, " + labels.length
                + " lesions): Newcombe's interval at the lesion counts";
    }
}
