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
        char separator = separator(file);
        Rows rows = readRows(file, separator);
        Columns cols = Columns.of(file, rows.header(), modelColumn, clusterColumn);
        if (rows.rows().isEmpty()) {
            throw HemametException.invalidInput(file + ": no predictions (header only)");
        }
        String[] classes = classes(file, rows, cols.label(), positive);
        List<Model> models = new ArrayList<>();
        for (var e : rowsByModel(file, rows, cols.model()).entrySet()) {
            models.add(model(file, rows, cols, separator, classes[0], e.getKey(), e.getValue()));
        }
        return new PredictionsTable(
                file,
                classes[0],
                classes[1],
                cols.name(rows.header(), cols.model()),
                cols.name(rows.header(), cols.caseId()),
                cols.name(rows.header(), cols.cluster()),
                List.copyOf(models));
    }

    /**
     * The file's rows: the header (lower case, without a byte-order mark), the non-blank rows and their lines.
     */
    private record Rows(List<String> header, List<List<String>> rows, List<Integer> lines) {}

    private static Rows readRows(Path file, char separator) {
        List<String> header = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        List<Integer> rowLines = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<List<String>> it = mapper.readerForListOf(String.class)
                        .with(CsvSchema.emptySchema().withColumnSeparator(separator))
                        .readValues(r)) {
            if (!it.hasNext()) {
                throw HemametException.invalidInput(file + ": empty file (expected a header with label,score)");
            }
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
        return new Rows(header, rows, rowLines);
    }

    /** The columns read: label and score (required), model, case and cluster (-1 when absent). */
    private record Columns(int label, int score, int model, int caseId, int cluster) {
        static Columns of(Path file, List<String> header, String modelColumn, String clusterColumn) {
            int label = column(file, header, "label"); // refused in this order: label, score, model, cluster
            int score = column(file, header, "score");
            int model = modelColumn != null
                    ? column(file, header, modelColumn.toLowerCase(Locale.ROOT))
                    : firstPresent(header, MODEL_COLUMNS);
            int cluster;
            if (clusterColumn != null && !clusterColumn.equalsIgnoreCase(NO_CLUSTERS)) {
                cluster = column(file, header, clusterColumn.toLowerCase(Locale.ROOT));
            } else {
                cluster = clusterColumn == null ? firstPresent(header, CLUSTER_COLUMNS) : -1;
            }
            return new Columns(label, score, model, firstPresent(header, CASE_COLUMNS), cluster);
        }

        /** The name of column {@code col}, "" when absent. */
        String name(List<String> header, int col) {
            return col < 0 ? "" : header.get(col);
        }
    }

    private static int firstPresent(List<String> header, List<String> names) {
        for (String c : names) {
            if (header.contains(c)) {
                return header.indexOf(c);
            }
        }
        return -1;
    }

    /**
     * The positive and the negative label: {@code positive} (at most two labels, the positive among them), or
     * "1" and "0" when labels must be 0/1.
     */
    private static String[] classes(Path file, Rows rows, int labelCol, String positive) {
        Set<String> labelTexts = new TreeSet<>();
        for (int i = 0; i < rows.rows().size(); i++) {
            labelTexts.add(cell(file, rows.rows().get(i), labelCol, rows.lines().get(i), "label"));
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
        return new String[] {pos, neg};
    }

    /** Row indices per model ("all" without a model column), in order of first appearance. */
    private static Map<String, List<Integer>> rowsByModel(Path file, Rows rows, int modelCol) {
        Map<String, List<Integer>> byModel = new LinkedHashMap<>();
        for (int i = 0; i < rows.rows().size(); i++) {
            String name = modelCol < 0
                    ? "all"
                    : cell(
                            file,
                            rows.rows().get(i),
                            modelCol,
                            rows.lines().get(i),
                            rows.header().get(modelCol));
            byModel.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
        }
        return byModel;
    }

    /** One model's rows {@code idx} as labels, scores, cases and clusters; a case twice is refused. */
    private static Model model(
            Path file, Rows rows, Columns cols, char separator, String pos, String name, List<Integer> idx) {
        List<String> header = rows.header();
        int[] labels = new int[idx.size()];
        double[] scores = new double[idx.size()];
        String[] cases = cols.caseId() < 0 ? null : new String[idx.size()];
        String[] clusters = cols.cluster() < 0 ? null : new String[idx.size()];
        int[] lines = new int[idx.size()];
        Set<String> seen = new LinkedHashSet<>();
        for (int k = 0; k < idx.size(); k++) {
            int i = idx.get(k);
            List<String> row = rows.rows().get(i);
            int line = rows.lines().get(i);
            lines[k] = line;
            labels[k] = cell(file, row, cols.label(), line, "label").equals(pos) ? 1 : 0;
            scores[k] = score(file, cell(file, row, cols.score(), line, "score"), line, separator);
            if (clusters != null) {
                clusters[k] = cell(file, row, cols.cluster(), line, header.get(cols.cluster()));
            }
            if (cases != null) {
                cases[k] = cell(file, row, cols.caseId(), line, header.get(cols.caseId()));
                if (!seen.add(cases[k])) {
                    throw HemametException.invalidInput(file + ": line " + line + ": case '" + cases[k]
                            + "' appears twice" + (cols.model() < 0 ? "" : " for model '" + name + "'"));
                }
            }
        }
        return new Model(name, cases, labels, scores, clusters, lines);
    }

    /** A finite score; with ';' or a tab between fields, a decimal comma (R's write.csv2, such a spreadsheet). */
    private static double score(Path file, String s, int line, char separator) {
        double v;
        try {
            v = Double.parseDouble(org.hemamet.core.Csv.decimalPoint(s, separator));
        } catch (NumberFormatException ex) {
            throw HemametException.invalidInput(file + ": line " + line + ": score '" + s + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw HemametException.invalidInput(file + ": line " + line + ": score '" + s + "' is not a finite number");
        }
        return v;
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
