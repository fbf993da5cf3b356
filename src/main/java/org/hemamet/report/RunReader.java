package org.hemamet.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.CellResult.Confusion;
import org.hemamet.contract.CommonLesionRow;
import org.hemamet.contract.DeLongRow;
import org.hemamet.contract.DecisionCurveRow;
import org.hemamet.contract.HeatMapIndex;
import org.hemamet.contract.HistoryRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.RunProvenance;
import org.hemamet.contract.SearchTrial;
import org.hemamet.contract.SplitRow;
import org.hemamet.core.Csv;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.metrics.Roc;
import org.hemamet.metrics.RocCurve;
import org.hemamet.report.StudyRun.Cell;
import org.hemamet.study.StudyConfig;

/**
 * Reads a study run directory (contracts.md section C) into a {@link StudyRun}, through the run's own
 * records ({@link RunFiles}). {@code results.csv} is required (exit 2 naming the file when absent or
 * unreadable); every other file is optional and, when absent, recorded in {@link StudyRun#missing()} so
 * the report can say "not available". A file that is there but malformed is invalid input (exit 2) naming
 * the file (and line).
 */
public final class RunReader {
    public static final String RESULTS = RunFiles.RESULTS;
    public static final String STUDY = RunFiles.STUDY;

    private RunReader() {}

