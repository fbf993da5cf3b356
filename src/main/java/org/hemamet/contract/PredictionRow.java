package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code predictions.csv} (run level, and each cell's own): one test lesion of one cell.
 *
 * @param cellId     the cell ({@code <SEQ>__<comparison>__r<repeat>})
 * @param sequence   its sequence
 * @param comparison its comparison
 * @param repeat     its repeat (or fold)
 * @param sampleId   the dataset sample
 * @param patientKey the pseudonymous patient
 * @param lesionId   the lesion of the patient
 * @param diagnosis  the diagnosis id
 * @param label      1 = positive (metastasis group), 0 = hemangioma
 * @param score      P(positive)
 * @param predicted  1 when {@code score >= threshold}
 * @param cropPath   the crop, relative to the dataset directory
 * @param calibrated the cell's Platt calibration applied to {@code score} (null in runs of older versions)
 * @param model      the model that made the score: {@value ResultRow#CNN} or a baseline ({@value
 *                   ResultRow#RADIOMICS_LR}); absent (runs of older versions) reads as {@value ResultRow#CNN}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PredictionRow(
        String cellId,
        String sequence,
        String comparison,
        int repeat,
        String sampleId,
        String patientKey,
        String lesionId,
        String diagnosis,
        int label,
        double score,
        int predicted,
        String cropPath,
        Double calibrated,
        String model) {

    /** A missing model (older runs) is the CNN. */
    public PredictionRow {
        model = model == null || model.isEmpty() ? ResultRow.CNN : model;
    }

    /** The same row with another predicted class (0, 1). */
    public PredictionRow withPredicted(int newPredicted) {
        return with(newPredicted, model);
    }

    /** The same row as another model's (the model column). */
    public PredictionRow withModel(String newModel) {
        return with(predicted, newModel);
    }

    private PredictionRow with(int newPredicted, String newModel) {
        return new PredictionRow(
                cellId,
                sequence,
                comparison,
                repeat,
                sampleId,
                patientKey,
                lesionId,
                diagnosis,
                label,
                score,
                newPredicted,
                cropPath,
                calibrated,
                newModel);
    }

    /** True for the CNN's rows (every reader of the CNN's results keeps only these). */
    public boolean fromCnn() {
        return ResultRow.CNN.equals(model);
    }

    /** The model column of an early-fused cell's rows (one row per lesion, its crops one per fused sequence). */
    public static final String EARLY_FUSED = "fusion-early";

    /** Whether the row is an early-fused cell's (one CNN over the lesion's crops of several sequences). */
    public boolean fromEarlyFused() {
        return EARLY_FUSED.equals(model);
    }

    /** The lesion's key across sequences: {@code patient_key/lesion_id}. */
    public String lesionKey() {
        return patientKey + "/" + lesionId;
    }
}
