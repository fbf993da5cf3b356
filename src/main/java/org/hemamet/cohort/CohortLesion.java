package org.hemamet.cohort;

/**
 * One row of {@code cohort.csv}. {@code patientId} is the hospital's ID (PHI): it stays in the ingest
 * layer and never reaches an output.
 *
 * @param patientId          hospital patient ID (= DICOM PatientID)
 * @param lesionId           lesion id local to the patient (L1, L2, ...)
 * @param diagnosis          normalised diagnosis
 * @param histologyConfirmed histology_confirmed column (true/yes/1)
 * @param age                age text (may be empty)
 * @param sex                sex text (may be empty)
 * @param level              vertebral level (may be empty)
 * @param row                1-based line number in cohort.csv (header = 1)
 */
public record CohortLesion(
        String patientId,
        String lesionId,
        Diagnosis diagnosis,
        boolean histologyConfirmed,
        String age,
        String sex,
        String level,
        int row) {
    @Override
    public String toString() {
        return "CohortLesion[row " + row + ", " + lesionId + ", " + diagnosis.id() + "]";
    }
}
