package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.cohort.Sequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cells that cannot be trained are recorded with a clear status and message; the study goes on. */
class CellFailureTest {
    @TempDir
    Path tmp;

    static StudyConfig config(String comparison, double lr) {
        return TestStudies.tiny("failure-test", 3, Sequence.T1)
                .comparisons(List.of(comparison))
                .search(TestStudies.grid(lr, 2))
                .bootstrap(50)
                .build()
                .validated("test");
    }

    @Test
    void divergingTrainingStopsTheCellWithItsMessage() throws Exception {
        Path ds = StudyFixtures.separable(tmp.resolve("ds"), 12, 20, 32, 5, false);
        List<CellRunner.CellOutcome> o = new StudyRunner(
                        config("hemangioma-vs-metastases", 1e30), ds, tmp.resolve("run"), null)
                .run().stream().toList();
        assertThat(o).hasSize(1);
        assertThat(o.get(0).status()).isEqualTo("diverged");
        assertThat(o.get(0).row().message())
                .startsWith(
                        "cell T1__hemangioma-vs-metastases__r0: every search trial diverged (first: training diverged at epoch 1");
        assertThat(Files.readString(tmp.resolve("run/results.csv"))).contains(",diverged,");
    }

    @Test
    void aClassTooSmallToSplitNamesTheCellAndTheCounts() throws Exception {
        // 12 hemangiomas, 20 metastases cycling over five primaries: 4 RCC lesions only
        Path ds = StudyFixtures.separable(tmp.resolve("ds"), 12, 20, 32, 5, false);
        List<CellRunner.CellOutcome> o =
                new StudyRunner(config("hemangioma-vs-rcc", 1e-3), ds, tmp.resolve("run"), null).run();
        assertThat(o.get(0).status()).isEqualTo("insufficient_data");
        assertThat(o.get(0).row().message())
                .matches(
                        "cell T1__hemangioma-vs-rcc__r0: too few lesions to split and balance \\(hemangioma/rcc: inner-train \\d+/\\d+,"
                                + " validation \\d+/\\d+, test \\d+/\\d+; need >= 2 per class to train and >= 1 per class to"
                                + " validate and test\\)");
    }
}
