package org.hemamet.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hemamet.baseline.IntensityRatio;
import org.hemamet.baseline.LogisticBaseline;
import org.hemamet.baseline.RadiomicsModel;
import org.hemamet.baseline.RegularisationSearch;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.contract.BaselineFiles;
import org.hemamet.contract.BaselineModel;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Version;
import org.hemamet.ingest.Ingest;
import org.hemamet.preprocess.CropKey;
import org.hemamet.preprocess.MaskPng;
import org.hemamet.radiomics.Discretisation;
import org.hemamet.radiomics.IbsiFeature;
import org.hemamet.radiomics.RadiomicsExtractor;

/**
 * The baselines of one cell, beside the CNN on the same lesions in the same partitions ({@link
 * CellPartition}): the radiomics baseline ({@value ResultRow#RADIOMICS_LR}) is the 43 IBSI features
 * ({@link RadiomicsExtractor}: 18 intensity statistics, 25 GLCM features "2D, averaged", fixed bin
 * number {@code radiomics.bins}) of each crop's 16-bit values inside the lesion mask, at the dataset's
 * crop size, and an L2 logistic regression on them ({@link LogisticBaseline}, LIBLINEAR). Its C is chosen
 * by validation AUC ({@link RegularisationSearch}) fitted on the cell's inner-train part and scored on its
 * validation part, the very split the CNN's search uses; the standardiser and the regression are then
 * refitted with that C on the whole (balanced) training part and scored once on the test part. The
 * evaluation is the CNN's ({@link CellEvaluation}: the same metrics and CIs, Platt scaling fitted on the
 * chosen C's validation scores). Nothing is fitted or chosen on a test lesion: the step checks that no
 * test sample is among the rows it fits on.
 *
 * <p>The rows go to {@code RUN_DIR/baselines/<cell_id>/} (results.csv, predictions.csv and
 * radiomics-lr.json: the fitted model as a {@link BaselineModel}, with its IBSI feature codes, grey
 * levels, standardiser, weights, threshold, calibration and the dataset's crop parameters, which {@code
 * hemamet predict} applies again), written atomically before
 * the cell's own directory, so a cell marked done always has its baselines. A dataset without lesion masks
 * gives a {@value #NOT_AVAILABLE} row saying so.
 *
 * <p>The ratio baseline ({@value ResultRow#INTENSITY_RATIO}) is one feature: the lesion's mean signal over the
 * median of the normal-marrow reference region on the same image (IntensityRatio; ingest's
 * {@code reference_median}), the signal-intensity ratio radiologists read (Schmeel et al., Eur Radiol 2018),
 * with the same logistic regression, C search and evaluation as radiomics-lr (with one feature the C only
 * sets the sign and scale, so the AUC is that of the ratio with the direction learnt on the training part).
 * The lesion's signal is read back from its crop in source units ({@code source_min + v (source_max -
 * source_min)}, the crop's scaling undone), so the ratio is the same whatever the dataset's intensity
 * reference (up to the crop's clipping). It runs when the dataset has reference regions; otherwise
 * {@link #RATIO_NOTE}.
 */
final class BaselineStep {
    /** The status of a baseline row whose baseline cannot run on this dataset. */
    static final String NOT_AVAILABLE = "not_available";

    /** Why the lesion/reference ratio baseline is not run. */
    static final String RATIO_NOTE = "lesion/reference intensity ratio: not available: no reference region (the"
            + " dataset has none; draw a normal-marrow region with VIA region attribute roi = reference)";

    /** The directory of the baselines' files in a run. */
    static final String DIR = "baselines";

    /** The radiomics baseline's fitted model, beside its rows. */
    static final String MODEL_FILE = BaselineFiles.RADIOMICS_LR;

    /** The ratio baseline's fitted model, beside its rows. */
    static final String RATIO_MODEL_FILE = BaselineFiles.INTENSITY_RATIO;

