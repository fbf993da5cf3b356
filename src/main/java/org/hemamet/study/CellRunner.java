package org.hemamet.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.HistoryRow;
import org.hemamet.contract.Interval;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SearchTrial;
import org.hemamet.contract.SplitRow;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Json;
import org.hemamet.metrics.BinaryEvaluation;
import org.hemamet.metrics.Estimate;
import org.hemamet.metrics.LogisticCalibration;
import org.hemamet.metrics.ThresholdRule;
import org.hemamet.model.CnnTrainer;
import org.hemamet.model.EpochStats;
import org.hemamet.model.HyperParams;
import org.hemamet.model.TrainedCnn;
import org.hemamet.model.TrainingData;
import org.hemamet.model.TrainingDivergedException;

/**
 * Runs one cell of the protocol:
 * <ol>
 *   <li>select the sequence's lesions of the comparison's classes;</li>
 *   <li>split patients 60/40, stratified by class and grouped by patient (the same patient split for
 *       every sequence of a comparison and repeat, so sequences can be compared on the same lesions);</li>
 *   <li>balance each part (downsampling as in the paper, or oversampling of the training part);</li>
 *   <li>search hyper-parameters on an inner, patient-grouped validation split of the training part only;</li>
 *   <li>retrain the chosen configuration on the whole training part, evaluate once on the test part.</li>
 * </ol>
 * The cell's files are written into a temporary directory renamed into place at the end, so a killed
 * run leaves either a complete cell or none.
 */
public final class CellRunner {
    public static final String RESULT_FILE = RunFiles.RESULT;

    private final StudyConfig config;
    private final List<DatasetSample> samples;
    private final CropLoader loader;
    private final Path runDir;
    private final Map<String, PatientSplit> splitCache = new HashMap<>();

    /** Per-batch training progress: phase ("search 2/4", "final"), epoch, epochs, batch, batches. */
    @FunctionalInterface
    public interface Progress {
        void on(String phase, int epoch, int epochs, int batch, int batches);
    }

    /**
     * What a cell produced.
     *
     * @param cellId      the cell
     * @param status      its status ({@link ResultRow#status()})
     * @param seconds     its wall time
     * @param row         its results.csv row
     * @param predictions its predictions.csv rows (empty unless ok)
     */
    public record CellOutcome(
            String cellId, String status, double seconds, ResultRow row, List<PredictionRow> predictions) {}

    public CellRunner(StudyConfig config, List<DatasetSample> samples, CropLoader loader, Path runDir) {
        this.config = config;
        this.samples = samples;
        this.loader = loader;
        this.runDir = runDir;
    }

    /** Trainings per cell: search trials + the final retraining. */
    public int trainingsPerCell() {
        return SearchSpace.of(config.search()).trials(0L).size() + 1;
    }

    /** A lesion of this cell with its label. */
    record Case(DatasetSample sample, int label) {
        String lesionKey() {
            return sample.patientKey() + "/" + sample.lesionId();
        }
    }

