package org.hemamet.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.Interval;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.contract.RunFiles;
import org.hemamet.metrics.BinaryEvaluation;
import org.hemamet.metrics.ClusteredAuc;
import org.hemamet.metrics.ThresholdRule;

/**
 * Brings a finished cell that an older version evaluated up to this version's confidence intervals, from the
 * cell's own test predictions: the labels, scores, patients and calibrated probabilities are the ones the cell
 * wrote (at full precision), the threshold and the bootstrap seed are the cell's, so the metrics are those this
 * version computes when it runs the cell, bit for bit, and nothing is trained again. A row needs it when it
 * records no AUC interval method: versions before 2026-11-28 (DeLong's or Obuchowski's AUC interval; before
 * that, the percentile bootstrap for clustered proportions). The cell's result.json and its baselines'
 * results.csv are rewritten atomically; predictions, models and every other file stay as they are. So a run
 * resumed with this version never mixes the interval methods of two versions, and rerunning {@code study} on
 * a finished run of an older version refreshes its intervals in seconds.
 */
final class Reevaluation {
    private Reevaluation() {}

    /** Whether an evaluated row was evaluated by an older version (it records no AUC interval method). */
    static boolean outdated(ResultRow row) {
        return row.ok() && row.aucMethod() == null && row.threshold() != null;
    }

    /**
     * The finished cell's outcome with its CNN row (and its baselines' rows, on disk) evaluated again where
     * {@link #outdated}; the outcome itself when nothing is.
     */
    static CellRunner.CellOutcome of(StudyConfig config, Path runDir, CellRunner.CellOutcome outcome) {
        baselines(config, runDir, outcome.cellId());
        if (!outdated(outcome.row())) {
            return outcome;
        }
        ResultRow fresh = row(
                outcome.row(),
                outcome.predictions(),
                Seeds.derive(config.seed(), "bootstrap", outcome.cellId()),
                config.bootstrap());
        Path dir = RunFiles.cellDir(runDir, outcome.cellId());
        CellResult old = RunFiles.readCellResult(dir);
        RunFiles.writeCellResult(dir, new CellResult(fresh, old.confusion(), old.roc(), old.calibration()));
        return new CellRunner.CellOutcome(
                outcome.cellId(), outcome.status(), outcome.seconds(), fresh, outcome.predictions());
    }

    /** The cell's baseline rows evaluated again where outdated (baselines/{@code cell}/results.csv). */
    private static void baselines(StudyConfig config, Path runDir, String cellId) {
        List<ResultRow> rows = BaselineStep.readRows(runDir, cellId);
        if (rows.stream().noneMatch(Reevaluation::outdated)) {
            return;
        }
        List<PredictionRow> predictions = BaselineStep.readPredictions(runDir, cellId);
        List<ResultRow> fresh = new ArrayList<>();
        for (ResultRow r : rows) {
            fresh.add(
                    outdated(r)
                            ? row(
                                    r,
                                    predictions.stream()
                                            .filter(p -> p.model().equals(r.model()))
                                            .toList(),
                                    Seeds.derive(config.seed(), "bootstrap", cellId, r.model()),
                                    config.bootstrap())
                            : r);
        }
        RunFiles.writeResults(BaselineStep.cellDir(runDir, cellId), fresh);
    }

    /**
     * The row's metrics computed again from its test predictions as {@link CellEvaluation#of} computes them:
     * the threshold metrics and the AUC at the row's threshold, Cox's slope and intercept of the scores, and
     * the calibrated Brier score and slope of the recorded calibrated probabilities (left as they were when
     * the predictions have none).
     */
    static ResultRow row(ResultRow row, List<PredictionRow> predictions, long seed, int bootstrap) {
        int n = predictions.size();
        int[] labels = new int[n];
        double[] scores = new double[n];
        double[] calibrated = new double[n];
        String[] patients = new String[n];
        boolean hasCalibrated = true;
        for (int i = 0; i < n; i++) {
            PredictionRow p = predictions.get(i);
            labels[i] = p.label();
            scores[i] = p.score();
            patients[i] = p.patientKey();
            calibrated[i] = p.calibrated() == null ? Double.NaN : p.calibrated();
            hasCalibrated &= !Double.isNaN(calibrated[i]);
        }
        BinaryEvaluation ev = BinaryEvaluation.evaluate(
                labels, scores, patients, new ThresholdRule.Fixed(row.threshold()), seed, bootstrap, 0.95);
        Map<Metric, Interval> metrics = CellEvaluation.metrics(ev);
        CellEvaluation.putCalibrationMetrics(
                metrics, labels, scores, hasCalibrated ? calibrated : null, patients, seed, bootstrap, 0.95);
        if (!hasCalibrated) {
            metrics.put(Metric.CALIBRATED_BRIER, row.metric(Metric.CALIBRATED_BRIER));
            metrics.put(Metric.CALIBRATED_SLOPE, row.metric(Metric.CALIBRATED_SLOPE));
        }
        return row.withMetrics(metrics)
                .withCiLevel(
                        ev.ciLevel(),
                        ClusteredAuc.clusterCount(patients),
                        ev.auc().method());
    }
}
