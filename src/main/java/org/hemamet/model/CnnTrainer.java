package org.hemamet.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains the paper CNN ({@link PaperCnn}) with Adam and categorical cross-entropy, mini-batches drawn
 * from a fresh shuffle every epoch, for exactly {@link HyperParams#epochs()} epochs (the paper uses no
 * early stopping, so neither does this trainer).
 *
 * <p>Reproducibility: the seed fixes PyTorch's generator (weight initialisation, dropout masks) via
 * {@link Engine#setRandomSeed}, the shuffle order and the augmentation draws (each from its own
 * {@link SplittableRandom#split()} of the seed). Trainings in one JVM are serialised (see
 * {@link Autograd}). On the PyTorch CPU backend the same seed and data give identical weights for a
 * fixed number of intra-op threads ({@code ai.djl.pytorch.num_threads}, see {@link EngineSetup});
 * a different thread count may change the floating-point summation order and so the last bits.
 *
 * <p>Performance: the images are read once into a reused contiguous {@code float[]} per batch, which
 * becomes one NDArray; every batch's arrays live in a per-step sub-manager closed after the step.
 */
public final class CnnTrainer {
    private CnnTrainer() {}

    /** {@link #train(TrainingData, TrainingData, HyperParams, Augmentation, long, Consumer, ProgressListener)} without progress. */
    public static TrainedCnn train(
            TrainingData train,
            TrainingData validationOrNull,
            HyperParams hp,
            Augmentation augmentation,
            long seed,
            Consumer<EpochStats> onEpoch) {
        return train(train, validationOrNull, hp, augmentation, seed, onEpoch, ProgressListener.NONE);
    }

    /**
     * Trains a new network.
     *
     * @param train training samples
     * @param validationOrNull evaluated (eval mode) after every epoch, or null
     * @param hp hyper-parameters
     * @param augmentation applied to training samples only; {@link Augmentation#none()} for the paper
     * @param seed the one seed of this run
     * @param onEpoch called after every epoch (may be null)
     * @param progress called after every batch (may be null)
     * @return the trained network (close it)
     * @throws TrainingDivergedException when a batch loss or the final weights are not finite
     */
    public static TrainedCnn train(
            TrainingData train,
            TrainingData validationOrNull,
            HyperParams hp,
            Augmentation augmentation,
            long seed,
            Consumer<EpochStats> onEpoch,
            ProgressListener progress) {
        return train(train, validationOrNull, hp, augmentation, null, seed, onEpoch, progress);
    }

    /**
     * As {@link #train(TrainingData, TrainingData, HyperParams, Augmentation, long, Consumer, ProgressListener)}
     * with class weights in the loss: each case's cross-entropy is multiplied by its class's weight
     * before the batch mean (Keras' {@code class_weight}); null = 1 for both classes. Balanced weights
     * ({@link #balancedClassWeights}) make each class contribute equally without dropping cases.
     */
    public static TrainedCnn train(
            TrainingData train,
            TrainingData validationOrNull,
            HyperParams hp,
            Augmentation augmentation,
            double[] classWeights,
            long seed,
            Consumer<EpochStats> onEpoch,
            ProgressListener progress) {
        if (classWeights != null
                && (classWeights.length != PaperCnn.CLASSES || !(classWeights[0] > 0) || !(classWeights[1] > 0))) {
            throw new IllegalArgumentException(
                    "classWeights must be two positive numbers, got " + java.util.Arrays.toString(classWeights));
        }
        if (validationOrNull != null && validationOrNull.size() != train.size()) {
            throw new IllegalArgumentException(
                    "validation size " + validationOrNull.size() + " differs from training size " + train.size());
        }
        Augmentation aug = augmentation == null ? Augmentation.none() : augmentation;
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Engine engine = EngineSetup.engine();
        Autograd.LOCK.lock();
        try {
            engine.setRandomSeed((int) (seed ^ (seed >>> 32)));
            SplittableRandom root = new SplittableRandom(seed);
            SplittableRandom shuffleRng = root.split();
            SplittableRandom augRng = root.split();
            List<EpochStats> history = new ArrayList<>();
            byte[] params;
            try (Model model = Model.newInstance(PaperCnn.NAME, Device.cpu(), engine.getEngineName())) {
                SequentialBlock block = PaperCnn.build(hp.dropout());
                model.setBlock(block);
                DefaultTrainingConfig config = trainingConfig(hp);
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(PaperCnn.inputShape(1, train.size()));
                    runEpochs(
                            classWeights,
                            trainer,
                            config.getOptimizer(),
                            block,
                            train,
                            validationOrNull,
                            hp,
                            aug,
                            shuffleRng,
                            augRng,
                            onEpoch,
                            listener,
                            history);
                }
                params = serialise(block);
            }
            TrainingInfo info = new TrainingInfo(train.count(), hp, seed, history.size(), aug);
            return TrainedCnn.fromParameters(params, train.size(), hp.dropout(), history, info);
        } finally {
            Autograd.LOCK.unlock();
        }
    }

    /** Adam (fixed learning rate), categorical cross-entropy, Glorot-uniform weights, CPU. */
    static DefaultTrainingConfig trainingConfig(HyperParams hp) {
        return trainingConfig(hp, Device.cpu());
    }

    /** {@link #trainingConfig(HyperParams)} on {@code device}. */
    static DefaultTrainingConfig trainingConfig(HyperParams hp, Device device) {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optDevices(new Device[] {device})
                .optInitializer(PaperCnn.weightInitializer(), Parameter.Type.WEIGHT)
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed((float) hp.learningRate()))
                        .build());
    }

    /** Facts about a training run, written into the bundle's {@code training} section. */
    record TrainingInfo(int nTrain, HyperParams hyperParams, long seed, int epochsRun, Augmentation augmentation) {}

    /**
     * scikit-learn's "balanced" class weights, n / (2 n_c): each class contributes half of the loss
     * whatever its size (King &amp; Zeng 2001).
     */
    public static double[] balancedClassWeights(int[] labels) {
        int pos = 0;
        for (int l : labels) {
            pos += l;
        }
        int neg = labels.length - pos;
        if (pos == 0 || neg == 0) {
            throw new IllegalArgumentException("balanced class weights need both classes (" + neg + " / " + pos + ")");
        }
        return new double[] {labels.length / (2.0 * neg), labels.length / (2.0 * pos)};
    }

    private static void runEpochs(
            double[] classWeights,
            Trainer trainer,
            Optimizer optimizer,
            SequentialBlock block,
            TrainingData train,
            TrainingData val,
            HyperParams hp,
            Augmentation aug,
            SplittableRandom shuffleRng,
            SplittableRandom augRng,
            Consumer<EpochStats> onEpoch,
            ProgressListener progress,
            List<EpochStats> history) {
        int n = train.count();
        int size = train.size();
        int pixels = size * size;
        int bs = Math.min(hp.batchSize(), n);
        int batches = (n + bs - 1) / bs;
        float[] batchPixels = new float[bs * pixels];
        float[] oneHot = new float[bs * PaperCnn.CLASSES];
        float[] augmented = new float[pixels];
        float[] scratch = new float[pixels];
        int[] order = Shuffle.identity(n);
        float[][] images = train.images();
        int[] labels = train.labels();
        TrainStep step = new TrainStep(trainer, size, bs, optimizer);
        for (int epoch = 1; epoch <= hp.epochs(); epoch++) {
            Shuffle.inPlace(order, shuffleRng);
            double lossSum = 0;
            long correct = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * bs;
                int m = Math.min(bs, n - from);
                java.util.Arrays.fill(oneHot, 0, m * PaperCnn.CLASSES, 0f);
                for (int j = 0; j < m; j++) {
                    int idx = order[from + j];
                    if (aug.isNone()) {
                        System.arraycopy(images[idx], 0, batchPixels, j * pixels, pixels);
                    } else {
                        aug.apply(images[idx], augmented, scratch, size, augRng);
                        System.arraycopy(augmented, 0, batchPixels, j * pixels, pixels);
                    }
                    // the one-hot target carries the class weight: loss = mean(w_c * -log p_c)
                    oneHot[j * PaperCnn.CLASSES + labels[idx]] =
                            classWeights == null ? 1f : (float) classWeights[labels[idx]];
                }
                float loss = step.run(batchPixels, oneHot, m);
                if (!Float.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, b, loss);
                }
                long[] predicted = step.predicted;
                lossSum += (double) loss * m;
                for (int j = 0; j < m; j++) {
                    if (predicted[j] == labels[order[from + j]]) {
                        correct++;
                    }
                }
                progress.onBatch(epoch, b + 1, batches, loss);
            }
            double valLoss = Double.NaN;
            double valAcc = Double.NaN;
            if (val != null) {
                float[] logProbs = TrainedCnn.logProbabilities(block, trainer.getManager(), val.images(), size);
                double[] la = lossAndAccuracy(logProbs, val.labels());
                valLoss = la[0];
                valAcc = la[1];
            }
            EpochStats stats = new EpochStats(epoch, lossSum / n, (double) correct / n, valLoss, valAcc);
            history.add(stats);
            if (onEpoch != null) {
                onEpoch.accept(stats);
            }
        }
        recalibrateBatchNorm(trainer, train, bs, shuffleRng);
        for (Parameter p : block.getParameters().values()) {
            NDArray a = p.getArray();
            try (NDManager check = trainer.getManager().newSubManager()) {
                NDArray view = check.from(a);
                if (view.isInfinite().logicalOr(view.isNaN()).any().getBoolean()) {
                    throw new TrainingDivergedException(hp.epochs(), -1, Double.NaN);
                }
            }
        }
    }

    /** Forward-only training-mode batches run after the last epoch to re-estimate batch-norm statistics. */
    static final int BN_RECALIBRATION_BATCHES = 30;

    /**
     * Re-estimates the batch-norm running statistics for the final weights ("precise BN", Wu &amp;
     * Johnson 2021, Rethinking "Batch" in BatchNorm): forward passes in training mode over shuffled,
     * un-augmented training batches, without gradients or weight updates. With few optimisation steps
     * (small cells), the exponential running averages otherwise lag behind the weights and eval-mode
     * probabilities come out shifted (perfect ranking, yet every case on one side of 0.5).
     * {@value #BN_RECALIBRATION_BATCHES} batches leave 0.9^30 ≈ 4 % of the stale statistics.
     */
    private static void recalibrateBatchNorm(Trainer trainer, TrainingData train, int bs, SplittableRandom rng) {
        int n = train.count();
        int size = train.size();
        int pixels = size * size;
        int[] order = Shuffle.identity(n);
        float[] batchPixels = new float[bs * pixels];
        int batches = (n + bs - 1) / bs;
        int done = 0;
        while (done < BN_RECALIBRATION_BATCHES) {
            Shuffle.inPlace(order, rng);
            for (int b = 0; b < batches && done < BN_RECALIBRATION_BATCHES; b++, done++) {
                int from = b * bs;
                int m = Math.min(bs, n - from);
                if (m < 2) {
                    continue; // a batch of one has no batch variance
                }
                for (int j = 0; j < m; j++) {
                    System.arraycopy(train.images()[order[from + j]], 0, batchPixels, j * pixels, pixels);
                }
                try (NDManager step = trainer.getManager().newSubManager()) {
                    NDArray x = step.create(FloatBuffer.wrap(batchPixels, 0, m * pixels), PaperCnn.inputShape(m, size));
                    trainer.forward(new NDList(x));
                }
            }
        }
    }

    /** Mean categorical cross-entropy of logits (n x 2) against one-hot labels, via log-softmax. */
    static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
    }

    /** Mean cross-entropy and accuracy from row-major log-probabilities (n x 2). */
    static double[] lossAndAccuracy(float[] logProbs, int[] labels) {
        double loss = 0;
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            float l0 = logProbs[2 * i];
            float l1 = logProbs[2 * i + 1];
            loss -= labels[i] == 1 ? l1 : l0;
            int pred = l1 > l0 ? 1 : 0;
            if (pred == labels[i]) {
                correct++;
            }
        }
        return new double[] {loss / labels.length, (double) correct / labels.length};
    }

    static byte[] serialise(SequentialBlock block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
