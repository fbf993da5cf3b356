package org.hemamet.model;

/** Called after every training mini-batch (e.g. to drive a progress bar). Must be cheap. */
@FunctionalInterface
public interface ProgressListener {
    /** No-op listener. */
    ProgressListener NONE = (epoch, batch, batchesPerEpoch, loss) -> {};

    /**
     * @param epoch 1-based epoch
     * @param batch 1-based batch within the epoch
     * @param batchesPerEpoch number of batches per epoch
     * @param loss the batch's mean loss, or NaN on a GPU, where losses are read back once per epoch (see
     *     {@link CnnTrainer})
     */
    void onBatch(int epoch, int batch, int batchesPerEpoch, double loss);
}
