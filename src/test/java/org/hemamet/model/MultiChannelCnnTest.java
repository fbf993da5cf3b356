package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper CNN over C input channels (an early-fused cell's): trains, keeps its channel count through the
 * bundle, and predicts the same after loading; the availability planes survive augmentation untouched.
 */
class MultiChannelCnnTest {
    static final int SIZE = 8;
    static final int C = 4; // two crops and two availability planes

    @TempDir
    Path tmp;

    /** Channel 0 carries the class (bright or dark); channel 1 is missing (zeros, its plane 3 zero). */
    static TrainingData data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int plane = SIZE * SIZE;
        float[][] images = new float[n][C * plane];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int p = 0; p < plane; p++) {
                images[i][p] = (float) (0.2 + 0.5 * labels[i] + 0.1 * r.nextDouble());
            }
            Arrays.fill(images[i], 2 * plane, 3 * plane, 1f);
        }
        return new TrainingData(images, labels, SIZE, C, 2);
    }

    @Test
    void aFourChannelNetworkTrainsSavesAndLoadsWithItsChannels() {
        TrainingData train = data(24, 1);
        TrainingData test = data(8, 2);
        try (TrainedCnn cnn = CnnTrainer.train(TrainingRequest.builder()
                .setTrainData(train)
                .setHyperParams(new HyperParams(1e-3, 8, 2, 0.5))
                .setSeed(3)
                .optAugmentation(Augmentation.standard())
                .build())) {
            assertThat(cnn.channels()).isEqualTo(C);
            double[] p = cnn.predictPositive(test.images());
            Path bundle = tmp.resolve("bundle");
            cnn.save(bundle, Map.of());
            try (TrainedCnn loaded = TrainedCnn.load(bundle)) {
                assertThat(loaded.channels()).isEqualTo(C);
                double[] q = loaded.predictPositive(test.images());
                for (int i = 0; i < p.length; i++) {
                    assertThat(q[i]).isCloseTo(p[i], within(1e-6));
                }
                assertThatThrownBy(() -> loaded.predictPositive(new float[][] {new float[SIZE * SIZE]}))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("4x8x8");
            }
        }
        assertThat(PaperCnn.trainableParameters(SIZE, C) - PaperCnn.trainableParameters(SIZE))
                .as("only the first convolution's weight grows: 32 x 3 more 3x3 kernels")
                .isEqualTo(32L * 3 * 9);
    }

    @Test
    void trainingDataRefusesImagesOfAnotherChannelCount() {
        assertThatThrownBy(() -> new TrainingData(new float[][] {new float[SIZE * SIZE]}, new int[] {0}, SIZE, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2x8x8");
        assertThatThrownBy(
                        () -> new TrainingData(new float[][] {new float[2 * SIZE * SIZE]}, new int[] {0}, SIZE, 2, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
