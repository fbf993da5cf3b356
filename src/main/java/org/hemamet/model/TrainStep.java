package org.hemamet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * One Adam step of the paper CNN on a batch that is already on the training device: the code path of
 * {@link CnnTrainer} and of {@link CnnBenchmark}, so the benchmark measures what a study runs.
 *
 * <p>Nothing is read back to the host here: the step's loss and its count of correct arg-max predictions
 * come back as device scalars ({@link Outcome}), so on a GPU the host queues step after step without
 * waiting for the device (the caller reads them once per epoch, or at once on the CPU, where reading costs
 * nothing). Host time is accumulated per phase: forward + backward (with the loss), optimizer. On a GPU
 * these are the times to queue the work, not to run it.
 */
final class TrainStep implements AutoCloseable {
    private final Trainer trainer;
    private final Optimizer optimizer;
    private final List<Parameter> trainable = new ArrayList<>();
    private final FusedAdam fused;
    long forwardBackwardNanos;
    long optimizerNanos;

    /**
     * The loss and the correct-prediction count of one step, detached from the graph.
     *
     * @param loss the batch's mean loss (a float32 scalar)
     * @param correct how many of the batch's arg-max predictions equal their label (an int64 scalar)
     */
    record Outcome(NDArray loss, NDArray correct) {}

    /**
     * @param optimizer the optimizer of the trainer's configuration (DJL's Adam with a fixed learning rate),
     *     updated directly per parameter (see {@link #updateParameters()}); null to go through {@link
     *     Trainer#step()}
     * @param learningRate that optimizer's learning rate, for the fused kernel ({@link FusedAdam}) that
     *     replaces it where {@link FusedAdam#usedOn} the training device
     */
    TrainStep(Trainer trainer, Optimizer optimizer, double learningRate, ComputeDevice device) {
        this.trainer = trainer;
        this.optimizer = optimizer;
        for (Parameter p : trainer.getModel().getBlock().getParameters().values()) {
            if (p.requiresGradient()) {
                trainable.add(p);
            }
        }
        fused = optimizer != null && FusedAdam.usedOn(device)
                ? FusedAdam.of(trainable, trainer.getManager(), learningRate)
                : null;
    }

    /** Whether the optimizer steps go through the fused kernel. */
    boolean fused() {
        return fused != null;
    }

    @Override
    public void close() {
        if (fused != null) {
            fused.close();
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
        if (fused != null) {
            fused.step();
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
     * Forward, loss, backward and (unless {@code checkLoss} finds the loss not finite) the optimizer on a
     * batch: images {@code x} (m x 1 x S x S), class-weighted one-hot targets {@code y} (m x 2) and labels
     * (m, int64), all on the training device. The outcome's arrays are attached to {@code keep}; every
     * other array of the step to {@code x}'s manager.
     *
     * @param checkLoss read the loss back before the update and skip the update when it is not finite
     *     (the CPU's way; on a GPU the caller checks the losses of an epoch at its end)
     */
    Outcome run(NDArray x, NDArray y, NDArray labels, NDManager keep, boolean checkLoss) {
        long t0 = System.nanoTime();
        Outcome outcome;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
            NDArray lossArray = CnnTrainer.crossEntropy(logits, y);
            collector.backward(lossArray);
            NDArray loss = lossArray.stopGradient();
            NDArray correct = logits.stopGradient().argMax(1).eq(labels).sum();
            loss.attach(keep);
            correct.attach(keep);
            outcome = new Outcome(loss, correct);
        }
        long t1 = System.nanoTime();
        forwardBackwardNanos += t1 - t0;
        if (checkLoss && !Float.isFinite(outcome.loss().getFloat())) {
            return outcome;
        }
        updateParameters();
        optimizerNanos += System.nanoTime() - t1;
        return outcome;
    }
}