    public CellOutcome run(CellId cell, Progress progress) {
        long t0 = System.nanoTime();
        Comparison cmp = cell.comparison();
        List<Case> cases = new ArrayList<>();
        for (DatasetSample s : samples) {
            int label = cmp.label(s.diagnosis());
            if (label >= 0 && s.sequence() == cell.sequence()) {
                cases.add(new Case(s, label));
            }
        }
        cases.sort(Comparator.comparing((Case c) -> c.sample().sampleId()));
        PatientSplit split = splitFor(cmp, cell.repeat());
        List<Case> train = new ArrayList<>();
        List<Case> test = new ArrayList<>();
        for (Case c : cases) {
            (split.heldOut().contains(c.sample().patientKey()) ? test : train).add(c);
        }
        long balanceSeed = Seeds.derive(config.seed(), "balance", cmp.name(), cell.repeat());
        List<Case> dropped = new ArrayList<>();
        switch (config.balancing()) {
            case DOWNSAMPLE -> {
                var bt = Balancer.downsample(train, Case::label, Case::lesionKey, balanceSeed);
                var bs = Balancer.downsample(test, Case::label, Case::lesionKey, balanceSeed);
                train = bt.kept();
                test = bs.kept();
                dropped.addAll(bt.dropped());
                dropped.addAll(bs.dropped());
            }
            case OVERSAMPLE, CLASS_WEIGHT, NONE -> {}
        }
        int[] trc = counts(train);
        int[] tec = counts(test);
        ResultRow.Cell rowCell = new ResultRow.Cell(
                cell.id(),
                cell.sequence().name(),
                cmp.name(),
                cell.repeat(),
                trc[0],
                trc[1],
                tec[0],
                tec[1],
                dropped.size());

        // inner validation split of the training part only
        List<PatientSplit.Item> trainItems = train.stream()
                .map(c -> new PatientSplit.Item(c.sample().patientKey(), c.label()))
                .toList();
        PatientSplit inner = PatientSplit.stratifiedGrouped(
                trainItems, config.search().validationFraction(), Seeds.derive(config.seed(), "inner", cell.id()));
        List<Case> innerTrain = new ArrayList<>();
        List<Case> val = new ArrayList<>();
        for (Case c : train) {
            (inner.heldOut().contains(c.sample().patientKey()) ? val : innerTrain).add(c);
        }
        PatientSplit.assertDisjoint(patients(train), patients(test));
        PatientSplit.assertDisjoint(patients(innerTrain), patients(val));
        PatientSplit.assertDisjoint(patients(val), patients(test));

        int[] itc = counts(innerTrain);
        int[] vc = counts(val);
        String insufficient = null;
        if (tec[0] < 1 || tec[1] < 1 || itc[0] < 2 || itc[1] < 2 || vc[0] < 1 || vc[1] < 1) {
            insufficient = String.format(
                    Locale.ROOT,
                    "cell %s: too few lesions to split and balance (hemangioma/%s: inner-train %d/%d, validation %d/%d,"
                            + " test %d/%d; need >= 2 per class to train and >= 1 per class to validate and test)",
                    cell.id(),
                    cmp.positiveName(),
                    itc[0],
                    itc[1],
                    vc[0],
                    vc[1],
                    tec[0],
                    tec[1]);
        }
        List<PredictionRow> predictions = new ArrayList<>();
        List<SearchTrial> searchRows = new ArrayList<>();
        List<EpochStats> history = List.of();
        final List<Case> fTrain = train;
        final List<Case> fTest = test;
        Path cellDir = runDir.resolve("cells").resolve(cell.id());
        final List<Case> fInnerTrain = innerTrain;
        final List<Case> fVal = val;
        final List<Case> fDropped = dropped;
        String status;
        String message = "";
        ResultRow.Hyper hyper = null;
        Double threshold = null;
        String thresholdRule = null;
        Map<Metric, Interval> metrics = new EnumMap<>(Metric.class);
        CellResult.Confusion confusion = null;
        CellResult.RocPoints roc = null;
        org.hemamet.contract.Calibration calibration = null;
        TrainedCnn finalModel = null;
        try {
            if (insufficient != null) {
                status = ResultRow.INSUFFICIENT_DATA;
                message = insufficient;
            } else {
                List<HyperParams> trials =
                        SearchSpace.of(config.search()).trials(Seeds.derive(config.seed(), "search", cell.id()));
                TrainingData innerData = data(balanceTraining(innerTrain));
                TrainingData valData = data(val);
                int best = -1;
                double[] bestValScores = null;
                double bestAuc = Double.NEGATIVE_INFINITY;
                double bestLoss = Double.POSITIVE_INFINITY;
                for (int t = 0; t < trials.size(); t++) {
                    HyperParams hp = trials.get(t);
                    String phase = "search " + (t + 1) + "/" + trials.size();
                    try (TrainedCnn m = CnnTrainer.train(
                            innerData,
                            valData,
                            hp,
                            augmentation(),
                            classWeights(innerData),
                            Seeds.derive(config.seed(), "train", cell.id(), "trial", t),
                            null,
                            (e, b, bs, loss) -> progress.on(phase, e, hp.epochs(), b, bs))) {
                        double[] vs = m.predictPositive(valData.images());
                        double auc = org.hemamet.metrics.Roc.auc(valData.labels(), vs);
                        EpochStats last = m.history().get(m.history().size() - 1);
                        searchRows.add(new SearchTrial(
                                t + 1,
                                hp.learningRate(),
                                hp.batchSize(),
                                hp.epochs(),
                                hp.dropout(),
                                auc,
                                last.valLoss(),
                                last.valAccuracy(),
                                null,
                                ""));
                        double a = Double.isNaN(auc) ? Double.NEGATIVE_INFINITY : auc;
                        if (a > bestAuc || (a == bestAuc && last.valLoss() < bestLoss)) {
                            best = t;
                            bestValScores = vs;
                            bestAuc = a;
                            bestLoss = last.valLoss();
                        }
                    } catch (TrainingDivergedException e) {
                        searchRows.add(new SearchTrial(
                                t + 1,
                                hp.learningRate(),
                                hp.batchSize(),
                                hp.epochs(),
                                hp.dropout(),
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                null,
                                "diverged: " + e.getMessage()));
                    }
                }
                if (best < 0) {
                    throw new AllTrialsDiverged(searchRows.get(0).note());
                }
                for (int t = 0; t < searchRows.size(); t++) {
                    searchRows.set(t, searchRows.get(t).withChosen(t == best));
                }
                HyperParams chosen = trials.get(best);
                hyper = new ResultRow.Hyper(
                        chosen.learningRate(), chosen.batchSize(), chosen.epochs(), chosen.dropout());
                TrainingData trainData = data(balanceTraining(fTrain));
                TrainingData testData = data(fTest);
                finalModel = CnnTrainer.train(
                        trainData,
                        null,
                        chosen,
                        augmentation(),
                        classWeights(trainData),
                        Seeds.derive(config.seed(), "train", cell.id(), "final"),
                        null,
                        (e, b, bs, loss) -> progress.on("final", e, chosen.epochs(), b, bs));
                history = finalModel.history();
                double[] scores = finalModel.predictPositive(testData.images());
                ThresholdRule rule = new ThresholdRule.Fixed(0.5);
                BinaryEvaluation ev = BinaryEvaluation.evaluate(
                        testData.labels(),
                        scores,
                        rule,
                        Seeds.derive(config.seed(), "bootstrap", cell.id()),
                        config.bootstrap());
                threshold = ev.threshold();
                thresholdRule = ev.rule().describe();
                putMetrics(metrics, ev);
                LogisticCalibration platt = LogisticCalibration.platt(valData.labels(), bestValScores);
                double[] calibrated = new double[scores.length];
                for (int i = 0; i < scores.length; i++) {
                    calibrated[i] = platt.apply(scores[i]);
                }
                LogisticCalibration coxRaw = LogisticCalibration.cox(testData.labels(), scores);
                LogisticCalibration coxCal = LogisticCalibration.cox(testData.labels(), calibrated);
                Estimate brierCal = BinaryEvaluation.brierEstimate(
                        testData.labels(),
                        calibrated,
                        Seeds.derive(config.seed(), "bootstrap", cell.id()),
                        config.bootstrap(),
                        ev.level());
                metrics.put(Metric.CALIBRATION_SLOPE, interval(coxRaw.slopeEstimate()));
                metrics.put(Metric.CALIBRATION_INTERCEPT, interval(coxRaw.interceptEstimate()));
                metrics.put(Metric.CALIBRATED_BRIER, interval(brierCal));
                metrics.put(Metric.CALIBRATED_SLOPE, interval(coxCal.slopeEstimate()));
                calibration =
                        calibrationRecord(platt, coxRaw, coxCal, ev.brier().value(), brierCal.value());
                confusion = new CellResult.Confusion(
                        ev.counts().tp(),
                        ev.counts().fp(),
                        ev.counts().tn(),
                        ev.counts().fn());
                roc = new CellResult.RocPoints(
                        ev.roc().fpr(), ev.roc().tpr(), sanitize(ev.roc().thresholds()));
                for (int i = 0; i < fTest.size(); i++) {
                    DatasetSample s = fTest.get(i).sample();
                    predictions.add(new PredictionRow(
                            cell.id(),
                            cell.sequence().name(),
                            cmp.name(),
                            cell.repeat(),
                            s.sampleId(),
                            s.patientKey(),
                            s.lesionId(),
                            s.diagnosis().id(),
                            fTest.get(i).label(),
                            scores[i],
                            scores[i] >= ev.threshold() ? 1 : 0,
                            s.cropPath(),
                            calibrated[i]));
                }
                status = ResultRow.OK;
            }
        } catch (TrainingDivergedException | AllTrialsDiverged e) {
            status = ResultRow.DIVERGED;
            message = "cell " + cell.id() + ": " + e.getMessage();
            if (finalModel != null) {
                finalModel.close();
                finalModel = null;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ResultRow row = ResultRow.of(
                rowCell, status, message, hyper, threshold, thresholdRule, metrics, Math.round(seconds * 100) / 100.0);
        final TrainedCnn fModel = finalModel;
        final List<EpochStats> fHistory = history;
        final CellResult result = new CellResult(row, confusion, roc, calibration);
        try {
            AtomicFiles.writeDirectory(cellDir, true, dir -> {
                RunFiles.writeHistory(dir, historyRows(fHistory));
                RunFiles.writeSearch(dir, searchRows);
                RunFiles.writeSplit(dir, splitRows(fTrain, fTest, fDropped, fInnerTrain, fVal));
                RunFiles.writePredictions(dir, predictions);
                if (fModel != null) {
                    fModel.save(dir.resolve("model"), bundleMetadata(cell, row, fTrain.size(), result.calibration()));
                }
                // result.json last: its presence marks the cell as done
                RunFiles.writeCellResult(dir, result);
            });
        } finally {
            if (fModel != null) {
                fModel.close();
            }
        }
        return new CellOutcome(cell.id(), status, seconds, row, predictions);
    }

    /**
     * The cell's calibration record (result.json {@code calibration}, bundle {@code calibration}): Platt
     * scaling fitted on the chosen search trial's scores of the inner validation split (never the test
     * set), and how it does on the test set (Brier score, Cox slope and intercept, raw and calibrated).
     */
    static org.hemamet.contract.Calibration calibrationRecord(
            LogisticCalibration platt,
            LogisticCalibration coxRaw,
            LogisticCalibration coxCal,
            double brierRaw,
            double brierCalibrated) {
        return org.hemamet.contract.Calibration.platt(
                platt.slope(),
                platt.intercept(),
                platt.n(),
                platt.positives(),
                new org.hemamet.contract.Calibration.TestSet(
                        brierRaw,
                        brierCalibrated,
                        coxRaw.slope(),
                        coxRaw.intercept(),
                        coxCal.slope(),
                        coxCal.intercept(),
                        coxRaw.note()));
    }

    /** Every hyper-parameter trial of the search diverged: nothing to retrain. */
    static final class AllTrialsDiverged extends RuntimeException {
        AllTrialsDiverged(String first) {
            super("every search trial diverged (first: " + first.replaceFirst("^diverged: ", "") + ")");
        }
    }

    private double[] classWeights(TrainingData data) {
        return config.balancing() == StudyConfig.Balancing.CLASS_WEIGHT
                ? CnnTrainer.balancedClassWeights(data.labels())
                : null;
    }

    private org.hemamet.model.Augmentation augmentation() {
        return config.augmentation()
                ? org.hemamet.model.Augmentation.standard()
                : org.hemamet.model.Augmentation.none();
    }

    private List<Case> balanceTraining(List<Case> train) {
        return config.balancing() == StudyConfig.Balancing.OVERSAMPLE ? Balancer.oversample(train, Case::label) : train;
    }

    private PatientSplit splitFor(Comparison cmp, int repeat) {
        String key = cmp.name() + "/" + repeat;
        return splitCache.computeIfAbsent(key, k -> {
            // one patient split per comparison × repeat, over the lesions of every studied sequence
            Map<String, PatientSplit.Item> lesions = new java.util.TreeMap<>();
            Set<org.hemamet.cohort.Sequence> seqs = new HashSet<>(config.sequences());
            for (DatasetSample s : samples) {
                int label = cmp.label(s.diagnosis());
                if (label >= 0 && seqs.contains(s.sequence())) {
                    lesions.putIfAbsent(
                            s.patientKey() + "/" + s.lesionId(), new PatientSplit.Item(s.patientKey(), label));
                }
            }
            if (config.folds() > 0) {
                // the same fold assignment for every fold of a comparison: each patient is tested exactly once
                return PatientSplit.ofFold(
                        PatientSplit.stratifiedGroupedFolds(
                                lesions.values(), config.folds(), Seeds.derive(config.seed(), "folds", cmp.name())),
                        repeat);
            }
            return PatientSplit.stratifiedGrouped(
                    lesions.values(), config.testFraction(), Seeds.derive(config.seed(), "split", cmp.name(), repeat));
        });
    }

    private TrainingData data(List<Case> cases) {
        float[][] images = new float[cases.size()][];
        int[] labels = new int[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            images[i] = loader.load(cases.get(i).sample().cropPath());
            labels[i] = cases.get(i).label();
        }
        return new TrainingData(images, labels, loader.size());
    }

    private static int[] counts(List<Case> cases) {
        int[] c = new int[2];
        for (Case x : cases) {
            c[x.label()]++;
        }
        return c;
    }

    private static Set<String> patients(List<Case> cases) {
        Set<String> s = new HashSet<>();
        for (Case c : cases) {
            s.add(c.sample().patientKey());
        }
        return s;
    }

    private static void putMetrics(Map<Metric, Interval> metrics, BinaryEvaluation ev) {
        metrics.put(Metric.ACCURACY, interval(ev.accuracy()));
        metrics.put(Metric.SENSITIVITY, interval(ev.sensitivity()));
        metrics.put(Metric.SPECIFICITY, interval(ev.specificity()));
        metrics.put(Metric.AUC, interval(ev.auc()));
        metrics.put(Metric.PPV, interval(ev.ppv()));
        metrics.put(Metric.NPV, interval(ev.npv()));
        metrics.put(Metric.F1, interval(ev.f1()));
        metrics.put(Metric.BALANCED_ACCURACY, interval(ev.balancedAccuracy()));
        metrics.put(Metric.MCC, interval(ev.mcc()));
        metrics.put(Metric.BRIER, interval(ev.brier()));
    }

    private static Interval interval(Estimate e) {
        return new Interval(e.value(), e.lower(), e.upper());
    }

    private static double[] sanitize(double[] thresholds) {
        double[] t = thresholds.clone();
        for (int i = 0; i < t.length; i++) {
            if (Double.isInfinite(t[i])) {
                t[i] = t[i] > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
            }
        }
        return t;
    }

    private Map<String, Object> bundleMetadata(
            CellId cell, ResultRow row, int nTrain, org.hemamet.contract.Calibration calibration) {
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

    private static List<HistoryRow> historyRows(List<EpochStats> h) {
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

    private static List<SplitRow> splitRows(
            List<Case> train, List<Case> test, List<Case> dropped, List<Case> innerTrain, List<Case> val) {
        Set<Case> valSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        valSet.addAll(val);
        List<SplitRow> rows = new ArrayList<>();
        java.util.function.BiConsumer<Case, String> add = (c, part) -> rows.add(new SplitRow(
                c.sample().sampleId(),
                c.sample().patientKey(),
                c.sample().diagnosis().id(),
                c.label(),
                part,
                part.equals(SplitRow.TRAIN) ? (valSet.contains(c) ? SplitRow.VALIDATION : SplitRow.TRAIN) : ""));
        train.forEach(c -> add.accept(c, SplitRow.TRAIN));
        test.forEach(c -> add.accept(c, SplitRow.TEST));
        dropped.forEach(c -> add.accept(c, SplitRow.DROPPED));
        return rows;
    }

    /** Reads a finished cell back (for resume and summaries): the same typed values as a fresh outcome. */
    public static CellOutcome readOutcome(Path cellDir) {
        CellResult result = RunFiles.readCellResult(cellDir);
        if (result == null) {
            throw new java.io.UncheckedIOException(
                    new java.io.FileNotFoundException("cannot read cell " + cellDir + ": no " + RunFiles.RESULT));
        }
        ResultRow row = result.row();
        return new CellOutcome(
                row.cellId(),
                row.status(),
                row.trainSeconds() == null ? 0 : row.trainSeconds(),
                row,
                RunFiles.readPredictions(cellDir));
    }
}
