package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset re-ingested in place while a study runs: the later cells are not run on the new one. */
class StudyDatasetReplacedTest {
    @TempDir
    Path tmp;

    @Test
    void aDatasetReplacedBetweenCellsStopsTheRunAndKeepsTheCellsDone() throws Exception {
        Path dataset = StudyFixtures.separable(tmp.resolve("ds"), 12, 16, 32, 3, false);
        Path report = dataset.resolve("ingest-report.json");
        String original = Files.isRegularFile(report) ? Files.readString(report) : null;
        Path run = tmp.resolve("run");
        StudyRunner.Listener reingest = new StudyRunner.Listener() {
            @Override
            public void cellFinished(CellId cell, CellRunner.CellOutcome outcome, boolean skipped) {
                try { // what `hemamet ingest COHORT --out ds --margin 0.2` leaves behind: other crop parameters
                    Files.writeString(report, "{\"params\":{\"key\":\"size=256;margin=0.2\"}}\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        assertThatThrownBy(() -> new StudyRunner(StudyFixtures.tinyConfig(3, false, 0), dataset, run, reingest).run())
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(HemametException.DATA_STATE))
                .hasMessage(dataset + ": replaced while the study ran (dataset.csv or ingest-report.json changed"
                        + " after 1 of 2 cells); the run " + run + " keeps the cells done on the dataset it started"
                        + " on; study the new dataset in a new --out directory");
        List<String> cells = List.of("T1__hemangioma-vs-metastases__r0", "T2__hemangioma-vs-metastases__r0");
        assertThat(RunFiles.isDone(RunFiles.cellDir(run, cells.get(0)))).isTrue();
        assertThat(RunFiles.isDone(RunFiles.cellDir(run, cells.get(1)))).isFalse();
        assertThat(run.resolve("results.csv")).doesNotExist();
        // the dataset the run started on back in place: the run resumes with the cell it did not run
        if (original == null) {
            Files.delete(report);
        } else {
            Files.writeString(report, original);
        }
        var outcomes = new StudyRunner(StudyFixtures.tinyConfig(3, false, 0), dataset, run, null).run();
        assertThat(outcomes).extracting(CellRunner.CellOutcome::cellId).containsExactlyElementsOf(cells);
        assertThat(RunFiles.isDone(RunFiles.cellDir(run, cells.get(1)))).isTrue();
    }
}
