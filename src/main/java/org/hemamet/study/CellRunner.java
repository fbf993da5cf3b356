package org.hemamet.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.contract.CalibrationFitRow;
import org.hemamet.contract.OodStatistics;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.metrics.Roc;
import org.hemamet.model.Augmentation;
import org.hemamet.model.CnnTrainer;
import org.hemamet.model.EpochStats;
import org.hemamet.model.HyperParams;
import org.hemamet.model.TrainedCnn;
import org.hemamet.model.TrainingData;
import org.hemamet.model.TrainingDivergedException;
import org.hemamet.model.TrainingRequest;
import org.hemamet.ood.FeatureDistribution;
import org.hemamet.ood.OodDetector;

/**
 * Runs one cell of the protocol, as its steps:
 * <ol>
 *   <li>partition ({@link CellPartition}): the sequence's lesions of the comparison's classes, split by
 *       patients 60/40, stratified by class and grouped by patient (one patient split per comparison and
 *       repeat, made over the comparison's lesions of every sequence of the dataset, so it is the same for
 *       every sequence and does not depend on which sequences the study lists), the training part balanced
 *       (the test part only with balance_test), and the training part split again into inner-train and
 *       validation;</li>
 *   <li>search ({@link SearchOutcome}): each hyper-parameter trial trained on inner-train and scored on
 *       validation;</li>
 *   <li>calibration ({@link CalibrationFit}): with {@code calibration_folds} k >= 2, the chosen
 *       configuration trained as the final model on k-1 of k patient-grouped folds of the training part and
 *       scored on the k-th, for each fold (cross-fitting); with 0, the chosen trial's validation
 *       scores;</li>
 *   <li>final fit: the chosen configuration retrained on the whole training part;</li>
 *   <li>baselines ({@link BaselineStep}): the study's baselines on the same partition, written apart;</li>
 *   <li>evaluate ({@link CellEvaluation}): once on the test part, with the Platt calibration fitted on
 *       the calibration step's scores;</li>
 *   <li>write ({@link CellWriter}): the cell's directory, atomically.</li>
 * </ol>
 * The final model has one owner (a try-with-resources here): it is closed on every path, also when the
 * evaluation or the writing throws.
 */
public final class CellRunner {
    public static final String RESULT_FILE = RunFiles.RESULT;

