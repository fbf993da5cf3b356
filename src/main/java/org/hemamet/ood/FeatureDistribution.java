package org.hemamet.ood;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.hemamet.contract.OodStatistics;
import org.hemamet.metrics.Bootstrap;

/**
 * The training distribution of a network's features at one depth and the Mahalanobis distance of a new
 * crop's features to it, class-conditional as in Lee K, Lee K, Lee H, Shin J. A simple unified framework for
 * detecting out-of-distribution samples and adversarial attacks. NeurIPS 2018: one mean per class and a
 * covariance tied across the classes (the pooled within-class covariance, their eq. 1), the distance being the
 * smallest over the classes (their eq. 2: "the closest class-conditional Gaussian"). The training crops of a
 * cell form two tight clusters where the network separates the classes; one Gaussian over both would count the
 * space between them as in distribution. The covariance is the {@link LedoitWolf} shrinkage estimate of the
 * class-centred rows (invertible with 128 features and a few dozen crops). Distributions of earlier versions
 * (one mean, no classes) are read and scored as they were.
 *
 * <p>The threshold is a quantile (R type 7; {@link OodDetector} sets it) of the training part's own distances,
 * <em>cross-fitted</em>: the crops are split into {@value #FOLDS} folds by patient (patients in sorted order,
 * fold = rank mod k; no randomness), each fold's distances are measured to the class means and covariance
 * fitted on the other folds, and the quantile is taken over these out-of-fold distances. In-sample distances
 * are biased low (the covariance was fitted on the very crops), so their quantile would flag far more new
 * in-distribution crops; the in-sample quantile is recorded for comparison. The final means and covariance
 * are fitted on all training crops. Nothing is fitted on the test part.
 */
public final class FeatureDistribution {
    /** The per-depth quantile of earlier versions (four depths at 0.99). */
    public static final double QUANTILE = 0.99;

    /** Patient-grouped folds of the cross-fitted threshold. */
    public static final int FOLDS = 5;

    /** Added to the covariance's diagonal, relative to its mean variance, so that it stays invertible. */
    static final double RIDGE = 1e-9;

    private final double[][] means;
    private final double[][] precision;
    private final double threshold;

    private FeatureDistribution(double[][] means, double[][] precision, double threshold) {
        this.means = means;
        this.precision = precision;
        this.threshold = threshold;
    }

    /** The distribution recorded in a bundle (class means when it has them, else its one mean). */
    public static FeatureDistribution of(OodStatistics.Layer s) {
        return new FeatureDistribution(
                s.classMeans() != null ? s.classMeans() : new double[][] {s.mean()}, s.precision(), s.threshold());
    }

    /**
     * Fits the distribution of the training part's features at one depth and its cross-fitted threshold, at
     * the earlier versions' quantile and without classes (one mean).
     */
    public static OodStatistics.Layer fit(String name, double[][] features, List<String> patients) {
        return fit(name, features, patients, null, QUANTILE);
    }

