package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of a cell's {@code split.csv}: where a lesion of the cell went.
 *
 * @param sampleId   the dataset sample
 * @param patientKey the pseudonymous patient
 * @param diagnosis  the diagnosis id
 * @param label      1 = positive (metastasis group), 0 = hemangioma
 * @param partition  {@value #TRAIN}, {@value #TEST} or {@value #DROPPED} (balancing)
 * @param inner      for the training part: {@value #TRAIN} or {@value #VALIDATION} (the inner split the
 *                   search and the calibration use); "" otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SplitRow(
        String sampleId, String patientKey, String diagnosis, int label, String partition, String inner) {
    public static final String TRAIN = "train";
    public static final String TEST = "test";
    public static final String DROPPED = "dropped";
    public static final String VALIDATION = "validation";
}
