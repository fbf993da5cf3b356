package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SearchTrial;
import org.hemamet.core.HemametException;
import org.hemamet.core.TestTrees;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grid whose trials differ in epochs: one training per group, the shorter trial scored on its checkpoint,
 * search.csv saying so, and a finished cell whose trials were trained alone (an older version) refusing the
 * resume.
 */
class StudySearchCheckpointTest {
    private static final String CELL = "T1__hemangioma-vs-metastases__r0";

    @TempDir
    static Path tmp;

    static Path dataset;
    static Path run;
    static final Set<String> phases = new LinkedHashSet<>();
    static final List<Integer> trainings = new ArrayList<>();

    static StudyConfig config() {
        return TestStudies.tiny("test", 5, Sequence.T1)
                .search(new StudyConfig.Search("grid", 0, 0.25, List.of(3e-3), List.of(8), List.of(4, 2), List.of(0.5)))
                .bootstrap(200)
                .build()
                .validated("test");
    }

    @BeforeAll
    static void runOnce() throws Exception {
        dataset = StudyFixtures.separable(tmp.resolve("ds"), 16, 24, 32, 3, false);
        run = tmp.resolve("run");
        new StudyRunner(config(), dataset, run, new StudyRunner.Listener() {
                    @Override
                    public void cellStarted(CellId cell, int index, int total, int n) {
                        trainings.add(n);
                    }

                    @Override
                    public void trainingProgress(
                            CellId cell, String phase, int epoch, int epochs, int batch, int batches) {
                        phases.add(phase + " (" + epochs + " epochs)");
                    }
                })
                .run();
    }

    @Test
    void theShorterTrialIsScoredOnTheLongerTrainingsCheckpoint() {
        assertThat(trainings).containsExactly(2); // one search training + the final one
        assertThat(phases).startsWith("search 1/1 (4 epochs)").doesNotContain("search 1/2 (4 epochs)");
        List<SearchTrial> rows = RunFiles.readSearch(run.resolve("cells").resolve(CELL));
        assertThat(rows).extracting(SearchTrial::epochs).containsExactly(4, 2);
        assertThat(rows).extracting(SearchTrial::trainedEpochs).containsExactly(4, 4);
        assertThat(rows).allSatisfy(r -> assertThat(r.note()).isEmpty());
        assertThat(rows).allSatisfy(r -> assertThat(r.valAuc()).isBetween(0.0, 1.0));
        // each trial's last-epoch validation loss is its own epoch's (the checkpoint's is epoch 2's)
        assertThat(rows.get(0).valLoss()).isNotEqualTo(rows.get(1).valLoss());
        assertThat(rows).filteredOn(r -> Boolean.TRUE.equals(r.chosen())).hasSize(1);
    }

    @Test
    void aFinishedCellWhoseTrialsWereTrainedAloneRefusesTheResume() throws Exception {
        Path copy = tmp.resolve("old-run");
        TestTrees.copy(run, copy);
        Path cell = copy.resolve("cells").resolve(CELL);
        assertThat(StudyRunner.searchMismatch(cell, config())).isEmpty();
        List<SearchTrial> old = RunFiles.readSearch(cell).stream()
                .map(r -> new SearchTrial(
                        r.trial(),
                        r.learningRate(),
                        r.batchSize(),
                        r.epochs(),
                        null,
                        r.dropout(),
                        r.valAuc(),
                        r.valLoss(),
                        r.valAccuracy(),
                        r.valLossFinal(),
                        r.chosen(),
                        r.note()))
                .toList();
        RunFiles.writeSearch(cell, old);
        assertThat(StudyRunner.searchMismatch(cell, config()))
                .isEqualTo("search trial 2 (2 epochs) taken from a training of 2 epochs, from one of 4 in this"
                        + " version");
        assertThatThrownBy(() -> new StudyRunner(config(), dataset, copy, null).run())
                .isInstanceOf(HemametException.class)
                .satisfies(e -> assertThat(((HemametException) e).exitCode()).isEqualTo(3))
                .hasMessageContaining("cell " + CELL + " was run with another protocol (search trial 2");
    }
}
