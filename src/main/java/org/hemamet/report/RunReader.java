package org.hemamet.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.contract.HeatMapIndex;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.metrics.Roc;
import org.hemamet.metrics.RocCurve;
import org.hemamet.report.StudyRun.Cell;
import org.hemamet.report.StudyRun.CellResult;
import org.hemamet.report.StudyRun.Confusion;
import org.hemamet.report.StudyRun.DelongComparison;
import org.hemamet.report.StudyRun.Epoch;
import org.hemamet.report.StudyRun.Prediction;
import org.hemamet.report.StudyRun.SplitRow;
import org.hemamet.report.StudyRun.Table;
import org.hemamet.study.StudyConfig;

/**
 * Reads a study run directory (contracts.md section C) into a {@link StudyRun}. {@code results.csv} is
 * required (exit 2 naming the file when absent or unreadable); every other file is optional and, when
 * absent, recorded in {@link StudyRun#missing()} so the report can say "not available".
 */
public final class RunReader {
    public static final String RESULTS = "results.csv";
    public static final String STUDY = "study.json";

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
        Path results = runDir.resolve(RESULTS);
        List<String> missing = new ArrayList<>();
        Table resultsTable = csv(results);
        for (String col : List.of("cell_id", "sequence", "comparison")) {
            if (!resultsTable.columns().contains(col)) {
                throw HemametException.invalidInput(results + ": missing column '" + col + "'");
            }
        }
        List<Prediction> predictions = optionalCsv(runDir, "predictions.csv", missing).rows().stream()
                .map(RunReader::prediction)
                .toList();
        List<DelongComparison> delong = optionalCsv(runDir, "delong.csv", missing).rows().stream()
                .map(RunReader::delong)
                .toList();
        JsonNode provenance = optionalJson(runDir, "provenance.json", missing);
        StudyConfig study = studyConfig(runDir, missing);

        List<Cell> cells = new ArrayList<>();
        int row = 1;
        for (Map<String, String> m : resultsTable.rows()) {
            row++;
            String id = m.getOrDefault("cell_id", "").trim();
            if (id.isEmpty()) {
                throw HemametException.invalidInput(results + ": row " + row + ": empty cell_id");
            }
            CellResult r = new CellResult(
                    id,
                    m.getOrDefault("sequence", "").trim(),
                    m.getOrDefault("comparison", "").trim(),
                    (int) num(m.get("repeat"), 0),
                    m.getOrDefault("status", "ok").trim(),
                    m.getOrDefault("message", "").trim(),
                    m);
            Path cellDir = runDir.resolve("cells").resolve(id);
            String rel = "cells/" + id + "/";
            JsonNode rj = optionalJson(cellDir, "result.json", null);
            if (rj == null && r.ok()) {
                missing.add(rel + "result.json");
            }
            List<Prediction> preds =
                    predictions.stream().filter(p -> p.cellId().equals(id)).toList();
            Confusion confusion = confusion(rj);
            if (confusion == null && !preds.isEmpty()) {
                confusion = confusion(preds);
            }
            RocCurve roc = roc(rj);
            if (roc == null && !preds.isEmpty()) {
                roc = roc(preds);
            }
            List<Epoch> history = optionalCsv(cellDir, "history.csv", r.ok() ? missing : null, rel).rows().stream()
                    .map(h -> new Epoch(
                            (int) num(h.get("epoch"), 0),
                            num(h.get("train_loss"), Double.NaN),
                            num(h.get("train_accuracy"), Double.NaN),
                            num(h.get("val_loss"), Double.NaN),
                            num(h.get("val_accuracy"), Double.NaN)))
                    .sorted(Comparator.comparingInt(Epoch::epoch))
                    .toList();
            Table search = optionalCsv(cellDir, "search.csv", r.ok() ? missing : null, rel);
            List<SplitRow> split = optionalCsv(cellDir, "split.csv", missing, rel).rows().stream()
                    .map(s -> new SplitRow(
                            s.getOrDefault("sample_id", ""),
                            s.getOrDefault("patient_key", ""),
                            s.getOrDefault("diagnosis", ""),
                            (int) num(s.get("label"), -1),
                            s.getOrDefault("partition", "")))
                    .toList();
            cells.add(new Cell(
                    r,
                    confusion,
                    roc,
                    history,
                    search,
                    split,
                    HeatMapIndex.read(runDir, id).orElse(null)));
        }
        return new StudyRun(runDir, List.copyOf(cells), predictions, delong, provenance, study, List.copyOf(missing));
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

