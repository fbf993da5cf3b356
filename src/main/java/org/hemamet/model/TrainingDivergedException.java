package org.hemamet.model;

/**
 * Training produced a non-finite loss (NaN or infinity) or non-finite weights. The study catches it
 * and records the cell as {@code diverged}; the model of that run is discarded.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final int batch;
    private final double loss;

    public TrainingDivergedException(int epoch, int batch, double loss) {
        super("training diverged at epoch " + epoch
                + (batch >= 0 ? ", batch " + batch : " (weights not finite after the last update)")
                + ": loss " + loss);
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
    }

    /** 1-based epoch in which divergence was detected. */
    public int epoch() {
        return epoch;
    }

    /** 0-based batch within the epoch, or -1 when detected on the weights after the epoch. */
    public int batch() {
        return batch;
    }

    /** The offending loss value (NaN or infinite), or NaN when detected on the weights. */
    public double loss() {
        return loss;
    }
}
