package org.hemamet.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
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
 * <p>Device and performance: the network trains on {@link TrainingRequest#device()} (a GPU is not
 * bit-for-bit reproducible run to run: cuDNN). The images are copied to it once per training; every epoch
 * permutes them there and takes its batches as slices; every batch's arrays live in a per-step sub-manager
 * closed after the step. On a GPU the losses are read back once per epoch, so the host never waits for the
 * device within an epoch.
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
        EngineSetup.checkPrecision(request.precision(), "precision");
        Autograd.LOCK.lock();
        try {
            long seed = request.seed();
            engine.setRandomSeed((int) (seed ^ (seed >>> 32)));
            SplittableRandom root = new SplittableRandom(seed);
            SplittableRandom shuffleRng = root.split(); // the first split: see shuffleRngAfter
            SplittableRandom augRng = root.split();
            HyperParams hp = request.hyperParams();
            TrainingData train = request.trainData();
            List<EpochStats> history;
            byte[] params;
            Device device = request.device().djl();
            try (Model model = Model.newInstance(PaperCnn.NAME, device, engine.getEngineName())) {
                SequentialBlock block = PaperCnn.build(hp.dropout(), request.precision());
                model.setBlock(block);
                DefaultTrainingConfig config = trainingConfig(hp, device);
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(PaperCnn.inputShape(1, train.channels(), train.size()));
                    try (Run run = new Run(request, trainer, config.getOptimizer(), block, shuffleRng, augRng)) {
                        history = run.all();
                    }
                }
                params = serialise(block);
            }
            return TrainedCnn.fromParameters(
                    params,
                    train.size(),
                    train.channels(),
                    hp.dropout(),
                    history,
                    info(request, hp, history.size()),
                    request.device());
        } finally {
            Autograd.LOCK.unlock();
        }
    }

    private static TrainingInfo info(TrainingRequest request, HyperParams hp, int epochsRun) {
        return new TrainingInfo(
                request.trainData().count(),
                hp,
                request.seed(),
                epochsRun,
                request.augmentation(),
                request.device(),
                request.precision());
    }

    /**
     * The shuffle stream of a training with {@code seed} over {@code n} samples as it stands after {@code
     * epochs} epochs: the seed's first split ({@link #train}), advanced by that many shuffles (the draws of a
     * shuffle depend on n only).
     */
    static SplittableRandom shuffleRngAfter(long seed, int n, int epochs) {
        SplittableRandom rng = new SplittableRandom(seed).split();
        int[] scratch = Shuffle.identity(n);
        for (int e = 0; e < epochs; e++) {
            Shuffle.inPlace(scratch, rng);
        }
        return rng;
    }

    /** Adam (fixed learning rate), categorical cross-entropy, Glorot-uniform weights, on {@code device}. */
    static DefaultTrainingConfig trainingConfig(HyperParams hp, Device device) {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optDevices(new Device[] {device})
                .optInitializer(PaperCnn.weightInitializer(), Parameter.Type.WEIGHT)
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed((float) hp.learningRate()))
                        .build());
    }

    /** Facts about a training run, written into the bundle's {@code training} section. */
    record TrainingInfo(
            int nTrain,
            HyperParams hyperParams,
            long seed,
            int epochsRun,
            Augmentation augmentation,
            ComputeDevice device,
            Precision precision) {}

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

    /**
     * The epochs of one training run. The training (and validation) images, their labels and weighted
     * one-hot targets are copied to the training device once; every epoch permutes them there with one
     * gather and takes its batches as slices. Augmented batches are made on the host, one per step.
     */
    private static final class Run implements AutoCloseable {
        private final TrainingRequest request;
        private final Trainer trainer;
        private final SequentialBlock block;
        private final TrainStep step;
        private final SplittableRandom shuffleRng;
        private final SplittableRandom augRng;
        private final boolean checkEveryStep;
        private final NDManager data;
        private final NDArray images;
        private final NDArray targets;
        private final NDArray labels;
        private final NDArray validationImages;
        private final int n;
        private final int size;
        private final int bs;
        private final int batches;
        private final int[] order;
        private final HostBatch host;

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
            this.checkEveryStep = !request.device().isGpu();
            TrainingData train = request.trainData();
            n = train.count();
            size = train.size();
            bs = Math.min(request.hyperParams().batchSize(), n);
            batches = (n + bs - 1) / bs;
            order = Shuffle.identity(n);
            data = trainer.getManager().newSubManager();
            images = DeviceImages.images(data, train.images(), train.channels(), size);
            targets = DeviceImages.weightedOneHot(data, train.labels(), request.classWeights());
            labels = DeviceImages.labels(data, train.labels());
            validationImages = request.validation()
                    .map(v -> DeviceImages.images(data, v.images(), v.channels(), size))
                    .orElse(null);
            host = request.augmentation().isNone() ? null : new HostBatch(train, request.augmentation(), bs);
            step = new TrainStep(trainer, optimizer, request.hyperParams().learningRate(), request.device());
        }

        /**
         * Every epoch (and a checkpoint after each requested one), then the batch-norm re-estimation and the
         * check of the final weights.
         */
        List<EpochStats> all() {
            List<EpochStats> history = new ArrayList<>();
            for (int epoch = 1; epoch <= request.hyperParams().epochs(); epoch++) {
                EpochStats stats = epoch(epoch);
                history.add(stats);
                request.epochListener().accept(stats);
                if (request.checkpoints().contains(epoch)) {
                    checkpoint(epoch, history);
                }
            }
            recalibrateBatchNorm(block, images, bs, shuffleRng);
            checkFinalWeights(request.hyperParams().epochs());
            return history;
        }

        /**
         * Hands the checkpoint receiver the network a training of {@code epoch} epochs with this seed returns:
         * the batch-norm statistics re-estimated as {@link #all} does after the last epoch, with the shuffles
         * that training would draw next, the weights checked, the parameters copied. This training's own
         * statistics are put back afterwards and no random number of its own is drawn, so the epochs after
         * the checkpoint run as they would without it.
         */
        private void checkpoint(int epoch, List<EpochStats> history) {
            byte[] params;
            try (NDManager keep = data.newSubManager()) {
                List<NDArray> statistics = runningStatistics(block, keep);
                recalibrateBatchNorm(block, images, bs, shuffleRngAfter(request.seed(), n, epoch));
                checkFinalWeights(epoch);
                params = serialise(block);
                restoreRunningStatistics(block, statistics);
            }
            HyperParams hp = request.hyperParams();
            HyperParams shorter = new HyperParams(hp.learningRate(), hp.batchSize(), epoch, hp.dropout());
            request.checkpointReceiver()
                    .accept(TrainedCnn.fromParameters(
                            params,
                            size,
                            request.trainData().channels(),
                            hp.dropout(),
                            history,
                            info(request, shorter, epoch),
                            request.device()));
        }

        /**
         * One pass over a fresh shuffle of the training set, then the validation set if any. The losses
         * and correct counts of its steps are read back once, at its end (and each loss at once on the CPU).
         */
        private EpochStats epoch(int epoch) {
            Shuffle.inPlace(order, shuffleRng);
            NDList losses = new NDList(batches);
            NDList corrects = new NDList(batches);
            try (NDManager pass = data.newSubManager()) {
                NDArray permutation = pass.create(Shuffle.asLongs(order));
                NDArray xs = host == null ? gather(images, permutation, pass) : null;
                NDArray ys = gather(targets, permutation, pass);
                NDArray ls = gather(labels, permutation, pass);
                for (int b = 0; b < batches; b++) {
                    int from = b * bs;
                    int m = Math.min(bs, n - from);
                    try (NDManager stepScope = pass.newSubManager()) {
                        NDArray x = host == null
                                ? rows(xs, from, m, stepScope)
                                : host.assemble(stepScope, order, from, m, augRng);
                        TrainStep.Outcome o = step.run(
                                x, rows(ys, from, m, stepScope), rows(ls, from, m, stepScope), pass, checkEveryStep);
                        losses.add(o.loss());
                        corrects.add(o.correct());
                        double loss = checkEveryStep ? checkedLoss(o, epoch, b) : Double.NaN;
                        request.batchListener().onBatch(epoch, b + 1, batches, loss);
                    }
                }
                return stats(
                        epoch,
                        NDArrays.stack(losses).toFloatArray(),
                        NDArrays.stack(corrects).toLongArray());
            }
        }

        /** The step's loss, read back; a loss that is not finite ends the training. */
        private static double checkedLoss(TrainStep.Outcome o, int epoch, int batch) {
            float loss = o.loss().getFloat();
            if (!Float.isFinite(loss)) {
                throw new TrainingDivergedException(epoch, batch, loss);
            }
            return loss;
        }

        /** The epoch's mean loss and accuracy from its per-step values, in step order; then validation. */
        private EpochStats stats(int epoch, float[] losses, long[] corrects) {
            double lossSum = 0;
            long correct = 0;
            for (int b = 0; b < batches; b++) {
                if (!Float.isFinite(losses[b])) {
                    throw new TrainingDivergedException(epoch, b, losses[b]);
                }
                lossSum += (double) losses[b] * Math.min(bs, n - b * bs);
                correct += corrects[b];
            }
            double[] val = validate(epoch);
            return new EpochStats(epoch, lossSum / n, (double) correct / n, val[0], val[1]);
        }

        /**
         * {validation loss, validation accuracy} in evaluation mode, or NaNs without a validation set or
         * when the request skips this epoch's ({@link TrainingRequest#validatesAfter}).
         */
        private double[] validate(int epoch) {
            if (validationImages == null || !request.validatesAfter(epoch)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            float[] logProbs = TrainedCnn.logProbabilities(
                    block, trainer.getManager(), validationImages, TrainedCnn.evalBatch(size));
            return lossAndAccuracy(logProbs, request.validation().get().labels());
        }

        private void checkFinalWeights(int epoch) {
            for (Parameter p : block.getParameters().values()) {
                NDArray a = p.getArray();
                try (NDManager check = trainer.getManager().newSubManager()) {
                    NDArray view = check.from(a);
                    if (view.isInfinite().logicalOr(view.isNaN()).any().getBoolean()) {
                        throw new TrainingDivergedException(epoch, -1, Double.NaN);
                    }
                }
            }
        }

        @Override
        public void close() {
            step.close();
            data.close();
        }
    }

    /** Rows {@code [from, from + m)} of {@code a} (a view), attached to {@code scope}. */
    static NDArray rows(NDArray a, int from, int m, NDManager scope) {
        return a.get(scope, new NDIndex("{}:{}", from, from + m));
    }

    /** The rows of {@code a} in the order of the int64 vector {@code index} (a copy), attached to {@code scope}. */
    static NDArray gather(NDArray a, NDArray index, NDManager scope) {
        return a.get(scope, new NDIndex("{}", index));
    }

    /** Augmented batches, assembled on the host in a reused buffer and copied to the device per step. */
    private static final class HostBatch {
        private final TrainingData train;
        private final Augmentation aug;
        private final int size;
        private final int pixels;
        private final float[] batchPixels;
        private final float[] augmented;
        private final float[] scratch;
        private final float[] channel;
        private final float[] channelOut;

        HostBatch(TrainingData train, Augmentation aug, int bs) {
            this.train = train;
            this.aug = aug;
            this.size = train.size();
            this.pixels = train.channels() * size * size;
            this.batchPixels = new float[bs * pixels];
            this.augmented = new float[pixels];
            this.scratch = new float[size * size];
            this.channel = new float[size * size];
            this.channelOut = new float[size * size];
        }

        /** Augmented copies of the images {@code order[from .. from + m)}, as an (m, C, S, S) array. */
        NDArray assemble(NDManager scope, int[] order, int from, int m, SplittableRandom rng) {
            for (int j = 0; j < m; j++) {
                float[] image = train.images()[order[from + j]];
                if (train.channels() == 1) {
                    aug.apply(image, augmented, scratch, size, rng);
                } else {
                    augmentChannels(image, rng.nextLong());
                }
                System.arraycopy(augmented, 0, batchPixels, j * pixels, pixels);
            }
            return scope.create(
                    FloatBuffer.wrap(batchPixels, 0, m * pixels), PaperCnn.inputShape(m, train.channels(), size));
        }

        /**
         * A multi-channel image: every intensity channel by the same draws (one seed per image, so the
         * sequences stay aligned), except an all-zero one (a missing sequence: it stays zeros, which the
         * intensity jitter's shift would otherwise change); the availability planes after them copied
         * (constant planes, which the flip and the edge-clamped rotation leave as they are and the intensity
         * jitter must not touch).
         */
        private void augmentChannels(float[] image, long seed) {
            int plane = size * size;
            for (int c = 0; c < train.channels(); c++) {
                if (c < train.imageChannels() && !allZero(image, c * plane, plane)) {
                    System.arraycopy(image, c * plane, channel, 0, plane);
                    aug.apply(channel, channelOut, scratch, size, new SplittableRandom(seed));
                    System.arraycopy(channelOut, 0, augmented, c * plane, plane);
                } else {
                    System.arraycopy(image, c * plane, augmented, c * plane, plane);
                }
            }
        }

        private static boolean allZero(float[] a, int from, int n) {
            for (int i = from; i < from + n; i++) {
                if (a[i] != 0f) {
                    return false;
                }
            }
            return true;
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
    private static void recalibrateBatchNorm(SequentialBlock block, NDArray images, int bs, SplittableRandom rng) {
        int n = Math.toIntExact(images.getShape().get(0));
        int[] order = Shuffle.identity(n);
        int batches = (n + bs - 1) / bs;
        int done = 0;
        while (done < BN_RECALIBRATION_BATCHES) {
            Shuffle.inPlace(order, rng);
            try (NDManager pass = images.getManager().newSubManager()) {
                NDArray shuffled = gather(images, pass.create(Shuffle.asLongs(order)), pass);
                for (int b = 0; b < batches && done < BN_RECALIBRATION_BATCHES; b++, done++) {
                    int from = b * bs;
                    int m = Math.min(bs, n - from);
                    if (m < 2) {
                        continue; // a batch of one has no batch variance
                    }
                    try (NDManager step = pass.newSubManager()) {
                        forwardFeatures(block, rows(shuffled, from, m, step), step);
                    }
                }
            }
        }
    }

    /**
     * The convolution blocks (every batch norm of the network) in training mode on {@code x}; the head is
     * left out: it holds no batch norm, and its dropout would draw from PyTorch's generator.
     */
    private static void forwardFeatures(SequentialBlock block, NDArray x, NDManager scope) {
        ParameterStore store = new ParameterStore(scope, false);
        NDList out = new NDList(x);
        for (int i = 0; i < PaperCnn.FILTERS.size(); i++) {
            out = PaperCnn.child(block, i).forward(store, out, true);
        }
    }

    /** Copies, in {@code scope}, of the batch norms' running means and variances, in parameter order. */
    private static List<NDArray> runningStatistics(SequentialBlock block, NDManager scope) {
        List<NDArray> copies = new ArrayList<>();
        for (Parameter p : runningStatisticParameters(block)) {
            NDArray a = p.getArray();
            NDArray c = scope.zeros(a.getShape(), a.getDataType(), a.getDevice());
            c.set(new NDIndex(":"), a);
            copies.add(c);
        }
        return copies;
    }

    /** Writes {@code copies} ({@link #runningStatistics}) back into the batch norms' own arrays. */
    private static void restoreRunningStatistics(SequentialBlock block, List<NDArray> copies) {
        List<Parameter> params = runningStatisticParameters(block);
        for (int i = 0; i < params.size(); i++) {
            params.get(i).getArray().set(new NDIndex(":"), copies.get(i));
        }
    }

    private static List<Parameter> runningStatisticParameters(SequentialBlock block) {
        return block.getParameters().values().stream()
                .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR)
                .toList();
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