    /** Checks that {@code runDir} is a directory holding results.csv (else exit 2 naming what is wrong). */
    public static void checkRunDir(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw HemametException.invalidInput(runDir + ": not a directory (expected a study run directory)");
        }
        Path results = runDir.resolve(RESULTS);
        if (!Files.isRegularFile(results)) {
            throw HemametException.invalidInput(
                    results + ": not found (is " + runDir + " a run directory written by 'hemamet study'?)");
        }
    }

    public static StudyRun read(Path runDir) {
        checkRunDir(runDir);
        List<String> missing = new ArrayList<>();
        List<ResultRow> results = results(runDir.resolve(RunFiles.RESULTS));
        List<PredictionRow> predictions =
                optional(runDir, RunFiles.PREDICTIONS, missing, () -> RunFiles.readPredictions(runDir));
        List<DeLongRow> delong = optional(runDir, RunFiles.DELONG, missing, () -> RunFiles.readDeLong(runDir));
        List<CommonLesionRow> common =
                optional(runDir, RunFiles.COMMON_LESIONS, missing, () -> RunFiles.readCommonLesions(runDir));
        List<DecisionCurveRow> curves =
                optional(runDir, RunFiles.DECISION_CURVES, missing, () -> RunFiles.readDecisionCurves(runDir));
        RunProvenance provenance = provenance(runDir, missing);
        StudyConfig study = studyConfig(runDir, missing);
        List<Cell> cells = new ArrayList<>();
        for (ResultRow r : results) {
            cells.add(cell(runDir, r, predictions, missing));
        }
        return new StudyRun(
                runDir,
                List.copyOf(cells),
                predictions,
                delong,
                common,
                curves,
                provenance,
                study,
                earlyFused(runDir, missing),
                List.copyOf(missing));
    }

    /**
     * The early-fused cells of results.csv with their rows of predictions.csv and heat-map index (empty when
     * there are none, or when either file cannot be read: the main reading says so).
     */
    private static List<StudyRun.FusedCell> earlyFused(Path runDir, List<String> missing) {
        if (!Files.isRegularFile(runDir.resolve(RunFiles.PREDICTIONS))) {
            return List.of();
        }
        List<ResultRow> rows;
        List<PredictionRow> predictions;
        try {
            rows = RunFiles.readAllResults(runDir);
            predictions = RunFiles.readAllPredictions(runDir);
        } catch (RuntimeException e) {
            return List.of();
        }
        List<StudyRun.FusedCell> out = new ArrayList<>();
        for (ResultRow r : rows) {
            if (!PredictionRow.EARLY_FUSED.equals(r.model()) || r.cellId() == null) {
                continue;
            }
            HeatMapIndex index;
            try {
                index = HeatMapIndex.read(runDir, r.cellId()).orElse(null);
            } catch (HemametException e) {
                missing.add(
                        "cells/" + r.cellId() + "/" + HeatMapIndex.DIR + "/" + HeatMapIndex.FILE + " (not readable)");
                index = null;
            }
            out.add(new StudyRun.FusedCell(
                    r.cellId(),
                    predictions.stream()
                            .filter(p -> p.fromEarlyFused() && r.cellId().equals(p.cellId()))
                            .toList(),
                    index));
        }
        return List.copyOf(out);
    }

    /** results.csv: its rows, each with a cell id; the columns the report cannot do without must be there. */
    private static List<ResultRow> results(Path file) {
        Csv.Table table = readCsv(file, Csv::readTable);
        for (String col : List.of("cell_id", "sequence", "comparison")) {
            if (!table.columns().contains(col)) {
                throw HemametException.invalidInput(file + ": missing column '" + col + "'");
            }
        }
        List<ResultRow> rows = new ArrayList<>();
        for (Csv.Record record : table.records()) {
            ResultRow r = readCsv(file, f -> Csv.convert(f, record, ResultRow.class));
            if (r.cellId() == null || r.cellId().isBlank()) {
                throw HemametException.invalidInput(file + ": line " + record.line() + ": empty cell_id");
            }
            if (r.fromCnn()) { // baseline rows are read by their own section
                rows.add(r);
            }
        }
        if (rows.isEmpty()) {
            throw HemametException.dataState(file + ": no cell of the CNN (a run's results.csv has one row per cell)");
        }
        return rows;
    }

    private static Cell cell(Path runDir, ResultRow r, List<PredictionRow> predictions, List<String> missing) {
        String id = r.cellId();
        Path cellDir = RunFiles.cellDir(runDir, id);
        String rel = RunFiles.CELLS + "/" + id + "/";
        boolean ok = r.status() == null || r.ok();
        CellResult result = readJson(cellDir.resolve(RunFiles.RESULT), () -> RunFiles.readCellResult(cellDir));
        if (result == null && ok) {
            missing.add(rel + RunFiles.RESULT);
        }
        List<PredictionRow> preds =
                predictions.stream().filter(p -> id.equals(p.cellId())).toList();
        Confusion confusion = result != null && result.confusion() != null
                ? result.confusion()
                : preds.isEmpty() ? null : confusion(preds);
        RocCurve roc = result != null && result.roc() != null && result.roc().fpr().length >= 2
                ? roc(result.roc())
                : preds.isEmpty() ? null : roc(preds);
        List<String> ifOk = ok ? missing : null;
        List<HistoryRow> history =
                optional(cellDir, RunFiles.HISTORY, ifOk, rel, () -> RunFiles.readHistory(cellDir)).stream()
                        .sorted(Comparator.comparingInt(HistoryRow::epoch))
                        .toList();
        List<SearchTrial> search = optional(cellDir, RunFiles.SEARCH, ifOk, rel, () -> RunFiles.readSearch(cellDir));
        List<SplitRow> split = optional(cellDir, RunFiles.SPLIT, missing, rel, () -> RunFiles.readSplit(cellDir));
        return new Cell(
                r,
                confusion,
                roc,
                history,
                search,
                split,
                HeatMapIndex.read(runDir, id).orElse(null),
                result == null ? null : result.calibration());
    }

    private static RunProvenance provenance(Path runDir, List<String> missing) {
        Path f = runDir.resolve(RunFiles.PROVENANCE);
        if (!Files.isRegularFile(f)) {
            missing.add(RunFiles.PROVENANCE);
            return null;
        }
        return readJson(f, () -> RunFiles.readProvenance(runDir));
    }

    /**
     * study.json as the study's own config record ({@link StudyConfig#read}), or null: absent, or not a
     * config this hemamet can read (both recorded in {@code missing}, the latter with the reason).
     */
    private static StudyConfig studyConfig(Path runDir, List<String> missing) {
        Path f = runDir.resolve(STUDY);
        if (!Files.isRegularFile(f)) {
            missing.add(STUDY);
            return null;
        }
        try {
            return StudyConfig.read(f);
        } catch (HemametException e) {
            missing.add(STUDY + " (" + e.getMessage().replace(f.toString() + ": ", "") + ")");
            return null;
        }
    }

    static JsonNode optionalJson(Path dir, String name, List<String> missing) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            if (missing != null) {
                missing.add(name);
            }
            return null;
        }
        try {
            return Json.mapper().readTree(f.toFile());
        } catch (IOException e) {
            throw HemametException.invalidInput(f + ": not valid JSON: " + org.hemamet.core.IoErrors.what(e), e);
        }
    }

    /** The confusion matrix of a cell's predictions (positive = metastasis group). */
    static Confusion confusion(List<PredictionRow> preds) {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (PredictionRow p : preds) {
            if (p.label() == 1 && p.predicted() == 1) tp++;
            else if (p.label() == 0 && p.predicted() == 1) fp++;
            else if (p.label() == 0 && p.predicted() == 0) tn++;
            else if (p.label() == 1 && p.predicted() == 0) fn++;
        }
        return new Confusion(tp, fp, tn, fn);
    }

    /**
     * The empirical ROC curve of the scores against the labels ({@link Roc#curve}) over the predictions
     * with a 0/1 label and a score; null when a class is absent.
     */
    static RocCurve roc(List<PredictionRow> preds) {
        List<PredictionRow> valid = preds.stream()
                .filter(p -> (p.label() == 0 || p.label() == 1) && !Double.isNaN(p.score()))
                .toList();
        long pos = valid.stream().filter(p -> p.label() == 1).count();
        if (pos == 0 || pos == valid.size()) {
            return null;
        }
        return Roc.curve(
                valid.stream().mapToInt(PredictionRow::label).toArray(),
                valid.stream().mapToDouble(PredictionRow::score).toArray());
    }

    /** result.json's curve (thresholds as written: infinite ones as +-Double.MAX_VALUE). */
    private static RocCurve roc(CellResult.RocPoints r) {
        if (r.fpr().length != r.tpr().length) {
            return null;
        }
        double[] thresholds = r.thresholds() != null && r.thresholds().length == r.fpr().length
                ? r.thresholds()
                : nans(r.fpr().length);
        return new RocCurve(r.fpr(), r.tpr(), thresholds);
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    /** An optional CSV of the run: its rows, or none (recorded in {@code missing}) when absent. */
    private static <T> List<T> optional(Path dir, String name, List<String> missing, Supplier<List<T>> reader) {
        return optional(dir, name, missing, "", reader);
    }

    private static <T> List<T> optional(
            Path dir, String name, List<String> missing, String prefix, Supplier<List<T>> reader) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            if (missing != null) {
                missing.add(prefix + name);
            }
            return List.of();
        }
        return readCsv(f, x -> reader.get());
    }

    /** Reads a CSV file; a malformed one is invalid input naming the file and line. */
    private static <T> T readCsv(Path file, Function<Path, T> reader) {
        try {
            return reader.apply(file);
        } catch (Csv.CsvException e) {
            throw HemametException.invalidInput((e.file() == null ? file + " " : "") + e.getMessage(), e);
        }
    }

    /** Reads a JSON document of the run; one that is not valid is invalid input naming the file. */
    private static <T> T readJson(Path file, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (UncheckedIOException e) {
            throw HemametException.invalidInput(file + ": not valid JSON: " + oneLine(e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput(file + ": not a document of this run: " + oneLine(e.getMessage()), e);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
