package org.hemamet.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hemamet.contract.CalibrationFitRow;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.metrics.LogisticCalibration;

/**
 * How the cross-fitting fold models themselves are calibrated on the test part: each cell's fold models' test
 * scores ({@code calibration_fit.csv} part {@value CalibrationFitRow#TEST}, pooled over the folds) under the
 * recalibration fitted on their held-out scores, judged by Cox's slope ({@link LogisticCalibration#cox}). It
 * separates two reasons for a final model's calibrated slope away from 1: when the fold models' slope is near 1
 * too, the temperature fits the models it was fitted on, and the final model (retrained on the whole training
 * part) is scaled otherwise than its fold models (the learning curve; more {@code calibration_folds} brings them
 * closer); when the fold models' slope is off as well, the test part differs from the held-out folds. Nothing is
 * fitted on the test set: the recalibration is the cell's own; the slope is reported, never used.
 */
final class FoldModelCalibration {
    private FoldModelCalibration() {}

    /** The finite fold-model Cox slopes of the cross-fitted CNN cells of {@code rows}, sorted. */
    static double[] slopes(Path runDir, List<ResultRow> rows) {
        List<Double> out = new ArrayList<>();
        for (ResultRow r : rows) {
            double s = slope(RunFiles.cellDir(runDir, r.cellId()));
            if (Double.isFinite(s)) {
                out.add(s);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** A cell's fold-model Cox slope; NaN without cross-fitted calibration or when not estimable. */
    static double slope(Path cellDir) {
        if (!Files.isRegularFile(cellDir.resolve(RunFiles.CALIBRATION_FIT))
                || !Files.isRegularFile(cellDir.resolve(RunFiles.RESULT))) {
            return Double.NaN;
        }
        CellResult result = RunFiles.readCellResult(cellDir);
        var c = result == null ? null : result.calibration();
        if (c == null || c.folds() == null || c.folds() < 2 || c.slope() == null || c.intercept() == null) {
            return Double.NaN;
        }
        List<CalibrationFitRow> test = RunFiles.readCalibrationFit(cellDir).stream()
                .filter(x -> CalibrationFitRow.TEST.equals(x.part()))
                .toList();
        if (test.isEmpty()) {
            return Double.NaN;
        }
        LogisticCalibration fitted = new LogisticCalibration(c.intercept(), c.slope(), 0, 0, "", 0, 0);
        int[] labels = test.stream().mapToInt(CalibrationFitRow::label).toArray();
        double[] p = test.stream().mapToDouble(x -> fitted.apply(x.score())).toArray();
        return LogisticCalibration.cox(labels, p).slope();
    }
}
