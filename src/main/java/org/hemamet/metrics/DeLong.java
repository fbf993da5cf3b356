package org.hemamet.metrics;

/**
 * DeLong's nonparametric variance of the empirical AUC and the tests built on it.
 *
 * <p>E. R. DeLong, D. M. DeLong and D. L. Clarke-Pearson, "Comparing the areas under two or more
 * correlated receiver operating characteristic curves: a nonparametric approach", Biometrics 44 (1988)
 * 837-845. Computed with the fast algorithm of X. Sun and W. Xu, "Fast implementation of DeLong's
 * algorithm for comparing the areas under correlated receiver operating characteristic curves", IEEE
 * Signal Processing Letters 21 (2014) 1389-1393: the structural components (placement values) come from
 * ranks within each class and in the pooled sample, here as sorted-array searches, so everything is
 * O(n log n) in the number of cases. For a positive with score x, V10 = (#negatives below x + half the
 * negatives tied with x) / n; for a negative with score y, V01 = (#positives above y + half the ties) / m;
 * AUC = mean(V10) = mean(V01); Var(AUC) = S10/m + S01/n with S10, S01 the sample variances (divisor m-1,
 * n-1) of the components.
 *
 * <p>Matches pROC 1.18 ({@code ci.auc(method = "delong")} and {@code roc.test(method = "delong")},
 * direction "&lt;") to rounding: the CI is AUC &plusmn; z<sub>(1+level)/2</sub> SE clipped to [0, 1]; the
 * paired test is z = (AUC<sub>A</sub> - AUC<sub>B</sub>) / sqrt(Var A + Var B - 2 Cov) with a normal
 * two-sided p (z = 0 when both difference and variance are 0); the unpaired test is pROC's Welch-type
 * t = (AUC<sub>A</sub> - AUC<sub>B</sub>) / sqrt(Var A + Var B) with
 * df = (Var A + Var B)^2 / (Var A^2 / (N<sub>A</sub> - 1) + Var B^2 / (N<sub>B</sub> - 1)) and a Student-t p.
 *
 * <p>Degenerate input never throws: a missing class gives NaN AUC; fewer than 2 cases in a class gives
 * NaN variance; both are explained in the {@code note}.
 */
public final class DeLong {
    private DeLong() {}

    /** Placement values and the resulting AUC and variance for one score vector. */
    record Placements(double auc, double[] v10, double[] v01, double s10, double s01) {
        double variance() {
            return s10 / v10.length + s01 / v01.length;
        }
    }

    /**
     * The result of comparing two AUCs.
     *
     * @param paired     true for the paired test (same cases), false for the unpaired test
     * @param positivesA positives scored by A (for the paired test, also by B)
     * @param negativesA negatives scored by A
     * @param positivesB positives scored by B
     * @param negativesB negatives scored by B
     * @param aucA       AUC of A
     * @param aucB       AUC of B
     * @param varianceA  DeLong variance of AUC A
     * @param varianceB  DeLong variance of AUC B
     * @param covariance DeLong covariance of the two AUCs (paired test; 0 for unpaired)
     * @param difference AUC A - AUC B
     * @param diffLower  lower limit of the CI of the difference (paired test only, NaN otherwise)
     * @param diffUpper  upper limit of the CI of the difference
     * @param statistic  z (paired) or t (unpaired)
     * @param df         degrees of freedom of t (unpaired), NaN for the paired z test
     * @param pValue     two-sided p-value
     * @param level      confidence level of the difference CI
     * @param method     "delong-paired" or "delong-unpaired"
     * @param note       empty, or why something is NaN / special
     */
    public record Comparison(
            boolean paired,
            int positivesA,
            int negativesA,
            int positivesB,
            int negativesB,
            double aucA,
            double aucB,
            double varianceA,
            double varianceB,
            double covariance,
            double difference,
            double diffLower,
            double diffUpper,
            double statistic,
            double df,
            double pValue,
            double level,
            String method,
            String note) {
        /** The z statistic (paired); same as {@link #statistic()}. */
        public double z() {
            return statistic;
        }
    }