    private final StudyConfig config;
    private final List<DatasetSample> samples;
    private final CropLoader loader;
    private final CellWriter writer;
    private final BaselineStep baselines;
    private final Map<String, PatientSplit> splitCache = new HashMap<>();
    private final Set<String> foldsChecked = new HashSet<>();
    private Consumer<TrainedCnn> afterFinalFit = model -> {};

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
        this.writer = new CellWriter(config, runDir, BaselineStep.datasetCrop(loader.datasetDir()));
        this.baselines = new BaselineStep(config, loader.datasetDir(), runDir);
    }

    /**
     * Trainings per cell: the search's ({@link SearchSpace#trainings}) + the calibration's cross-fitting folds
     * (0 or k) + the final one.
     */
    public int trainingsPerCell() {
        int calibration = config.calibrationFolds() >= 2 ? config.calibrationFolds() : 0;
        SearchSpace space = SearchSpace.of(config.search());
        return space.trainings(space.trials(0L)).size() + calibration + 1;
    }

    /** Test hook: runs on the final model before its evaluation (e.g. to make the evaluation fail). */
    void afterFinalFit(Consumer<TrainedCnn> hook) {
        this.afterFinalFit = hook;
    }

    public CellOutcome run(CellId cell, Progress progress) {
        long t0 = System.nanoTime();
        if (config.folds() > 0) {
            checkFoldsCover(cell);
        }
        CellPartition partition = CellPartition.of(cell, samples, splitFor(cell.comparison(), cell.repeat()), config);
        if (partition.insufficient() != null) {
            return finish(
                    cell, t0, partition, SearchOutcome.NONE, ResultRow.INSUFFICIENT_DATA, partition.insufficient());
        }
        SearchOutcome search = search(cell, partition, progress);
        if (search.allDiverged()) {
            return finish(
                    cell, t0, partition, search, ResultRow.DIVERGED, "cell " + cell.id() + ": " + search.divergence());
        }
        try {
            CalibrationFit fit = calibrationFit(cell, partition, search, progress);
            return fitAndEvaluate(cell, t0, partition, search, fit, progress);
        } catch (TrainingDivergedException e) {
            return finish(cell, t0, partition, search, ResultRow.DIVERGED, "cell " + cell.id() + ": " + e.getMessage());
        }
    }

    /** The final fit and its one evaluation on the test part; the model is closed on every path. */
    private CellOutcome fitAndEvaluate(
            CellId cell,
            long t0,
            CellPartition partition,
            SearchOutcome search,
            CalibrationFit fit,
            Progress progress) {
        TrainingData train = data(balanceTraining(partition.train()));
        TrainingData test = data(partition.test());
        try (TrainedCnn model = trainFinal(cell, search.chosen(), train, progress)) {
            afterFinalFit.accept(model);
            if (!cell.isFused()) {
                baselines.run(cell, partition); // beside the CNN: same lesions, same partition (BaselineStep)
            }
            double[] scores = model.predictPositive(test.images());
            OodStatistics ood = trainingFeatures(model, partition.train());
            CellEvaluation evaluation = CellEvaluation.of(
                    cell,
                    partition.test(),
                    test.labels(),
                    scores,
                    fit,
                    DevelopmentPrevalences.evaluationTarget(partition, config.balanceTest()),
                    Seeds.derive(config.seed(), "bootstrap", cell.id()),
                    config.bootstrap());
            return finish(cell, t0, partition, search, evaluation, model, ood);
        }
    }

    /**
     * The distributions of the final model's features (per depth) over the training part's distinct crops
     * (not the oversampled copies; never the test part), for predict's out-of-distribution flag
     * ({@link OodDetector}); null when the training part has too few patients for its folds.
     */
    private OodStatistics trainingFeatures(TrainedCnn model, List<CellPartition.Case> train) {
        return oodStatistics(
                model,
                data(train),
                train.stream().map(c -> c.sample().patientKey()).toList());
    }

    /**
     * The out-of-distribution statistics of a model over its training crops ({@link OodDetector#fit}); null
     * when they come from fewer patients than the thresholds' folds. Shared by the study and {@link OodRefit}.
     */
    static OodStatistics oodStatistics(TrainedCnn model, TrainingData train, List<String> patients) {
        if (new java.util.HashSet<>(patients).size() < FeatureDistribution.FOLDS) {
            return null;
        }
        return OodDetector.fit(model.layerFeatures(train.images()), train.labels(), patients);
    }

    /**
     * The scores the Platt calibration is fitted on (never the test part). With {@code calibration_folds}
     * k >= 2: cross-fitting as scikit-learn's {@code CalibratedClassifierCV(ensemble=False)} does (Platt
     * 1999; Niculescu-Mizil and Caruana 2005): k patient-grouped, stratified folds of the training part
     * (after balancing), the chosen configuration trained by the final model's recipe on the other k-1
     * folds and scored on each, so every training lesion gets one out-of-fold score. With 0: the chosen
     * search trial's validation scores (older versions).
     */
    private CalibrationFit calibrationFit(
            CellId cell, CellPartition partition, SearchOutcome search, Progress progress) {
        int k = config.calibrationFolds();
        if (k < 2) {
            return CalibrationFit.ofValidation(search, partition.validation());
        }
        List<CellPartition.Case> train = partition.train();
        List<Set<String>> folds = PatientSplit.stratifiedGroupedFolds(
                train.stream()
                        .map(c -> new PatientSplit.Item(c.sample().patientKey(), c.label()))
                        .toList(),
                k,
                Seeds.derive(config.seed(), "calibration", cell.id()));
        int[] labels = new int[train.size()];
        double[] scores = new double[train.size()];
        List<CalibrationFitRow> fitRows = new ArrayList<>();
        List<CalibrationFitRow> testRows = new ArrayList<>();
        float[][] testImages = data(partition.test()).images();
        int n = 0;
        for (int f = 0; f < folds.size(); f++) {
            List<CellPartition.Case> fitPart = new ArrayList<>();
            List<CellPartition.Case> heldOut = new ArrayList<>();
            for (CellPartition.Case c : train) {
                (folds.get(f).contains(c.sample().patientKey()) ? heldOut : fitPart).add(c);
            }
            PatientSplit.assertDisjoint(patientsOf(fitPart), patientsOf(heldOut));
            if (heldOut.isEmpty()) {
                continue;
            }
            TrainingData held = data(heldOut);
            String phase = "calibration " + (f + 1) + "/" + folds.size();
            try (TrainedCnn m =
                    trainCalibrationFold(cell, f, search.chosen(), data(balanceTraining(fitPart)), phase, progress)) {
                double[] s = m.predictPositive(held.images());
                System.arraycopy(s, 0, scores, n, s.length);
                System.arraycopy(held.labels(), 0, labels, n, s.length);
                n += s.length;
                for (int i = 0; i < s.length; i++) {
                    fitRows.add(CalibrationFit.row(heldOut.get(i), CalibrationFitRow.FIT, f, s[i]));
                }
                double[] t = m.predictPositive(testImages);
                for (int i = 0; i < t.length; i++) {
                    testRows.add(CalibrationFit.row(partition.test().get(i), CalibrationFitRow.TEST, f, t[i]));
                }
            }
        }
        if (n != train.size()) {
            throw new IllegalStateException("calibration cross-fitting scored " + n + " of the " + train.size()
                    + " training lesions of cell " + cell.id());
        }
        fitRows.addAll(testRows);
        return new CalibrationFit(labels, scores, folds.size(), fitRows);
    }

    private TrainedCnn trainCalibrationFold(
            CellId cell, int fold, HyperParams chosen, TrainingData fitPart, String phase, Progress progress) {
        return CnnTrainer.train(TrainingRequest.builder()
                .setTrainData(fitPart)
                .setHyperParams(chosen)
                .setSeed(Seeds.derive(config.seed(), "train", cell.id(), "calibration", fold))
                .optAugmentation(augmentation())
                .optClassWeights(classWeights(fitPart))
                .optBatchListener((e, b, bs, loss) -> progress.on(phase, e, chosen.epochs(), b, bs))
                .build());
    }

    private static Set<String> patientsOf(List<CellPartition.Case> cases) {
        Set<String> s = new HashSet<>();
        cases.forEach(c -> s.add(c.sample().patientKey()));
        return s;
    }

    /**
     * k-fold ({@code folds}): asserts, once per sequence x comparison, that the k folds' test parts hold
     * every lesion of the cell exactly once (with balance_test: every lesion is in exactly one fold's test
     * part, where the downsampling may drop it; split.csv says so).
     */
    private void checkFoldsCover(CellId cell) {
        if (!foldsChecked.add(cell.sequenceName() + "/" + cell.comparison().name())) {
            return;
        }
        List<List<CellPartition.Case>> tested = new ArrayList<>();
        for (int f = 0; f < config.folds(); f++) {
            CellId fold = cell.withRepeat(f);
            CellPartition p = CellPartition.of(fold, samples, splitFor(cell.comparison(), f), config);
            List<CellPartition.Case> t = new ArrayList<>(p.test());
            t.addAll(p.droppedFromTest());
            tested.add(t);
        }
        CellPartition.assertTestedOnce(cell, CellPartition.lesionsOf(cell, samples), tested);
    }

    /**
     * The search: every training ({@link SearchSpace#trainings}: a grid's trials that differ only in epochs
     * share one), each trial scored on the network of its epochs; then the choice among the trials in trial
     * order.
     */
    private SearchOutcome search(CellId cell, CellPartition partition, Progress progress) {
        SearchSpace space = SearchSpace.of(config.search());
        List<HyperParams> trials = space.trials(Seeds.derive(config.seed(), "search", cell.id()));
        List<SearchSpace.Training> trainings = space.trainings(trials);
        TrainingData inner = data(balanceTraining(partition.innerTrain()));
        TrainingData validation = data(partition.validation());
        SearchOutcome.Trial[] results = new SearchOutcome.Trial[trials.size()];
        for (int k = 0; k < trainings.size(); k++) {
            String phase = "search " + (k + 1) + "/" + trainings.size();
            searchTraining(cell, trainings.get(k), trials, inner, validation, phase, progress, results);
        }
        return SearchOutcome.choose(List.of(results), validation.labels());
    }

    /**
     * One training of the search: its own trial scored on the trained network, each checkpoint trial on the
     * network after its epochs. When the training diverges, the trials not yet scored are recorded as diverged
     * (a checkpoint taken before stays scored: a training of its epochs would not have diverged).
     */
    private void searchTraining(
            CellId cell,
            SearchSpace.Training training,
            List<HyperParams> trials,
            TrainingData inner,
            TrainingData validation,
            String phase,
            Progress progress,
            SearchOutcome.Trial[] results) {
        HyperParams hp = trials.get(training.trial());
        Map<Integer, Integer> trialByEpochs = new HashMap<>();
        for (int t : training.checkpoints()) {
            trialByEpochs.put(trials.get(t).epochs(), t);
        }
        try (TrainedCnn m = CnnTrainer.train(trialRequest(
                        cell, training.trial(), hp, inner, validation, phase, progress)
                .optCheckpoints(
                        training.checkpoints().stream()
                                .map(t -> trials.get(t).epochs())
                                .toList(),
                        checkpoint -> {
                            try (checkpoint) {
                                int t = trialByEpochs.get(checkpoint.history().size());
                                results[t] = scored(trials.get(t), hp.epochs(), checkpoint, validation);
                            }
                        })
                .build())) {
            results[training.trial()] = scored(hp, hp.epochs(), m, validation);
        } catch (TrainingDivergedException e) {
            for (int t : training.all()) {
                if (results[t] == null) {
                    results[t] = SearchOutcome.Trial.diverged(trials.get(t), hp.epochs(), e.getMessage());
                }
            }
        }
    }

    /** A trial scored by network {@code m} on the validation split. */
    private static SearchOutcome.Trial scored(
            HyperParams hp, int trainedEpochs, TrainedCnn m, TrainingData validation) {
        double[] scores = m.predictPositive(validation.images());
        EpochStats last = m.history().get(m.history().size() - 1);
        return SearchOutcome.Trial.scored(
                hp,
                trainedEpochs,
                scores,
                validation.labels(),
                Roc.auc(validation.labels(), scores),
                last.valLoss(),
                last.valAccuracy());
    }

    private TrainingRequest.Builder trialRequest(
            CellId cell,
            int t,
            HyperParams hp,
            TrainingData inner,
            TrainingData validation,
            String phase,
            Progress progress) {
        return TrainingRequest.builder()
                .setTrainData(inner)
                .setHyperParams(hp)
                .setSeed(Seeds.derive(config.seed(), "train", cell.id(), "trial", t))
                .optValidation(validation)
                .optValidateCheckpointsOnly()
                .optAugmentation(augmentation())
                .optClassWeights(classWeights(inner))
                .optBatchListener((e, b, bs, loss) -> progress.on(phase, e, hp.epochs(), b, bs));
    }

    private TrainedCnn trainFinal(CellId cell, HyperParams chosen, TrainingData train, Progress progress) {
        return CnnTrainer.train(TrainingRequest.builder()
                .setTrainData(train)
                .setHyperParams(chosen)
                .setSeed(Seeds.derive(config.seed(), "train", cell.id(), "final"))
                .optAugmentation(augmentation())
                .optClassWeights(classWeights(train))
                .optBatchListener((e, b, bs, loss) -> progress.on("final", e, chosen.epochs(), b, bs))
                .build());
    }

    /** A cell that was not evaluated: its row and files (no model, no predictions). */
    private CellOutcome finish(
            CellId cell, long t0, CellPartition partition, SearchOutcome search, String status, String message) {
        double seconds = seconds(t0);
        ResultRow row = ResultRow.of(
                partition.rowCell(cell),
                status,
                message,
                search.hyper(),
                null,
                null,
                Map.of(),
                rounded(seconds),
                modelName(cell));
        writer.write(cell, row, partition, search, null, null, null);
        return new CellOutcome(cell.id(), status, seconds, row, List.of());
    }

    /** An evaluated cell: its row, files and model bundle. */
    private CellOutcome finish(
            CellId cell,
            long t0,
            CellPartition partition,
            SearchOutcome search,
            CellEvaluation evaluation,
            TrainedCnn model,
            OodStatistics ood) {
        double seconds = seconds(t0);
        ResultRow row = ResultRow.of(
                        partition.rowCell(cell),
                        ResultRow.OK,
                        "",
                        search.hyper(),
                        evaluation.threshold(),
                        evaluation.thresholdRule(),
                        evaluation.metrics(),
                        rounded(seconds),
                        modelName(cell))
                .withCiLevel(evaluation.ciLevel(), evaluation.testPatients(), evaluation.aucMethod())
                .withCalibratedPrevalence(evaluation.calibratedPrevalence());
        writer.write(cell, row, partition, search, evaluation, model, ood);
        return new CellOutcome(cell.id(), ResultRow.OK, seconds, row, evaluation.predictions());
    }

    /** The model column of the cell's rows: the CNN's, or early fusion's. */
    private static String modelName(CellId cell) {
        return cell.isFused() ? EarlyFusion.NAME_MODEL : ResultRow.CNN;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double rounded(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    private double[] classWeights(TrainingData data) {
        return config.balancing() == StudyConfig.Balancing.CLASS_WEIGHT
                ? CnnTrainer.balancedClassWeights(data.labels())
                : null;
    }

    private Augmentation augmentation() {
        return config.augmentation() ? Augmentation.standard() : Augmentation.none();
    }

    private List<CellPartition.Case> balanceTraining(List<CellPartition.Case> train) {
        return config.balancing() == StudyConfig.Balancing.OVERSAMPLE
                ? Balancer.oversample(train, CellPartition.Case::label)
                : train;
    }

    PatientSplit splitFor(Comparison cmp, int repeat) {
        return splitCache.computeIfAbsent(cmp.name() + "/" + repeat, k -> patientSplit(samples, config, cmp, repeat));
    }

    /**
     * The patient split of {@code cmp}'s repeat (or fold) {@code repeat}, over the comparison's lesions of every
     * sequence of the dataset (not only the studied ones: adding or removing a sequence moves no patient).
     */
    static PatientSplit patientSplit(List<DatasetSample> samples, StudyConfig config, Comparison cmp, int repeat) {
        Map<String, PatientSplit.Item> lesions = new TreeMap<>();
        for (DatasetSample s : samples) {
            int label = cmp.label(s.diagnosis());
            if (label >= 0) {
                lesions.putIfAbsent(s.patientKey() + "/" + s.lesionId(), new PatientSplit.Item(s.patientKey(), label));
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
    }

    /**
     * The cases' network inputs and labels: a per-sequence cell's crops, or an early-fused cell's
     * channel stacks ({@link EarlyFusion#image}).
     */
    private TrainingData data(List<CellPartition.Case> cases) {
        float[][] images = new float[cases.size()][];
        int[] labels = new int[cases.size()];
        int fused = cases.isEmpty() ? 0 : cases.get(0).channels().size();
        for (int i = 0; i < cases.size(); i++) {
            CellPartition.Case c = cases.get(i);
            images[i] = fused == 0 ? loader.load(c.sample().cropPath()) : EarlyFusion.image(c.channels(), loader);
            labels[i] = c.label();
        }
        return fused == 0
                ? new TrainingData(images, labels, loader.size())
                : new TrainingData(images, labels, loader.size(), EarlyFusion.channels(fused), fused);
    }

    /** Reads a finished cell back (for resume and summaries): the same typed values as a fresh outcome. */
    public static CellOutcome readOutcome(Path cellDir) {
        var result = RunFiles.readCellResult(cellDir);
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
