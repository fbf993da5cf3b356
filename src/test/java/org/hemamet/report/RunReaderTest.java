package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.HemametException;
import org.hemamet.metrics.Roc;
import org.hemamet.metrics.RocCurve;
import org.hemamet.report.StudyRun.Cell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run as the report reads it: the run's own records, one ROC type, malformed files named. */
class RunReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheRunThroughItsRecordsAndTakesTheRocOfResultJsonElseOfThePredictions() throws Exception {
        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        Path dir = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        String id = "T1__hemangioma-vs-myeloma__r0";
        StudyRun run = RunReader.read(dir);
        assertThat(run.cells()).hasSize(4);
        assertThat(run.study()).isEqualTo(RunDirFixture.studyConfig());
        assertThat(run.provenance().finished()).isEqualTo("2025-05-01T10:03:00Z");
        assertThat(run.missing()).isEmpty();
        Cell cell = run.cell(id).orElseThrow();
        assertThat(cell.result().auc()).isEqualTo(0.91);
        assertThat(cell.search()).hasSize(3);
        assertThat(cell.history()).hasSize(12);
        // the fixture's result.json has no curve: metrics.Roc over the cell's predictions
        List<PredictionRow> preds =
                run.predictions().stream().filter(p -> p.cellId().equals(id)).toList();
        RocCurve fromPredictions = Roc.curve(
                preds.stream().mapToInt(PredictionRow::label).toArray(),
                preds.stream().mapToDouble(PredictionRow::score).toArray());
        assertThat(cell.roc()).isEqualTo(fromPredictions);

        // a result.json with its curve: that curve
        Path cellDir = RunFiles.cellDir(dir, id);
        CellResult written = RunFiles.readCellResult(cellDir);
        CellResult.RocPoints points = new CellResult.RocPoints(
                new double[] {0, 0, 1}, new double[] {0, 1, 1}, new double[] {Double.MAX_VALUE, 0.7, 0.1});
        RunFiles.writeCellResult(
                cellDir, new CellResult(written.row(), written.confusion(), points, written.calibration()));
        assertThat(RunReader.read(dir).cell(id).orElseThrow().roc())
                .isEqualTo(new RocCurve(points.fpr(), points.tpr(), points.thresholds()));
    }

    @Test
    void aMalformedFileIsInvalidInputNamingTheFileAndLine() throws Exception {
        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        Path dir = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        Files.writeString(
                dir.resolve("delong.csv"),
                "comparison,repeat,sequence_a,sequence_b,n_common,auc_a,auc_b,z,p_value,paired\n"
                        + "hemangioma-vs-lung,zero,T1,T2,8,0.8,0.9,1.0,0.3,true\n");
        assertThatThrownBy(() -> RunReader.read(dir))
                .isInstanceOf(HemametException.class)
                .hasMessageStartingWith(dir.resolve("delong.csv") + " line 2: ")
                .satisfies(e -> assertThat(((HemametException) e).exitCode()).isEqualTo(2));

        Files.writeString(dir.resolve("results.csv"), "cell_id,sequence\nT1__a__r0,T1\n");
        assertThatThrownBy(() -> RunReader.read(dir))
                .isInstanceOf(HemametException.class)
                .hasMessage(dir.resolve("results.csv") + ": missing column 'comparison'");
    }
}