    /** Reads a CSV file with a header row into a {@link Table}; errors name the file. */
    static Table csv(Path file) {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.TRIM_SPACES);
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<Map<String, String>> it =
                        mapper.readerFor(Map.class).with(schema).readValues(r)) {
            while (it.hasNext()) {
                rows.add(new LinkedHashMap<>(it.next()));
            }
            if (it.getParserSchema() instanceof CsvSchema s) {
                s.forEach(c -> columns.add(c.getName()));
            }
        } catch (IOException | RuntimeException e) {
            throw HemametException.invalidInput(file + ": cannot read CSV: " + oneLine(e.getMessage()), e);
        }
        return new Table(List.copyOf(columns), List.copyOf(rows));
    }

    private static Table optionalCsv(Path dir, String name, List<String> missing) {
        return optionalCsv(dir, name, missing, "");
    }

    private static Table optionalCsv(Path dir, String name, List<String> missing, String prefix) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            if (missing != null) {
                missing.add(prefix + name);
            }
            return Table.EMPTY;
        }
        return csv(f);
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
            throw HemametException.invalidInput(f + ": not valid JSON: " + oneLine(e.getMessage()), e);
        }
    }

    private static Prediction prediction(Map<String, String> m) {
        return new Prediction(
                m.getOrDefault("cell_id", ""),
                m.getOrDefault("sequence", ""),
                m.getOrDefault("comparison", ""),
                (int) num(m.get("repeat"), 0),
                m.getOrDefault("sample_id", ""),
                m.getOrDefault("patient_key", ""),
                m.getOrDefault("lesion_id", ""),
                m.getOrDefault("diagnosis", ""),
                (int) num(m.get("label"), -1),
                num(m.get("score"), Double.NaN),
                (int) num(m.get("predicted"), -1),
                m.getOrDefault("crop_path", ""));
    }

    private static DelongComparison delong(Map<String, String> m) {
        return new DelongComparison(
                m.getOrDefault("comparison", ""),
                (int) num(m.get("repeat"), 0),
                m.getOrDefault("sequence_a", ""),
                m.getOrDefault("sequence_b", ""),
                (int) num(m.get("n_common"), 0),
                num(m.get("auc_a"), Double.NaN),
                num(m.get("auc_b"), Double.NaN),
                num(m.get("z"), Double.NaN),
                num(m.get("p_value"), Double.NaN),
                Boolean.parseBoolean(m.getOrDefault("paired", "false").trim()));
    }

    private static Confusion confusion(JsonNode rj) {
        JsonNode c = rj == null ? null : rj.get("confusion");
        if (c == null || !c.isObject()) {
            return null;
        }
        return new Confusion(
                c.path("tp").asLong(),
                c.path("fp").asLong(),
                c.path("tn").asLong(),
                c.path("fn").asLong());
    }

    static Confusion confusion(List<Prediction> preds) {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (Prediction p : preds) {
            if (p.label() == 1 && p.predicted() == 1) tp++;
            else if (p.label() == 0 && p.predicted() == 1) fp++;
            else if (p.label() == 0 && p.predicted() == 0) tn++;
            else if (p.label() == 1 && p.predicted() == 0) fn++;
        }
        return new Confusion(tp, fp, tn, fn);
    }

    private static RocCurve roc(JsonNode rj) {
        JsonNode r = rj == null ? null : rj.get("roc");
        if (r == null
                || !r.path("fpr").isArray()
                || r.path("fpr").size() != r.path("tpr").size()
                || r.path("fpr").size() < 2) {
            return null;
        }
        int n = r.get("fpr").size();
        double[] fpr = new double[n];
        double[] tpr = new double[n];
        double[] thresholds = new double[n];
        boolean hasThresholds =
                r.path("thresholds").isArray() && r.get("thresholds").size() == n;
        for (int i = 0; i < n; i++) {
            fpr[i] = r.get("fpr").get(i).asDouble();
            tpr[i] = r.get("tpr").get(i).asDouble();
            thresholds[i] = hasThresholds ? r.get("thresholds").get(i).asDouble() : Double.NaN;
        }
        return new RocCurve(fpr, tpr, thresholds);
    }

    /**
     * The empirical ROC curve of the scores against the labels ({@link Roc#curve}) over the predictions
     * with a 0/1 label and a score; null when a class is absent.
     */
    static RocCurve roc(List<Prediction> preds) {
        List<Prediction> valid = preds.stream()
                .filter(p -> (p.label() == 0 || p.label() == 1) && !Double.isNaN(p.score()))
                .toList();
        long pos = valid.stream().filter(p -> p.label() == 1).count();
        if (pos == 0 || pos == valid.size()) {
            return null;
        }
        return Roc.curve(
                valid.stream().mapToInt(Prediction::label).toArray(),
                valid.stream().mapToDouble(Prediction::score).toArray());
    }

    private static double num(String s, double dflt) {
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
