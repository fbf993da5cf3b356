package org.hemamet.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.contract.Calibration;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.HistoryRow;
import org.hemamet.contract.OodStatistics;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.model.EpochStats;
import org.hemamet.model.TrainedCnn;

/**
 * Writes a cell's directory (contracts.md C) into a temporary directory renamed into place at the end,
 * so a killed run leaves either a complete cell or none: history.csv, search.csv, split.csv,
 * predictions.csv, calibration_fit.csv, the model bundle when there is a model, and result.json last (its presence marks the
 * cell as done).
 */
final class CellWriter {
    private final StudyConfig config;
    private final Path runDir;
    private final BundleMetadata.Crop crop;

    /**
     * @param crop the dataset's crop parameters, recorded in every model bundle so that predict crops new
     *             lesions as the network's training crops were made (null: the dataset records none)
     */
    CellWriter(StudyConfig config, Path runDir, BundleMetadata.Crop crop) {
        this.config = config;
        this.runDir = runDir;
        this.crop = crop;
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
     * @param ood        the training feature distribution of the model, or null; saved in its bundle
     */
    void write(
            CellId cell,
            ResultRow row,
            CellPartition partition,
            SearchOutcome search,
            CellEvaluation evaluation,
            TrainedCnn model,
            OodStatistics ood) {
        CellResult result = evaluation == null
                ? new CellResult(row, null, null, null)
                : new CellResult(
                        row,
                        evaluation.confusion(),
                        evaluation.roc(),
                        DevelopmentPrevalences.recorded(evaluation.calibration(), partition));
        AtomicFiles.writeDirectory(RunFiles.cellDir(runDir, cell.id()), true, dir -> {
            RunFiles.writeHistory(dir, model == null ? List.of() : history(model.history()));
            RunFiles.writeSearch(dir, search.trials());
            RunFiles.writeSplit(dir, partition.splitRows());
            RunFiles.writePredictions(dir, evaluation == null ? List.of() : evaluation.predictions());
            RunFiles.writeCalibrationFit(dir, evaluation == null ? List.of() : evaluation.calibrationFit());
            if (model != null) {
                Path bundle = dir.resolve(RunFiles.MODEL);
                model.save(
                        bundle,
                        bundleMetadata(cell, row, partition.train().size(), result.calibration())
                                .withInputChannels(model.channels())
                                .withInputCrop(crop)
                                .withAnatomy(BundleMetadata.Anatomy.ofTraining(
                                        partition.train().stream()
                                                .map(c -> c.sample().bodyPart())
                                                .toList(),
                                        partition.train().stream()
                                                .map(c -> c.sample().plane())
                                                .toList())));
                if (ood != null) {
                    Object sha = BundleFiles.readMetadata(bundle.resolve(BundleFiles.METADATA))
                            .get("params_sha256");
                    BundleFiles.writeOod(bundle, ood.withParamsSha256(String.valueOf(sha)));
                }
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

    private BundleMetadata bundleMetadata(CellId cell, ResultRow row, int nTrain, Calibration calibration) {
        return BundleMetadata.forCell(
                cell.id(),
                cell.sequenceName(),
                config.inputSize(),
                cell.comparison().name(),
                cell.comparison().positiveName(),
                row.threshold(),
                row.thresholdRule(),
                new BundleMetadata.Training(
                        nTrain,
                        row.nTrainNeg(),
                        row.nTrainPos(),
                        config.balancing().id(),
                        new BundleMetadata.HyperParameters(
                                row.learningRate(), row.batchSize(), row.epochs(), row.dropout()),
                        Seeds.derive(config.seed(), "train", cell.id(), "final"),
                        config.seed(),
                        null,
                        null,
                        null,
                        null),
                new BundleMetadata.TestMetrics(
                        BundleMetadata.Metric.of(row.metric(Metric.ACCURACY)),
                        BundleMetadata.Metric.of(row.metric(Metric.SENSITIVITY)),
                        BundleMetadata.Metric.of(row.metric(Metric.SPECIFICITY)),
                        BundleMetadata.Metric.of(row.metric(Metric.AUC))),
                calibration);
    }
}
