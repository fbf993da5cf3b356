package org.hemamet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hemamet.contract.ResultRow.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run files read back into the records written, also files of older versions. */
class RunFilesTest {
    static final ResultRow.Cell CELL =
            new ResultRow.Cell("T1__hemangioma-vs-rcc__r0", "T1", "hemangioma-vs-rcc", 0, 2, 2, 1, 1, 7, 7, 0, false);

    @Test
    void aCellThatWasNotEvaluatedRoundTripsWithEmptyValues(@TempDir Path dir) throws Exception {
        ResultRow row = ResultRow.of(CELL, ResultRow.INSUFFICIENT_DATA, "too few", null, null, null, Map.of(), 0.12);
        RunFiles.writeCellResult(dir, new CellResult(row, null, null, null));
        String json = Files.readString(dir.resolve(RunFiles.RESULT));
        assertThat(json)
                .contains("\"learning_rate\" : \"\"", "\"auc_hi\" : \"\"", "\"n_dropped\" : 7")
                .doesNotContain("confusion", "calibration\" :", "null");
        CellResult back = RunFiles.readCellResult(dir);
        assertThat(back).isEqualTo(new CellResult(row, null, null, null));
        assertThat(back.row().metric(Metric.AUC)).isEqualTo(Interval.NONE);
        RunFiles.writeResults(dir, List.of(row));
        assertThat(Files.readString(dir.resolve(RunFiles.RESULTS))
                        .lines()
                        .skip(1)
                        .findFirst()
                        .orElseThrow())
                .isEqualTo(
                        "\"T1__hemangioma-vs-rcc__r0\",T1,hemangioma-vs-rcc,0,insufficient_data,\"too few\",2,2,1,1,7,7,0,false"
                                + ",".repeat(51) + "0.12,cnn,,");
        assertThat(RunFiles.readResults(dir)).containsExactly(row);
    }

    @Test
    void filesOfOlderVersionsWithoutTheNewerColumnsStillRead(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve(RunFiles.PREDICTIONS),
                "cell_id,sequence,comparison,repeat,sample_id,patient_key,lesion_id,diagnosis,label,score,predicted,"
                        + "crop_path\nc,T1,hemangioma-vs-lung,0,s1,p1,L1,lung,1,0.75,1,crops/s1.png\n");
        assertThat(RunFiles.readPredictions(dir))
                .containsExactly(new PredictionRow(
                        "c",
                        "T1",
                        "hemangioma-vs-lung",
                        0,
                        "s1",
                        "p1",
                        "L1",
                        "lung",
                        1,
                        0.75,
                        1,
                        "crops/s1.png",
                        null,
                        null));
        Files.writeString(
                dir.resolve(RunFiles.RESULTS),
                "cell_id,sequence,comparison,repeat,status,auc,auc_lo,auc_hi\n"
                        + "c,T1,hemangioma-vs-lung,0,ok,0.9,0.8,1.0\n");
        ResultRow old = RunFiles.readResults(dir).get(0);
        assertThat(old.metric(Metric.AUC)).isEqualTo(new Interval(0.9, 0.8, 1.0));
        assertThat(old.calibratedBrier()).isNull();
        assertThat(old.ok()).isTrue();
        assertThat(RunFiles.readSplit(dir)).isEmpty(); // absent file: no rows
    }
}
