package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of a cell's {@code search.csv}: a hyper-parameter trial trained on the inner training split
 * and scored on the inner validation split.
 *
 * @param trial        1-based trial number
 * @param learningRate Adam learning rate
 * @param batchSize    mini-batch size
 * @param epochs       epochs
 * @param trainedEpochs epochs of the training this trial's network comes from: {@code epochs} when it was
 *                     trained alone, more when it is that longer training's checkpoint after {@code epochs}
 *                     (grid trials that differ only in epochs share one training); null in runs of older
 *                     versions (trained alone)
 * @param dropout      dropout rate
 * @param valAuc       AUC on the inner validation split (NaN when the training diverged)
 * @param valLoss      validation loss of the last epoch (NaN when diverged)
 * @param valAccuracy  validation accuracy of the last epoch (NaN when diverged)
 * @param valLossFinal cross-entropy of the trained model's P(positive) on the validation split, after
 *                     batch-norm re-estimation (the search's tie-break; NaN when diverged; absent in runs of
 *                     older versions)
 * @param chosen       whether this trial was retrained as the final model (null when every trial diverged)
 * @param note         "" or why the trial has no scores ("diverged: ...")
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SearchTrial(
        int trial,
        double learningRate,
        int batchSize,
        int epochs,
        Integer trainedEpochs,
        double dropout,
        double valAuc,
        double valLoss,
        double valAccuracy,
        Double valLossFinal,
        Boolean chosen,
        String note) {

    /** The epochs of the training this trial's network comes from ({@code epochs} in older runs). */
    public int trainedEpochsOrOwn() {
        return trainedEpochs == null ? epochs : trainedEpochs;
    }

    /** A copy marked chosen or not. */
    public SearchTrial withChosen(boolean isChosen) {
        return new SearchTrial(
                trial,
                learningRate,
                batchSize,
                epochs,
                trainedEpochs,
                dropout,
                valAuc,
                valLoss,
                valAccuracy,
                valLossFinal,
                isChosen,
                note);
    }
}
