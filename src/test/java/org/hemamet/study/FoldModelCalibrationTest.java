package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hemamet.contract.Calibration;
import org.hemamet.contract.CalibrationFitRow;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.metrics.LogisticCalibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldModelCalibrationTest {
    static final String CELL = "T1__hemangioma-vs-rcc__r0";

    /** Test rows of 3 fold models with noisy but informative scores, and fit rows that must not be used. */
    static List<CalibrationFitRow> rows(long seed) {
        Random r = new Random(seed);
        List<CalibrationFitRow> rows = new ArrayList<>();
        for (int fold = 0; fold < 3; fold++) {
            for (int i = 0; i < 60; i++) {
                int label = i % 2;
                double z = (label == 1 ? 1.5 : -1.5) + 1.6 * r.nextGaussian();
                rows.add(new CalibrationFitRow(
                        "P" + i + "_L1_T1",
                        "P" + i,
                        "L1",
                        label,
                        CalibrationFitRow.TEST,
                        fold,
                        1 / (1 + Math.exp(-z))));
                // a held-out score of the opposite sign: were fit rows used, the slope would be negative
                rows.add(new CalibrationFitRow(
                        "Q" + i + "_L1_T1", "Q" + i, "L1", label, CalibrationFitRow.FIT, fold, 1 / (1 + Math.exp(z))));
            }
        }
        return rows;
    }

    static Path cell(Path run, double slope, Integer folds) {
        Path dir = RunFiles.cellDir(run, CELL);
        ResultRow row = ResultRow.of(
                new ResultRow.Cell(CELL, "T1", "hemangioma-vs-rcc", 0, 30, 30, 30, 30, 0, 0, 0, false),
                ResultRow.OK,
                "",
                null,
                0.5,
                "fixed",
                Map.of(),
                1.0);
        Calibration c = folds == null
                ? Calibration.onValidation(Calibration.TEMPERATURE, slope, 0, 60, 30, null)
                : Calibration.crossFitted(Calibration.TEMPERATURE, slope, 0, folds, 180, 90, null);
        RunFiles.writeCellResult(dir, new CellResult(row, null, null, c));
        RunFiles.writeCalibrationFit(dir, rows(3));
        return dir;
    }

    @Test
    void theFoldModelsTestScoresUnderTheFittedTemperatureGiveCoxSlopeOverTheTemperature(@TempDir Path run) {
        // Cox's slope of sigmoid(a * logit(s)) is Cox's slope of s over a: the test computes it from the raw test rows
        List<CalibrationFitRow> test = rows(3).stream()
                .filter(x -> x.part().equals(CalibrationFitRow.TEST))
                .toList();
        double raw = LogisticCalibration.cox(
                        test.stream().mapToInt(CalibrationFitRow::label).toArray(),
                        test.stream().mapToDouble(CalibrationFitRow::score).toArray())
                .slope();
        assertThat(raw).isPositive();
        Path dir = cell(run, 0.4, 3);
        assertThat(FoldModelCalibration.slope(dir)).isCloseTo(raw / 0.4, within(1e-6));
        ResultRow row = RunFiles.readCellResult(dir).row();
        assertThat(FoldModelCalibration.slopes(run, List.of(row))).containsExactly(FoldModelCalibration.slope(dir));
    }

    @Test
    void aCellCalibratedOnTheValidationSplitOrWithoutItsFileHasNone(@TempDir Path run) {
        assertThat(FoldModelCalibration.slope(cell(run, 0.4, null))).isNaN();
        assertThat(FoldModelCalibration.slope(run.resolve("cells/none"))).isNaN();
    }
}
