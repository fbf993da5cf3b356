package org.hemamet.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * The AUC and its variance when cases come in clusters, such as several lesions of one patient.
 *
 * <p>N. A. Obuchowski, "Nonparametric analysis of clustered ROC curve data", Biometrics 53 (1997)
 * 567-578. The AUC is the ordinary empirical AUC over all cases. Only its variance accounts for the
 * clusters. For cluster i with m<sub>i</sub> positives and n<sub>i</sub> negatives:
 * <ul>
 *   <li>X<sub>i</sub> is the sum of the DeLong placement values V10 of its positives (the share of all
 *       negatives each positive outranks, ties counted half).</li>
 *   <li>Y<sub>i</sub> is the sum of the placement values V01 of its negatives.</li>
 *   <li>S10 = I10 / ((I10 - 1) M) &Sigma;(X<sub>i</sub> - m<sub>i</sub> A)&sup2;,
 *       S01 = I01 / ((I01 - 1) N) &Sigma;(Y<sub>i</sub> - n<sub>i</sub> A)&sup2;,
 *       S11 = I / (I - 1) &Sigma;(X<sub>i</sub> - m<sub>i</sub> A)(Y<sub>i</sub> - n<sub>i</sub> A).
 *       I is the number of clusters, I10 and I01 those with at least one positive and one negative,
 *       and M and N the total positives and negatives.</li>
 *   <li>Var(A) = S10 / M + S01 / N + 2 S11 / (M N).</li>
 * </ul>
 * For two score vectors on the same cases, the covariance uses the cross-products of their components.
 * With one case per cluster it equals DeLong's variance (S11 = 0), which {@code ClusteredAucTest} checks.
 * The golden values come from an independent implementation, written from the paper in
 * {@code scripts/golden/clustered_auc.py}.
 *
 * <p>Degenerate input never throws. A missing class gives a NaN AUC. Fewer than two clusters holding a
 * class gives a NaN variance. The {@code note} says why.
 */
public final class ClusteredAuc {
    /** The {@link Estimate#method()} of intervals made here. */
    public static final String METHOD = "obuchowski";

    /** The method name of {@link #pairedTest} (delong.csv, the baselines' tests). */
    public static final String PAIRED_METHOD = "obuchowski-paired";

    private ClusteredAuc() {}

    /**
     * Per-cluster components of one score vector.
     *
     * @param auc       the empirical AUC over all cases
     * @param x         per cluster, the sum of its positives' placement values
     * @param y         per cluster, the sum of its negatives' placement values
     * @param positives per cluster, its number of positives
     * @param negatives per cluster, its number of negatives
     */
    record Components(double auc, double[] x, double[] y, int[] positives, int[] negatives) {
        int clusters() {
            return x.length;
        }

        int totalPositives() {
            int s = 0;
            for (int v : positives) {
                s += v;
            }
            return s;
        }

        int totalNegatives() {
            int s = 0;
            for (int v : negatives) {
                s += v;
            }
            return s;
        }

        int clustersWithPositives() {
            return countNonZero(positives);
        }

        int clustersWithNegatives() {
            return countNonZero(negatives);
        }

        double dx(int i) {
            return x[i] - positives[i] * auc;
        }

        double dy(int i) {
            return y[i] - negatives[i] * auc;
        }
    }

    /** The AUC with its clustered (Obuchowski) confidence interval at {@code level}, clipped to [0, 1]. */
    public static Estimate auc(int[] labels, double[] scores, String[] clusters, double level) {
        Wilson.checkLevel(level);
        check(labels, scores, clusters);
        int m = Labels.countPositives(labels);
        int n = labels.length - m;
        if (m == 0 || n == 0) {
            return Estimate.undefined(METHOD, level, DeLong.oneClass(m, n));
        }
        Components c = components(labels, scores, clusters);
        String why = tooFewClusters(c);
        if (!why.isEmpty()) {
            return new Estimate(c.auc(), Double.NaN, Double.NaN, level, METHOD, why);
        }
        double se = Math.sqrt(Math.max(0, covariance(c, c)));
        double z = Distributions.normalQuantile(0.5 + level / 2);
        return new Estimate(c.auc(), Math.max(0, c.auc() - z * se), Math.min(1, c.auc() + z * se), level, METHOD, "");
    }

    /** Obuchowski's variance of the AUC (NaN with fewer than 2 clusters holding positives or negatives). */
    public static double variance(int[] labels, double[] scores, String[] clusters) {
        check(labels, scores, clusters);
        int m = Labels.countPositives(labels);
        if (m == 0 || m == labels.length) {
            return Double.NaN;
        }
        Components c = components(labels, scores, clusters);
        return tooFewClusters(c).isEmpty() ? covariance(c, c) : Double.NaN;
    }

