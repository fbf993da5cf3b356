package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A fitted baseline of one study cell as kept on disk (docs/contracts.md C and D):
 * {@code baselines/<cell_id>/radiomics-lr.json} (and {@code intensity-ratio.json}), also the whole of a
 * radiomics bundle ({@code hemamet export --baseline radiomics-lr}) that {@code hemamet predict} applies.
 * Written and read through {@link BaselineFiles} only. Everything needed to score a new lesion is here:
 * the features (IBSI codes, in column order), the grey-level discretisation, the standardiser fitted on the
 * training patients, the logistic regression's weights and intercept, the decision threshold (fixed
 * before any test lesion is scored), the calibration and the dataset's crop parameters (its intensity
 * reference included).
 *
 * @param formatVersion    the file format ({@value #FORMAT_VERSION})
 * @param hemametVersion   the hemamet that fitted it
 * @param model            {@code radiomics-lr} or {@code intensity-ratio}
 * @param cellId           the study cell
 * @param sequence         the MRI sequence of the cell
 * @param comparison       the study comparison
 * @param classes          {@code [negative, positive]}
 * @param positiveClass    the class whose probability the model gives
 * @param features         the features' IBSI codes in column order (the ratio: a description)
 * @param featureColumns   the features' column names, in the same order (radiomics-lr only)
 * @param bins             the fixed number of grey levels of the GLCM (radiomics-lr only)
 * @param discretisation   the discretisation, in words (radiomics-lr only)
 * @param c                the L2 regularisation's C, chosen on the inner validation split
 * @param validationAuc    its validation AUC (absent when not defined)
 * @param cGrid            each C of the grid with its validation AUC ({@code [C, AUC]}, AUC null when not defined)
 * @param standardiserMean the training part's per-feature mean
 * @param standardiserSd   the training part's per-feature population SD (0: the feature is ignored)
 * @param weights          one weight per standardised feature
 * @param intercept        the intercept
 * @param threshold        the decision threshold on P(positive) ({@code >=} is positive)
 * @param thresholdRule    how it was chosen
 * @param nTrain           training lesions the standardiser and regression were fitted on
 * @param calibration      the calibration of P(positive), fitted on the inner validation split's scores
 * @param crop             the dataset's crop parameters (absent when the dataset's ingest-report.json was
 *                         not found: predict then refuses the model)
 * @param exported         the export (added by {@code hemamet export})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder(alphabetic = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BaselineModel(
        Integer formatVersion,
        String hemametVersion,
        String model,
        String cellId,
        String sequence,
        String comparison,
        List<String> classes,
        String positiveClass,
        List<String> features,
        List<String> featureColumns,
        Integer bins,
        String discretisation,
        Double c,
        Double validationAuc,
        List<List<Double>> cGrid,
        double[] standardiserMean,
        double[] standardiserSd,
        double[] weights,
        Double intercept,
        Double threshold,
        String thresholdRule,
        Integer nTrain,
        Calibration calibration,
        BundleMetadata.Crop crop,
        BundleMetadata.Exported exported) {

    /** The format written and read by this version. */
    public static final int FORMAT_VERSION = 1;

    /**
     * This model with export facts and, where it has none, the crop parameters {@code fallback} and the
     * development prevalence {@code development} (null: none known) in its calibration.
     */
    public BaselineModel exportedWith(
            BundleMetadata.Crop fallback,
            Calibration.DevelopmentPrevalence development,
            BundleMetadata.Exported export) {
        return new BaselineModel(
                formatVersion,
                hemametVersion,
                model,
                cellId,
                sequence,
                comparison,
                classes,
                positiveClass,
                features,
                featureColumns,
                bins,
                discretisation,
                c,
                validationAuc,
                cGrid,
                standardiserMean,
                standardiserSd,
                weights,
                intercept,
                threshold,
                thresholdRule,
                nTrain,
                calibration == null ? null : calibration.orDevelopmentPrevalence(development),
                crop == null ? fallback : crop,
                export);
    }
}
