package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A model bundle's {@code ood.json} (docs/contracts.md D): the distribution of the network's features at
 * several depths over the training part's crops, against which predict flags a lesion as out of
 * distribution. Written by the study for each cell's final model, copied by export, read by predict,
 * through {@link BundleFiles} only. A bundle without it (older versions) predicts without the flag.
 *
 * @param method        {@value #CLASS_CONDITIONAL} (this version): per layer the smallest over the classes of
 *                      {@code sqrt((f - classMean)ᵀ precision (f - classMean))} with a covariance tied across
 *                      the classes; {@value #MAHALANOBIS} (earlier versions, still read): one mean per layer; a
 *                      lesion is flagged when any layer's distance exceeds that layer's threshold
 * @param features      which features, in words
 * @param covariance    how each layer's covariance was estimated ({@value #LEDOIT_WOLF})
 * @param reference     the method's references
 * @param nFit          training crops the distributions were fitted on
 * @param nPatients     their patients
 * @param quantile      the quantile of the training part's distances each threshold is
 * @param alpha         the family-wise false-alarm level the per-layer quantile is set for ({@code quantile =
 *                      1 - alpha / layers}, Bonferroni); null in earlier versions
 * @param thresholdRule how the thresholds were set, in words
 * @param folds         patient-grouped folds of the cross-fitted thresholds
 * @param layers        one distribution per depth
 * @param paramsSha256  SHA-256 of the model.params whose features these are
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder(alphabetic = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OodStatistics(
        String method,
        String features,
        String covariance,
        String reference,
        Integer nFit,
        Integer nPatients,
        Double quantile,
        String thresholdRule,
        Integer folds,
        Double alpha,
        List<Layer> layers,
        String paramsSha256) {

    /** The method of earlier versions (one mean per layer, four network depths): still read. */
    public static final String MAHALANOBIS = "mahalanobis-feature-ensemble";

    /** The method this version writes: class-conditional means with a tied covariance. */
    public static final String CLASS_CONDITIONAL = "mahalanobis-class-conditional";

    /** The methods this version reads. */
    public static final List<String> METHODS = List.of(MAHALANOBIS, CLASS_CONDITIONAL);

    /** The layers this version computes. */
    public static final List<String> KNOWN_LAYERS = List.of("block1", "block2", "block3", "penultimate");

    /** The covariance estimator this version writes. */
    public static final String LEDOIT_WOLF = "ledoit-wolf";

    /**
     * The feature distribution at one depth.
     *
     * @param name             the layer ({@code block1}, {@code block2}, {@code block3}, {@code penultimate})
     * @param shrinkage        the Ledoit–Wolf shrinkage intensity of its covariance
     * @param mean             the feature means over all classes (p values)
     * @param precision        the inverse of the shrunk covariance (p x p; with class means, of the pooled
     *                         within-class covariance)
     * @param threshold        distances above it are out of distribution
     * @param inSampleQuantile the same quantile of the in-sample distances (for comparison; lower)
     * @param classMeans       the feature means per class (label 0, 1; p values each), the distance being the
     *                         smallest over them; null in earlier versions (the distance to {@code mean})
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Layer(
            String name,
            Double shrinkage,
            double[] mean,
            double[][] precision,
            Double threshold,
            Double inSampleQuantile,
            double[][] classMeans) {
        /** A layer of one mean (earlier versions' form). */
        public Layer(
                String name,
                Double shrinkage,
                double[] mean,
                double[][] precision,
                Double threshold,
                Double inSampleQuantile) {
            this(name, shrinkage, mean, precision, threshold, inSampleQuantile, null);
        }
    }

    /** A copy bound to the parameters whose features these are. */
    public OodStatistics withParamsSha256(String sha) {
        return new OodStatistics(
                method,
                features,
                covariance,
                reference,
                nFit,
                nPatients,
                quantile,
                thresholdRule,
                folds,
                alpha,
                layers,
                sha);
    }
}
