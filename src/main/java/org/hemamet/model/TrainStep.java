package org.hemamet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.nio.FloatBuffer;

/**
 * One Adam step of the paper CNN on a batch already assembled in a float buffer: the code path of
 * {@link CnnTrainer} and of {@link CnnBenchmark}, so the benchmark measures what a study runs.
 *
 * <p>Every array of the step lives in a sub-manager closed at its end. Wall time is accumulated
 * per phase: data (the batch and its one-hot labels become NDArrays), forward + backward (including
 * the loss and the arg-max read back), optimizer ({@link Trainer#step()}).
 */
final class TrainStep {
    private final Trainer trainer;
    private final int size;
    long dataNanos;
    long forwardBackwardNanos;
    long optimizerNanos;
    /** Loss of the last step. */
    float loss;
    /** Arg-max class per sample of the last step (length = batch capacity; first m valid). */
    final long[] predicted;

    TrainStep(Trainer trainer, int size, int batchCapacity) {
        this.trainer = trainer;
        this.size = size;
        this.predicted = new long[batchCapacity];
    }

    /**
     * Runs forward, backward and the optimizer on the first {@code m} images of {@code pixels}
     * (row-major m x S x S) with one-hot labels {@code oneHot} (m x 2).
     *
     * @return the batch loss (not finite: the optimizer step was skipped)
     */
    float run(float[] pixels, float[] oneHot, int m) {
        int pixelsPerImage = size * size;
        try (NDManager step = trainer.getManager().newSubManager()) {
            long t0 = System.nanoTime();
            NDArray x = step.create(FloatBuffer.wrap(pixels, 0, m * pixelsPerImage), PaperCnn.inputShape(m, size));
            NDArray y = step.create(FloatBuffer.wrap(oneHot, 0, m * PaperCnn.CLASSES), new Shape(m, PaperCnn.CLASSES));
            long t1 = System.nanoTime();
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray lossArray = CnnTrainer.crossEntropy(logits, y);
                collector.backward(lossArray);
                loss = lossArray.getFloat();
                long[] p = logits.argMax(1).toLongArray();
                System.arraycopy(p, 0, predicted, 0, m);
            }
            long t2 = System.nanoTime();
            dataNanos += t1 - t0;
            forwardBackwardNanos += t2 - t1;
            if (!Float.isFinite(loss)) {
                return loss;
            }
            trainer.step();
            optimizerNanos += System.nanoTime() - t2;
        }
        return loss;
    }
}
