package org.hemamet.study;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hemamet.cohort.DatasetSample;
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
    public static final String RESULT_FILE = "result.json";

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

    /** What a cell produced; {@code row} holds the results.csv columns (contracts.md C). */
    public record CellOutcome(
            String cellId,
            String status,
            double seconds,
            Map<String, Object> row,
            List<Map<String, Object>> predictions) {}

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
        Map<String, Object> row = baseRow(cell);
        int[] trc = counts(train);
        int[] tec = counts(test);
        row.put("n_train_neg", trc[0]);
        row.put("n_train_pos", trc[1]);
        row.put("n_test_neg", tec[0]);
        row.put("n_test_pos", tec[1]);
        row.put("n_dropped", dropped.size());

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
        Map<String, Object> extra = new LinkedHashMap<>();
        List<Map<String, Object>> predictions = new ArrayList<>();
        List<Map<String, Object>> searchRows = new ArrayList<>();
        List<EpochStats> history = List.of();
        final List<Case> fTrain = train;
        final List<Case> fTest = test;
        Path cellDir = runDir.resolve("cells").resolve(cell.id());
        final List<Case> fInnerTrain = innerTrain;
        final List<Case> fVal = val;
        final List<Case> fDropped = dropped;
        String status;
        String message = "";
        TrainedCnn finalModel = null;
        try {
            if (insufficient != null) {
                status = "insufficient_data";
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
                    Map<String, Object> sr = new LinkedHashMap<>();
                    sr.put("trial", t + 1);
                    sr.put("learning_rate", hp.learningRate());
                    sr.put("batch_size", hp.batchSize());
                    sr.put("epochs", hp.epochs());
                    sr.put("dropout", hp.dropout());
                    try (TrainedCnn m = CnnTrainer.train(org.hemamet.model.TrainingRequest.builder()
                            .setTrainData(innerData)
                            .setHyperParams(hp)
                            .setSeed(Seeds.derive(config.seed(), "train", cell.id(), "trial", t))
                            .optValidation(valData)
                            .optAugmentation(augmentation())
                            .optClassWeights(classWeights(innerData))
                            .optBatchListener((e, b, bs, loss) -> progress.on(phase, e, hp.epochs(), b, bs))
                            .build())) {
                        double[] vs = m.predictPositive(valData.images());
                        double auc = org.hemamet.metrics.Roc.auc(valData.labels(), vs);
                        EpochStats last = m.history().get(m.history().size() - 1);
                        sr.put("val_auc", auc);
                        sr.put("val_loss", last.valLoss());
                        sr.put("val_accuracy", last.valAccuracy());
                        double a = Double.isNaN(auc) ? Double.NEGATIVE_INFINITY : auc;
                        if (a > bestAuc || (a == bestAuc && last.valLoss() < bestLoss)) {
                            best = t;
                            bestValScores = vs;
                            bestAuc = a;
                            bestLoss = last.valLoss();
                        }
                    } catch (TrainingDivergedException e) {
                        sr.put("val_auc", Double.NaN);
                        sr.put("val_loss", Double.NaN);
                        sr.put("val_accuracy", Double.NaN);
                        sr.put("note", "diverged: " + e.getMessage());
                    }
                    searchRows.add(sr);
                }
                if (best < 0) {
                    throw new AllTrialsDiverged(String.valueOf(searchRows.get(0).get("note")));
                }
                for (int t = 0; t < searchRows.size(); t++) {
                    searchRows.get(t).put("chosen", t == best);
                }
                HyperParams chosen = trials.get(best);
                row.put("learning_rate", chosen.learningRate());
                row.put("batch_size", chosen.batchSize());
                row.put("epochs", chosen.epochs());
                row.put("dropout", chosen.dropout());
                TrainingData trainData = data(balanceTraining(fTrain));
                TrainingData testData = data(fTest);
                finalModel = CnnTrainer.train(org.hemamet.model.TrainingRequest.builder()
                        .setTrainData(trainData)
                        .setHyperParams(chosen)
                        .setSeed(Seeds.derive(config.seed(), "train", cell.id(), "final"))
                        .optAugmentation(augmentation())
                        .optClassWeights(classWeights(trainData))
                        .optBatchListener((e, b, bs, loss) -> progress.on("final", e, chosen.epochs(), b, bs))
                        .build());
                history = finalModel.history();
                double[] scores = finalModel.predictPositive(testData.images());
                ThresholdRule rule = new ThresholdRule.Fixed(0.5);
                BinaryEvaluation ev = BinaryEvaluation.evaluate(
                        testData.labels(),
                        scores,
                        rule,
                        Seeds.derive(config.seed(), "bootstrap", cell.id()),
                        config.bootstrap());
                putMetrics(row, ev);
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
                put(row, "calibration_slope", coxRaw.slopeEstimate());
                put(row, "calibration_intercept", coxRaw.interceptEstimate());
                put(row, "calibrated_brier", brierCal);
                put(row, "calibrated_slope", coxCal.slopeEstimate());
                extra.put(
                        "calibration",
                        calibrationRecord(platt, coxRaw, coxCal, ev.brier().value(), brierCal.value()));
                extra.put(
                        "confusion",
                        Map.of(
                                "tp",
                                ev.counts().tp(),
                                "fp",
                                ev.counts().fp(),
                                "tn",
                                ev.counts().tn(),
                                "fn",
                                ev.counts().fn()));
                extra.put(
                        "roc",
                        Map.of(
                                "fpr",
                                ev.roc().fpr(),
                                "tpr",
                                ev.roc().tpr(),
                                "thresholds",
                                sanitize(ev.roc().thresholds())));
                for (int i = 0; i < fTest.size(); i++) {
                    DatasetSample s = fTest.get(i).sample();
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("cell_id", cell.id());
                    p.put("sequence", cell.sequence().name());
                    p.put("comparison", cmp.name());
                    p.put("repeat", cell.repeat());
                    p.put("sample_id", s.sampleId());
                    p.put("patient_key", s.patientKey());
                    p.put("lesion_id", s.lesionId());
                    p.put("diagnosis", s.diagnosis().id());
                    p.put("label", fTest.get(i).label());
                    p.put("score", scores[i]);
                    p.put("predicted", scores[i] >= ev.threshold() ? 1 : 0);
                    p.put("crop_path", s.cropPath());
                    p.put("calibrated", calibrated[i]);
                    predictions.add(p);
                }
                status = "ok";
            }
        } catch (TrainingDivergedException | AllTrialsDiverged e) {
            status = "diverged";
            message = "cell " + cell.id() + ": " + e.getMessage();
            if (finalModel != null) {
                finalModel.close();
                finalModel = null;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        row.put("status", status);
        row.put("message", message);
        row.put("train_seconds", Math.round(seconds * 100) / 100.0);
        final TrainedCnn fModel = finalModel;
        final List<EpochStats> fHistory = history;
        final Map<String, Object> fRow = row;
        try {
            AtomicFiles.writeDirectory(cellDir, true, dir -> {
                Map<String, Object> result = new LinkedHashMap<>(fRow);
                result.putAll(extra);
                Files.writeString(dir.resolve("history.csv"), historyCsv(fHistory));
                Files.writeString(
                        dir.resolve("search.csv"),
                        Csv.write(
                                List.of(
                                        "trial",
                                        "learning_rate",
                                        "batch_size",
                                        "epochs",
                                        "dropout",
                                        "val_auc",
                                        "val_loss",
                                        "val_accuracy",
                                        "chosen",
                                        "note"),
                                searchRows));
                Files.writeString(dir.resolve("split.csv"), splitCsv(fTrain, fTest, fDropped, fInnerTrain, fVal));
                Files.writeString(
                        dir.resolve("predictions.csv"), Csv.write(RunSummaries.PREDICTION_COLUMNS, predictions));
                if (fModel != null) {
                    fModel.save(
                            dir.resolve("model"), bundleMetadata(cell, fRow, fTrain.size(), extra.get("calibration")));
                }
                // result.json last: its presence marks the cell as done
                Files.writeString(dir.resolve(RESULT_FILE), Json.mapper().writeValueAsString(result) + "\n");
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
    static Map<String, Object> calibrationRecord(
            LogisticCalibration platt,
            LogisticCalibration coxRaw,
            LogisticCalibration coxCal,
            double brierRaw,
            double brierCalibrated) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "platt");
        m.put("formula", "P = 1 / (1 + exp(-(intercept + slope * logit(p)))), p clipped to [1e-7, 1 - 1e-7]");
        m.put("slope", platt.slope());
        m.put("intercept", platt.intercept());
        m.put(
                "fitted_on",
                "inner validation split of the training part (" + platt.n() + " lesions, " + platt.positives()
                        + " positive), scores of the chosen search trial's model");
        m.put("n_fit", platt.n());
        m.put("fit_prevalence", platt.positives() / (double) platt.n());
        m.put("reference", "Platt 1999; as scikit-learn's CalibratedClassifierCV(method=\"sigmoid\")");
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("brier_raw", brierRaw);
        test.put("brier_calibrated", brierCalibrated);
        test.put("cox_slope_raw", coxRaw.slope());
        test.put("cox_intercept_raw", coxRaw.intercept());
        test.put("cox_slope_calibrated", coxCal.slope());
        test.put("cox_intercept_calibrated", coxCal.intercept());
        test.put("cox_note", coxRaw.note());
        m.put("test", test);
        return m;
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

    private Map<String, Object> baseRow(CellId cell) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String col : RunSummaries.RESULT_COLUMNS) {
            row.put(col, "");
        }
        row.put("cell_id", cell.id());
        row.put("sequence", cell.sequence().name());
        row.put("comparison", cell.comparison().name());
        row.put("repeat", cell.repeat());
        return row;
    }

    private static void putMetrics(Map<String, Object> row, BinaryEvaluation ev) {
        row.put("threshold", ev.threshold());
        row.put("threshold_rule", ev.rule().describe());
        put(row, "accuracy", ev.accuracy());
        put(row, "sensitivity", ev.sensitivity());
        put(row, "specificity", ev.specificity());
        put(row, "auc", ev.auc());
        put(row, "ppv", ev.ppv());
        put(row, "npv", ev.npv());
        put(row, "f1", ev.f1());
        put(row, "balanced_accuracy", ev.balancedAccuracy());
        put(row, "mcc", ev.mcc());
        put(row, "brier", ev.brier());
    }

    private static void put(Map<String, Object> row, String name, Estimate e) {
        row.put(name, e.value());
        row.put(name + "_lo", e.lower());
        row.put(name + "_hi", e.upper());
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

    private Map<String, Object> bundleMetadata(CellId cell, Map<String, Object> row, int nTrain, Object calibration) {
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
        md.put("threshold", row.get("threshold"));
        md.put("threshold_rule", row.get("threshold_rule"));
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("n_train", nTrain);
        training.put("n_train_neg", row.get("n_train_neg"));
        training.put("n_train_pos", row.get("n_train_pos"));
        training.put("balancing", config.balancing().id());
        training.put(
                "hyper_parameters",
                Map.of(
                        "learning_rate",
                        row.get("learning_rate"),
                        "batch_size",
                        row.get("batch_size"),
                        "epochs",
                        row.get("epochs"),
                        "dropout",
                        row.get("dropout")));
        training.put("seed", Seeds.derive(config.seed(), "train", cell.id(), "final"));
        training.put("root_seed", config.seed());
        md.put("training", training);
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (String m : List.of("accuracy", "sensitivity", "specificity", "auc")) {
            metrics.put(m, Map.of("value", row.get(m), "lower", row.get(m + "_lo"), "upper", row.get(m + "_hi")));
        }
        md.put("test_metrics", metrics);
        if (calibration != null) {
            md.put("calibration", calibration);
        }
        return md;
    }

    private static String historyCsv(List<EpochStats> h) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochStats e : h) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("epoch", e.epoch());
            r.put("train_loss", e.trainLoss());
            r.put("train_accuracy", e.trainAccuracy());
            r.put("val_loss", Double.isNaN(e.valLoss()) ? "" : e.valLoss());
            r.put("val_accuracy", Double.isNaN(e.valAccuracy()) ? "" : e.valAccuracy());
            rows.add(r);
        }
        return Csv.write(List.of("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy"), rows);
    }

    private static String splitCsv(
            List<Case> train, List<Case> test, List<Case> dropped, List<Case> innerTrain, List<Case> val) {
        Set<Case> valSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        valSet.addAll(val);
        List<Map<String, Object>> rows = new ArrayList<>();
        java.util.function.BiConsumer<Case, String> add = (c, part) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("sample_id", c.sample().sampleId());
            r.put("patient_key", c.sample().patientKey());
            r.put("diagnosis", c.sample().diagnosis().id());
            r.put("label", c.label());
            r.put("partition", part);
            r.put("inner", part.equals("train") ? (valSet.contains(c) ? "validation" : "train") : "");
            rows.add(r);
        };
        train.forEach(c -> add.accept(c, "train"));
        test.forEach(c -> add.accept(c, "test"));
        dropped.forEach(c -> add.accept(c, "dropped"));
        return Csv.write(List.of("sample_id", "patient_key", "diagnosis", "label", "partition", "inner"), rows);
    }

    /** Reads a finished cell back (for resume and summaries). */
    public static CellOutcome readOutcome(Path cellDir) {
        try {
            Map<String, Object> result = Json.mapper()
                    .readValue(
                            cellDir.resolve(RESULT_FILE).toFile(),
                            new TypeReference<LinkedHashMap<String, Object>>() {});
            Map<String, Object> row = new LinkedHashMap<>();
            for (String col : RunSummaries.RESULT_COLUMNS) {
                row.put(col, result.getOrDefault(col, ""));
            }
            List<Map<String, Object>> preds = Csv.read(cellDir.resolve("predictions.csv"));
            Object secs = result.get("train_seconds");
            return new CellOutcome(
                    String.valueOf(result.get("cell_id")),
                    String.valueOf(result.get("status")),
                    secs instanceof Number n ? n.doubleValue() : 0,
                    row,
                    preds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cell " + cellDir + ": " + e.getMessage(), e);
        }
    }
}
