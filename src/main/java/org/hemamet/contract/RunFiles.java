package org.hemamet.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Csv;
import org.hemamet.core.Json;

/**
 * The one place that writes and reads the files of a study run directory (docs/contracts.md C). Every
 * file is written atomically. Reading a missing CSV gives no rows; a malformed one throws {@link
 * Csv.CsvException} naming the file and line.
 *
 * <pre>
 * RUN_DIR/ study.json provenance.json results.csv predictions.csv delong.csv common_lesions.csv
 *          fusion.csv decision_curves.csv summary.md
 *          cells/&lt;cell_id&gt;/ result.json history.csv search.csv split.csv predictions.csv
 *                              calibration_fit.csv model/
 * </pre>
 */
public final class RunFiles {
    public static final String STUDY = "study.json";
    public static final String PROVENANCE = "provenance.json";
    /** The dataset hash the run was made on, written when the run starts (provenance.json has it when it ends). */
    public static final String DATASET_SHA256 = "dataset.sha256";

    public static final String RESULTS = "results.csv";
    public static final String PREDICTIONS = "predictions.csv";
    public static final String DELONG = "delong.csv";
    public static final String COMMON_LESIONS = "common_lesions.csv";
    public static final String FUSION = "fusion.csv";
    public static final String DECISION_CURVES = "decision_curves.csv";
    public static final String SUMMARY = "summary.md";
    public static final String CELLS = "cells";
    public static final String RESULT = "result.json";
    public static final String HISTORY = "history.csv";
    public static final String SEARCH = "search.csv";
    public static final String SPLIT = "split.csv";
    public static final String CALIBRATION_FIT = "calibration_fit.csv";
    public static final String MODEL = "model";

    private static final ObjectMapper LENIENT =
            Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RunFiles() {}

    /** The directory of a cell. */
    public static Path cellDir(Path runDir, String cellId) {
        return runDir.resolve(CELLS).resolve(cellId);
    }

    // --------------------------------------------------------------------------------- run level

    public static void writeResults(Path runDir, List<ResultRow> rows) {
        write(runDir.resolve(RESULTS), ResultRow.class, rows);
    }

    /** The CNN's rows of {@code results.csv} (a file without the model column has only those). */
    public static List<ResultRow> readResults(Path runDir) {
        return readAllResults(runDir).stream().filter(ResultRow::fromCnn).toList();
    }

    /** Every row of {@code results.csv}: the CNN's, then the baselines'. */
    public static List<ResultRow> readAllResults(Path runDir) {
        return Csv.read(runDir.resolve(RESULTS), ResultRow.class);
    }

    /** Writes {@code predictions.csv} into a run or a cell directory. */
    public static void writePredictions(Path dir, List<PredictionRow> rows) {
        write(dir.resolve(PREDICTIONS), PredictionRow.class, rows);
    }

    /** The CNN's rows of {@code predictions.csv} of a run or a cell directory. */
    public static List<PredictionRow> readPredictions(Path dir) {
        return readAllPredictions(dir).stream().filter(PredictionRow::fromCnn).toList();
    }

    /** Every row of {@code predictions.csv}: the CNN's, then the baselines'. */
    public static List<PredictionRow> readAllPredictions(Path dir) {
        return Csv.read(dir.resolve(PREDICTIONS), PredictionRow.class);
    }

    public static void writeDeLong(Path runDir, List<DeLongRow> rows) {
        write(runDir.resolve(DELONG), DeLongRow.class, rows);
    }

    public static List<DeLongRow> readDeLong(Path runDir) {
        return Csv.read(runDir.resolve(DELONG), DeLongRow.class);
    }

    public static void writeCommonLesions(Path runDir, List<CommonLesionRow> rows) {
        write(runDir.resolve(COMMON_LESIONS), CommonLesionRow.class, rows);
    }

    public static List<CommonLesionRow> readCommonLesions(Path runDir) {
        return Csv.read(runDir.resolve(COMMON_LESIONS), CommonLesionRow.class);
    }

    public static void writeFusion(Path runDir, List<FusionRow> rows) {
        write(runDir.resolve(FUSION), FusionRow.class, rows);
    }

