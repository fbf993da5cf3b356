package org.hemamet.ood;

import java.util.ArrayList;
import java.util.List;
import org.hemamet.contract.OodStatistics;

/**
 * The out-of-distribution flag of a crop: the Mahalanobis distance of the network's features at each of four
 * depths (the spatial means of the three convolution blocks' outputs and the penultimate dense features) to
 * their training distributions ({@link FeatureDistribution}), a crop being flagged when any depth's distance
 * exceeds that depth's threshold. The per-depth features and class-conditional Gaussians (class means, tied
 * covariance, the closest class) are those of Lee et al. 2018's feature ensemble (NeurIPS, "A simple unified
 * framework for detecting out-of-distribution samples and adversarial attacks"). Without out-of-distribution
 * data to weight the depths, as they do, any exceedance flags, and the depths share the false-alarm level: each
 * threshold is the training part's cross-fitted {@code 1 - ALPHA / depths} quantile (Bonferroni: Dunn OJ.
 * Multiple comparisons among means. J Am Stat Assoc 1961;56:52–64), so at most about {@value #ALPHA} of new
 * in-distribution crops are expected to be flagged, however correlated the depths (0.99 per depth, as before
 * class means). The early depths see intensity and texture (noise, another anatomy), the penultimate one what
 * the classifier uses. Statistics of the input itself (intensity percentiles, gradient and Laplacian energy) as
 * a fifth depth were measured on the demo and left out: no image unlike the training crops more was flagged,
 * and more of the demo's own test lesions were (README, "What predict checks, and says").
 */
public final class OodDetector {
    /** The depths, in the order of {@code TrainedCnn.layerFeatures}. */
    public static final List<String> LAYERS = OodStatistics.KNOWN_LAYERS;

    /**
     * The family-wise false-alarm level shared by the depths: below the bar (quiet on at least 95 %),
     * the rest left to the thresholds' estimation from a few dozen to a few hundred crops.
     */
    public static final double ALPHA = 0.04;

    /** The per-depth quantile: {@code 1 - ALPHA / depths} (0.99 with four depths). */
    public static final double QUANTILE = 1 - ALPHA / LAYERS.size();

    static final String FEATURES = "per depth: the spatial mean of each convolution block's output (after pooling;"
            + " 32, 64, 128 values) and the penultimate dense-128 output after ReLU, for the crop as predict"
            + " prepares it";
    static final String REFERENCE = "class-conditional Mahalanobis distance on per-layer features, closest class,"
            + " tied covariance (Lee et al. 2018, NeurIPS); covariance: Ledoit and Wolf 2004, J Multivar Anal"
            + " 88:365-411; per-depth level alpha / depths (Bonferroni; Dunn 1961)";

    private final List<FeatureDistribution> layers;
    private final List<String> names;

    private OodDetector(List<FeatureDistribution> layers, List<String> names) {
        this.layers = layers;
        this.names = names;
    }

    /** The detector recorded in a bundle (earlier versions: one mean per depth). */
    public static OodDetector of(OodStatistics s) {
        for (OodStatistics.Layer l : s.layers()) {
            if (!LAYERS.contains(l.name())) {
                throw new IllegalArgumentException("unknown out-of-distribution layer " + l.name());
            }
        }
        return new OodDetector(
                s.layers().stream().map(FeatureDistribution::of).toList(),
                s.layers().stream().map(OodStatistics.Layer::name).toList());
    }

    /**
     * Fits the per-depth distributions to the training part's crops.
     *
     * @param features per crop, one feature array per depth ({@link #LAYERS})
     * @param labels   the class of each crop (0, 1)
     * @param patients the patient of each crop (the thresholds' folds are disjoint by patient)
     */
    public static OodStatistics fit(float[][][] features, int[] labels, List<String> patients) {
        List<OodStatistics.Layer> out = new ArrayList<>();
        for (int l = 0; l < LAYERS.size(); l++) {
            double[][] x = new double[features.length][];
            for (int i = 0; i < features.length; i++) {
                x[i] = toDouble(features[i][l]);
            }
            out.add(FeatureDistribution.fit(LAYERS.get(l), x, patients, labels, QUANTILE));
        }
        return new OodStatistics(
                OodStatistics.CLASS_CONDITIONAL,
                FEATURES,
                OodStatistics.LEDOIT_WOLF,
                REFERENCE,
                features.length,
                (int) patients.stream().distinct().count(),
                QUANTILE,
                String.format(
                        java.util.Locale.ROOT,
                        "%s quantile (1 - %s / %d depths, Bonferroni), per depth, of the training part's out-of-fold"
                                + " distances (%d folds by patient: each fold measured against the class means and"
                                + " covariance of the others); flagged when any depth exceeds its threshold",
                        QUANTILE,
                        ALPHA,
                        LAYERS.size(),
                        FeatureDistribution.FOLDS),
                FeatureDistribution.FOLDS,
                ALPHA,
                out,
                null);
    }

    /**
     * A crop's scores.
     *
     * @param layers    the depths' names
     * @param distances the Mahalanobis distance at each depth
     * @param thresholds each depth's threshold
     * @param score     the largest distance / threshold ratio (above 1: flagged)
     * @param flagged   whether any depth's distance exceeds its threshold
     */
    public record Result(List<String> layers, double[] distances, double[] thresholds, double score, boolean flagged) {}

    /** The scores of one crop's per-depth features ({@link #LAYERS} order) at the depths the bundle records. */
    public Result score(float[][] features) {
        if (features.length != LAYERS.size()) {
            throw new IllegalArgumentException(features.length + " depths, expected " + LAYERS.size());
        }
        double[] d = new double[layers.size()];
        double[] t = new double[layers.size()];
        double score = 0;
        for (int l = 0; l < d.length; l++) {
            d[l] = layers.get(l).distance(features[LAYERS.indexOf(names.get(l))]);
            t[l] = layers.get(l).threshold();
            score = Math.max(score, d[l] / t[l]);
        }
        return new Result(names, d, t, score, score > 1);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