    private final StudyConfig config;
    private final Path datasetDir;
    private final Path runDir;
    private final RadiomicsExtractor extractor;
    private final Map<String, double[]> features = new ConcurrentHashMap<>();
    private final Map<String, double[]> ratios = new ConcurrentHashMap<>();

    /**
     * What the step fitted on and produced (for tests: the sample ids each fit saw).
     *
     * @param rows        results.csv rows (one per baseline)
     * @param predictions predictions.csv rows (test lesions, per baseline)
     * @param fittedOn    sample ids the final standardiser and regression were fitted on
     * @param searchedOn  sample ids the C search fitted on (inner train) and scored on (validation)
     * @param testedOn    sample ids scored once for the results
     * @param models      each fitted model as its file holds it, by file name (radiomics-lr.json, ...)
     */
    record Outcome(
            List<ResultRow> rows,
            List<PredictionRow> predictions,
            List<String> fittedOn,
            List<String> searchedOn,
            List<String> testedOn,
            Map<String, BaselineModel> models) {
        static final Outcome NONE = new Outcome(List.of(), List.of(), List.of(), List.of(), List.of(), Map.of());

        static Outcome only(ResultRow row) {
            return new Outcome(List.of(row), List.of(), List.of(), List.of(), List.of(), Map.of());
        }

        /** The radiomics model as radiomics-lr.json holds it, or null. */
        BaselineModel model() {
            return models.get(MODEL_FILE);
        }

        /** This outcome and {@code o}'s, side by side (ids: the distinct ones of both). */
        Outcome and(Outcome o) {
            Map<String, BaselineModel> m = new LinkedHashMap<>(models);
            m.putAll(o.models);
            return new Outcome(
                    concat(rows, o.rows),
                    concat(predictions, o.predictions),
                    distinct(fittedOn, o.fittedOn),
                    distinct(searchedOn, o.searchedOn),
                    distinct(testedOn, o.testedOn),
                    m);
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            List<T> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }

        private static List<String> distinct(List<String> a, List<String> b) {
            return new ArrayList<>(new java.util.LinkedHashSet<>(concat(a, b)));
        }
    }

    BaselineStep(StudyConfig config, Path datasetDir, Path runDir) {
        this.config = config;
        this.datasetDir = datasetDir;
        this.runDir = runDir;
        this.extractor = new RadiomicsExtractor(
                new Discretisation.FixedBinNumber(config.radiomics().bins()));
    }

    /** The baselines' directory of a cell. */
    static Path cellDir(Path runDir, String cellId) {
        return runDir.resolve(DIR).resolve(cellId);
    }

    /**
     * Runs the study's baselines in {@code cell} and writes their files; nothing when the study has none (the
     * ratio baseline only when the dataset has reference regions).
     */
    Outcome run(CellId cell, CellPartition partition) {
        boolean radiomics = config.runs(ResultRow.RADIOMICS_LR);
        boolean ratio = config.runs(ResultRow.INTENSITY_RATIO) && hasReference(partition);
        if (!radiomics && !ratio) {
            return Outcome.NONE;
        }
        checkDisjoint(cell, partition);
        Outcome out = Outcome.NONE;
        if (radiomics) {
            out = out.and(fitted(cell, partition, ResultRow.RADIOMICS_LR, missingMask(partition), this::features));
        }
        if (ratio) {
            out = out.and(fitted(cell, partition, ResultRow.INTENSITY_RATIO, missingReference(partition), this::ratio));
        }
        write(cell, out);
        return out;
    }

    /** Whether some lesion of the cell has a reference region (the dataset has them). */
    static boolean hasReference(CellPartition partition) {
        return partition.train().stream().anyMatch(c -> c.sample().hasReference())
                || partition.test().stream().anyMatch(c -> c.sample().hasReference());
    }

