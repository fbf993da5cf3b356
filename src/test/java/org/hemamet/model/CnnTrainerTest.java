package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CnnTrainerTest {
    static final int SIZE = 32;
    static final HyperParams FAST = new HyperParams(1e-3, 4, 8, 0.5);

    /** The paper's method: no validation, augmentation or class weights. */
    static TrainingRequest request(TrainingData data, HyperParams hp, long seed) {
        return TrainingRequest.builder()
                .setTrainData(data)
                .setHyperParams(hp)
                .setSeed(seed)
                .build();
    }

    static TrainingRequest augmented(TrainingData data, HyperParams hp, long seed) {
        return TrainingRequest.builder()
                .setTrainData(data)
                .setHyperParams(hp)
                .setSeed(seed)
                .optAugmentation(Augmentation.standard())
                .build();
    }

    @BeforeAll
    static void oneThread() {
        // the build machine is shared: OpenMP threads spinning on busy cores cost 10x
        EngineSetup.setThreads(1);
    }

    @Test
    void learnsATriviallySeparableSetAndGeneralisesToHeldOutImages() {
        BlobImages train = BlobImages.generate(40, SIZE, 5, 1);
        BlobImages test = BlobImages.generate(40, SIZE, 5, 2);
        List<EpochStats> seen = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        try (TrainedCnn cnn = CnnTrainer.train(TrainingRequest.builder()
                .setTrainData(train.data())
                .setHyperParams(FAST)
                .setSeed(7)
                .optValidation(test.data())
                .optEpochListener(seen::add)
                .optBatchListener((epoch, batch, perEpoch, loss) -> batches.add(batch))
                .build())) {
            double[] p = cnn.predictPositive(test.images);
            assertThat(BlobImages.auc(p, test.labels)).isGreaterThanOrEqualTo(0.95);
            assertThat(BlobImages.accuracy(p, test.labels)).isGreaterThanOrEqualTo(0.95);
            assertThat(cnn.history()).hasSize(8).isEqualTo(seen);
            assertThat(seen.get(7).valAccuracy()).isGreaterThanOrEqualTo(0.95);
            assertThat(seen.get(7).trainLoss()).isLessThan(seen.get(0).trainLoss());
            assertThat(batches).hasSize(8 * 10);
            assertThat(cnn.inputSize()).isEqualTo(SIZE);
            assertThat(cnn.dropout()).isEqualTo(0.5);
        }
    }

    @Test
    void fewOptimisationStepsStillGiveCalibratedEvalModeProbabilities() {
        // 40 images, batch 8, 8 epochs = 40 steps: without the batch-norm re-estimation the running
        // statistics lag and every held-out case falls on one side of 0.5 although the ranking is perfect
        BlobImages train = BlobImages.generate(40, SIZE, 5, 11);
        BlobImages test = BlobImages.generate(40, SIZE, 5, 12);
        try (TrainedCnn cnn = CnnTrainer.train(request(train.data(), new HyperParams(1e-3, 8, 8, 0.5), 13))) {
            double[] p = cnn.predictPositive(test.images);
            assertThat(BlobImages.auc(p, test.labels)).isGreaterThanOrEqualTo(0.95);
            assertThat(BlobImages.accuracy(p, test.labels)).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void sameSeedAndDataGiveIdenticalPredictions() {
        BlobImages train = BlobImages.generate(24, SIZE, 5, 3);
        BlobImages test = BlobImages.generate(10, SIZE, 5, 4);
        HyperParams hp = new HyperParams(1e-3, 8, 3, 0.5);
        double[] a;
        double[] b;
        double[] c;
        try (TrainedCnn cnn = CnnTrainer.train(augmented(train.data(), hp, 11))) {
            a = cnn.predictPositive(test.images);
            assertThat(cnn.history().get(0).valLoss()).isNaN();
        }
        try (TrainedCnn cnn = CnnTrainer.train(augmented(train.data(), hp, 11))) {
            b = cnn.predictPositive(test.images);
        }
        try (TrainedCnn cnn = CnnTrainer.train(augmented(train.data(), hp, 12))) {
            c = cnn.predictPositive(test.images);
        }
        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void oneRequestTrainedTwiceGivesIdenticalParametersAndObserversLeaveThemAlone() {
        BlobImages train = BlobImages.generate(24, SIZE, 5, 3);
        BlobImages val = BlobImages.generate(12, SIZE, 5, 4);
        TrainingRequest request = TrainingRequest.builder()
                .setTrainData(train.data())
                .setHyperParams(new HyperParams(1e-3, 5, 2, 0.5))
                .setSeed(77)
                .optAugmentation(Augmentation.standard())
                .optClassWeights(CnnTrainer.balancedClassWeights(train.labels))
                .build();
        byte[] parameters;
        double[] scores;
        try (TrainedCnn cnn = CnnTrainer.train(request)) {
            parameters = CnnTrainer.serialise(cnn.block());
            scores = cnn.predictPositive(val.images);
        }
        try (TrainedCnn cnn = CnnTrainer.train(request)) {
            assertThat(CnnTrainer.serialise(cnn.block())).isEqualTo(parameters);
            assertThat(cnn.predictPositive(val.images)).containsExactly(scores);
        }
        // the validation set is scored in evaluation mode without gradient, and listeners only observe
        List<EpochStats> epochs = new ArrayList<>();
        TrainingRequest observed = TrainingRequest.builder()
                .setTrainData(train.data())
                .setHyperParams(new HyperParams(1e-3, 5, 2, 0.5))
                .setSeed(77)
                .optAugmentation(Augmentation.standard())
                .optClassWeights(CnnTrainer.balancedClassWeights(train.labels))
                .optValidation(val.data())
                .optEpochListener(epochs::add)
                .optBatchListener((epoch, batch, perEpoch, loss) -> {})
                .build();
        try (TrainedCnn cnn = CnnTrainer.train(observed)) {
            assertThat(CnnTrainer.serialise(cnn.block())).isEqualTo(parameters);
            assertThat(epochs)
                    .hasSize(2)
                    .allSatisfy(e -> assertThat(e.valLoss()).isFinite());
        }
    }

    @Test
    void balancedClassWeightsCounterAnImbalancedTrainingSet() {
        assertThat(CnnTrainer.balancedClassWeights(new int[] {0, 0, 0, 1})).containsExactly(4 / 6.0, 2.0);
        // labels independent of the images, 1 positive in 4: the unweighted model learns the prior (~0.25),
        // the balanced one the even odds (~0.5)
        BlobImages train = BlobImages.generate(48, SIZE, 5, 21);
        int[] labels = new int[48];
        for (int i = 0; i < 48; i++) {
            labels[i] = (i / 2) % 4 == 0 ? 1 : 0;
        }
        TrainingData data = new TrainingData(train.images, labels, SIZE);
        HyperParams hp = new HyperParams(1e-3, 8, 6, 0.5);
        double plain;
        double weighted;
        try (TrainedCnn cnn = CnnTrainer.train(request(data, hp, 9))) {
            plain = java.util.Arrays.stream(cnn.predictPositive(train.images))
                    .average()
                    .orElseThrow();
        }
        try (TrainedCnn cnn = CnnTrainer.train(TrainingRequest.builder()
                .setTrainData(data)
                .setHyperParams(hp)
                .setSeed(9)
                .optClassWeights(CnnTrainer.balancedClassWeights(labels))
                .build())) {
            weighted = java.util.Arrays.stream(cnn.predictPositive(train.images))
                    .average()
                    .orElseThrow();
        }
        assertThat(plain).isLessThan(0.4);
        assertThat(weighted).isBetween(0.4, 0.6);
        assertThatThrownBy(() -> TrainingRequest.builder()
                        .setTrainData(data)
                        .setHyperParams(hp)
                        .setSeed(9)
                        .optClassWeights(new double[] {1, 0})
                        .build())
                .hasMessage("classWeights must be two positive numbers, got [1.0, 0.0]");
    }

    @Test
    void labelsIndependentOfTheImagesStayAtChanceOnHeldOutImages() {
        BlobImages train = BlobImages.generate(40, SIZE, 5, 5);
        // within each true class, half the samples are labelled 1: the labels carry no information
        int[] noise = new int[40];
        for (int i = 0; i < 40; i++) {
            noise[i] = (i / 2) % 2;
        }
        BlobImages test = BlobImages.generate(100, SIZE, 5, 6);
        try (TrainedCnn cnn = CnnTrainer.train(request(new TrainingData(train.images, noise, SIZE), FAST, 7))) {
            double acc = BlobImages.accuracy(cnn.predictPositive(test.images), test.labels);
            // 99 % binomial interval around 0.5 for n = 100
            assertThat(acc).isBetween(0.37, 0.63);
        }
    }

    @Test
    void divergenceRaisesTheDedicatedExceptionWithItsPosition() {
        BlobImages train = BlobImages.generate(16, SIZE, 5, 8);
        HyperParams explosive = new HyperParams(1e30, 8, 3, 0.5);
        assertThatThrownBy(() -> CnnTrainer.train(request(train.data(), explosive, 1)))
                .isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
                    assertThat(e.epoch()).isBetween(1, 3);
                    assertThat(e.batch()).isGreaterThanOrEqualTo(0);
                    assertThat(Double.isFinite(e.loss())).isFalse();
                    assertThat(e.getMessage())
                            .isEqualTo("training diverged at epoch " + e.epoch() + ", batch " + e.batch() + ": loss "
                                    + e.loss());
                });
        // the failed run released the engine: the next one trains normally
        try (TrainedCnn cnn = CnnTrainer.train(request(train.data(), new HyperParams(1e-3, 8, 1, 0.5), 1))) {
            assertThat(cnn.history()).hasSize(1);
            assertThat(cnn.history().get(0).trainLoss()).isFinite();
        }
    }

    @Test
    void trainingDataRejectsNonFiniteValuesAndBadLabels() {
        float[][] img = {new float[64], new float[64]};
        img[1][5] = Float.NaN;
        assertThatThrownBy(() -> new TrainingData(img, new int[] {0, 1}, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image 1 has a non-finite value at pixel 5");
        assertThatThrownBy(() -> new TrainingData(new float[][] {new float[64]}, new int[] {2}, 8))
                .hasMessage("label 0 is 2, expected 0 or 1");
        assertThatThrownBy(() -> new TrainingData(new float[][] {new float[63]}, new int[] {0}, 8))
                .hasMessage("image 0 has 63 values, expected 64 (8x8)");
        assertThatThrownBy(() -> new HyperParams(0, 16, 40, 0.5))
                .hasMessage("learningRate must be finite and > 0, got 0.0");
        assertThat(HyperParams.paper()).isEqualTo(new HyperParams(1e-3, 16, 40, 0.5));
    }
}
