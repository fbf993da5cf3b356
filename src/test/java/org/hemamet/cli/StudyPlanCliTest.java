package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.hemamet.core.TestTrees;
import org.hemamet.synth.SynthFixtureAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code study --plan}: the cells, their parts and trainings, a measured rate and an estimate; nothing written. */
class StudyPlanCliTest {
    @TempDir
    Path tmp;

    @Test
    void planPrintsEveryCellAndAnEstimateAndWritesNothing() throws Exception {
        Path dataset = TestTrees.copy(SynthFixtureAccess.dataset(), tmp.resolve("ds"));
        CliRun.CliResult r = CliRun.run("study", dataset.toString(), "--profile", "quick", "--plan", "--device", "cpu");
        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(r.out())
                .startsWith(
                        "Plan of the study of " + dataset + " (profile quick, seed 20240611): 24 cells, input 64x64;"
                                + " nothing is trained or written\n")
                .contains("T1__hemangioma-vs-breast__r0 ")
                .contains("T1C__hemangioma-vs-metastases__r0 ")
                .containsPattern("total: \\d+ of 24 cells train; [\\d,]+ CNN trainings; [\\d,]+ training image passes")
                .containsPattern("measured here: \\d+\\.\\d training images/s \\(cpu, fp32, \\d+ threads?, batch 16,")
                .containsPattern("estimate: about \\d+ (s|min|h \\d+ min) of training one cell at a time");
        try (var files = java.nio.file.Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ds");
        }
        CliRun.CliResult noOut = CliRun.run("study", dataset.toString(), "--profile", "quick");
        assertThat(noOut.exit()).isEqualTo(2);
        assertThat(noOut.err())
                .isEqualTo("hemamet: Missing required option: '--out=RUN_DIR' (or --plan)" + System.lineSeparator());
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertThat(StudyPlanReport.duration(44.6)).isEqualTo("45 s");
        assertThat(StudyPlanReport.duration(12 * 60 + 10)).isEqualTo("12 min");
        assertThat(StudyPlanReport.duration(7 * 3600 + 40 * 60)).isEqualTo("7 h 40 min");
    }
}