    /** The run's fused cells against the best single sequence; empty when the run fused nothing. */
    public static List<FusionRow> readFusion(Path runDir) {
        return Files.isRegularFile(runDir.resolve(FUSION))
                ? Csv.read(runDir.resolve(FUSION), FusionRow.class)
                : List.of();
    }

    public static void writeDecisionCurves(Path runDir, List<DecisionCurveRow> rows) {
        write(runDir.resolve(DECISION_CURVES), DecisionCurveRow.class, rows);
    }

    /** The run's decision curves; empty in runs of older versions. */
    public static List<DecisionCurveRow> readDecisionCurves(Path runDir) {
        return Files.isRegularFile(runDir.resolve(DECISION_CURVES))
                ? Csv.read(runDir.resolve(DECISION_CURVES), DecisionCurveRow.class)
                : List.of();
    }

    public static void writeProvenance(Path runDir, RunProvenance provenance) {
        writeJson(runDir.resolve(PROVENANCE), provenance);
    }

    /** The run's provenance, or null when the run has none (not finished yet). */
    public static RunProvenance readProvenance(Path runDir) {
        return readJson(runDir.resolve(PROVENANCE), RunProvenance.class);
    }

    // --------------------------------------------------------------------------------- cell level

    /** Writes {@code result.json}; a cell is done once it exists, so write it last. */
    public static void writeCellResult(Path cellDir, CellResult result) {
        writeJson(cellDir.resolve(RESULT), result);
    }

    /** A cell's {@code result.json}, or null when the cell is not done. */
    public static CellResult readCellResult(Path cellDir) {
        return readJson(cellDir.resolve(RESULT), CellResult.class);
    }

    /** Whether a cell has finished (its {@code result.json} exists). */
    public static boolean isDone(Path cellDir) {
        return Files.isRegularFile(cellDir.resolve(RESULT));
    }

    public static void writeHistory(Path cellDir, List<HistoryRow> rows) {
        write(cellDir.resolve(HISTORY), HistoryRow.class, rows);
    }

    public static List<HistoryRow> readHistory(Path cellDir) {
        return Csv.read(cellDir.resolve(HISTORY), HistoryRow.class);
    }

    public static void writeSearch(Path cellDir, List<SearchTrial> rows) {
        write(cellDir.resolve(SEARCH), SearchTrial.class, rows);
    }

    public static List<SearchTrial> readSearch(Path cellDir) {
        return Csv.read(cellDir.resolve(SEARCH), SearchTrial.class);
    }

    public static void writeSplit(Path cellDir, List<SplitRow> rows) {
        write(cellDir.resolve(SPLIT), SplitRow.class, rows);
    }

    public static List<SplitRow> readSplit(Path cellDir) {
        return Csv.read(cellDir.resolve(SPLIT), SplitRow.class);
    }

    public static void writeCalibrationFit(Path cellDir, List<CalibrationFitRow> rows) {
        write(cellDir.resolve(CALIBRATION_FIT), CalibrationFitRow.class, rows);
    }

    /** A cell's {@code calibration_fit.csv} (no rows in runs of older versions). */
    public static List<CalibrationFitRow> readCalibrationFit(Path cellDir) {
        return Csv.read(cellDir.resolve(CALIBRATION_FIT), CalibrationFitRow.class);
    }

    // --------------------------------------------------------------------------------- helpers

    /** The column names of a row record (as its CSV header). */
    public static List<String> columns(Class<?> rowType) {
        return Csv.columns(rowType);
    }

    /** CSV text of typed rows, as written to the run's files. */
    public static <T> String csv(Class<T> type, List<T> rows) {
        return Csv.write(type, rows);
    }

    /** JSON text of a document, as written to the run's files (keys sorted, trailing newline). */
    public static String json(Object document) {
        try {
            return Json.mapper().writeValueAsString(document) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot serialise " + document.getClass().getSimpleName(), e);
        }
    }

    /** Jackson mapper that ignores fields a record does not know (files of newer versions). */
    static ObjectMapper lenient() {
        return LENIENT;
    }

    private static <T> void write(Path file, Class<T> type, List<T> rows) {
        AtomicFiles.writeString(file, Csv.write(type, rows));
    }

    private static void writeJson(Path file, Object document) {
        AtomicFiles.writeString(file, json(document));
    }

    private static <T> T readJson(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return LENIENT.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + org.hemamet.core.IoErrors.what(e), e);
        }
    }
}
