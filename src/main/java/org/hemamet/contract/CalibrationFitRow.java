package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of a cell's {@code calibration_fit.csv}: the scores the cell's calibration is fitted on, so that
 * the fit can be audited and re-analysed, and the cross-fitting models' scores of the test lesions (never
 * fitted on; for re-analysis, e.g. of an ensemble of the fold models).
 *
 * @param sampleId   the dataset sample
 * @param patientKey the pseudonymous patient
 * @param lesionId   the lesion of the patient
 * @param label      1 = positive (metastasis group), 0 = hemangioma
 * @param part       {@value #FIT}: a training-part lesion, scored out of fold by the model of {@code fold}
 *                   (the calibration is fitted on these rows); {@value #TEST}: a test-part lesion scored by
 *                   the model of {@code fold} (one row per test lesion and fold; not fitted on)
 * @param fold       the cross-fitting fold whose model made the score (the fold the lesion was held out in
 *                   for {@value #FIT} rows); -1 for the inner validation split ({@code calibration_folds: 0})
 * @param score      that model's P(positive)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CalibrationFitRow(
        String sampleId, String patientKey, String lesionId, int label, String part, int fold, double score) {
    public static final String FIT = "fit";
    public static final String TEST = "test";
}
