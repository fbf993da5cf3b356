package org.hemamet.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Stratified percentile bootstrap (B. Efron and R. J. Tibshirani, An Introduction to the Bootstrap,
 * Chapman &amp; Hall 1993, ch. 13; stratified as in pROC, X. Robin et al., BMC Bioinformatics 12:77, 2011):
 * each resample draws, with replacement, as many positives from the positives and as many negatives from
 * the negatives as the data have, so every resample keeps the class sizes. The CI is the pair of
 * (1 - level)/2 and (1 + level)/2 quantiles of the resampled statistic, by R's default (type 7) quantile.
 *
 * <p>Determinism: one {@code new SplittableRandom(seed)}; resample b (in order b = 0..B-1) draws the m
 * positive indices, then the n negative indices, each with {@code nextInt}. The resampled arrays hold the
 * drawn positives first, then the drawn negatives. The same seed gives the same interval on every
 * machine. Resamples on which the statistic is NaN are dropped and counted in the note.
 */
public final class Bootstrap {
    /** The default number of resamples (as pROC). */
    public static final int DEFAULT_RESAMPLES = 2000;

    private Bootstrap() {}

    /**
     * A statistic of a (resampled) set of cases. It must not keep the arrays it is given: they are
     * reused between resamples.
     */
    @FunctionalInterface
    public interface Statistic {
        double apply(int[] labels, double[] scores);
    }