    /** The AUC with its DeLong confidence interval at {@code level}. */
    public static Estimate auc(int[] labels, double[] scores, double level) {
        Labels.check(labels, scores);
        Wilson.checkLevel(level);
        int m = Labels.countPositives(labels);
        int n = labels.length - m;
        if (m == 0 || n == 0) {
            return Estimate.undefined(Estimate.DELONG, level, oneClass(m, n));
        }
        Placements p = placements(labels, scores);
        if (m < 2 || n < 2) {
            return new Estimate(
                    p.auc(),
                    Double.NaN,
                    Double.NaN,
                    level,
                    Estimate.DELONG,
                    "DeLong variance needs at least 2 positives and 2 negatives (have " + m + " and " + n + ")");
        }
        double se = Math.sqrt(p.variance());
        double z = Distributions.normalQuantile(0.5 + level / 2);
        double lo = Math.max(0, p.auc() - z * se);
        double hi = Math.min(1, p.auc() + z * se);
        return new Estimate(p.auc(), lo, hi, level, Estimate.DELONG, "");
    }

    /** DeLong variance of the AUC (NaN with fewer than 2 cases in a class). */
    public static double variance(int[] labels, double[] scores) {
        Labels.check(labels, scores);
        int m = Labels.countPositives(labels);
        int n = labels.length - m;
        if (m < 2 || n < 2) {
            return Double.NaN;
        }
        return placements(labels, scores).variance();
    }

    /** Paired test of two score vectors on the same cases (95% CI of the difference). */
    public static Comparison pairedTest(int[] labels, double[] scoresA, double[] scoresB) {
        return pairedTest(labels, scoresA, scoresB, 0.95);
    }

    /** Paired DeLong test (as pROC's {@code roc.test(method = "delong", paired = TRUE)}). */
    public static Comparison pairedTest(int[] labels, double[] scoresA, double[] scoresB, double level) {
        Labels.check(labels, scoresA);
        Labels.check(labels, scoresB);
        Wilson.checkLevel(level);
        int m = Labels.countPositives(labels);
        int n = labels.length - m;
        String method = "delong-paired";
        if (m < 2 || n < 2) {
            double aucA = Roc.auc(labels, scoresA);
            double aucB = Roc.auc(labels, scoresB);
            String why = (m == 0 || n == 0)
                    ? oneClass(m, n)
                    : "DeLong test needs at least 2 positives and 2 negatives (have " + m + " and " + n + ")";
            return new Comparison(
                    true,
                    m,
                    n,
                    m,
                    n,
                    aucA,
                    aucB,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    aucA - aucB,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    level,
                    method,
                    why);
        }
        Placements a = placements(labels, scoresA);
        Placements b = placements(labels, scoresB);
        double cov10 = covariance(a.v10(), a.auc(), b.v10(), b.auc());
        double cov01 = covariance(a.v01(), a.auc(), b.v01(), b.auc());
        double cov = cov10 / m + cov01 / n;
        return pairedZ(m, n, a.auc(), b.auc(), a.variance(), b.variance(), cov, level, method, " (as pROC)");
    }

    /**
     * The paired z test from two AUCs, their variances and covariance: z = (A - B) / sqrt(Var A + Var B - 2
     * Cov), a two-sided normal p and the normal CI of the difference (z = 0 when difference and variance are
     * both 0). Shared by this class and {@link ClusteredAuc}.
     */
    static Comparison pairedZ(
            int m,
            int n,
            double aucA,
            double aucB,
            double varA,
            double varB,
            double cov,
            double level,
            String method,
            String zeroNoteSuffix) {
        double d = aucA - aucB;
        double sig = Math.sqrt(Math.max(0, varA + varB - 2 * cov));
        double z = d / sig;
        String note = "";
        if (sig == 0) {
            if (d == 0) {
                z = 0;
                note = "identical AUCs with zero variance of the difference: z set to 0" + zeroNoteSuffix;
            } else {
                note = "zero variance of the difference";
            }
        }
        double crit = Distributions.normalQuantile(0.5 + level / 2);
        return new Comparison(
                true,
                m,
                n,
                m,
                n,
                aucA,
                aucB,
                varA,
                varB,
                cov,
                d,
                d - crit * sig,
                d + crit * sig,
                z,
                Double.NaN,
                Distributions.twoSidedNormalP(z),
                level,
                method,
                note);
    }

