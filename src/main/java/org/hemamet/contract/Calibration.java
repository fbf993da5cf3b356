package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A cell's probability calibration, as {@code result.json} and the model bundle's {@code metadata.json}
 * record it: Platt scaling fitted on the chosen search trial's scores of the inner validation split
 * (never the test set), and how it does on the test set.
 *
 * @param method        {@value #PLATT}
 * @param formula       the mapping, in words
 * @param slope         slope on logit(p)
 * @param intercept     intercept
 * @param fittedOn      what it was fitted on, in words
 * @param nFit          lesions it was fitted on
 * @param fitPrevalence share of positives among them (the prevalence its probabilities assume)
 * @param reference     the method's reference
 * @param test          how it does on the test set (null when a bundle does not record it)
 *
 * <p>Absent (null) fields are left out when written, so a bundle read and written again keeps its keys.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder(alphabetic = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Calibration(
        String method,
        String formula,
        Double slope,
        Double intercept,
        String fittedOn,
        Integer nFit,
        Double fitPrevalence,
        String reference,
        TestSet test) {
    public static final String PLATT = "platt";
    public static final String FORMULA =
            "P = 1 / (1 + exp(-(intercept + slope * logit(p)))), p clipped to [1e-7, 1 - 1e-7]";
    public static final String REFERENCE = "Platt 1999; as scikit-learn's CalibratedClassifierCV(method=\"sigmoid\")";

    /**
     * The calibration on the test set: Brier scores and Cox (1958) calibration slope and intercept of the
     * raw and the calibrated probabilities.
     *
     * @param brierRaw               Brier score of the raw probabilities
     * @param brierCalibrated        Brier score after calibration
     * @param coxSlopeRaw            Cox slope of the raw probabilities
     * @param coxInterceptRaw        Cox intercept of the raw probabilities
     * @param coxSlopeCalibrated     Cox slope after calibration
     * @param coxInterceptCalibrated Cox intercept after calibration
     * @param coxNote                "" or why the Cox fit is NaN
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestSet(
            Double brierRaw,
            Double brierCalibrated,
            Double coxSlopeRaw,
            Double coxInterceptRaw,
            Double coxSlopeCalibrated,
            Double coxInterceptCalibrated,
            String coxNote) {}

    /**
     * A Platt calibration as the study records it.
     *
     * @param slope     fitted slope
     * @param intercept fitted intercept
     * @param nFit      lesions fitted on
     * @param positives positives among them
     * @param test      its test-set performance
     */
    public static Calibration platt(double slope, double intercept, int nFit, int positives, TestSet test) {
        return new Calibration(
                PLATT,
                FORMULA,
                slope,
                intercept,
                "inner validation split of the training part (" + nFit + " lesions, " + positives
                        + " positive), scores of the chosen search trial's model",
                nFit,
                positives / (double) nFit,
                REFERENCE,
                test);
    }
}
