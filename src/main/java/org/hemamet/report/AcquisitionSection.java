package org.hemamet.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.core.Csv;

/**
 * The report's "Acquisition" section (CLAIM 2024 item 13, TRIPOD+AI 9b): per sequence, the scanners, field
 * strengths, repetition, echo and inversion times and pixel spacing that the DICOM headers gave each crop at
 * ingest ({@code dataset.csv}), as counts and median (min–max), and what the crops were cut from (lossless or
 * lossy DICOM pixels, PNG or JPEG exports: ingest-report.json {@code source_formats}; CLAIM 2024 item 9). Scanner
 * model names only; nothing names a patient.
 */
final class AcquisitionSection {
    static final List<String> HEADERS = List.of(
            "Sequence",
            "Crops",
            "Scanners",
            "Field strength",
            "TR (ms)",
            "TE (ms)",
            "TI (ms)",
            "Pixel spacing (mm)",
            "Plane",
            "Source images");

    /** How the report names each source format of ingest-report.json {@code source_formats}. */
    private static final Map<String, String> FORMAT_NAMES = Map.of(
            "dicom", "DICOM",
            "dicom-lossy", "DICOM, lossy-compressed",
            "png", "PNG export",
            "jpeg", "JPEG export (lossy)",
            "dicom-capture", "DICOM secondary capture");

    private AcquisitionSection() {}

    static void write(ReportModel m, Html h, Figures figures) {
        Csv.Table t = table(m);
        if (t == null) {
            Fmt.notAvailable(h, "Acquisition: not available (dataset.csv not available).");
            return;
        }
        com.fasterxml.jackson.databind.JsonNode formats = m.exclusions() == null
                ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : m.exclusions().ingestReport().path("source_formats");
        com.fasterxml.jackson.databind.JsonNode planes = m.exclusions() == null
                ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : m.exclusions().ingestReport().path("planes");
        Map<String, List<Map<String, String>>> bySeq = new TreeMap<>();
        t.records()
                .forEach(r -> bySeq.computeIfAbsent(
                                value(r.values(), "sequence").toUpperCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(r.values()));
        h.el(
                "p",
                "As the DICOM headers recorded them per crop at ingest (dataset.csv): counts of crops per scanner "
                        + "model and field strength; times and spacing as median (min–max) over the crops that "
                        + "record them. Contrast agent and other protocol details are not in the headers read: "
                        + "the about file's acquisition_protocol gives them.",
                "class",
                "note");
        h.tableWithHeader("acquisition-table", HEADERS);
        bySeq.forEach((seq, rows) -> {
            h.open("tr", "data-sequence", seq).el("td", seq).el("td", Integer.toString(rows.size()), "class", "num");
            h.el("td", counts(rows, "scanner", ""));
            h.el("td", counts(rows, "field_strength", " T"));
            for (String c : List.of("repetition_time", "echo_time", "inversion_time", "pixel_spacing")) {
                h.el("td", medianRange(rows, c), "class", "num");
            }
            h.el("td", planes(planes.path(seq)));
            h.el("td", sourceImages(formats.path("by_sequence").path(seq)));
            h.close("tr");
        });
        h.endTable();
        int lossy = formats.path("n_lossy").asInt(0);
        if (lossy > 0) {
            h.el(
                    "p",
                    lossy + " crop(s) were cut from lossy-compressed pixels (JPEG exports, or DICOM images that"
                            + " went through lossy compression): their fine texture is partly the codec's, not the"
                            + " scanner's. ingest-report.json lists them (source_formats.lossy_sample_ids) for an"
                            + " analysis without them.",
                    "class",
                    "note");
        }
    }

    /** "sagittal (20), axial (1)" from one sequence's counts; "not recorded" without them. */
    private static String planes(com.fasterxml.jackson.databind.JsonNode counts) {
        if (!counts.isObject() || counts.isEmpty()) {
            return "not recorded";
        }
        List<String> parts = new ArrayList<>();
        counts.fields()
                .forEachRemaining(e -> parts.add(e.getKey().toLowerCase(Locale.ROOT) + " ("
                        + e.getValue().asInt() + ")"));
        return String.join(", ", parts);
    }

    /** "DICOM (12), JPEG export (lossy) (1)" from one sequence's counts; "not recorded" without them. */
    private static String sourceImages(com.fasterxml.jackson.databind.JsonNode counts) {
        if (!counts.isObject() || counts.isEmpty()) {
            return "not recorded";
        }
        List<String> parts = new ArrayList<>();
        counts.fields()
                .forEachRemaining(e -> parts.add(FORMAT_NAMES.getOrDefault(e.getKey(), e.getKey()) + " ("
                        + e.getValue().asInt() + ")"));
        return String.join(", ", parts);
    }

    /** dataset.csv with the acquisition columns, or null. */
    static Csv.Table table(ReportModel m) {
        if (m.datasetDir() == null) {
            return null;
        }
        try {
            Csv.Table t = Csv.readTable(m.datasetDir().resolve(DatasetManifest.FILE_NAME));
            return t.records().isEmpty()
                            || !t.columns().contains("sequence")
                            || !t.columns().contains("scanner")
                    ? null
                    : t;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** "Avanto (12), Skyra (3)": the distinct values with their counts, "not recorded" for blanks. */
    private static String counts(List<Map<String, String>> rows, String column, String unit) {
        Map<String, Integer> n = new TreeMap<>();
        for (Map<String, String> r : rows) {
            String v = value(r, column);
            n.merge(v.isEmpty() || v.equalsIgnoreCase("nan") ? "not recorded" : v + unit, 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        n.forEach((k, c) -> parts.add(k + " (" + c + ")"));
        return String.join(", ", parts);
    }

    /** "550 (500–600)" over the finite values, "not recorded" when none. */
    private static String medianRange(List<Map<String, String>> rows, String column) {
        double[] v = rows.stream()
                .map(r -> value(r, column))
                .mapToDouble(AcquisitionSection::number)
                .filter(Double::isFinite)
                .sorted()
                .toArray();
        if (v.length == 0) {
            return "not recorded";
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return num(median) + " (" + num(v[0]) + "–" + num(v[v.length - 1]) + ")";
    }

    private static String num(double d) {
        return Figure.decimals(d, 2);
    }

    private static double number(String s) {
        try {
            return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String value(Map<String, String> r, String k) {
        String s = r.get(k);
        return s == null ? "" : s.trim();
    }
}
