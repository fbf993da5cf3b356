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

    /**
     * Trains a new network.
     *
     * @return the trained network (close it)
     * @throws TrainingDivergedException when a batch loss or the final weights are not finite
     */
    public static TrainedCnn train(TrainingRequest request) {
        Engine engine = EngineSetup.engine();
        Autograd.LOCK.lock();
        try {
            long seed = request.seed();
            engine.setRandomSeed((int) (seed ^ (seed >>> 32)));
            SplittableRandom root = new SplittableRandom(seed);
            SplittableRandom shuffleRng = root.split();
            SplittableRandom augRng = root.split();
            HyperParams hp = request.hyperParams();
            TrainingData train = request.trainData();
            List<EpochStats> history;
            byte[] params;
            try (Model model = Model.newInstance(PaperCnn.NAME, Device.cpu(), engine.getEngineName())) {
                SequentialBlock block = PaperCnn.build(hp.dropout());
                model.setBlock(block);
                DefaultTrainingConfig config = trainingConfig(hp);
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(PaperCnn.inputShape(1, train.size()));
                    history = new Run(request, trainer, config.getOptimizer(), block, shuffleRng, augRng).all();
                }
                params = serialise(block);
            }
            TrainingInfo info = new TrainingInfo(train.count(), hp, seed, history.size(), request.augmentation());
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

    /** The epochs of one training run, with the buffers its batches are assembled in. */
    private static final class Run {
        private final TrainingRequest request;
        private final Trainer trainer;
        private final SequentialBlock block;
        private final TrainStep step;
        private final SplittableRandom shuffleRng;
        private final SplittableRandom augRng;
        private final float[][] images;
        private final int[] labels;
        private final int n;
        private final int size;
        private final int pixels;
        private final int bs;
        private final int batches;
        private final float[] batchPixels;
        private final float[] oneHot;
        private final float[] augmented;
        private final float[] scratch;
        private final int[] order;

        Run(
                TrainingRequest request,
                Trainer trainer,
                Optimizer optimizer,
                SequentialBlock block,
                SplittableRandom shuffleRng,
                SplittableRandom augRng) {
            this.request = request;
            this.trainer = trainer;
            this.block = block;
            this.shuffleRng = shuffleRng;
            this.augRng = augRng;
            TrainingData train = request.trainData();
            images = train.images();
            labels = train.labels();
            n = train.count();
            size = train.size();
            pixels = size * size;
            bs = Math.min(request.hyperParams().batchSize(), n);
            batches = (n + bs - 1) / bs;
            batchPixels = new float[bs * pixels];
            oneHot = new float[bs * PaperCnn.CLASSES];
            augmented = new float[pixels];
            scratch = new float[pixels];
            order = Shuffle.identity(n);
            step = new TrainStep(trainer, size, bs, optimizer);
        }

        /** Every epoch, then the batch-norm re-estimation and the check of the final weights. */
        List<EpochStats> all() {
            List<EpochStats> history = new ArrayList<>();
            for (int epoch = 1; epoch <= request.hyperParams().epochs(); epoch++) {
                EpochStats stats = epoch(epoch);
                history.add(stats);
                request.epochListener().accept(stats);
            }
            recalibrateBatchNorm(trainer, request.trainData(), bs, shuffleRng);
            checkFinalWeights();
            return history;
        }

        /** One pass over a fresh shuffle of the training set, then the validation set if any. */
        private EpochStats epoch(int epoch) {
            Shuffle.inPlace(order, shuffleRng);
            double lossSum = 0;
            long correct = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * bs;
                int m = Math.min(bs, n - from);
                assemble(from, m);
                float loss = step.run(batchPixels, oneHot, m);
                if (!Float.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, b, loss);
                }
                lossSum += (double) loss * m;
                correct += correct(from, m);
                request.batchListener().onBatch(epoch, b + 1, batches, loss);
            }
            double[] val = validate();
            return new EpochStats(epoch, lossSum / n, (double) correct / n, val[0], val[1]);
        }

        /** Copies (or augments) the images {@code order[from .. from + m)} into the batch buffers. */
        private void assemble(int from, int m) {
            Augmentation aug = request.augmentation();
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
                oneHot[j * PaperCnn.CLASSES + labels[idx]] = request.classWeight(labels[idx]);
            }
        }

        /** Cases of the last step whose arg-max is their label. */
        private long correct(int from, int m) {
            long correct = 0;
            for (int j = 0; j < m; j++) {
                if (step.predicted[j] == labels[order[from + j]]) {
                    correct++;
                }
            }
            return correct;
        }

        /** {validation loss, validation accuracy} in evaluation mode, or NaNs without a validation set. */
        private double[] validate() {
            if (request.validation().isEmpty()) {
                return new double[] {Double.NaN, Double.NaN};
            }
            TrainingData val = request.validation().get();
            float[] logProbs = TrainedCnn.logProbabilities(block, trainer.getManager(), val.images(), size);
            return lossAndAccuracy(logProbs, val.labels());
        }

        private void checkFinalWeights() {
            for (Parameter p : block.getParameters().values()) {
                NDArray a = p.getArray();
                try (NDManager check = trainer.getManager().newSubManager()) {
                    NDArray view = check.from(a);
                    if (view.isInfinite().logicalOr(view.isNaN()).any().getBoolean()) {
                        throw new TrainingDivergedException(
                                request.hyperParams().epochs(), -1, Double.NaN);
                    }
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
