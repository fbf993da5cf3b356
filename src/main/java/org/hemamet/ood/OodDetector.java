package org.hemamet.ood;

import java.util.ArrayList;
import java.util.List;
import org.hemamet.contract.OodStatistics;

/**
 * The out-of-distribution flag of a crop: the Mahalanobis distance of the network's features at each of
 * four depths (the spatial means of the three convolution blocks' outputs and the penultimate dense
 * features) to their training distributions ({@link FeatureDistribution}), a crop being flagged when any
 * depth's distance exceeds that depth's threshold (the training part's cross-fitted 99th percentile). The
 * per-depth features are those of Lee et al. 2018's feature ensemble (NeurIPS, "A simple unified framework
 * for detecting out-of-distribution samples and adversarial attacks"); without out-of-distribution data
 * to weight the depths, as they do, any exceedance flags. The early depths see intensity and texture
 * (noise, another anatomy), the penultimate one what the classifier uses. With four depths at the 99th
 * percentile, at most about 4 % of new in-distribution crops are expected to be flagged.
 */
public final class OodDetector {
    /** The depths, in the order of {@code TrainedCnn.layerFeatures}. */
    public static final List<String> LAYERS = List.of("block1", "block2", "block3", "penultimate");

    static final String FEATURES = "per depth: the spatial mean of each convolution block's output (after pooling;"
            + " 32, 64, 128 values) and the penultimate dense-128 output after ReLU, for the crop as predict"
            + " prepares it";
    static final String REFERENCE = "Mahalanobis distance on per-layer features (Lee et al. 2018, NeurIPS);"
            + " covariance: Ledoit and Wolf 2004, J Multivar Anal 88:365-411";

    private final List<FeatureDistribution> layers;
    private final List<String> names;

    private OodDetector(List<FeatureDistribution> layers, List<String> names) {
        this.layers = layers;
        this.names = names;
    }

    /** The detector recorded in a bundle. */
    public static OodDetector of(OodStatistics s) {
        return new OodDetector(
                s.layers().stream().map(FeatureDistribution::of).toList(),
                s.layers().stream().map(OodStatistics.Layer::name).toList());
    }

    /**
     * Fits the per-depth distributions to the training part's crops.
     *
     * @param features per crop, one feature array per depth ({@link #LAYERS})
     * @param patients the patient of each crop (the thresholds' folds are disjoint by patient)
     */
    public static OodStatistics fit(float[][][] features, List<String> patients) {
        List<OodStatistics.Layer> out = new ArrayList<>();
        for (int l = 0; l < LAYERS.size(); l++) {
            double[][] x = new double[features.length][];
            for (int i = 0; i < features.length; i++) {
                x[i] = toDouble(features[i][l]);
            }
            out.add(FeatureDistribution.fit(LAYERS.get(l), x, patients));
        }
        return new OodStatistics(
                OodStatistics.MAHALANOBIS,
                FEATURES,
                OodStatistics.LEDOIT_WOLF,
                REFERENCE,
                features.length,
                (int) patients.stream().distinct().count(),
                FeatureDistribution.QUANTILE,
                Math.round(FeatureDistribution.QUANTILE * 100) + "th percentile, per depth, of the training part's"
                        + " out-of-fold distances (" + FeatureDistribution.FOLDS + " folds by patient: each fold"
                        + " measured against the mean and covariance of the others); flagged when any depth exceeds"
                        + " its threshold",
                FeatureDistribution.FOLDS,
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

    /** The scores of one crop's per-depth features. */
    public Result score(float[][] features) {
        if (features.length != layers.size()) {
            throw new IllegalArgumentException(features.length + " depths, the detector has " + layers.size());
        }
        double[] d = new double[layers.size()];
        double[] t = new double[layers.size()];
        double score = 0;
        for (int l = 0; l < d.length; l++) {
            d[l] = layers.get(l).distance(features[l]);
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