    /** Unpaired test of two score vectors on different cases (as pROC's {@code paired = FALSE}). */
    public static Comparison unpairedTest(int[] labelsA, double[] scoresA, int[] labelsB, double[] scoresB) {
        Labels.check(labelsA, scoresA);
        Labels.check(labelsB, scoresB);
        int mA = Labels.countPositives(labelsA);
        int nA = labelsA.length - mA;
        int mB = Labels.countPositives(labelsB);
        int nB = labelsB.length - mB;
        String method = "delong-unpaired";
        double aucA = Roc.auc(labelsA, scoresA);
        double aucB = Roc.auc(labelsB, scoresB);
        if (mA < 2 || nA < 2 || mB < 2 || nB < 2) {
            String why = "DeLong test needs at least 2 positives and 2 negatives in each set (have " + mA + "/" + nA
                    + " and " + mB + "/" + nB + ")";
            return new Comparison(
                    false,
                    mA,
                    nA,
                    mB,
                    nB,
                    aucA,
                    aucB,
                    Double.NaN,
                    Double.NaN,
                    0,
                    aucA - aucB,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    0.95,
                    method,
                    why);
        }
        double varA = placements(labelsA, scoresA).variance();
        double varB = placements(labelsB, scoresB).variance();
        double sum = varA + varB;
        double d = aucA - aucB;
        double t = d / Math.sqrt(sum);
        double df = sum * sum / (varA * varA / (labelsA.length - 1) + varB * varB / (labelsB.length - 1));
        String note = sum == 0 ? "both AUCs have zero DeLong variance: no test (as pROC)" : "";
        return new Comparison(
                false,
                mA,
                nA,
                mB,
                nB,
                aucA,
                aucB,
                varA,
                varB,
                0,
                d,
                Double.NaN,
                Double.NaN,
                t,
                df,
                Distributions.twoSidedStudentP(t, df),
                0.95,
                method,
                note);
    }

    /**
     * Placement values in input order (positives, then negatives, each in the order they appear): one
     * argsort of all cases, then one pass over the groups of tied scores (Sun and Xu 2014).
     */
    static Placements placements(int[] labels, double[] scores) {
        int total = labels.length;
        int m = Labels.countPositives(labels);
        int n = total - m;
        // rank of each case within its class, in input order
        int[] within = new int[total];
        for (int i = 0, p = 0, q = 0; i < total; i++) {
            within[i] = labels[i] == 1 ? p++ : q++;
        }
        int[] order = Ranking.argsort(scores);
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        long twiceU = 0;
        int posBelow = 0;
        int negBelow = 0;
        int g = 0;
        while (g < total) {
            double x = scores[order[g]] + 0.0;
            int end = g;
            int posTied = 0;
            while (end < total && scores[order[end]] + 0.0 == x) {
                posTied += labels[order[end]];
                end++;
            }
            int negTied = end - g - posTied;
            long twice10 = 2L * negBelow + negTied; // 2 x (#neg below + half the tied negatives)
            long twice01 = 2L * (m - posBelow - posTied) + posTied;
            for (int k = g; k < end; k++) {
                int i = order[k];
                if (labels[i] == 1) {
                    v10[within[i]] = twice10 / (2.0 * n);
                    twiceU += twice10;
                } else {
                    v01[within[i]] = twice01 / (2.0 * m);
                }
            }
            posBelow += posTied;
            negBelow += negTied;
            g = end;
        }
        double auc = twiceU / (2.0 * m * n);
        return new Placements(auc, v10, v01, covariance(v10, auc, v10, auc), covariance(v01, auc, v01, auc));
    }

    private static double covariance(double[] a, double meanA, double[] b, double meanB) {
        if (a.length < 2) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - meanA) * (b[i] - meanB);
        }
        return s / (a.length - 1);
    }

    static String oneClass(int m, int n) {
        return "only one class present (" + m + " positives, " + n + " negatives): AUC undefined";
    }
}