    /**
     * One baseline: {@code features} of each lesion, C chosen on the inner validation split, refitted on the
     * training part, scored once on the test part.
     */
    private Outcome fitted(
            CellId cell,
            CellPartition partition,
            String name,
            String missing,
            java.util.function.Function<DatasetSample, double[]> features) {
        long t0 = System.nanoTime();
        if (missing != null) {
            return Outcome.only(row(cell, partition, NOT_AVAILABLE, missing, Map.of(), t0, name));
        }
        double[][] xInner = matrix(partition.innerTrain(), features);
        double[][] xVal = matrix(partition.validation(), features);
        boolean[] yInner = positives(partition.innerTrain());
        boolean[] yVal = positives(partition.validation());
        RegularisationSearch.Choice choice;
        try {
            choice = RegularisationSearch.choose(xInner, yInner, xVal, yVal, RegularisationSearch.defaultGrid());
        } catch (IllegalArgumentException | NullPointerException e) {
            String why = "cell " + cell.id() + ": " + name + ": cannot choose C on the validation split ("
                    + e.getMessage() + ")";
            return Outcome.only(row(cell, partition, ResultRow.INSUFFICIENT_DATA, why, Map.of(), t0, name));
        }
        double[] valScores = LogisticBaseline.fit(xInner, yInner, choice.c()).predictPositive(xVal);
        LogisticBaseline model =
                LogisticBaseline.fit(matrix(partition.train(), features), positives(partition.train()), choice.c());
        double[] scores = model.predictPositive(matrix(partition.test(), features));
        int[] testLabels = labels(partition.test());
        CellEvaluation ev = CellEvaluation.of(
                cell,
                partition.test(),
                testLabels,
                scores,
                new CalibrationFit(labels(partition.validation()), valScores, 0),
                DevelopmentPrevalences.evaluationTarget(partition, config.balanceTest()),
                Seeds.derive(config.seed(), "bootstrap", cell.id(), name),
                config.bootstrap());
        ResultRow row = row(cell, partition, ResultRow.OK, "", ev, t0, name);
        List<String> searched = new ArrayList<>(ids(partition.innerTrain()));
        searched.addAll(ids(partition.validation()));
        return new Outcome(
                List.of(row),
                relabel(ev.predictions(), name),
                ids(partition.train()),
                searched,
                ids(partition.test()),
                Map.of(
                        name.equals(ResultRow.RADIOMICS_LR) ? MODEL_FILE : RATIO_MODEL_FILE,
                        kept(cell, partition, model, choice, ev, name)));
    }

    /** No test lesion (nor its patient) among the rows the baseline fits or chooses on. */
    private static void checkDisjoint(CellId cell, CellPartition partition) {
        Set<String> testPatients = new HashSet<>();
        partition.test().forEach(c -> testPatients.add(c.sample().patientKey()));
        for (List<CellPartition.Case> part :
                List.of(partition.train(), partition.innerTrain(), partition.validation())) {
            for (CellPartition.Case c : part) {
                if (testPatients.contains(c.sample().patientKey())) {
                    throw new IllegalStateException("cell " + cell.id() + ": baseline would fit on test patient "
                            + c.sample().sampleId());
                }
            }
        }
    }

    /** Why the ratio cannot run on this cell (a lesion without mask or reference region), or null. */
    private static String missingReference(CellPartition partition) {
        List<CellPartition.Case> all = new ArrayList<>(partition.train());
        all.addAll(partition.test());
        for (CellPartition.Case c : all) {
            if (!c.sample().hasMask() || !c.sample().hasReference()) {
                return ResultRow.INTENSITY_RATIO + ": not available: sample "
                        + c.sample().sampleId() + " has no "
                        + (c.sample().hasMask() ? "reference region on its image" : "lesion mask");
            }
        }
        return null;
    }

    private static String missingMask(CellPartition partition) {
        List<CellPartition.Case> all = new ArrayList<>(partition.train());
        all.addAll(partition.test());
        for (CellPartition.Case c : all) {
            if (!c.sample().hasMask()) {
                return "radiomics-lr: not available: the dataset has no lesion masks (sample "
                        + c.sample().sampleId() + "; ingest writes them unless --no-masks)";
            }
        }
        return null;
    }

