package org.hemamet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

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
    private final Optimizer optimizer;
    private final List<Parameter> trainable = new ArrayList<>();
    long dataNanos;
    long forwardBackwardNanos;
    long optimizerNanos;
    /** Loss of the last step. */
    float loss;
    /** Arg-max class per sample of the last step (length = batch capacity; first m valid). */
    final long[] predicted;

    /**
     * @param optimizer the optimizer of the trainer's configuration, updated directly per parameter
     *     (see {@link #updateParameters()}); null to go through {@link Trainer#step()}
     */
    TrainStep(Trainer trainer, int size, int batchCapacity, Optimizer optimizer) {
        this.trainer = trainer;
        this.size = size;
        this.predicted = new long[batchCapacity];
        this.optimizer = optimizer;
        for (Parameter p : trainer.getModel().getBlock().getParameters().values()) {
            if (p.requiresGradient()) {
                trainable.add(p);
            }
        }
    }

    /**
     * The optimizer update of every trainable parameter, with its gradient as it is. On one device this
     * is what {@link Trainer#step()} does ({@code LocalParameterServer}), less a full copy of every
     * gradient per step (67 MB for the dense layer at 256) that it makes for multi-device reduction. The
     * PyTorch engine's fused Adam update also zeroes the parameter's gradient, as before.
     */
    void updateParameters() {
        if (optimizer == null) {
            trainer.step();
            return;
        }
        for (Parameter p : trainable) {
            NDArray w = p.getArray();
            try (NDArray g = w.getGradient()) {
                optimizer.update(p.getId(), w, g);
            }
        }
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
            updateParameters();
            optimizerNanos += System.nanoTime() - t2;
        }
        return loss;
    }
}
