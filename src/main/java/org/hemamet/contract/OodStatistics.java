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
 * @param method        {@value #MAHALANOBIS}: per layer the distance {@code sqrt((f - mean)ᵀ precision (f -
 *                      mean))}; a lesion is flagged when any layer's distance exceeds that layer's threshold
 * @param features      which features, in words
 * @param covariance    how each layer's covariance was estimated ({@value #LEDOIT_WOLF})
 * @param reference     the method's references
 * @param nFit          training crops the distributions were fitted on
 * @param nPatients     their patients
 * @param quantile      the quantile of the training part's distances each threshold is
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
        List<Layer> layers,
        String paramsSha256) {

    /** The method this version writes and reads. */
    public static final String MAHALANOBIS = "mahalanobis-feature-ensemble";

    /** The covariance estimator this version writes. */
    public static final String LEDOIT_WOLF = "ledoit-wolf";

    /**
     * The feature distribution at one depth.
     *
     * @param name             the layer ({@code block1}, {@code block2}, {@code block3}, {@code penultimate})
     * @param shrinkage        the Ledoit–Wolf shrinkage intensity of its covariance
     * @param mean             the feature means (p values)
     * @param precision        the inverse of the shrunk covariance (p x p)
     * @param threshold        distances above it are out of distribution
     * @param inSampleQuantile the same quantile of the in-sample distances (for comparison; lower)
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
            Double inSampleQuantile) {}

    /** A copy bound to the parameters whose features these are. */
    public OodStatistics withParamsSha256(String sha) {
        return new OodStatistics(
                method, features, covariance, reference, nFit, nPatients, quantile, thresholdRule, folds, layers, sha);
    }
}
