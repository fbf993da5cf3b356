package org.hemamet.model;

/**
 * Loss and accuracy after one epoch. Training values are the running means over the epoch's
 * mini-batches (training mode: dropout on, batch statistics); validation values are computed in
 * evaluation mode after the epoch and are {@code NaN} when no validation set was given or the training
 * skipped this epoch's ({@link TrainingRequest.Builder#optValidateCheckpointsOnly}).
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean categorical cross-entropy over the epoch's training samples
 * @param trainAccuracy fraction of training samples whose arg-max class equals the label
 * @param valLoss mean cross-entropy on the validation set, or NaN
 * @param valAccuracy accuracy (threshold 0.5) on the validation set, or NaN
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy) {

    /** Whether validation values are present. */
    public boolean hasValidation() {
        return !Double.isNaN(valLoss);
    }
}
