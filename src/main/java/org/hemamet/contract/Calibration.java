package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A cell's probability calibration, as {@code result.json} and the model bundle's {@code metadata.json}
 * record it: a logistic recalibration of logit(p) ({@link #FORMULA}), temperature scaling (one parameter)
 * or, in runs of older versions, Platt scaling (slope and intercept), fitted on out-of-fold scores of the
 * training part (cross-fitting, {@code folds} >= 2) or, in runs of older versions and with
 * {@code calibration_folds: 0}, on the chosen search trial's scores of the inner validation split; never on
 * the test set. And how it does on the test set.
 *
 * @param method        {@value #TEMPERATURE} or {@value #PLATT}
 * @param formula       the mapping, in words
 * @param slope         slope on logit(p)
 * @param intercept     intercept
 * @param fittedOn      what it was fitted on, in words
 * @param folds         cross-fitting folds k (the fit's scores are out-of-fold predictions of k models
 *                      trained as the final model on k-1 folds each); 0 when fitted on the inner validation
 *                      split; null in runs of older versions
 * @param nFit          lesions it was fitted on
 * @param fitPrevalence share of positives among them (the prevalence its probabilities assume)
 * @param reference     the method's reference
 * @param test          how it does on the test set (null when a bundle does not record it)
 * @param developmentPrevalence the development cell's prevalence before class balancing, the one {@code predict}
 *                      moves the calibrated probabilities to by default (null in runs and bundles of older versions)
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
        Integer folds,
        Integer nFit,
        Double fitPrevalence,
        String reference,
        TestSet test,
        DevelopmentPrevalence developmentPrevalence) {
    public static final String PLATT = "platt";
    public static final String TEMPERATURE = "temperature";
    public static final String FORMULA =
            "P = 1 / (1 + exp(-(intercept + slope * logit(p)))), p clipped to [1e-7, 1 - 1e-7]";
    public static final String REFERENCE = "Platt 1999; as scikit-learn's CalibratedClassifierCV(method=\"sigmoid\")";
    public static final String REFERENCE_TEMPERATURE =
            "temperature scaling, Guo et al. ICML 2017: slope = 1/T fitted by maximum likelihood, intercept 0";

    /** Whether {@code method} is one whose mapping is {@link #FORMULA} (what predict can apply). */
    public static boolean known(Object method) {
        return PLATT.equals(method) || TEMPERATURE.equals(method);
    }

    /** The reference of a method. */
    public static String reference(String method) {
        return TEMPERATURE.equals(method) ? REFERENCE_TEMPERATURE : REFERENCE;
    }

    /**
     * The share of positives in the development cell's training part before class balancing: its training
     * lesions and those the downsampling dropped from it (split.csv), none of the test part. The balanced
     * training set the calibration was fitted on has an artificial prevalence (0.5 after downsampling); this is
     * the prevalence of the population the study sampled, so {@code predict} moves the calibrated probabilities to
     * it unless told another (prior correction: M. Saerens, P. Latinne and C. Decaestecker, "Adjusting the
     * outputs of a classifier to new a priori probabilities", Neural Computation 14(1), 2002).
     *
     * @param value    positive / lesions
     * @param lesions  lesions of the training part before balancing
     * @param positive of them positive
     * @param source   where it comes from, in words
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DevelopmentPrevalence(Double value, Integer lesions, Integer positive, String source) {
        public static final String SOURCE = "the development cell's training part before class balancing"
                + " (split.csv: its training lesions and those the balancing dropped from it; no test lesion)";

        /** The prevalence of {@code positive} of {@code lesions}; null when there are none. */
        public static DevelopmentPrevalence of(int lesions, int positive) {
            return lesions <= 0
                    ? null
                    : new DevelopmentPrevalence(positive / (double) lesions, lesions, positive, SOURCE);
        }

        /** Whether the value is a prevalence predict can move probabilities to: in (0, 1). */
        public boolean usable() {
            return value != null && value > 0 && value < 1;
        }
    }

    /** This calibration, recording {@code d} as the development prevalence where it records none. */
    public Calibration orDevelopmentPrevalence(DevelopmentPrevalence d) {
        return developmentPrevalence != null || d == null ? this : withDevelopmentPrevalence(d);
    }

    /** This calibration recording {@code d} (null: none) as the development prevalence. */
    public Calibration withDevelopmentPrevalence(DevelopmentPrevalence d) {
        return new Calibration(
                method, formula, slope, intercept, fittedOn, folds, nFit, fitPrevalence, reference, test, d);
    }

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
     * A Platt calibration fitted on the inner validation split, as the study records it.
     *
     * @param slope     fitted slope
     * @param intercept fitted intercept
     * @param nFit      lesions fitted on
     * @param positives positives among them
     * @param test      its test-set performance
     */
    public static Calibration platt(double slope, double intercept, int nFit, int positives, TestSet test) {
        return onValidation(PLATT, slope, intercept, nFit, positives, test);
    }

    /**
     * A calibration fitted on the inner validation split (the chosen search trial's scores).
     *
     * @param method    {@value #PLATT} or {@value #TEMPERATURE}
     * @param slope     fitted slope
     * @param intercept fitted intercept
     * @param nFit      lesions fitted on
     * @param positives positives among them
     * @param test      its test-set performance
     */
    public static Calibration onValidation(
            String method, double slope, double intercept, int nFit, int positives, TestSet test) {
        return new Calibration(
                method,
                FORMULA,
                slope,
                intercept,
                "inner validation split of the training part (" + nFit + " lesions, " + positives
                        + " positive), scores of the chosen search trial's model",
                0,
                nFit,
                positives / (double) nFit,
                reference(method),
                test,
                null);
    }

    /**
     * A calibration cross-fitted on the training part's out-of-fold scores.
     *
     * @param method    {@value #PLATT} or {@value #TEMPERATURE}
     * @param slope     fitted slope
     * @param intercept fitted intercept
     * @param folds     the cross-fitting folds k
     * @param nFit      lesions fitted on (the training part's lesions with an out-of-fold score)
     * @param positives positives among them
     * @param test      its test-set performance
     */
    public static Calibration crossFitted(
            String method, double slope, double intercept, int folds, int nFit, int positives, TestSet test) {
        return new Calibration(
                method,
                FORMULA,
                slope,
                intercept,
                "out-of-fold scores of the training part (" + nFit + " lesions, " + positives + " positive): "
                        + folds + " patient-grouped stratified folds, each predicted by the chosen configuration"
                        + " trained as the final model on the other " + (folds - 1) + " (cross-fitting, as"
                        + " scikit-learn's CalibratedClassifierCV(ensemble=False)); applied to the final model's"
                        + " scores",
                folds,
                nFit,
                positives / (double) nFit,
                reference(method),
                test,
                null);
    }
}
