package org.hemamet.study;

/**
 * What a cell's Platt scaling is fitted on (never the test set): the training part's out-of-fold scores
 * (cross-fitting, {@code folds} >= 2: each of k patient-grouped, stratified folds predicted by the chosen
 * configuration trained as the final model on the other k-1; as scikit-learn's
 * {@code CalibratedClassifierCV(ensemble=False)}, Platt 1999), or the chosen search trial's scores of the
 * inner validation split ({@code folds} = 0, the method of older versions).
 *
 * @param labels the labels of the lesions fitted on
 * @param scores their P(positive)
 * @param folds  the cross-fitting folds k, or 0 for the inner validation split
 */
record CalibrationFit(int[] labels, double[] scores, int folds) {

    /** The chosen search trial's validation scores. */
    static CalibrationFit ofValidation(SearchOutcome search) {
        return new CalibrationFit(search.validationLabels(), search.validationScores(), 0);
    }
}
