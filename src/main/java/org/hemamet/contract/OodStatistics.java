package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A model bundle's {@code ood.json} (docs/contracts.md D): the distribution of the network's penultimate
 * features over the training part's crops, against which predict flags a lesion as out of distribution.
 * Written by the study for each cell's final model, copied by export, read by predict, through
 * {@link BundleFiles} only. A bundle without it (older versions) predicts without the flag.
 *
 * @param method          {@value #MAHALANOBIS}: distance {@code sqrt((f - mean)ᵀ precision (f - mean))}
 * @param features        which features, in words
 * @param covariance      how the covariance was estimated ({@value #LEDOIT_WOLF})
 * @param reference       the method's references
 * @param shrinkage       the Ledoit–Wolf shrinkage intensity of the covariance
 * @param nFit            training crops the mean and covariance were fitted on
 * @param nPatients       their patients
 * @param mean            the feature means (p values)
 * @param precision       the inverse of the shrunk covariance (p x p)
 * @param quantile        the quantile of the training part's distances the threshold is
 * @param threshold       distances above it are flagged out of distribution
 * @param thresholdRule   how the threshold was set, in words
 * @param folds           patient-grouped folds of the cross-fitted threshold
 * @param inSampleQuantile the same quantile of the in-sample distances (for comparison; lower)
 * @param paramsSha256    SHA-256 of the model.params whose features these are
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder(alphabetic = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OodStatistics(
        String method,
        String features,
        String covariance,
        String reference,
        Double shrinkage,
        Integer nFit,
        Integer nPatients,
        double[] mean,
        double[][] precision,
        Double quantile,
        Double threshold,
        String thresholdRule,
        Integer folds,
        Double inSampleQuantile,
        String paramsSha256) {

    /** The method this version writes and reads. */
    public static final String MAHALANOBIS = "mahalanobis";

    /** The covariance estimator this version writes. */
    public static final String LEDOIT_WOLF = "ledoit-wolf";

    /** A copy bound to the parameters whose features these are. */
    public OodStatistics withParamsSha256(String sha) {
        return new OodStatistics(
                method,
                features,
                covariance,
                reference,
                shrinkage,
                nFit,
                nPatients,
                mean,
                precision,
                quantile,
                threshold,
                thresholdRule,
                folds,
                inSampleQuantile,
                sha);
    }
}
