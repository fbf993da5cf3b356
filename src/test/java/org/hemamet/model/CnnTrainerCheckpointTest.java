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
