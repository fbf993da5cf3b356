package org.hemamet.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything one training run of {@link CnnTrainer#train(TrainingRequest)} needs. Build it with
 * {@link #builder()}: {@code setX} for the required values (training data, hyper-parameters, seed),
 * {@code optX} for the optional ones, as DJL's builders do:
 *
 * <pre>{@code
 * TrainingRequest.builder()
 *         .setTrainData(train)
 *         .setHyperParams(hp)
 *         .setSeed(seed)
 *         .optValidation(val)
 *         .optAugmentation(Augmentation.standard())
 *         .build();
 * }</pre>
 *
 * @param trainData training samples
 * @param hyperParams learning rate, batch size, epochs, dropout
 * @param seed the one seed of this run (initialisation, dropout, shuffles, augmentation draws)
 * @param validation evaluated in evaluation mode after every epoch (same image size as the training
 *     data); its loss and accuracy go into {@link EpochStats}, NaN without one
 * @param validateEveryEpoch false: the validation set is evaluated only after each checkpoint epoch and the
 *     last, the other epochs' {@link EpochStats} carry NaN (for a caller that reads only those, such as a
 *     search); the training itself is the same either way
 * @param augmentation applied to training samples only; {@link Augmentation#none()} (the paper's
 *     method) by default
 * @param classWeights the weight of each class's cross-entropy before the batch mean (Keras'
 *     {@code class_weight}), indexed by label; {1, 1} by default
 * @param epochListener called after every epoch
 * @param batchListener called after every mini-batch
 * @param device where the network trains ({@link EngineSetup#device()} by default)
 * @param precision the arithmetic of training ({@link EngineSetup#precision()} by default)
 * @param checkpoints epochs before the last at which a copy of the network goes to {@code checkpointReceiver}:
 *     the network a training of that many epochs with this request's seed would return (see {@link
 *     CnnTrainer}); ascending, none by default
 * @param checkpointReceiver takes each checkpoint's network (and closes it), in epoch order
 */
public record TrainingRequest(
        TrainingData trainData,
        HyperParams hyperParams,
        long seed,
        Optional<TrainingData> validation,
        boolean validateEveryEpoch,
        Augmentation augmentation,
        double[] classWeights,
        Consumer<EpochStats> epochListener,
        ProgressListener batchListener,
        ComputeDevice device,
        Precision precision,
        List<Integer> checkpoints,
        Consumer<TrainedCnn> checkpointReceiver) {

    private static final double[] UNWEIGHTED = {1, 1};

    public TrainingRequest {
        Objects.requireNonNull(trainData, "trainData");
        Objects.requireNonNull(hyperParams, "hyperParams");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(classWeights, "classWeights");
        Objects.requireNonNull(epochListener, "epochListener");
        Objects.requireNonNull(batchListener, "batchListener");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(checkpointReceiver, "checkpointReceiver");
        checkpoints = List.copyOf(checkpoints);
        for (int i = 0; i < checkpoints.size(); i++) {
            int e = checkpoints.get(i);
            if (e < 1 || e >= hyperParams.epochs() || (i > 0 && e <= checkpoints.get(i - 1))) {
                throw new IllegalArgumentException("checkpoints must be ascending epochs in [1, " + hyperParams.epochs()
                        + "), got " + checkpoints);
            }
        }
        if (classWeights.length != PaperCnn.CLASSES || !(classWeights[0] > 0) || !(classWeights[1] > 0)) {
            throw new IllegalArgumentException(
                    "classWeights must be two positive numbers, got " + Arrays.toString(classWeights));
        }
        if (validation.isPresent() && validation.get().size() != trainData.size()) {
            throw new IllegalArgumentException(
                    "validation size " + validation.get().size() + " differs from training size " + trainData.size());
        }
        classWeights = classWeights.clone();
    }

    /** A copy of the class weights (index = label). */
    @Override
    public double[] classWeights() {
        return classWeights.clone();
    }

    /** Whether the validation set, if any, is evaluated after epoch {@code epoch}. */
    boolean validatesAfter(int epoch) {
        return validation.isPresent()
                && (validateEveryEpoch || epoch == hyperParams.epochs() || checkpoints.contains(epoch));
    }

    /** The weight of class {@code label} as the one-hot target carries it. */
    float classWeight(int label) {
        return (float) classWeights[label];
    }

    /** A new builder; see the class comment. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TrainingRequest}: {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private TrainingData trainData;
        private HyperParams hyperParams;
        private Long seed;
        private TrainingData validation;
        private boolean validateEveryEpoch = true;
        private Augmentation augmentation = Augmentation.none();
        private double[] classWeights = UNWEIGHTED;
        private Consumer<EpochStats> epochListener = stats -> {};
        private ProgressListener batchListener = ProgressListener.NONE;
        private ComputeDevice device;
        private Precision precision;
        private List<Integer> checkpoints = List.of();
        private Consumer<TrainedCnn> checkpointReceiver = TrainedCnn::close;

        private Builder() {}

        /** The training samples (required). */
        public Builder setTrainData(TrainingData trainData) {
            this.trainData = Objects.requireNonNull(trainData, "trainData");
            return this;
        }

        /** The hyper-parameters (required). */
        public Builder setHyperParams(HyperParams hyperParams) {
            this.hyperParams = Objects.requireNonNull(hyperParams, "hyperParams");
            return this;
        }

        /** The run's seed (required). */
        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Samples evaluated after every epoch (default: none). */
        public Builder optValidation(TrainingData validation) {
            this.validation = Objects.requireNonNull(validation, "validation");
            return this;
        }

        /**
         * Evaluates the validation set only after each checkpoint epoch ({@link #optCheckpoints}) and the
         * last, not after every epoch (default: every epoch). The other epochs' {@link EpochStats} carry NaN
         * validation values; the network, its history's training values and every random draw stay the
         * same, since evaluation mode changes no state.
         */
        public Builder optValidateCheckpointsOnly() {
            this.validateEveryEpoch = false;
            return this;
        }

        /** Training-time augmentation (default: {@link Augmentation#none()}). */
        public Builder optAugmentation(Augmentation augmentation) {
            this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
            return this;
        }

        /**
         * Class weights in the loss, e.g. {@link CnnTrainer#balancedClassWeights}; null leaves both
         * classes at weight 1 (the default).
         */
        public Builder optClassWeights(double[] classWeights) {
            this.classWeights = classWeights == null ? UNWEIGHTED : classWeights;
            return this;
        }

        /** Called after every epoch (default: nothing). */
        public Builder optEpochListener(Consumer<EpochStats> epochListener) {
            this.epochListener = Objects.requireNonNull(epochListener, "epochListener");
            return this;
        }

        /** Called after every mini-batch, e.g. for a progress bar (default: nothing). */
        public Builder optBatchListener(ProgressListener batchListener) {
            this.batchListener = Objects.requireNonNull(batchListener, "batchListener");
            return this;
        }

        /** Where to train (default: the process's choice, {@link EngineSetup#device()}). */
        public Builder optDevice(ComputeDevice device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** The arithmetic of training (default: the process's choice, {@link EngineSetup#precision()}). */
        public Builder optPrecision(Precision precision) {
            this.precision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        /**
         * Copies of the network after {@code epochs} (ascending, each before the last epoch), each the
         * network a training of that many epochs with the same seed returns, handed to {@code receiver}
         * (which closes them) while the training goes on (default: none).
         */
        public Builder optCheckpoints(List<Integer> epochs, Consumer<TrainedCnn> receiver) {
            this.checkpoints = List.copyOf(epochs);
            this.checkpointReceiver = Objects.requireNonNull(receiver, "receiver");
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalStateException when a required value was not set
         * @throws IllegalArgumentException for invalid class weights, a validation set of another size or
         *     checkpoints that are not ascending epochs before the last
         */
        public TrainingRequest build() {
            if (trainData == null || hyperParams == null || seed == null) {
                throw new IllegalStateException("a training request needs setTrainData, setHyperParams and setSeed"
                        + " (missing:" + (trainData == null ? " trainData" : "")
                        + (hyperParams == null ? " hyperParams" : "") + (seed == null ? " seed" : "") + ")");
            }
            return new TrainingRequest(
                    trainData,
                    hyperParams,
                    seed,
                    Optional.ofNullable(validation),
                    validateEveryEpoch,
                    augmentation,
                    classWeights,
                    epochListener,
                    batchListener,
                    device != null ? device : EngineSetup.device(),
                    precision != null ? precision : EngineSetup.precision(),
                    checkpoints,
                    checkpointReceiver);
        }
    }
}
