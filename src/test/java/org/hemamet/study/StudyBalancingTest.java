package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.hemamet.cohort.Sequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** class_weight balancing keeps every lesion (nothing dropped, classes unequal) and still learns. */
class StudyBalancingTest {
    @TempDir
    Path tmp;

    @Test
    void classWeightKeepsEveryLesionAndLearns() throws Exception {
        Path ds = StudyFixtures.separable(tmp.resolve("ds"), 16, 40, 32, 9, false);
        StudyConfig c = TestStudies.tiny("class-weight-test", 4, Sequence.T1)
                .balancing(StudyConfig.Balancing.of("class_weight"))
                .search(TestStudies.grid(3e-3, 6))
                .build()
                .validated("test");
        CellRunner.CellOutcome o =
                new StudyRunner(c, ds, tmp.resolve("run"), null).run().get(0);
        assertThat(o.status()).isEqualTo("ok");
        assertThat(o.row().nDropped()).isEqualTo(0);
        int neg = o.row().nTrainNeg() + o.row().nTestNeg();
        int pos = o.row().nTrainPos() + o.row().nTestPos();
        assertThat(neg).isEqualTo(16);
        assertThat(pos).isEqualTo(40);
        assertThat(o.row().auc()).isGreaterThanOrEqualTo(0.95);
        assertThat(c.toJson()).contains("\"balancing\" : \"class_weight\"");
    }
}