    /**
     * Replicates of each statistic over {@code resamples} stratified resamples: {@code result[s][b]} is
     * statistic s on resample b. All statistics see the same resamples.
     */
    public static double[][] stratifiedReplicates(
            int[] labels, double[] scores, int resamples, long seed, Statistic... statistics) {
        Labels.check(labels, scores);
        if (resamples < 0) {
            throw new IllegalArgumentException("number of resamples must be >= 0, got " + resamples);
        }
        int m = Labels.countPositives(labels);
        int n = labels.length - m;
        int[] posIdx = new int[m];
        int[] negIdx = new int[n];
        for (int i = 0, p = 0, q = 0; i < labels.length; i++) {
            if (labels[i] == 1) {
                posIdx[p++] = i;
            } else {
                negIdx[q++] = i;
            }
        }
        int[] bl = new int[labels.length];
        Arrays.fill(bl, 0, m, 1);
        double[] bs = new double[labels.length];
        double[][] out = new double[statistics.length][resamples];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int b = 0; b < resamples; b++) {
            for (int k = 0; k < m; k++) {
                bs[k] = scores[posIdx[rng.nextInt(m)]];
            }
            for (int k = 0; k < n; k++) {
                bs[m + k] = scores[negIdx[rng.nextInt(n)]];
            }
            for (int s = 0; s < statistics.length; s++) {
                out[s][b] = statistics[s].apply(bl, bs);
            }
        }
        return out;
    }

    /**
     * Replicates of each statistic over {@code resamples} cluster resamples (patients, when a patient has
     * several lesions): each resample draws whole clusters with replacement and keeps every case of a drawn
     * cluster, so the dependence within a cluster is kept (A. C. Davison and D. V. Hinkley, Bootstrap
     * Methods and their Application, Cambridge 1997, section 3.8; C. A. Field and A. H. Welsh, J. R. Stat.
     * Soc. B 69 (2007) 369-390). Clusters are stratified by what they hold (only negatives, only positives,
     * both), and each stratum is resampled to its own size, so the class balance stays close to the data's
     * as in the stratified case bootstrap. With one case per cluster this is {@link #stratifiedReplicates}
     * with another draw order.
     *
     * <p>Determinism: one {@code new SplittableRandom(seed)}; clusters are numbered in order of first
     * appearance; resample b draws the strata in the order negatives-only, positives-only, mixed, each
     * with {@code nextInt} over its clusters.
     */
    public static double[][] clusterReplicates(
            int[] labels, double[] scores, String[] clusters, int resamples, long seed, Statistic... statistics) {
        Labels.check(labels, scores);
        if (clusters == null || clusters.length != labels.length) {
            throw new IllegalArgumentException("need one cluster id per case");
        }
        if (resamples < 0) {
            throw new IllegalArgumentException("number of resamples must be >= 0, got " + resamples);
        }
        double[][] out = new double[statistics.length][resamples];
        int[] b = {0};
        eachClusterResample(labels, scores, clusters, resamples, seed, (rl, rs) -> {
            for (int s = 0; s < statistics.length; s++) {
                out[s][b[0]] = statistics[s].apply(rl, rs);
            }
            b[0]++;
        });
        return out;
    }

    /** A statistic with several values (e.g. a curve on a grid) of a resample. */
    @FunctionalInterface
    public interface VectorStatistic {
        double[] apply(int[] labels, double[] scores);
    }

    /**
     * As {@link #clusterReplicates}, for a statistic with several values: {@code result[b]} is the
     * statistic on resample b; the resamples are the same as {@link #clusterReplicates}' for the same seed.
     */
    public static double[][] clusterVectorReplicates(
            int[] labels, double[] scores, String[] clusters, int resamples, long seed, VectorStatistic statistic) {
        Labels.check(labels, scores);
        if (clusters == null || clusters.length != labels.length) {
            throw new IllegalArgumentException("need one cluster id per case");
        }
        if (resamples < 0) {
            throw new IllegalArgumentException("number of resamples must be >= 0, got " + resamples);
        }
        double[][] out = new double[resamples][];
        int[] b = {0};
        eachClusterResample(
                labels, scores, clusters, resamples, seed, (rl, rs) -> out[b[0]++] = statistic.apply(rl, rs));
        return out;
    }

    /** Draws the cluster resamples in order and hands each (labels, scores) to {@code each}. */
    private static void eachClusterResample(
            int[] labels,
            double[] scores,
            String[] clusters,
            int resamples,
            long seed,
            java.util.function.BiConsumer<int[], double[]> each) {
        int[][] members = clusterMembers(clusters);
        int[][] strata = clusterStrata(members, labels);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] bl = new int[labels.length * 4];
        double[] bs = new double[labels.length * 4];
        for (int b = 0; b < resamples; b++) {
            int size = 0;
            for (int[] stratum : strata) {
                for (int k = 0; k < stratum.length; k++) {
                    int[] cases = members[stratum[rng.nextInt(stratum.length)]];
                    if (size + cases.length > bl.length) {
                        bl = Arrays.copyOf(bl, 2 * (size + cases.length));
                        bs = Arrays.copyOf(bs, bl.length);
                    }
                    for (int i : cases) {
                        bl[size] = labels[i];
                        bs[size++] = scores[i];
                    }
                }
            }
            each.accept(Arrays.copyOf(bl, size), Arrays.copyOf(bs, size));
        }
    }

    /** Any statistic with its cluster percentile-bootstrap CI; the point value is the statistic on all cases. */
    public static Estimate clusterPercentile(
            int[] labels,
            double[] scores,
            String[] clusters,
            Statistic statistic,
            int resamples,
            long seed,
            double level) {
        Wilson.checkLevel(level);
        double point = statistic.apply(labels.clone(), scores.clone());
        double[] reps = clusterReplicates(labels, scores, clusters, resamples, seed, statistic)[0];
        Estimate e = percentile(point, reps, level);
        return new Estimate(e.value(), e.lower(), e.upper(), level, CLUSTER_PERCENTILE, e.note());
    }

    /** The {@link Estimate#method()} of cluster-bootstrap intervals. */
    public static final String CLUSTER_PERCENTILE = "cluster-bootstrap-percentile";

    /** Case indices of each cluster, clusters in order of first appearance. */
    static int[][] clusterMembers(String[] clusters) {
        java.util.Map<String, java.util.List<Integer>> byCluster = new java.util.LinkedHashMap<>();
        for (int i = 0; i < clusters.length; i++) {
            if (clusters[i] == null) {
                throw new IllegalArgumentException("case " + i + " has no cluster id");
            }
            byCluster
                    .computeIfAbsent(clusters[i], k -> new java.util.ArrayList<>())
                    .add(i);
        }
        return byCluster.values().stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    /** Cluster numbers in three strata: only negatives, only positives, both. */
    private static int[][] clusterStrata(int[][] members, int[] labels) {
        java.util.List<java.util.List<Integer>> strata = java.util.List.of(
                new java.util.ArrayList<>(), new java.util.ArrayList<>(), new java.util.ArrayList<>());
        for (int c = 0; c < members.length; c++) {
            int positives = 0;
            for (int i : members[c]) {
                positives += labels[i];
            }
            int stratum = positives == 0 ? 0 : positives == members[c].length ? 1 : 2;
            strata.get(stratum).add(c);
        }
        return strata.stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    /** Any statistic with its stratified percentile-bootstrap CI; the point value is the statistic on all cases. */
    public static Estimate stratifiedPercentile(
            int[] labels, double[] scores, Statistic statistic, int resamples, long seed, double level) {
        Wilson.checkLevel(level);
        double point = statistic.apply(labels.clone(), scores.clone());
        double[] reps = stratifiedReplicates(labels, scores, resamples, seed, statistic)[0];
        return percentile(point, reps, level);
    }

    /** The AUC with a stratified percentile-bootstrap CI (as pROC's {@code ci.auc(method = "bootstrap")}, other RNG). */
    public static Estimate auc(int[] labels, double[] scores, int resamples, long seed, double level) {
        Labels.check(labels, scores);
        int m = Labels.countPositives(labels);
        int n = labels.length - m;
        if (m == 0 || n == 0) {
            return Estimate.undefined(Estimate.BOOTSTRAP_PERCENTILE, level, DeLong.oneClass(m, n));
        }
        return stratifiedPercentile(labels, scores, Roc::auc, resamples, seed, level);
    }

    /**
     * Percentile interval from replicates: the (1 - level)/2 and (1 + level)/2 type-7 quantiles of the
     * non-NaN replicates, around {@code point}.
     */
    public static Estimate percentile(double point, double[] replicates, double level) {
        Wilson.checkLevel(level);
        if (replicates.length == 0) {
            return new Estimate(
                    point,
                    Double.NaN,
                    Double.NaN,
                    level,
                    Estimate.BOOTSTRAP_PERCENTILE,
                    "no bootstrap resamples requested");
        }
        double[] ok = sortedDefined(replicates);
        int dropped = replicates.length - ok.length;
        if (ok.length == 0) {
            return new Estimate(
                    point,
                    Double.NaN,
                    Double.NaN,
                    level,
                    Estimate.BOOTSTRAP_PERCENTILE,
                    "statistic undefined on all " + replicates.length + " resamples");
        }
        String note = dropped == 0
                ? ""
                : dropped + " of " + replicates.length + " resamples gave an undefined statistic and were dropped";
        return new Estimate(
                point,
                quantile(ok, (1 - level) / 2),
                quantile(ok, (1 + level) / 2),
                level,
                Estimate.BOOTSTRAP_PERCENTILE,
                note);
    }

    /** The values of {@code v} that are not NaN, ascending. */
    private static double[] sortedDefined(double[] v) {
        double[] ok = new double[v.length];
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                ok[n++] = x;
            }
        }
        ok = n == v.length ? ok : Arrays.copyOf(ok, n);
        Arrays.sort(ok);
        return ok;
    }

    /** R's type-7 quantile of an ascending array (linear interpolation between order statistics). */
    public static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
