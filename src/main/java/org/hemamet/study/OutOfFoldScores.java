package org.hemamet.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.contract.CalibrationFitRow;
import org.hemamet.contract.OutOfFoldRow;
import org.hemamet.contract.RunFiles;

/**
 * The out-of-fold scores of a cell's training part ({@link CalibrationFit}'s cross-fitting) by lesion, late
 * fusion's input: the {@value CalibrationFitRow#FIT} rows of the cell's {@code calibration_fit.csv} (the file
 * the calibration is fitted on and audited by), read only through {@link #read}.
 */
public final class OutOfFoldScores {
    private OutOfFoldScores() {}

    /**
     * The cell's out-of-fold scores, or null when the run kept none: no calibration_fit.csv (older runs), or
     * a calibration fitted on the inner validation split ({@code calibration_folds: 0}, fold -1), which is not
     * out of fold for every training lesion.
     */
    public static List<OutOfFoldRow> read(Path runDir, String cellId) {
        Path cellDir = RunFiles.cellDir(runDir, cellId);
        if (!Files.isRegularFile(cellDir.resolve(RunFiles.CALIBRATION_FIT))) {
            return null;
        }
        List<CalibrationFitRow> fit = RunFiles.readCalibrationFit(cellDir).stream()
                .filter(r -> CalibrationFitRow.FIT.equals(r.part()))
                .toList();
        if (fit.isEmpty() || fit.stream().anyMatch(r -> r.fold() < 0)) {
            return null;
        }
        return fit.stream()
                .map(r -> new OutOfFoldRow(
                        cellId, r.sampleId(), r.patientKey(), r.lesionId(), r.label(), r.score(), r.fold()))
                .toList();
    }
}
