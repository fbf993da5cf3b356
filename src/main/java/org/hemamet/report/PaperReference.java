package org.hemamet.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hemamet.core.Json;

/**
 * The published results of the reproduced study, read from the resource {@code paper-results.json}
 * (which says where the numbers come from). A value not yet transcribed is NaN and renders as "—".
 *
 * @param source  the citation, or null while not filled
 * @param entries published values keyed by {@code <SEQ>__<comparison>}
 */
public record PaperReference(String source, Map<String, Entry> entries) {
    public static final String RESOURCE = "/org/hemamet/report/paper-results.json";

    /** Published accuracy, sensitivity, specificity and AUC of one sequence × comparison (NaN = not filled). */
    public record Entry(double accuracy, double sensitivity, double specificity, double auc) {
        public double metric(String name) {
            return switch (name) {
                case "accuracy" -> accuracy;
                case "sensitivity" -> sensitivity;
                case "specificity" -> specificity;
                case "auc" -> auc;
                default -> Double.NaN;
            };
        }
    }

    public static PaperReference load() {
        try (InputStream in = PaperReference.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + RESOURCE);
            }
            JsonNode root = Json.mapper().readTree(in);
            Map<String, Entry> m = new LinkedHashMap<>();
            for (JsonNode e : root.path("entries")) {
                m.put(
                        e.path("sequence").asText() + "__"
                                + e.path("comparison").asText(),
                        new Entry(val(e, "accuracy"), val(e, "sensitivity"), val(e, "specificity"), val(e, "auc")));
            }
            JsonNode src = root.get("source");
            return new PaperReference(src == null || src.isNull() ? null : src.asText(), Map.copyOf(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The paper's entry for a sequence × comparison, if the paper reports that cell. */
    public Optional<Entry> entry(String sequence, String comparison) {
        return Optional.ofNullable(entries.get(sequence + "__" + comparison));
    }

    private static double val(JsonNode e, String k) {
        JsonNode v = e.get(k);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