    /**
     * Paired test of two score vectors on the same clustered cases: z = (A - B) / sqrt(Var A + Var B - 2
     * Cov) with a two-sided normal p, as {@link DeLong#pairedTest} but with Obuchowski's (co)variances.
     */
    public static DeLong.Comparison pairedTest(
            int[] labels, double[] scoresA, double[] scoresB, String[] clusters, double level) {
        check(labels, scoresA, clusters);
        check(labels, scoresB, clusters);
        Wilson.checkLevel(level);
        int m = Labels.countPositives(labels);
        int n = labels.length - m;
        String method = PAIRED_METHOD;
        if (m == 0 || n == 0) {
            return undefinedComparison(labels, scoresA, scoresB, m, n, level, method, DeLong.oneClass(m, n));
        }
        Components a = components(labels, scoresA, clusters);
        Components b = components(labels, scoresB, clusters);
        String why = tooFewClusters(a);
        if (!why.isEmpty()) {
            return undefinedComparison(labels, scoresA, scoresB, m, n, level, method, why);
        }
        return DeLong.pairedZ(
                m, n, a.auc(), b.auc(), covariance(a, a), covariance(b, b), covariance(a, b), level, method, "");
    }

    /** Number of distinct clusters among the cases. */
    public static int clusterCount(String[] clusters) {
        return index(clusters).size();
    }

    /**
     * Obuchowski's covariance of the AUCs of two component sets over the same clusters (the variance
     * when {@code a == b}).
     */
    static double covariance(Components a, Components b) {
        int clusters = a.clusters();
        int i10 = a.clustersWithPositives();
        int i01 = a.clustersWithNegatives();
        double bigM = a.totalPositives();
        double bigN = a.totalNegatives();
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        double syx = 0;
        for (int i = 0; i < clusters; i++) {
            sxx += a.dx(i) * b.dx(i);
            syy += a.dy(i) * b.dy(i);
            sxy += a.dx(i) * b.dy(i);
            syx += b.dx(i) * a.dy(i);
        }
        double s10 = i10 / ((i10 - 1.0) * bigM) * sxx;
        double s01 = i01 / ((i01 - 1.0) * bigN) * syy;
        double s11 = clusters / (clusters - 1.0) * (sxy + syx);
        return s10 / bigM + s01 / bigN + s11 / (bigM * bigN);
    }

    /** Placement values (DeLong) summed per cluster; clusters numbered in order of first appearance. */
    static Components components(int[] labels, double[] scores, String[] clusters) {
        DeLong.Placements p = DeLong.placements(labels, scores);
        Map<String, Integer> index = index(clusters);
        int k = index.size();
        double[] x = new double[k];
        double[] y = new double[k];
        int[] pos = new int[k];
        int[] neg = new int[k];
        for (int i = 0, pi = 0, ni = 0; i < labels.length; i++) {
            int c = index.get(clusters[i]);
            if (labels[i] == 1) {
                x[c] += p.v10()[pi++];
                pos[c]++;
            } else {
                y[c] += p.v01()[ni++];
                neg[c]++;
            }
        }
        return new Components(p.auc(), x, y, pos, neg);
    }

    private static Map<String, Integer> index(String[] clusters) {
        Map<String, Integer> index = new HashMap<>();
        for (String c : clusters) {
            index.putIfAbsent(c, index.size());
        }
        return index;
    }

    private static String tooFewClusters(Components c) {
        int i10 = c.clustersWithPositives();
        int i01 = c.clustersWithNegatives();
        if (i10 < 2 || i01 < 2) {
            return "clustered AUC variance needs at least 2 clusters with positives and 2 with negatives (have " + i10
                    + " and " + i01 + ")";
        }
        return "";
    }

    private static DeLong.Comparison undefinedComparison(
            int[] labels, double[] a, double[] b, int m, int n, double level, String method, String why) {
        double aucA = Roc.auc(labels, a);
        double aucB = Roc.auc(labels, b);
        double nan = Double.NaN;
        return new DeLong.Comparison(
                true, m, n, m, n, aucA, aucB, nan, nan, nan, aucA - aucB, nan, nan, nan, nan, nan, level, method, why);
    }

    private static void check(int[] labels, double[] scores, String[] clusters) {
        Labels.check(labels, scores);
        if (clusters == null || clusters.length != labels.length) {
            throw new IllegalArgumentException("need one cluster id per case: " + labels.length + " cases, "
                    + (clusters == null ? "no" : String.valueOf(clusters.length)) + " cluster ids");
        }
        for (int i = 0; i < clusters.length; i++) {
            if (clusters[i] == null) {
                throw new IllegalArgumentException("case " + i + " has no cluster id");
            }
        }
    }

    private static int countNonZero(int[] counts) {
        int s = 0;
        for (int v : counts) {
            if (v > 0) {
                s++;
            }
        }
        return s;
    }
}
