package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The split of a run into plan, cells and merge that cluster tasks use: a plan binds the run dir and runs
 * nothing; the merge is refused, naming the cells, while some are not done; a cell task on another dataset
 * than the run was planned on is refused. No training: fast.
 */
class StudyPlanMergeTest {
    @TempDir
    Path tmp;

    @Test
    void planBindsTheRunDirAndTheMergeNamesTheCellsNotDone() throws Exception {
        Path ds = StudyFixtures.separable(tmp.resolve("ds"), 6, 6, 16, 1, false);
        Path run = tmp.resolve("run");
        StudyRunner runner = new StudyRunner(StudyFixtures.tinyConfig(3), ds, run, null);
        StudyRunner.Plan plan = runner.plan();
        assertThat(plan.cells())
                .extracting(CellId::id)
                .containsExactly("T1__hemangioma-vs-metastases__r0", "T2__hemangioma-vs-metastases__r0");
        assertThat(run.resolve("study.json")).hasContent(plan.configJson().strip());
        assertThat(run.resolve("cells")).doesNotExist();
        assertThatThrownBy(runner::mergeCells)
                .isInstanceOf(HemametException.class)
                .hasMessageContaining("2 of 2 cells are not done")
                .hasMessageContaining("T1__hemangioma-vs-metastases__r0, T2__hemangioma-vs-metastases__r0");
        assertThat(run.resolve("results.csv")).doesNotExist();
    }

    @Test
    void aCellTaskOnAnotherDatasetIsRefused() throws Exception {
        Path ds = StudyFixtures.separable(tmp.resolve("ds"), 6, 6, 16, 1, false);
        Path run = tmp.resolve("run");
        new StudyRunner(StudyFixtures.tinyConfig(3), ds, run, null).plan();
        Path other = StudyFixtures.separable(tmp.resolve("other"), 6, 6, 16, 2, false);
        StudyRunner task = new StudyRunner(StudyFixtures.tinyConfig(3), other, run, null);
        CellId cell = StudyRunner.cells(StudyFixtures.tinyConfig(3)).get(0);
        assertThatThrownBy(() -> task.runOneCell(cell))
                .isInstanceOf(HemametException.class)
                .hasMessageContaining("dataset hash differs");
        assertThat(Files.exists(run.resolve("cells"))).isFalse();
    }
}
