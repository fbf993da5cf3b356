package org.hemamet.ood;

import java.util.ArrayList;
import java.util.List;

/**
 * The out-of-fold distances of cross-fitted networks, per depth: for each of k patient-grouped folds of the
 * training part, a network trained on the other folds gives the features of its own training crops (the class
 * means and tied covariance, as {@link FeatureDistribution} fits them) and of the held-out fold's crops, whose
 * distances to that distribution are collected. A held-out crop is new to the network as a new patient's
 * lesion is new to the final model, so the quantile of these distances is the threshold: the final network's
 * own training crops lie tighter around its class means than any crop it has not seen (the network was fitted
 * on them), and their quantile, even cross-fitted over the Gaussian alone, flags more new in-distribution crops
 * than the level says. This is the cross-conformal idea of using models fitted without a point to score it
 * (Vovk V. Cross-conformal predictors. Ann Math Artif Intell 2015;74:9–28; Barber RF, Candès EJ, Ramdas A,
 * Tibshirani RJ. Predictive inference with the jackknife+. Ann Stat 2021;49:486–507), applied to the
 * out-of-distribution score; the study uses the networks of its calibration's cross-fitting, trained anyway.
 */
public final class NetworkCrossFit {
    private final List<List<Double>> distances = new ArrayList<>();
    private int folds;

    public NetworkCrossFit() {
        for (int l = 0; l < OodDetector.LAYERS.size(); l++) {
            distances.add(new ArrayList<>());
        }
    }

    /**
     * Adds one fold: its network's per-depth features of the crops it was trained on and of the held-out ones.
     *
     * @param fit       per fit crop (distinct crops), one feature array per depth ({@link OodDetector#LAYERS})
     * @param fitLabels the class of each fit crop
     * @param held      per held-out crop, one feature array per depth
     */
    public void addFold(float[][][] fit, int[] fitLabels, float[][][] held) {
        if (fit.length != fitLabels.length) {
            throw new IllegalArgumentException(fit.length + " fit crops, " + fitLabels.length + " labels");
        }
        for (int l = 0; l < distances.size(); l++) {
            double[] d = FeatureDistribution.heldOutDistances(depth(fit, l), fitLabels, depth(held, l));
            for (double v : d) {
                distances.get(l).add(v);
            }
        }
        folds++;
    }

    /** The folds added. */
    public int folds() {
        return folds;
    }

    /** The held-out crops scored (over all folds). */
    public int size() {
        return distances.get(0).size();
    }

    /** The out-of-fold distances at depth {@code l}. */
    public double[] distances(int l) {
        return distances.get(l).stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[][] depth(float[][][] features, int l) {
        double[][] x = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            float[] f = features[i][l];
            x[i] = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                x[i][j] = f[j];
            }
        }
        return x;
    }
}