    /**
     * Fits the distribution of the training part's features at one depth and its cross-fitted threshold.
     *
     * @param name     the layer's name
     * @param features one row per training crop (distinct lesions, not oversampled copies)
     * @param patients the patient of each row (folds are disjoint by patient)
     * @param labels   the class (0, 1, ...) of each row, or null for one mean over all rows
     * @param quantile the quantile of the out-of-fold distances taken as threshold
     * @throws IllegalArgumentException with fewer than {@value #FOLDS} patients or mismatched inputs
     */
    public static OodStatistics.Layer fit(
            String name, double[][] features, List<String> patients, int[] labels, double quantile) {
        if (features.length != patients.size() || (labels != null && labels.length != features.length)) {
            throw new IllegalArgumentException(features.length + " feature rows, " + patients.size() + " patients"
                    + (labels == null ? "" : ", " + labels.length + " labels"));
        }
        int[] classOf = labels != null ? labels : new int[features.length];
        List<String> distinct = new ArrayList<>(new TreeSet<>(patients));
        if (distinct.size() < FOLDS) {
            throw new IllegalArgumentException(
                    "the out-of-distribution threshold needs at least " + FOLDS + " patients, got " + distinct.size());
        }
        Map<String, Integer> foldOf = new TreeMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            foldOf.put(distinct.get(i), i % FOLDS);
        }
        double[] outOfFold = new double[features.length];
        for (int k = 0; k < FOLDS; k++) {
            List<Integer> fitRows = new ArrayList<>();
            List<Integer> held = new ArrayList<>();
            for (int i = 0; i < features.length; i++) {
                (foldOf.get(patients.get(i)) == k ? held : fitRows).add(i);
            }
            FeatureDistribution d =
                    fitted(features, classOf, fitRows, Double.NaN).distribution();
            for (int i : held) {
                outOfFold[i] = d.distance(features[i]);
            }
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < features.length; i++) {
            all.add(i);
        }
        Fitted whole = fitted(features, classOf, all, Double.NaN);
        double[] inSample = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            inSample[i] = whole.distribution().distance(features[i]);
        }
        return new OodStatistics.Layer(
                name,
                whole.shrinkage(),
                whole.overallMean(),
                whole.distribution().precision,
                quantile(outOfFold, quantile),
                quantile(inSample, quantile),
                labels == null ? null : whole.distribution().means);
    }

    private record Fitted(FeatureDistribution distribution, double[] overallMean, double shrinkage) {}

    /**
     * The class means (of the classes present among {@code rows}, in label order) and the Ledoit–Wolf
     * covariance of the rows centred by their class mean (the pooled within-class covariance; with one
     * class, the ordinary one).
     */
    private static Fitted fitted(double[][] x, int[] classOf, List<Integer> rows, double threshold) {
        int p = x[rows.get(0)].length;
        Map<Integer, double[]> sums = new TreeMap<>();
        Map<Integer, Integer> counts = new TreeMap<>();
        double[] overall = new double[p];
        for (int i : rows) {
            double[] sum = sums.computeIfAbsent(classOf[i], c -> new double[p]);
            counts.merge(classOf[i], 1, Integer::sum);
            for (int j = 0; j < p; j++) {
                sum[j] += x[i][j];
                overall[j] += x[i][j] / rows.size();
            }
        }
        Map<Integer, double[]> means = new TreeMap<>();
        sums.forEach((c, sum) -> {
            double[] m = sum.clone();
            for (int j = 0; j < p; j++) {
                m[j] /= counts.get(c);
            }
            means.put(c, m);
        });
        double[][] centred = new double[rows.size()][p];
        for (int r = 0; r < rows.size(); r++) {
            double[] m = means.get(classOf[rows.get(r)]);
            for (int j = 0; j < p; j++) {
                centred[r][j] = x[rows.get(r)][j] - m[j];
            }
        }
        LedoitWolf.Estimate e = LedoitWolf.fit(centred);
        return new Fitted(
                new FeatureDistribution(means.values().toArray(double[][]::new), inverse(e.covariance()), threshold),
                overall,
                e.shrinkage());
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return Bootstrap.quantile(sorted, q);
    }

    /** The inverse of a symmetric positive definite matrix, by its Cholesky factorisation. */
    static double[][] inverse(double[][] spd) {
        int p = spd.length;
        double[][] a = new double[p][];
        double scale = 0;
        for (int i = 0; i < p; i++) {
            a[i] = spd[i].clone();
            scale += spd[i][i] / p;
        }
        for (int i = 0; i < p; i++) {
            a[i][i] += RIDGE * (scale > 0 ? scale : 1); // features that never vary (dead ReLU units)
        }
        return new CholeskyDecomposition(new Array2DRowRealMatrix(a, false))
                .getSolver()
                .getInverse()
                .getData();
    }

    /** The Mahalanobis distance of a feature vector to the training distribution (the closest class's). */
    public double distance(double[] f) {
        int p = precision.length;
        if (f.length != p) {
            throw new IllegalArgumentException(f.length + " features, the distribution has " + p);
        }
        double best = Double.POSITIVE_INFINITY;
        for (double[] mean : means) {
            best = Math.min(best, distance(f, mean));
        }
        return best;
    }

    private double distance(double[] f, double[] mean) {
        int p = mean.length;
        double[] d = new double[p];
        for (int j = 0; j < p; j++) {
            d[j] = f[j] - mean[j];
        }
        double q = 0;
        for (int a = 0; a < p; a++) {
            double row = 0;
            for (int b = 0; b < p; b++) {
                row += precision[a][b] * d[b];
            }
            q += d[a] * row;
        }
        return Math.sqrt(Math.max(q, 0));
    }

    /** As {@link #distance(double[])} for float features. */
    public double distance(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return distance(d);
    }

    /** True when {@code distance} lies above the threshold (out of the training distribution). */
    public boolean outOfDistribution(double distance) {
        return distance > threshold;
    }

    public double threshold() {
        return threshold;
    }
}
