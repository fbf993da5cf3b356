package org.hemamet.model;

/**
 * Training hyper-parameters of the paper CNN.
 *
 * @param learningRate Adam learning rate (finite, &gt; 0)
 * @param batchSize mini-batch size (&ge; 1); the last batch of an epoch may be smaller
 * @param epochs number of passes over the training set (&ge; 1)
 * @param dropout dropout rate of the dense layer, in [0, 1)
 */
public record HyperParams(double learningRate, int batchSize, int epochs, double dropout) {

    public HyperParams {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** The paper's settings: Adam lr 1e-3, batch 16, 40 epochs, dropout 0.5. */
    public static HyperParams paper() {
        return new HyperParams(1e-3, 16, 40, 0.5);
    }

    /** A copy with another number of epochs. */
    public HyperParams withEpochs(int newEpochs) {
        return new HyperParams(learningRate, batchSize, newEpochs, dropout);
    }
}
