package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.Interval;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.contract.RunFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished run whose cells an older version evaluated (no auc_method; other intervals) is brought up to this
 * version's intervals when the study is run on it again: the same results, bit for bit, as the run this version
 * made, from the cells' own predictions, and no cell trained again. End to end, about 15 s: tagged slow.
 */
@Tag("slow")
class ReevaluationTest {
    @TempDir
    Path tmp;

    @Test
    void aRunOfAnOlderVersionGetsThisVersionsIntervalsWithoutTraining() throws Exception {
        Path ds = BaselineStepTest.withMasks(StudyFixtures.separable(tmp.resolve("ds"), 20, 24, 32, 5, false), 32);
        StudyConfig config = StudyFixtures.tinyConfig(11);
        Path run = tmp.resolve("run");
        new StudyRunner(config, ds, run, null).run();
        List<ResultRow> current = RunFiles.readAllResults(run);
        String predictions = Files.readString(run.resolve(RunFiles.PREDICTIONS));
        assertThat(current).filteredOn(ResultRow::ok).isNotEmpty().noneMatch(Reevaluation::outdated);

        int aged = age(run);
        assertThat(aged).as("ok rows made old, CNN and baselines").isGreaterThanOrEqualTo(4);
        assertThat(RunFiles.readAllResults(
                        BaselineStep.cellDir(run, current.get(0).cellId())))
                .allMatch(r -> !r.ok() || r.aucMethod() == null);

        List<String> trained = new ArrayList<>();
        StudyRunner.Listener listener = new StudyRunner.Listener() {
            @Override
            public void cellStarted(CellId cell, int index, int total, int trainings) {
                trained.add(cell.id());
            }
        };
        new StudyRunner(config, ds, run, listener).run();
        assertThat(trained).as("cells trained again").isEmpty();
        assertThat(RunFiles.readAllResults(run)).containsExactlyElementsOf(current);
        assertThat(Files.readString(run.resolve(RunFiles.PREDICTIONS))).isEqualTo(predictions);
        current.stream()
                .filter(ResultRow::fromCnn)
                .forEach(r -> assertThat(RunFiles.readCellResult(RunFiles.cellDir(run, r.cellId()))
                                .row())
                        .isEqualTo(r));
    }

    /**
     * Makes every ok row look as an older version wrote it: no auc_method, a zero-width AUC interval and no
     * accuracy interval (result.json of each cell, the baselines' results.csv). Returns the rows changed.
     */
    private static int age(Path run) throws Exception {
        int changed = 0;
        for (ResultRow cnn : RunFiles.readResults(run)) {
            Path dir = RunFiles.cellDir(run, cnn.cellId());
            CellResult result = RunFiles.readCellResult(dir);
            if (result.row().ok()) {
                RunFiles.writeCellResult(
                        dir, new CellResult(old(result.row()), result.confusion(), result.roc(), result.calibration()));
                changed++;
            }
            Path baselines = BaselineStep.cellDir(run, cnn.cellId());
            if (Files.isRegularFile(baselines.resolve(RunFiles.RESULTS))) {
                List<ResultRow> rows = new ArrayList<>();
                for (ResultRow b : RunFiles.readAllResults(baselines)) {
                    rows.add(b.ok() ? old(b) : b);
                    changed += b.ok() ? 1 : 0;
                }
                RunFiles.writeResults(baselines, rows);
            }
        }
        return changed;
    }

    private static ResultRow old(ResultRow r) {
        EnumMap<Metric, Interval> m = new EnumMap<>(Metric.class);
        for (Metric x : Metric.values()) {
            m.put(x, r.metric(x));
        }
        m.put(Metric.AUC, new Interval(r.auc(), r.auc(), r.auc()));
        m.put(Metric.ACCURACY, new Interval(r.accuracy(), null, null));
        return r.withMetrics(m).withCiLevel(null, r.nTestPatients(), null);
    }
}
