package org.hemamet.study;

import java.util.ArrayList;
import java.util.List;
import org.hemamet.contract.CalibrationFitRow;

/**
 * What a cell's calibration is fitted on (never the test set): the training part's out-of-fold scores
 * (cross-fitting, {@code folds} >= 2: each of k patient-grouped, stratified folds predicted by the chosen
 * configuration trained as the final model on the other k-1; as scikit-learn's
 * {@code CalibratedClassifierCV(ensemble=False)}, Platt 1999), or the chosen search trial's scores of the
 * inner validation split ({@code folds} = 0, the method of older versions).
 *
 * @param labels the labels of the lesions fitted on
 * @param scores their P(positive)
 * @param folds  the cross-fitting folds k, or 0 for the inner validation split
 * @param rows   calibration_fit.csv: the rows fitted on, then (cross-fitting) each fold model's scores of
 *               the test lesions (not fitted on)
 */
record CalibrationFit(int[] labels, double[] scores, int folds, List<CalibrationFitRow> rows) {

    /** A fit without calibration_fit.csv rows. */
    CalibrationFit(int[] labels, double[] scores, int folds) {
        this(labels, scores, folds, List.of());
    }

    /** The chosen search trial's validation scores of the inner validation split's lesions. */
    static CalibrationFit ofValidation(SearchOutcome search, List<CellPartition.Case> validation) {
        List<CalibrationFitRow> rows = new ArrayList<>();
        double[] s = search.validationScores();
        for (int i = 0; i < validation.size() && s != null && i < s.length; i++) {
            rows.add(row(validation.get(i), CalibrationFitRow.FIT, -1, s[i]));
        }
        return new CalibrationFit(search.validationLabels(), s, 0, rows);
    }

    /** A calibration_fit.csv row of a lesion. */
    static CalibrationFitRow row(CellPartition.Case c, String part, int fold, double score) {
        return new CalibrationFitRow(
                c.sampleId(), c.sample().patientKey(), c.sample().lesionId(), c.label(), part, fold, score);
    }
}
