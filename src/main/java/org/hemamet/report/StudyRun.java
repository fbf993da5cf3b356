package org.hemamet.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hemamet.contract.HeatMapIndex;
import org.hemamet.metrics.RocCurve;
import org.hemamet.study.StudyConfig;

/**
 * Everything the report reads from a study run directory (contracts.md section C). Optional files that
 * are absent are empty lists / {@code null}, and their names are listed in {@link #missing()}.
 *
 * @param dir         the run directory
 * @param cells       one entry per row of results.csv, in file order
 * @param predictions rows of predictions.csv (empty when absent)
 * @param delong      rows of delong.csv (empty when absent)
 * @param provenance  provenance.json, or null
 * @param study       study.json read as the study's own config, or null (absent or not a config of this
 *                    hemamet; {@link #missing()} then says which)
 * @param missing     relative paths of optional files that were not found or not readable, with the reason
 *                    in parentheses where it is not simply absence
 */
public record StudyRun(
        Path dir,
        List<Cell> cells,
        List<Prediction> predictions,
        List<DelongComparison> delong,
        JsonNode provenance,
        StudyConfig study,
        List<String> missing) {

    /** One results.csv row; metric columns are read by name from {@link #values()}. */
    public record CellResult(
            String cellId,
            String sequence,
            String comparison,
            int repeat,
            String status,
            String message,
            Map<String, String> values) {
        /** A numeric column, NaN when empty or absent. */
        public double number(String column) {
            String v = values.get(column);
            if (v == null || v.isBlank()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }

        public String text(String column) {
            String v = values.get(column);
            return v == null ? "" : v.trim();
        }

        public boolean ok() {
            return "ok".equalsIgnoreCase(status);
        }
    }

    /** Confusion matrix of the test set at the cell's threshold (positive = metastasis group). */
    public record Confusion(long tp, long fp, long tn, long fn) {}

    /** One epoch of history.csv; {@code val*} are NaN for the final retrain. */
    public record Epoch(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy) {}

    /** One row of split.csv. */
    public record SplitRow(String sampleId, String patientKey, String diagnosis, int label, String partition) {}

    /** A CSV table kept as read (column order and text values), for tables whose columns may grow. */
    public record Table(List<String> columns, List<Map<String, String>> rows) {
        public static final Table EMPTY = new Table(List.of(), List.of());
    }

    /**
     * Everything about one cell.
     *
     * @param result    its results.csv row
     * @param confusion from result.json, else from predictions.csv, else null
     * @param roc       from result.json, else computed from predictions.csv, else null
     * @param history   history.csv rows (empty when absent)
     * @param search    search.csv (empty when absent)
     * @param split     split.csv rows (empty when absent)
     * @param heatMaps  heatmaps/index.json (what the heat-map step wrote for the cell's errors), or null
     *                  when the step has not run for this cell
     */
    public record Cell(
            CellResult result,
            Confusion confusion,
            RocCurve roc,
            List<Epoch> history,
            Table search,
            List<SplitRow> split,
            HeatMapIndex heatMaps) {
        public String id() {
            return result.cellId();
        }
    }

    /** One row of predictions.csv. */
    public record Prediction(
            String cellId,
            String sequence,
            String comparison,
            int repeat,
            String sampleId,
            String patientKey,
            String lesionId,
            String diagnosis,
            int label,
            double score,
            int predicted,
            String cropPath) {}

    /** One row of delong.csv. */
    public record DelongComparison(
            String comparison,
            int repeat,
            String sequenceA,
            String sequenceB,
            int nCommon,
            double aucA,
            double aucB,
            double z,
            double pValue,
            boolean paired) {}

    public Optional<Cell> cell(String cellId) {
        return cells.stream().filter(c -> c.id().equals(cellId)).findFirst();
    }
}
