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
 * @param droppedFrom for a dropped lesion: the part the downsampling dropped it from, {@value #TRAIN} or
 *                   {@value #TEST}; "" otherwise (empty in runs of older versions)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SplitRow(
        String sampleId,
        String patientKey,
        String diagnosis,
        int label,
        String partition,
        String inner,
        String droppedFrom) {
    public static final String TRAIN = "train";
    public static final String TEST = "test";
    public static final String DROPPED = "dropped";
    public static final String VALIDATION = "validation";

    /** The record's components are the columns. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public SplitRow {}

    /** A row without droppedFrom (older versions' files; not a dropped lesion). */
    public SplitRow(String sampleId, String patientKey, String diagnosis, int label, String partition, String inner) {
        this(sampleId, patientKey, diagnosis, label, partition, inner, "");
    }
}
