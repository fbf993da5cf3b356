package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint is the network a shorter training with the same seed returns, bit for bit (CPU, one thread),
 * and taking it leaves the longer training exactly as it is without one.
 */
class CnnTrainerCheckpointTest {
    private static final int SIZE = 16;

    @BeforeAll
    static void oneThread() {
        EngineSetup.setThreads(1);
    }

    private static TrainingRequest.Builder request(BlobImages train, BlobImages val, int epochs) {
        return TrainingRequest.builder()
                .setTrainData(train.data())
                .setHyperParams(new HyperParams(1e-3, 8, epochs, 0.5))
                .setSeed(41)
                .optValidation(val.data());
    }

    /** SHA-256 of the network's saved parameters (weights and batch-norm statistics), hex. */
    private static String digest(ai.djl.nn.SequentialBlock block) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(CnnTrainer.serialise(block)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCheckpointIsTheShorterTrainingsNetworkAndLeavesTheLongerOneUnchanged() {
        BlobImages train = BlobImages.generate(20, SIZE, 3, 5);
        BlobImages val = BlobImages.generate(10, SIZE, 3, 6);
        List<TrainedCnn> checkpoints = new ArrayList<>();
        String longWith;
        List<EpochStats> longWithHistory;
        double[] checkpointScores;
        String checkpointParams;
        try (TrainedCnn m = CnnTrainer.train(request(train, val, 3)
                .optCheckpoints(List.of(1, 2), checkpoints::add)
                .build())) {
            longWith = digest(m.block());
            longWithHistory = m.history();
        }
        assertThat(checkpoints).hasSize(2);
        try (TrainedCnn one = checkpoints.get(0);
                TrainedCnn two = checkpoints.get(1)) {
            assertThat(one.history()).hasSize(1);
            assertThat(two.history()).isEqualTo(longWithHistory.subList(0, 2));
            checkpointParams = digest(two.block());
            checkpointScores = two.predictPositive(val.images);
        }
        try (TrainedCnn shorter = CnnTrainer.train(request(train, val, 2).build())) {
            assertThat(digest(shorter.block())).isEqualTo(checkpointParams);
            assertThat(shorter.predictPositive(val.images)).containsExactly(checkpointScores);
            assertThat(shorter.history()).isEqualTo(longWithHistory.subList(0, 2));
        }
        try (TrainedCnn without = CnnTrainer.train(request(train, val, 3).build())) {
            assertThat(digest(without.block())).isEqualTo(longWith);
            assertThat(without.history()).isEqualTo(longWithHistory);
        }
    }

    @Test
    void validatingOnlyAtCheckpointsAndTheLastEpochChangesNothingButTheOtherEpochsValidationValues() {
        BlobImages train = BlobImages.generate(20, SIZE, 3, 5);
        BlobImages val = BlobImages.generate(10, SIZE, 3, 6);
        String every;
        List<EpochStats> everyHistory;
        List<List<EpochStats>> everyCheckpoints = new ArrayList<>();
        try (TrainedCnn m = CnnTrainer.train(request(train, val, 4)
                .optCheckpoints(List.of(2), c -> {
                    try (c) {
                        everyCheckpoints.add(c.history());
                    }
                })
                .build())) {
            every = digest(m.block());
            everyHistory = m.history();
        }
        List<List<EpochStats>> sparseCheckpoints = new ArrayList<>();
        try (TrainedCnn m = CnnTrainer.train(request(train, val, 4)
                .optValidateCheckpointsOnly()
                .optCheckpoints(List.of(2), c -> {
                    try (c) {
                        sparseCheckpoints.add(c.history());
                    }
                })
                .build())) {
            assertThat(digest(m.block())).isEqualTo(every);
            List<EpochStats> h = m.history();
            assertThat(h).hasSize(4);
            for (int e = 0; e < 4; e++) {
                EpochStats a = everyHistory.get(e);
                EpochStats b = h.get(e);
                assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
                assertThat(b.trainAccuracy()).isEqualTo(a.trainAccuracy());
                if (e == 1 || e == 3) {
                    assertThat(b).as("epoch %d is read: validated", e + 1).isEqualTo(a);
                } else {
                    assertThat(b.hasValidation())
                            .as("epoch %d is not read", e + 1)
                            .isFalse();
                    assertThat(a.hasValidation()).isTrue();
                }
            }
        }
        assertThat(sparseCheckpoints).hasSize(1);
        assertThat(sparseCheckpoints.get(0).get(1))
                .isEqualTo(everyCheckpoints.get(0).get(1));
    }

    @Test
    void checkpointsMustBeAscendingEpochsBeforeTheLast() {
        BlobImages train = BlobImages.generate(8, SIZE, 3, 5);
        assertThatThrownBy(() -> request(train, train, 3)
                        .optCheckpoints(List.of(3), TrainedCnn::close)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[1, 3)");
        assertThatThrownBy(() -> request(train, train, 3)
                        .optCheckpoints(List.of(2, 1), TrainedCnn::close)
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
