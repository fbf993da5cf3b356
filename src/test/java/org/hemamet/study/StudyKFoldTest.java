package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SplitRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** k-fold cross-validation: every lesion is tested exactly once, never with its patient in training. */
class StudyKFoldTest {
    @TempDir
    Path tmp;

    @Test
    void everyLesionIsTestedExactlyOnceAcrossTheFolds() throws Exception {
        Path ds = StudyFixtures.separable(tmp.resolve("ds"), 18, 18, 32, 13, false);
        StudyConfig c = TestStudies.tiny("kfold-test", 6, Sequence.T1)
                .balancing(StudyConfig.Balancing.NONE)
                .bootstrap(50)
                .folds(3)
                .build()
                .validated("test");
        Path run = tmp.resolve("run");
        List<CellRunner.CellOutcome> o = new StudyRunner(c, ds, run, null).run();
        assertThat(o)
                .extracting(CellRunner.CellOutcome::cellId)
                .containsExactly(
                        "T1__hemangioma-vs-metastases__r0",
                        "T1__hemangioma-vs-metastases__r1",
                        "T1__hemangioma-vs-metastases__r2");
        Map<Object, Integer> tested = new HashMap<>();
        for (CellRunner.CellOutcome x : o) {
            Set<Object> train = new HashSet<>();
            Set<Object> test = new HashSet<>();
            for (SplitRow r : RunFiles.readSplit(RunFiles.cellDir(run, x.cellId()))) {
                (r.partition().equals("test") ? test : train).add(r.patientKey());
                if (r.partition().equals("test")) {
                    tested.merge(r.sampleId(), 1, Integer::sum);
                }
            }
            assertThat(train).doesNotContainAnyElementsOf(test);
        }
        assertThat(tested).hasSize(36).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        assertThat(Files.readString(run.resolve("summary.md")))
                .contains("3-fold cross-validation")
                .contains("## Across folds");
    }
}
