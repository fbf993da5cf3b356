package org.hemamet.cohort;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hemamet.core.Csv;
import org.hemamet.core.HemametException;

/**
 * {@code cohort.csv}: one row per lesion, columns
 * {@code patient_id,lesion_id,diagnosis,histology_confirmed,age,sex,level} (the last four optional; header
 * names are case-insensitive; extra columns are ignored). Diagnoses are normalised with
 * {@link Diagnosis#lookup}. Errors name the file and row (the line the record starts on; read by {@link
 * Csv}): missing column, empty patient or lesion id,
 * unknown diagnosis, a lesion listed twice.
 */
public final class CohortTable {
    public static final String FILE_NAME = "cohort.csv";

    private final Path file;
    private final Map<String, CohortLesion> lesions;

    private CohortTable(Path file, Map<String, CohortLesion> lesions) {
        this.file = file;
        this.lesions = lesions;
    }

    public Path file() {
        return file;
    }

    /** All lesions in file order. */
    public List<CohortLesion> lesions() {
        return List.copyOf(lesions.values());
    }

    /** The lesion of a patient, if listed. */
    public Optional<CohortLesion> find(String patientId, String lesionId) {
        return Optional.ofNullable(lesions.get(key(patientId, lesionId)));
    }

    private static String key(String patientId, String lesionId) {
        return patientId.trim() + "\u0000" + lesionId.trim().toUpperCase(Locale.ROOT);
    }

    /** Reads and validates {@code file}. */
    public static CohortTable read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw HemametException.invalidInput(file + ": not found (a cohort needs cohort.csv with columns"
                    + " patient_id,lesion_id,diagnosis,histology_confirmed,age,sex,level)");
        }
        Csv.Table table;
        try {
            table = Csv.table(Csv.parse(file));
        } catch (Csv.CsvException e) {
            throw HemametException.invalidInput(
                    file + ": cannot read CSV (line " + e.line() + ": " + e.reason() + ")", e);
        } catch (UncheckedIOException e) {
            throw HemametException.invalidInput(
                    file + ": cannot read CSV (" + e.getCause().getMessage() + ")", e);
        }
        List<String> columns = table.columns().stream().map(CohortTable::column).toList();
        Map<String, CohortLesion> out = new LinkedHashMap<>();
        boolean checkedHeader = false;
        for (Csv.Record r : table.records()) {
            int row = r.line();
            Map<String, String> m = new LinkedHashMap<>();
            r.values().forEach((k, v) -> m.put(column(k), v == null ? "" : v.trim()));
            if (!checkedHeader) {
                for (String c : List.of("patient_id", "lesion_id", "diagnosis")) {
                    if (!columns.contains(c)) {
                        throw HemametException.invalidInput(file + ": missing column '" + c + "' (header must"
                                + " include patient_id,lesion_id,diagnosis)");
                    }
                }
                checkedHeader = true;
            }
            if (m.values().stream().allMatch(String::isEmpty)) {
                continue;
            }
            String pid = m.getOrDefault("patient_id", "");
            String lid = m.getOrDefault("lesion_id", "");
            if (pid.isEmpty()) {
                throw HemametException.invalidInput(file + ": row " + row + ": empty patient_id");
            }
            if (lid.isEmpty()) {
                throw HemametException.invalidInput(file + ": row " + row + ": empty lesion_id");
            }
            String dx = m.getOrDefault("diagnosis", "");
            Diagnosis d = Diagnosis.lookup(dx)
                    .orElseThrow(() -> HemametException.invalidInput(file + ": row " + row + ": unknown diagnosis '"
                            + dx + "' (expected hemangioma, breast, lung, prostate, rcc or myeloma)"));
            m.put("age", decimalPoint(m.getOrDefault("age", "")));
            checkAge(file, row, m.get("age"));
            checkWord(file, row, "histology_confirmed", m.getOrDefault("histology_confirmed", ""), HISTOLOGY);
            checkWord(file, row, "sex", m.getOrDefault("sex", ""), SEXES);
            CohortLesion l = new CohortLesion(
                    pid,
                    lid,
                    d,
                    truthy(m.getOrDefault("histology_confirmed", "")),
                    m.getOrDefault("age", ""),
                    m.getOrDefault("sex", ""),
                    m.getOrDefault("level", ""),
                    row);
            CohortLesion prev = out.putIfAbsent(key(pid, lid), l);
            if (prev != null) {
                throw HemametException.invalidInput(
                        file + ": row " + row + ": duplicate lesion '" + lid + "' of the patient in row " + prev.row());
            }
        }
        if (out.isEmpty()) {
            throw HemametException.invalidInput(file + ": no lesions");
        }
        return new CohortTable(file, out);
    }

    /** Oldest age accepted in cohort.csv (years). */
    static final int MAX_AGE = 120;

    /**
     * An age, when given, is a whole or decimal number of years in [0, {@value #MAX_AGE}], written in plain
     * digits ("63", "63.5"); not "6.3e1", "63f", "0x3f" or "NaN", which a Java number parser would take.
     */
    private static void checkAge(Path file, int row, String age) {
        if (age.isEmpty()) {
            return;
        }
        if (!AGE.matcher(age).matches() || Double.parseDouble(age) > MAX_AGE) {
            throw HemametException.invalidInput(
                    file + ": row " + row + ": age '" + age + "' is not a number of years in [0, " + MAX_AGE + "]");
        }
    }

    private static final java.util.regex.Pattern DECIMAL_COMMA = java.util.regex.Pattern.compile("[0-9]+,[0-9]+");

    private static final java.util.regex.Pattern AGE = java.util.regex.Pattern.compile("[0-9]{1,4}(\\.[0-9]{1,6})?");

    /**
     * {@code age} with a decimal comma read as a point ("63,5", as a spreadsheet of a decimal-comma locale
     * writes it): an age has no thousands, so one comma between digits can only be a decimal mark, whichever
     * separator the file has.
     */
    static String decimalPoint(String age) {
        return DECIMAL_COMMA.matcher(age).matches() ? age.replace(',', '.') : age;
    }

    /** A header name as matched: trimmed, lower case, without a byte-order mark. */
    private static String column(String header) {
        return header.trim().toLowerCase(Locale.ROOT).replaceFirst("^\uFEFF", "");
    }

    /** The values histology_confirmed may take (case-insensitive; empty = unknown). */
    static final List<String> HISTOLOGY = List.of("yes", "no", "true", "false", "y", "n", "1", "0");

    /** The values sex may take (case-insensitive; empty = unknown). */
    static final List<String> SEXES =
            List.of("f", "m", "female", "male", "w", "o", "other", "u", "unknown", "x", "diverse", "d");

    /** A categorical value, when given, is one of {@code allowed}: a typo is refused, never read as "no". */
    private static void checkWord(Path file, int row, String column, String value, List<String> allowed) {
        if (!value.isEmpty() && !allowed.contains(value.toLowerCase(Locale.ROOT))) {
            throw HemametException.invalidInput(file + ": row " + row + ": " + column + " '" + value
                    + "' is not one of " + String.join(", ", allowed) + " (or empty)");
        }
    }

    private static boolean truthy(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        return k.equals("true") || k.equals("yes") || k.equals("y") || k.equals("1");
    }

    @Override
    public String toString() {
        return "CohortTable[" + file + ", " + lesions.size() + " lesions]";
    }
}
