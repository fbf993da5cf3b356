package org.hemamet.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hemamet.contract.OutOfFoldRow;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Csv;

/**
 * The out-of-fold scores of a cell's training part ({@link CalibrationFit}'s cross-fitting) by lesion, kept
 * for late fusion in {@code RUN/oof/<cell_id>.csv} ({@link OutOfFoldRow}). Late fusion reads them only
 * through {@link #read}: the one place to point at another file holding the same scores.
 */
public final class OutOfFoldScores {
    public static final String DIR = "oof";

    private OutOfFoldScores() {}

    /** Collects one cell's scores, fold by fold. */
    static final class Collector {
        private final String cellId;
        private final List<OutOfFoldRow> rows = new ArrayList<>();

        Collector(String cellId) {
            this.cellId = cellId;
        }

        void add(int fold, List<CellPartition.Case> heldOut, double[] scores) {
            for (int i = 0; i < heldOut.size(); i++) {
                var s = heldOut.get(i).sample();
                rows.add(new OutOfFoldRow(
                        cellId,
                        s.sampleId(),
                        s.patientKey(),
                        s.lesionId(),
                        heldOut.get(i).label(),
                        scores[i],
                        fold));
            }
        }

        /** Writes the file (atomically). */
        void write(Path runDir) {
            AtomicFiles.writeString(file(runDir, cellId), Csv.write(OutOfFoldRow.class, rows));
        }
    }

    static Path file(Path runDir, String cellId) {
        return runDir.resolve(DIR).resolve(cellId + ".csv");
    }

    /** The cell's out-of-fold scores, or null when the run kept none (calibration_folds < 2, older runs). */
    public static List<OutOfFoldRow> read(Path runDir, String cellId) {
        Path f = file(runDir, cellId);
        return Files.isRegularFile(f) ? Csv.read(f, OutOfFoldRow.class) : null;
    }
}
