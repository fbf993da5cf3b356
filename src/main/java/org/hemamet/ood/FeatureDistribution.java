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
 * crop's features to it (Lee K, Lee K, Lee H, Shin J. A simple unified framework for detecting
 * out-of-distribution samples and adversarial attacks. NeurIPS 2018 — here with one class-agnostic
 * Gaussian, as the flag asks "is this like any training crop", not "which class"). The covariance is the
 * {@link LedoitWolf} shrinkage estimate (invertible with 128 features and a few dozen crops).
 *
 * <p>The threshold is the {@value #QUANTILE} quantile (R type 7) of the training part's own distances,
 * <em>cross-fitted</em>: the crops are split into {@value #FOLDS} folds by patient (patients in sorted
 * order, fold = rank mod k; no randomness), each fold's distances are measured to the mean and covariance
 * fitted on the other folds, and the quantile is taken over these out-of-fold distances. In-sample
 * distances are biased low (the covariance was fitted on the very crops), so their quantile would flag
 * far more than 1 % of new in-distribution crops; the in-sample quantile is recorded for comparison. The
 * final mean and covariance are fitted on all training crops. Nothing is fitted on the test part.
 */
public final class FeatureDistribution {
    /** The quantile of the training part's distances used as threshold. */
    public static final double QUANTILE = 0.99;

    /** Patient-grouped folds of the cross-fitted threshold. */
    public static final int FOLDS = 5;

    /** Added to the covariance's diagonal, relative to its mean variance, so that it stays invertible. */
    static final double RIDGE = 1e-9;

    private final double[] mean;
    private final double[][] precision;
    private final double threshold;

    private FeatureDistribution(double[] mean, double[][] precision, double threshold) {
        this.mean = mean;
        this.precision = precision;
        this.threshold = threshold;
    }

    /** The distribution recorded in a bundle. */
    public static FeatureDistribution of(OodStatistics.Layer s) {
        return new FeatureDistribution(s.mean(), s.precision(), s.threshold());
    }

    /**
     * Fits the distribution of the training part's features at one depth and its cross-fitted threshold.
     *
     * @param name     the layer's name
     * @param features one row per training crop (distinct lesions, not oversampled copies)
     * @param patients the patient of each row (folds are disjoint by patient)
     * @throws IllegalArgumentException with fewer than {@value #FOLDS} patients or mismatched inputs
     */
    public static OodStatistics.Layer fit(String name, double[][] features, List<String> patients) {
        if (features.length != patients.size()) {
            throw new IllegalArgumentException(features.length + " feature rows, " + patients.size() + " patients");
        }
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
            List<double[]> fitRows = new ArrayList<>();
            List<Integer> held = new ArrayList<>();
            for (int i = 0; i < features.length; i++) {
                if (foldOf.get(patients.get(i)) == k) {
                    held.add(i);
                } else {
                    fitRows.add(features[i]);
                }
            }
            FeatureDistribution d = fitted(fitRows.toArray(double[][]::new), Double.NaN);
            for (int i : held) {
                outOfFold[i] = d.distance(features[i]);
            }
        }
        LedoitWolf.Estimate all = LedoitWolf.fit(features);
        FeatureDistribution whole = new FeatureDistribution(all.mean(), inverse(all.covariance()), Double.NaN);
        double[] inSample = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            inSample[i] = whole.distance(features[i]);
        }
        return new OodStatistics.Layer(
                name, all.shrinkage(), all.mean(), whole.precision, quantile(outOfFold), quantile(inSample));
    }

    private static FeatureDistribution fitted(double[][] rows, double threshold) {
        LedoitWolf.Estimate e = LedoitWolf.fit(rows);
        return new FeatureDistribution(e.mean(), inverse(e.covariance()), threshold);
    }

    private static double quantile(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return Bootstrap.quantile(sorted, QUANTILE);
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

    /** The Mahalanobis distance of a feature vector to the training distribution. */
    public double distance(double[] f) {
        int p = mean.length;
        if (f.length != p) {
            throw new IllegalArgumentException(f.length + " features, the distribution has " + p);
        }
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
