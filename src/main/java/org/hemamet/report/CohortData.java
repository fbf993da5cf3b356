package org.hemamet.report;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.core.Csv;

/**
 * The dataset's lesions as the new data sections need them: one row per dataset.csv row (lesion ×
 * sequence), with the acquisition columns and, when the dataset has them, the optional columns
 * {@value #AGE}, {@value #SEX} and {@value #LEVEL}. Only pseudonymised keys: nothing here names a patient.
 *
 * @param rows     the rows of dataset.csv in file order
 * @param columns  the columns dataset.csv has
 * @param bySample the rows by sample id
 */
record CohortData(List<Row> rows, List<String> columns, Map<String, Row> bySample) {
    static final String AGE = "age";
    static final String SEX = "sex";
    static final String LEVEL = "level";

    /**
     * One dataset.csv row.
     *
     * @param fieldStrength tesla as written ("" when unknown)
     * @param age           age in years as written, "" when the dataset has no age
     */
    record Row(
            String sampleId,
            String patientKey,
            String lesionId,
            String diagnosis,
            String sequence,
            String scanner,
            String fieldStrength,
            String age,
            String sex,
            String level) {
        String lesionKey() {
            return patientKey + "/" + lesionId;
        }

        /** The age as a number, NaN when not given or not a number. */
        double ageYears() {
            try {
                return age.isBlank() ? Double.NaN : Double.parseDouble(age.trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }

    /** The dataset's rows, or null when there is no dataset directory or dataset.csv cannot be read. */
    static CohortData read(Path datasetDir) {
        if (datasetDir == null) {
            return null;
        }
        Csv.Table t;
        try {
            t = Csv.readTable(datasetDir.resolve(DatasetManifest.FILE_NAME));
        } catch (RuntimeException e) {
            return null;
        }
        if (t.records().isEmpty() || !t.columns().contains("sample_id")) {
            return null;
        }
        List<Row> rows = t.records().stream().map(r -> row(r.values())).toList();
        Map<String, Row> by = new LinkedHashMap<>();
        rows.forEach(r -> by.put(r.sampleId(), r));
        return new CohortData(rows, List.copyOf(t.columns()), by);
    }

    boolean has(String column) {
        return columns.contains(column);
    }

    private static Row row(Map<String, String> v) {
        return new Row(
                get(v, "sample_id"),
                get(v, "patient_key"),
                get(v, "lesion_id"),
                get(v, "diagnosis"),
                get(v, "sequence").toUpperCase(Locale.ROOT),
                get(v, "scanner"),
                fieldStrength(get(v, "field_strength")),
                get(v, AGE),
                get(v, SEX),
                get(v, LEVEL));
    }

    private static String get(Map<String, String> v, String k) {
        String s = v.get(k);
        return s == null ? "" : s.trim();
    }

    /** "1.5" → "1.5 T"; empty or NaN → "". */
    private static String fieldStrength(String s) {
        if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
            return "";
        }
        try {
            double t = Double.parseDouble(s);
            return String.format(Locale.ROOT, "%s T", t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t));
        } catch (NumberFormatException e) {
            return s;
        }
    }
}
