package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.hemamet.core.Json;

/**
 * A cell's {@code result.json}: the fields of its results.csv row (absent values as "", as in the CSV),
 * and for a cell that was evaluated its confusion matrix, ROC curve and calibration. Written last, its
 * presence marks the cell as done. Keys are sorted.
 *
 * @param row         the results.csv row
 * @param confusion   the test set's confusion matrix at the threshold, or null (cell not evaluated)
 * @param roc         the test set's ROC curve, or null
 * @param calibration the calibration, or null (not evaluated, or a run of an older version)
 */
public record CellResult(ResultRow row, Confusion confusion, RocPoints roc, Calibration calibration) {

    /**
     * A confusion matrix (positive = metastasis group).
     *
     * @param tp true positives
     * @param fp false positives
     * @param tn true negatives
     * @param fn false negatives
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Confusion(long tp, long fp, long tn, long fn) {}

    /**
     * A ROC curve: parallel arrays; infinite thresholds are written as +-{@link Double#MAX_VALUE}.
     *
     * @param fpr        false-positive rates
     * @param tpr        true-positive rates
     * @param thresholds the score thresholds
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    public record RocPoints(double[] fpr, double[] tpr, double[] thresholds) {
        @Override
        public boolean equals(Object o) {
            return o instanceof RocPoints r
                    && Arrays.equals(fpr, r.fpr)
                    && Arrays.equals(tpr, r.tpr)
                    && Arrays.equals(thresholds, r.thresholds);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(fpr), Arrays.hashCode(tpr), Arrays.hashCode(thresholds));
        }

        @Override
        public String toString() {
            return "RocPoints[" + fpr.length + " points]";
        }
    }

    /** The document: the row's fields ("" for absent values) plus the present sections. */
    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        Json.mapper().convertValue(row, Map.class).forEach((k, v) -> m.put(String.valueOf(k), v == null ? "" : v));
        if (confusion != null) {
            m.put("confusion", confusion);
        }
        if (roc != null) {
            m.put("roc", roc);
        }
        if (calibration != null) {
            m.put("calibration", calibration);
        }
        return m;
    }

    /** Reads the document (row fields, "" as absent; sections optional). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CellResult fromJson(JsonNode node) {
        ResultRow row = RunFiles.lenient().convertValue(node, ResultRow.class);
        return new CellResult(
                row,
                section(node, "confusion", Confusion.class),
                section(node, "roc", RocPoints.class),
                section(node, "calibration", Calibration.class));
    }

    private static <T> T section(JsonNode node, String name, Class<T> type) {
        JsonNode n = node.get(name);
        try {
            return n == null || n.isNull() ? null : RunFiles.lenient().convertValue(n, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": "
                    + (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException j
                            ? org.hemamet.core.JsonProblem.what(j)
                            : e.getMessage()));
        }
    }
}