    private ResultRow row(
            CellId cell,
            CellPartition partition,
            String status,
            String message,
            Map<ResultRow.Metric, org.hemamet.contract.Interval> metrics,
            long t0,
            String name) {
        return ResultRow.of(partition.rowCell(cell), status, message, null, null, null, metrics, rounded(t0), name);
    }

    private ResultRow row(
            CellId cell,
            CellPartition partition,
            String status,
            String message,
            CellEvaluation ev,
            long t0,
            String name) {
        return ResultRow.of(
                        partition.rowCell(cell),
                        status,
                        message,
                        null,
                        ev.threshold(),
                        ev.thresholdRule(),
                        ev.metrics(),
                        rounded(t0),
                        name)
                .withCiLevel(ev.ciLevel(), ev.testPatients(), ev.aucMethod())
                .withCalibratedPrevalence(ev.calibratedPrevalence());
    }

    private static double rounded(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }

    /** The CNN-shaped prediction rows of the evaluation, as the baseline's. */
    private static List<PredictionRow> relabel(List<PredictionRow> rows, String name) {
        return rows.stream().map(p -> p.withModel(name)).toList();
    }

    private static double[][] matrix(
            List<CellPartition.Case> cases, java.util.function.Function<DatasetSample, double[]> features) {
        double[][] x = new double[cases.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = features.apply(cases.get(i).sample());
        }
        return x;
    }

    /** The lesion's mean signal over its image's reference median (cached for the run). */
    double[] ratio(DatasetSample s) {
        return ratios.computeIfAbsent(s.sampleId(), id -> new double[] {readRatio(s)});
    }

    private double readRatio(DatasetSample s) {
        Path maskFile = datasetDir.resolve(s.maskPath());
        MaskPng.Mask mask = readMask(maskFile);
        float[] crop = CropLoader.read(datasetDir.resolve(s.cropPath()), mask.width());
        double[] source = new double[crop.length];
        for (int i = 0; i < crop.length; i++) {
            source[i] = s.sourceMin() + crop[i] * (s.sourceMax() - s.sourceMin());
        }
        try {
            return IntensityRatio.mean(source, mask.inside(), "lesion") / s.referenceMedian();
        } catch (IllegalArgumentException e) {
            throw HemametException.dataState(maskFile + ": " + e.getMessage());
        }
    }

    private static MaskPng.Mask readMask(Path maskFile) {
        MaskPng.Mask mask;
        try {
            mask = MaskPng.decode(Files.readAllBytes(maskFile));
        } catch (IOException | RuntimeException e) {
            throw HemametException.invalidInput(maskFile + ": cannot read lesion mask: " + e.getMessage(), e);
        }
        if (mask.width() != mask.height()) {
            throw HemametException.invalidInput(
                    maskFile + ": mask is " + mask.width() + "x" + mask.height() + ", crops are square");
        }
        return mask;
    }

    /** The lesion's feature vector (cached for the run: a lesion is in many cells). */
    double[] features(DatasetSample s) {
        return features.computeIfAbsent(s.sampleId(), id -> extract(s));
    }

    private double[] extract(DatasetSample s) {
        Path maskFile = datasetDir.resolve(s.maskPath());
        MaskPng.Mask mask = readMask(maskFile);
        // the crop as CropLoader reads it, at the dataset's size (the mask's)
        float[] crop = CropLoader.read(datasetDir.resolve(s.cropPath()), mask.width());
        try {
            return RadiomicsModel.cropFeatures(extractor, crop, mask.width(), mask.inside());
        } catch (IllegalArgumentException e) {
            throw HemametException.dataState(maskFile + ": " + e.getMessage());
        }
    }

