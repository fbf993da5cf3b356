package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A training-part lesion of a cell and its out-of-fold P(positive) from the calibration step's cross-fitting
 * (the fold model trained on the other folds), the input of late fusion: a {@code fit} row of the cell's
 * {@code calibration_fit.csv} ({@link CalibrationFitRow}) with its cell; not a file of its own.
 *
 * @param cellId    the cell
 * @param sampleId  the lesion's sample on the cell's sequence
 * @param patientKey its patient
 * @param lesionId  its lesion id
 * @param label     1 positive, 0 negative
 * @param score     the out-of-fold P(positive)
 * @param fold      the fold it was held out in
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OutOfFoldRow(
        String cellId, String sampleId, String patientKey, String lesionId, int label, double score, int fold) {

    /** The lesion's key across sequences: {@code patient_key/lesion_id}. */
    public String lesionKey() {
        return patientKey + "/" + lesionId;
    }
}
