package org.hemamet.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.contract.Calibration;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.HistoryRow;
import org.hemamet.contract.Interval;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Json;
import org.hemamet.model.EpochStats;
import org.hemamet.model.TrainedCnn;

/**
 * Writes a cell's directory (contracts.md C) into a temporary directory renamed into place at the end,
 * so a killed run leaves either a complete cell or none: history.csv, search.csv, split.csv,
 * predictions.csv, the model bundle when there is a model, and result.json last (its presence marks the
 * cell as done).
 */
final class CellWriter {
    private final StudyConfig config;
    private final Path runDir;

    CellWriter(StudyConfig config, Path runDir) {
        this.config = config;
        this.runDir = runDir;
    }

    /**
     * Writes the cell.
     *
     * @param cell       the cell
     * @param row        its results.csv row
     * @param partition  its partition (split.csv)
     * @param search     its search (search.csv)
     * @param evaluation its evaluation, or null when it was not evaluated
     * @param model      the final model, or null; saved as the cell's bundle, not closed here
     */
    void write(
            CellId cell,
            ResultRow row,
            CellPartition partition,
            SearchOutcome search,
            CellEvaluation evaluation,
            TrainedCnn model) {
        CellResult result = evaluation == null
                ? new CellResult(row, null, null, null)
                : new CellResult(row, evaluation.confusion(), evaluation.roc(), evaluation.calibration());
        AtomicFiles.writeDirectory(RunFiles.cellDir(runDir, cell.id()), true, dir -> {
            RunFiles.writeHistory(dir, model == null ? List.of() : history(model.history()));
            RunFiles.writeSearch(dir, search.trials());
            RunFiles.writeSplit(dir, partition.splitRows());
            RunFiles.writePredictions(dir, evaluation == null ? List.of() : evaluation.predictions());
            if (model != null) {
                model.save(
                        dir.resolve(RunFiles.MODEL),
                        bundleMetadata(cell, row, partition.train().size(), result.calibration()));
            }
            RunFiles.writeCellResult(dir, result);
        });
    }

    private static List<HistoryRow> history(List<EpochStats> h) {
        List<HistoryRow> rows = new ArrayList<>();
        for (EpochStats e : h) {
            rows.add(new HistoryRow(
                    e.epoch(),
                    e.trainLoss(),
                    e.trainAccuracy(),
                    Double.isNaN(e.valLoss()) ? null : e.valLoss(),
                    Double.isNaN(e.valAccuracy()) ? null : e.valAccuracy()));
        }
        return rows;
    }

    private Map<String, Object> bundleMetadata(CellId cell, ResultRow row, int nTrain, Calibration calibration) {
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("cell_id", cell.id());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("sequence", cell.sequence().name());
        input.put("size", config.inputSize());
        input.put("channels", 1);
        input.put(
                "normalisation",
                "ingest crop (robust min-max per crop to 0..65535, 16-bit PNG) / 65535, "
                        + "area-averaged to size x size");
        md.put("input", input);
        md.put("classes", List.of("hemangioma", cell.comparison().positiveName()));
        md.put("positive_class", cell.comparison().positiveName());
        md.put("comparison", cell.comparison().name());
        md.put("threshold", row.threshold());
        md.put("threshold_rule", row.thresholdRule());
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("n_train", nTrain);
        training.put("n_train_neg", row.nTrainNeg());
        training.put("n_train_pos", row.nTrainPos());
        training.put("balancing", config.balancing().id());
        training.put(
                "hyper_parameters",
                Map.of(
                        "learning_rate",
                        row.learningRate(),
                        "batch_size",
                        row.batchSize(),
                        "epochs",
                        row.epochs(),
                        "dropout",
                        row.dropout()));
        training.put("seed", Seeds.derive(config.seed(), "train", cell.id(), "final"));
        training.put("root_seed", config.seed());
        md.put("training", training);
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (Metric m : List.of(Metric.ACCURACY, Metric.SENSITIVITY, Metric.SPECIFICITY, Metric.AUC)) {
            Interval i = row.metric(m);
            metrics.put(m.column(), Map.of("value", i.value(), "lower", i.lo(), "upper", i.hi()));
        }
        md.put("test_metrics", metrics);
        if (calibration != null) {
            md.put("calibration", Json.mapper().convertValue(calibration, Map.class));
        }
        return md;
    }
}