    /** The fitted model as kept in the run ({@link BaselineModel}): everything needed to apply it again. */
    private BaselineModel kept(
            CellId cell,
            CellPartition partition,
            LogisticBaseline model,
            RegularisationSearch.Choice choice,
            CellEvaluation ev,
            String name) {
        boolean radiomics = name.equals(ResultRow.RADIOMICS_LR);
        return new BaselineModel(
                BaselineModel.FORMAT_VERSION,
                Version.hemamet(),
                name,
                cell.id(),
                cell.sequence().name(),
                cell.comparison().name(),
                List.of(Diagnosis.HEMANGIOMA.id(), cell.comparison().positiveName()),
                cell.comparison().positiveName(),
                radiomics
                        ? RadiomicsModel.featureCodes()
                        : List.of("mean lesion signal / median reference-region signal"),
                radiomics
                        ? RadiomicsExtractor.features().stream()
                                .map(IbsiFeature::column)
                                .toList()
                        : null,
                radiomics ? config.radiomics().bins() : null,
                radiomics ? extractor.discretisation().describe() : null,
                choice.c(),
                Double.isNaN(choice.auc()) ? null : choice.auc(),
                choice.points().stream()
                        .map(p -> java.util.Arrays.asList(p.c(), Double.isNaN(p.auc()) ? null : p.auc()))
                        .toList(),
                model.standardiser().mean(),
                model.standardiser().sd(),
                model.weights(),
                model.intercept(),
                ev.threshold(),
                ev.thresholdRule(),
                partition.train().size(),
                DevelopmentPrevalences.recorded(ev.calibration(), partition),
                datasetCrop(datasetDir),
                null);
    }

    /**
     * The dataset's crop parameters (its ingest-report.json {@code params.key}, {@link Ingest#cropKey}), or null
     * when the dataset records none (a hand-made dataset): a kept model (radiomics or CNN) then records none and
     * predict refuses it. A key this version cannot parse is refused (exit 2) before any cell trains.
     */
    static BundleMetadata.Crop datasetCrop(Path datasetDir) {
        String key = Ingest.cropKey(datasetDir).orElse(null);
        if (key == null) {
            return null;
        }
        try {
            return CropKey.toCrop(CropKey.parse(key), "dataset ingest-report.json (params.key)");
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput(datasetDir.resolve(Ingest.REPORT_FILE)
                    + ": unsupported crop parameters in params.key (" + e.getMessage() + ")");
        }
    }

    private void write(CellId cell, Outcome out) {
        AtomicFiles.writeDirectory(cellDir(runDir, cell.id()), true, dir -> {
            RunFiles.writeResults(dir, out.rows());
            RunFiles.writePredictions(dir, out.predictions());
            for (Map.Entry<String, BaselineModel> model : out.models().entrySet()) {
                Files.writeString(dir.resolve(model.getKey()), BaselineFiles.json(model.getValue()));
            }
        });
    }

    /** The baselines' rows of a finished cell, or none (no baselines run, or a run of an older version). */
    static List<ResultRow> readRows(Path runDir, String cellId) {
        Path dir = cellDir(runDir, cellId);
        return Files.isRegularFile(dir.resolve(RunFiles.RESULTS)) ? RunFiles.readAllResults(dir) : List.of();
    }

    /** The baselines' prediction rows of a finished cell, or none. */
    static List<PredictionRow> readPredictions(Path runDir, String cellId) {
        Path dir = cellDir(runDir, cellId);
        return Files.isRegularFile(dir.resolve(RunFiles.PREDICTIONS)) ? RunFiles.readAllPredictions(dir) : List.of();
    }

    private static boolean[] positives(List<CellPartition.Case> cases) {
        boolean[] y = new boolean[cases.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = cases.get(i).label() == 1;
        }
        return y;
    }

    private static int[] labels(List<CellPartition.Case> cases) {
        int[] y = new int[cases.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = cases.get(i).label();
        }
        return y;
    }

    private static List<String> ids(List<CellPartition.Case> cases) {
        return cases.stream().map(c -> c.sample().sampleId()).toList();
    }
}
