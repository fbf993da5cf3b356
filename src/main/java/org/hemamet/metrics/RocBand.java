package org.hemamet.metrics;

import java.util.Arrays;

/**
 * A pointwise confidence band around an empirical ROC curve: the sensitivity at each false-positive rate
 * of a fixed grid ("vertical averaging", T. Fawcett, Pattern Recognition Letters 27 (2006) 861-874; S. A.
 * Macskassy and F. Provost, "Confidence bands for ROC curves: methods and an empirical study", ROCAI 2004),
 * with a percentile bootstrap interval at each grid point (B. Efron and R. J. Tibshirani, An Introduction to
 * the Bootstrap, 1993, ch. 13). The resamples draw whole patients ({@link Bootstrap#clusterVectorReplicates};
 * Davison and Hinkley 1997, section 3.8), so lesions of one patient stay together.
 *
 * <p>The sensitivity at false-positive rate f is the highest true-positive rate the curve reaches at a
 * false-positive rate of at most f (the ROC step function). The band is pointwise (each grid point covers
 * the true sensitivity with the level's probability), not simultaneous. A percentile interval of a step
 * function need not contain the point value on small samples; where it does not, the band is widened to
 * the curve, and {@link #widened()} counts those grid points.
 *
 * @param fpr       the grid of false-positive rates, ascending from 0 to 1
 * @param tpr       the curve's sensitivity at each grid point
 * @param lower     the band's lower limit at each grid point
 * @param upper     the band's upper limit at each grid point
 * @param level     the confidence level
 * @param resamples the number of bootstrap resamples
 * @param widened   grid points where the percentile interval was widened to contain the curve
 */
public record RocBand(
        double[] fpr, double[] tpr, double[] lower, double[] upper, double level, int resamples, int widened) {

    /** The {@link Estimate#method()}-style name of the band. */
    public static final String METHOD = "cluster-bootstrap-percentile, vertical averaging";

    /** The default grid: 0, 0.01, ..., 1. */
    public static final int DEFAULT_STEPS = 100;

    /**
     * The band of {@code scores} against {@code labels}, patients in {@code clusters}, on a grid of
     * {@code steps + 1} false-positive rates; null when a class is absent.
     */
    public static RocBand of(
            int[] labels, double[] scores, String[] clusters, int steps, int resamples, long seed, double level) {
        Labels.check(labels, scores);
        Wilson.checkLevel(level);
        int m = Labels.countPositives(labels);
        if (m == 0 || m == labels.length || steps < 1) {
            return null;
        }
        double[] grid = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            grid[i] = (double) i / steps;
        }
        double[] point = sensitivityAt(Roc.curve(labels, scores), grid);
        double[][] reps = Bootstrap.clusterVectorReplicates(
                labels, scores, clusters, resamples, seed, (l, s) -> replicate(l, s, grid));
        double[] lower = new double[grid.length];
        double[] upper = new double[grid.length];
        int widened = 0;
        for (int g = 0; g < grid.length; g++) {
            Estimate e = Bootstrap.percentile(point[g], column(reps, g), level);
            lower[g] = Double.isNaN(e.lower()) ? point[g] : Math.min(e.lower(), point[g]);
            upper[g] = Double.isNaN(e.upper()) ? point[g] : Math.max(e.upper(), point[g]);
            if (e.lower() > point[g] || e.upper() < point[g]) {
                widened++;
            }
        }
        return new RocBand(grid, point, lower, upper, level, resamples, widened);
    }

    /** The sensitivity of {@code roc} at each false-positive rate of {@code grid} (the step function). */
    public static double[] sensitivityAt(RocCurve roc, double[] grid) {
        double[] fpr = roc.fpr();
        double[] tpr = roc.tpr();
        double[] out = new double[grid.length];
        if (!ascending(fpr) || !ascending(grid)) {
            for (int g = 0; g < grid.length; g++) {
                double best = 0;
                for (int k = 0; k < fpr.length; k++) {
                    if (fpr[k] <= grid[g] + 1e-12) {
                        best = Math.max(best, tpr[k]);
                    }
                }
                out[g] = best;
            }
            return out;
        }
        // one pass: the points at or below a grid rate are a prefix of the curve, growing with the grid
        double best = 0;
        int k = 0;
        for (int g = 0; g < grid.length; g++) {
            while (k < fpr.length && fpr[k] <= grid[g] + 1e-12) {
                best = Math.max(best, tpr[k++]);
            }
            out[g] = best;
        }
        return out;
    }

    private static boolean ascending(double[] v) {
        for (int i = 1; i < v.length; i++) {
            if (!(v[i] >= v[i - 1])) {
                return false;
            }
        }
        return true;
    }

    private static double[] replicate(int[] labels, double[] scores, double[] grid) {
        int m = Labels.countPositives(labels);
        if (m == 0 || m == labels.length) {
            double[] nan = new double[grid.length];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        return sensitivityAt(Roc.curve(labels, scores), grid);
    }

    private static double[] column(double[][] reps, int g) {
        double[] c = new double[reps.length];
        for (int b = 0; b < reps.length; b++) {
            c[b] = reps[b][g];
        }
        return c;
    }
}
