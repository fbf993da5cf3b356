package org.hemamet.metrics;

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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hemamet.core.HemametException;

/**
 * A predictions file any model can write: a CSV with a header, columns {@code label} and {@code score}
 * (score = P(positive) or any score higher for positives), optionally a model column ({@code model}, else
 * {@code group}, or the one named) to evaluate several models, and a case column ({@code case},
 * {@code case_id}, {@code sample_id} or {@code id}) that pairs the models' predictions on the same cases,
 * and a cluster column ({@code patient}, {@code patient_id} or {@code patient_key} (hemamet's own), or the one named) naming the patient of each
 * case, so that intervals are at the patient level when a patient has several lesions.
 * hemamet's own {@code predictions.csv} qualifies (group by {@code cell_id} or {@code sequence}).
 *
 * <p>Labels: without {@code positive}, they must be 0 or 1 (1 = positive); with it, rows whose label
 * equals it (exact text) are positive and all others negative, and the file may hold at most two
 * distinct labels. Every problem is a {@link HemametException#invalidInput} naming the file and the line.
 *
 * @param file          the file read
 * @param positiveLabel the text of the positive label ("1" by default)
 * @param negativeLabel the other label seen, or "" when only one is present
 * @param modelColumn   the model column used, or "" (then one model named "all")
 * @param caseColumn    the case column used, or ""
 * @param clusterColumn the cluster (patient) column used, or "" (cases then count as independent)
 * @param models        the models in order of first appearance
 */
