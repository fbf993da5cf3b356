package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SplitRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan ({@code study --plan}) is what the run then does: the same parts, the same trainings. */
class StudyPlanTest {
    @TempDir
    Path tmp;

    @Test
    void thePlanIsWhatTheRunTrains() throws Exception {
        Path dataset = StudyFixtures.separable(tmp.resolve("ds"), 12, 16, 32, 3, false);
        // two learning rates at 2 and 3 epochs: 2 search trainings (the 2-epoch trials are checkpoints of the
        // 3-epoch ones), 2 calibration folds, the final fit
        StudyConfig config = TestStudies.tiny("test", 3, org.hemamet.cohort.Sequence.T1)
                .search(new StudyConfig.Search(
                        "grid", 0, 0.25, List.of(3e-3, 1e-3), List.of(8), List.of(2, 3), List.of(0.5)))
                .calibrationFolds(2)
                .build()
                .validated("test");
        StudyPlan plan = StudyPlan.of(config, DatasetManifest.read(dataset));
        Map<String, Set<String>> phases = new ConcurrentHashMap<>();
        StudyRunner.Listener trainings = new StudyRunner.Listener() {
            @Override
            public void trainingProgress(CellId cell, String phase, int epoch, int epochs, int batch, int batches) {
                phases.computeIfAbsent(cell.id(), k -> ConcurrentHashMap.newKeySet())
                        .add(phase);
            }
        };
        Path run = tmp.resolve("run");
        new StudyRunner(config, dataset, run, trainings).run();

        assertThat(plan.cells()).hasSize(1);
        for (StudyPlan.CellPlan c : plan.cells()) {
            List<SplitRow> split =
                    RunFiles.readSplit(RunFiles.cellDir(run, c.cell().id()));
            List<SplitRow> train = part(split, SplitRow.TRAIN);
            List<SplitRow> test = part(split, SplitRow.TEST);
            long inner =
                    train.stream().filter(r -> r.inner().equals(SplitRow.TRAIN)).count();
            assertThat(c.insufficient()).isNull();
            assertThat(c.trainLesions()).as(c.cell().id()).isEqualTo(train.size());
            assertThat(c.testLesions()).isEqualTo(test.size());
            assertThat(c.trainPatients()).isEqualTo(patients(train));
            assertThat(c.testPatients()).isEqualTo(patients(test));
            assertThat(c.trainings())
                    .isEqualTo(phases.get(c.cell().id()).size())
                    .isEqualTo(5);
            // 2 search trainings of 3 epochs on the inner part, 2 folds of at most 3 on half the part each, the
            // final fit of at most 3
            assertThat(c.imagePasses())
                    .isEqualTo(2 * 3 * inner + 2 * 3 * Math.round(train.size() / 2.0) + 3L * train.size());
        }
        assertThat(plan.imagePasses()).isEqualTo(plan.cells().get(0).imagePasses());
        assertThat(plan.trainings()).isEqualTo(5);
    }

    @Test
    void aCellTooSmallIsPlannedAsTheRunLeavesIt() throws Exception {
        Path dataset = StudyFixtures.separable(tmp.resolve("ds"), 3, 3, 32, 5, false);
        StudyConfig config = StudyFixtures.tinyConfig(5, false, 0);
        StudyPlan plan = StudyPlan.of(config, DatasetManifest.read(dataset));
        var outcomes = new StudyRunner(config, dataset, tmp.resolve("run"), null).run();
        assertThat(plan.cellsToTrain()).isZero();
        assertThat(plan.imagePasses()).isZero();
        for (int i = 0; i < outcomes.size(); i++) {
            assertThat(outcomes.get(i).status()).isEqualTo(ResultRow.INSUFFICIENT_DATA);
            assertThat(outcomes.get(i).row().message())
                    .contains(plan.cells().get(i).insufficient());
        }
    }

    private static List<SplitRow> part(List<SplitRow> split, String partition) {
        return split.stream().filter(r -> r.partition().equals(partition)).toList();
    }

    private static int patients(List<SplitRow> rows) {
        Set<String> p = new HashSet<>();
        rows.forEach(r -> p.add(r.patientKey()));
        return p.size();
    }
}
