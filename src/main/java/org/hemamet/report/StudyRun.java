package org.hemamet.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hemamet.contract.CellResult.Confusion;
import org.hemamet.contract.CommonLesionRow;
import org.hemamet.contract.DeLongRow;
import org.hemamet.contract.DecisionCurveRow;
import org.hemamet.contract.HeatMapIndex;
import org.hemamet.contract.HistoryRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunProvenance;
import org.hemamet.contract.SearchTrial;
import org.hemamet.contract.SplitRow;
import org.hemamet.metrics.RocCurve;
import org.hemamet.study.StudyConfig;

/**
 * Everything the report reads from a study run directory (contracts.md section C), as the run's own
 * records ({@code org.hemamet.contract}). Optional files that are absent are empty lists / {@code null},
 * and their names are listed in {@link #missing()}.
 *
 * @param dir         the run directory
 * @param cells       one entry per row of results.csv, in file order
 * @param predictions rows of predictions.csv (empty when absent)
 * @param delong      rows of delong.csv (empty when absent)
 * @param commonLesions rows of common_lesions.csv (empty when absent: runs of older versions)
 * @param decisionCurves rows of decision_curves.csv (empty when absent: runs of older versions)
 * @param provenance  provenance.json, or null
 * @param study       study.json read as the study's own config, or null (absent or not a config of this
 *                    hemamet; {@link #missing()} then says which)
 * @param earlyFused  the early-fused cells (results.csv rows of model fusion-early) with their predictions and
 *                    heat-map index, for the gallery of errors (their metrics are the fusion section's)
 * @param missing     relative paths of optional files that were not found or not readable, with the reason
 *                    in parentheses where it is not simply absence
 */
public record StudyRun(
        Path dir,
        List<Cell> cells,
        List<PredictionRow> predictions,
        List<DeLongRow> delong,
        List<CommonLesionRow> commonLesions,
        List<DecisionCurveRow> decisionCurves,
        RunProvenance provenance,
        StudyConfig study,
        List<FusedCell> earlyFused,
        List<String> missing) {

    /**
     * An early-fused cell as the gallery of errors reads it.
     *
     * @param id          its cell id
     * @param predictions its rows of predictions.csv (one per test lesion)
     * @param heatMaps    its heatmaps/index.json, or null when the heat-map step has not run for it
     */
    public record FusedCell(String id, List<PredictionRow> predictions, HeatMapIndex heatMaps) {}

    /**
     * Everything about one cell.
     *
     * @param result    its results.csv row
     * @param confusion from result.json, else from predictions.csv, else null
     * @param roc       from result.json, else computed from predictions.csv, else null
     * @param history   history.csv rows by epoch (empty when absent)
     * @param search    search.csv rows (empty when absent)
     * @param split     split.csv rows (empty when absent)
     * @param heatMaps  heatmaps/index.json (what the heat-map step wrote for the cell's errors), or null
     *                  when the step has not run for this cell
     * @param calibration result.json's calibration (method, what it was fitted on), or null
     */
    public record Cell(
            ResultRow result,
            Confusion confusion,
            RocCurve roc,
            List<HistoryRow> history,
            List<SearchTrial> search,
            List<SplitRow> split,
            HeatMapIndex heatMaps,
            org.hemamet.contract.Calibration calibration) {
        public String id() {
            return result.cellId();
        }

        /** Whether the cell was trained and evaluated (a results.csv without a status column: every cell). */
        public boolean ok() {
            return result.status() == null || result.ok();
        }

        /** Why the cell is not ok ("" when results.csv gives no message). */
        public String message() {
            return Objects.toString(result.message(), "");
        }
    }

    public Optional<Cell> cell(String cellId) {
        return cells.stream().filter(c -> c.id().equals(cellId)).findFirst();
    }
}
