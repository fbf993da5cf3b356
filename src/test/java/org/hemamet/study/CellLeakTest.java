package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.RunFiles;
import org.hemamet.model.NativeMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The final model is closed on every path: also when the evaluation throws after the training. */
class CellLeakTest {
    @TempDir
    Path tmp;

    @Test
    void aFailingEvaluationLeavesNoNativeMemoryAndNoCell() throws Exception {
        Path ds = StudyFixtures.separable(tmp.resolve("ds"), 12, 20, 32, 5, false);
        StudyConfig config = CellFailureTest.config("hemangioma-vs-metastases", 1e-3);
        Path run = tmp.resolve("run");
        CellRunner runner =
                new CellRunner(config, DatasetManifest.read(ds), new CropLoader(ds, config.inputSize()), run);
        CellId cell = new CellId(Sequence.T1, Comparison.parse("hemangioma-vs-metastases"), 0);
        int before = NativeMemory.liveArrays();
        int[] seen = new int[1];
        runner.afterFinalFit(model -> {
            seen[0] = NativeMemory.liveArrays();
            throw new IllegalStateException("evaluation failed");
        });
        assertThatThrownBy(() -> runner.run(cell, (phase, e, es, b, bs) -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("evaluation failed");
        assertThat(seen[0])
                .as("the final model held arrays when the evaluation began")
                .isGreaterThan(before);
        assertThat(NativeMemory.liveArrays()).isEqualTo(before);
        assertThat(RunFiles.isDone(RunFiles.cellDir(run, cell.id()))).isFalse();

        // and a cell that runs to the end leaves none either
        runner.afterFinalFit(model -> {});
        assertThat(runner.run(cell, (phase, e, es, b, bs) -> {}).status()).isEqualTo("ok");
        assertThat(NativeMemory.liveArrays()).isEqualTo(before);
        assertThat(RunFiles.isDone(RunFiles.cellDir(run, cell.id()))).isTrue();
    }

    @Test
    void everyTrainingOfAStudyIsClosed() throws Exception {
        Path ds = StudyFixtures.separable(tmp.resolve("ds"), 12, 20, 32, 5, false);
        int before = NativeMemory.liveArrays();
        List<CellRunner.CellOutcome> o = new StudyRunner(
                        CellFailureTest.config("hemangioma-vs-metastases", 1e30), ds, tmp.resolve("run"), null)
                .run();
        assertThat(o).extracting(CellRunner.CellOutcome::status).containsExactly("diverged");
        assertThat(NativeMemory.liveArrays()).isEqualTo(before);
    }
}