public record PredictionsTable(
        Path file,
        String positiveLabel,
        String negativeLabel,
        String modelColumn,
        String caseColumn,
        String clusterColumn,
        List<Model> models) {

    /**
     * The predictions of one model; {@code caseIds} is null without a case column, {@code clusterIds} (the
     * patient of each case) null without a cluster column; {@code lines} the file line (1-based, the header
     * is line 1) of each case, for messages.
     */
    public record Model(
            String name, String[] caseIds, int[] labels, double[] scores, String[] clusterIds, int[] lines) {}

    /**
     * A score that is no probability.
     *
     * @param line  its file line
     * @param score the score
     * @param model its model ("" without a model column)
     */
    public record Outside(int line, double score, String model) {
        /** Where it is, in words: {@code score S on line N (model 'M')}. */
        public String describe() {
            String v = Double.isFinite(score)
                    ? java.math.BigDecimal.valueOf(score).stripTrailingZeros().toPlainString()
                    : String.valueOf(score);
            return "score " + v + " on line " + line + (model.isEmpty() ? "" : " (model '" + model + "')");
        }
    }

    /** The first score (by file line) outside [0, 1], if any: the scores are then not P(positive). */
    public java.util.Optional<Outside> firstOutsideUnitInterval() {
        Outside first = null;
        for (Model m : models) {
            for (int k = 0; k < m.scores().length; k++) {
                double s = m.scores()[k];
                if (!(s >= 0 && s <= 1) && (first == null || m.lines()[k] < first.line())) {
                    first = new Outside(m.lines()[k], s, modelColumn.isEmpty() ? "" : m.name());
                }
            }
        }
        return java.util.Optional.ofNullable(first);
    }

    /** {@code clusterColumn} value of {@link #read(Path, String, String, String)} that turns clustering off. */
    public static final String NO_CLUSTERS = "none";

    private static final List<String> CLUSTER_COLUMNS = List.of("patient", "patient_id", "patient_key");

    private static final List<String> MODEL_COLUMNS = List.of("model", "group");
    private static final List<String> CASE_COLUMNS = List.of("case", "case_id", "sample_id", "id");

    /**
     * Reads {@code file}.
     *
     * @param positive    the positive label text, or null for 0/1 labels
     * @param modelColumn the model column, or null to use {@code model}/{@code group} when present
     */
    public static PredictionsTable read(Path file, String positive, String modelColumn) {
        return read(file, positive, modelColumn, null);
    }

    /**
     * Reads {@code file}.
     *
     * @param positive      the positive label text, or null for 0/1 labels
     * @param modelColumn   the model column, or null to use {@code model}/{@code group} when present
     * @param clusterColumn the cluster (patient) column, null to use {@code patient}/{@code patient_id}
     *                      when present, or {@value #NO_CLUSTERS} to treat cases as independent
     */
    public static PredictionsTable read(Path file, String positive, String modelColumn, String clusterColumn) {
        if (!Files.isRegularFile(file)) {
            throw HemametException.invalidInput(
                    file + (Files.isDirectory(file) ? ": is a directory, not a CSV file" : ": no such file"));
        }
        List<String> header;
        List<List<String>> rows = new ArrayList<>();
        List<Integer> rowLines = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        char separator = separator(file);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<List<String>> it = mapper.readerForListOf(String.class)
                        .with(CsvSchema.emptySchema().withColumnSeparator(separator))
                        .readValues(r)) {
            if (!it.hasNext()) {
                throw HemametException.invalidInput(file + ": empty file (expected a header with label,score)");
            }
            header = new ArrayList<>();
            for (String h : it.next()) {
                header.add(h.trim().toLowerCase(Locale.ROOT).replace("\uFEFF", ""));
            }
            int line = 1;
            while (it.hasNext()) {
                List<String> row = it.next();
                line++;
                if (!(row.size() == 1 && row.get(0).isBlank())) {
                    if (row.size() > header.size()) {
                        throw HemametException.invalidInput(file + ": line " + line + ": " + row.size()
                                + " fields, the header has " + header.size() + " columns");
                    }
                    rows.add(row);
                    rowLines.add(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof HemametException he) {
                throw he;
            }
            String why = e instanceof IOException io
                    ? org.hemamet.core.IoErrors.what(io)
                    : String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw HemametException.invalidInput(file + ": not a readable CSV file: " + why, e);
        }
        int labelCol = column(file, header, "label");
        int scoreCol = column(file, header, "score");
        int modelCol = -1;
        if (modelColumn != null) {
            modelCol = column(file, header, modelColumn.toLowerCase(Locale.ROOT));
        } else {
            for (String c : MODEL_COLUMNS) {
                if (header.contains(c)) {
                    modelCol = header.indexOf(c);
                    break;
                }
            }
        }
        int clusterCol = -1;
        if (clusterColumn != null && !clusterColumn.equalsIgnoreCase(NO_CLUSTERS)) {
            clusterCol = column(file, header, clusterColumn.toLowerCase(Locale.ROOT));
        } else if (clusterColumn == null) {
            for (String c : CLUSTER_COLUMNS) {
                if (header.contains(c)) {
                    clusterCol = header.indexOf(c);
                    break;
                }
            }
        }
        int caseCol = -1;
        for (String c : CASE_COLUMNS) {
            if (header.contains(c)) {
                caseCol = header.indexOf(c);
                break;
            }
        }
        if (rows.isEmpty()) {
            throw HemametException.invalidInput(file + ": no predictions (header only)");
        }
        Set<String> labelTexts = new TreeSet<>();
        for (int i = 0; i < rows.size(); i++) {
            labelTexts.add(cell(file, rows.get(i), labelCol, rowLines.get(i), "label"));
        }
        String pos = positive;
        if (pos == null) {
            for (String t : labelTexts) {
                if (!t.equals("0") && !t.equals("1")) {
                    throw HemametException.invalidInput(
                            file + ": label '" + t + "' is not 0 or 1 (name the positive class with --positive LABEL)");
                }
            }
            pos = "1";
        } else {
            if (labelTexts.size() > 2) {
                throw HemametException.invalidInput(file + ": label column has " + labelTexts.size()
                        + " distinct values " + labelTexts + "; a binary evaluation needs at most 2");
            }
            if (!labelTexts.contains(pos)) {
                throw HemametException.invalidInput(file + ": no row has the positive label '" + pos
                        + "' (labels present: " + String.join(", ", labelTexts) + ")");
            }
        }
        String neg = "";
        for (String t : labelTexts) {
            if (!t.equals(pos)) {
                neg = t;
            }
        }
        if (positive == null && neg.isEmpty()) {
            neg = "0";
        }
        Map<String, List<Integer>> byModel = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String name =
                    modelCol < 0 ? "all" : cell(file, rows.get(i), modelCol, rowLines.get(i), header.get(modelCol));
            byModel.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
        }
        List<Model> models = new ArrayList<>();
        for (var e : byModel.entrySet()) {
            List<Integer> idx = e.getValue();
            int[] labels = new int[idx.size()];
            double[] scores = new double[idx.size()];
            String[] cases = caseCol < 0 ? null : new String[idx.size()];
            String[] clusters = clusterCol < 0 ? null : new String[idx.size()];
            int[] lines = new int[idx.size()];
            Set<String> seen = new LinkedHashSet<>();
            for (int k = 0; k < idx.size(); k++) {
                int i = idx.get(k);
                List<String> row = rows.get(i);
                lines[k] = rowLines.get(i);
                labels[k] = cell(file, row, labelCol, rowLines.get(i), "label").equals(pos) ? 1 : 0;
                String s = cell(file, row, scoreCol, rowLines.get(i), "score");
                double v;
                try {
                    // with ';' or a tab between fields, a decimal comma (R's write.csv2, a spreadsheet in such a
                    // locale)
                    v = Double.parseDouble(org.hemamet.core.Csv.decimalPoint(s, separator));
                } catch (NumberFormatException ex) {
                    throw HemametException.invalidInput(
                            file + ": line " + rowLines.get(i) + ": score '" + s + "' is not a number");
                }
                if (!Double.isFinite(v)) {
                    throw HemametException.invalidInput(
                            file + ": line " + rowLines.get(i) + ": score '" + s + "' is not a finite number");
                }
                scores[k] = v;
                if (clusters != null) {
                    clusters[k] = cell(file, row, clusterCol, rowLines.get(i), header.get(clusterCol));
                }
                if (cases != null) {
                    cases[k] = cell(file, row, caseCol, rowLines.get(i), header.get(caseCol));
                    if (!seen.add(cases[k])) {
                        throw HemametException.invalidInput(file + ": line " + rowLines.get(i) + ": case '" + cases[k]
                                + "' appears twice" + (modelCol < 0 ? "" : " for model '" + e.getKey() + "'"));
                    }
                }
            }
            models.add(new Model(e.getKey(), cases, labels, scores, clusters, lines));
        }
        return new PredictionsTable(
                file,
                pos,
                neg,
                modelCol < 0 ? "" : header.get(modelCol),
                caseCol < 0 ? "" : header.get(caseCol),
                clusterCol < 0 ? "" : header.get(clusterCol),
                List.copyOf(models));
    }

    private static int column(Path file, List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw HemametException.invalidInput(
                    file + ": missing column '" + name + "' (columns: " + String.join(", ", header) + ")");
        }
        return i;
    }

    /** Column {@code col} of {@code row} (file line {@code line}), refused when empty. */
    private static String cell(Path file, List<String> row, int col, int line, String name) {
        String v = col < row.size() ? row.get(col).trim() : "";
        if (v.isEmpty()) {
            throw HemametException.invalidInput(file + ": line " + line + ": empty " + name);
        }
        return v;
    }

    /**
     * The file's field separator by its first line ({@link org.hemamet.core.Csv#separator}: ';' as R's
     * {@code write.csv2} and spreadsheets of decimal-comma locales write, whose scores then have a decimal comma;
     * a tab as a spreadsheet's tab-delimited text).
     */
    private static char separator(Path file) {
        try (java.io.BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            return first == null ? ',' : org.hemamet.core.Csv.separator(first);
        } catch (IOException | java.io.UncheckedIOException e) {
            return ','; // the read below reports what is wrong with the file
        }
    }
}
