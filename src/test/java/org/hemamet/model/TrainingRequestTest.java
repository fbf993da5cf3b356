package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingRequestTest {
    static final TrainingData DATA =
            new TrainingData(new float[][] {new float[64], new float[64]}, new int[] {0, 1}, 8);
    static final HyperParams HP = new HyperParams(1e-3, 2, 1, 0.5);

    @Test
    void optionalValuesDefaultToThePapersMethod() {
        TrainingRequest r = TrainingRequest.builder()
                .setTrainData(DATA)
                .setHyperParams(HP)
                .setSeed(5)
                .build();
        assertThat(r.trainData()).isSameAs(DATA);
        assertThat(r.hyperParams()).isEqualTo(HP);
        assertThat(r.seed()).isEqualTo(5);
        assertThat(r.validation()).isEmpty();
        assertThat(r.augmentation()).isEqualTo(Augmentation.none());
        assertThat(r.classWeights()).containsExactly(1.0, 1.0);
        assertThat(r.classWeight(1)).isEqualTo(1f);
        assertThat(r.batchListener()).isSameAs(ProgressListener.NONE);
    }

    @Test
    void requiredValuesAreNamedWhenMissing() {
        assertThatThrownBy(() -> TrainingRequest.builder().setTrainData(DATA).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a training request needs setTrainData, setHyperParams and setSeed"
                        + " (missing: hyperParams seed)");
        assertThatThrownBy(() ->
                        TrainingRequest.builder().setHyperParams(HP).setSeed(0).build())
                .hasMessage("a training request needs setTrainData, setHyperParams and setSeed (missing: trainData)");
    }

    @Test
    void classWeightsAreCheckedCopiedAndNullMeansUnweighted() {
        double[] w = {0.75, 1.5};
        TrainingRequest r = TrainingRequest.builder()
                .setTrainData(DATA)
                .setHyperParams(HP)
                .setSeed(1)
                .optClassWeights(w)
                .build();
        w[0] = 99;
        assertThat(r.classWeights()).containsExactly(0.75, 1.5);
        r.classWeights()[1] = 99;
        assertThat(r.classWeight(1)).isEqualTo(1.5f);
        assertThat(TrainingRequest.builder()
                        .setTrainData(DATA)
                        .setHyperParams(HP)
                        .setSeed(1)
                        .optClassWeights(null)
                        .build()
                        .classWeights())
                .containsExactly(1.0, 1.0);
        for (double[] bad : new double[][] {{1}, {1, 0}, {Double.NaN, 1}, {1, 1, 1}}) {
            assertThatThrownBy(() -> TrainingRequest.builder()
                            .setTrainData(DATA)
                            .setHyperParams(HP)
                            .setSeed(1)
                            .optClassWeights(bad)
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("classWeights must be two positive numbers, got ");
        }
    }

    @Test
    void validationMustHaveTheTrainingImageSize() {
        TrainingData other = new TrainingData(new float[][] {new float[256]}, new int[] {1}, 16);
        assertThatThrownBy(() -> TrainingRequest.builder()
                        .setTrainData(DATA)
                        .setHyperParams(HP)
                        .setSeed(1)
                        .optValidation(other)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validation size 16 differs from training size 8");
    }
}
