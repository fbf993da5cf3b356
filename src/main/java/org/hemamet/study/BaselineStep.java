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
import org.hemamet.baseline.LogisticBaseline;
import org.hemamet.baseline.RegularisationSearch;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.preprocess.MaskPng;
import org.hemamet.radiomics.Discretisation;
import org.hemamet.radiomics.IbsiFeature;
import org.hemamet.radiomics.RadiomicsExtractor;
import org.hemamet.radiomics.RoiImage;

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
 * radiomics-lr.json: C, bins, features, the fitted standardiser and weights), written atomically before
 * the cell's own directory, so a cell marked done always has its baselines. A dataset without lesion masks
 * gives a {@value #NOT_AVAILABLE} row saying so. The lesion/reference intensity ratio needs a reference
 * region, which the dataset does not have: {@link #RATIO_NOTE}.
 */
final class BaselineStep {
    /** The status of a baseline row whose baseline cannot run on this dataset. */
    static final String NOT_AVAILABLE = "not_available";

    /** Why the lesion/reference ratio baseline is not run. */
    static final String RATIO_NOTE =
            "lesion/reference intensity ratio: not available: no reference region (the dataset has none)";

    /** The directory of the baselines' files in a run. */
    static final String DIR = "baselines";

    /** The radiomics baseline's fitted model, beside its rows. */
    static final String MODEL_FILE = "radiomics-lr.json";

    private final StudyConfig config;
    private final Path datasetDir;
    private final Path runDir;
    private final RadiomicsExtractor extractor;
    private final Map<String, double[]> features = new ConcurrentHashMap<>();

    /**
     * What the step fitted on and produced (for tests: the sample ids each fit saw).
     *
     * @param rows        results.csv rows (one per baseline)
     * @param predictions predictions.csv rows (test lesions, per baseline)
     * @param fittedOn    sample ids the final standardiser and regression were fitted on
     * @param searchedOn  sample ids the C search fitted on (inner train) and scored on (validation)
     * @param testedOn    sample ids scored once for the results
     * @param model       the fitted radiomics model as radiomics-lr.json holds it, or null
     */
    record Outcome(
            List<ResultRow> rows,
            List<PredictionRow> predictions,
            List<String> fittedOn,
            List<String> searchedOn,
            List<String> testedOn,
            Map<String, Object> model) {
        static final Outcome NONE = new Outcome(List.of(), List.of(), List.of(), List.of(), List.of(), null);

        static Outcome only(ResultRow row) {
            return new Outcome(List.of(row), List.of(), List.of(), List.of(), List.of(), null);
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

    /** Runs the study's baselines in {@code cell} and writes their files; nothing when the study has none. */
    Outcome run(CellId cell, CellPartition partition) {
        if (!config.runs(ResultRow.RADIOMICS_LR)) {
            return Outcome.NONE;
        }
        long t0 = System.nanoTime();
        checkDisjoint(cell, partition);
        Outcome out = radiomics(cell, partition, t0);
        write(cell, out);
        return out;
    }

    private Outcome radiomics(CellId cell, CellPartition partition, long t0) {
        String missing = missingMask(partition);
        if (missing != null) {
            return Outcome.only(row(cell, partition, NOT_AVAILABLE, missing, Map.of(), t0));
        }
        double[][] xInner = matrix(partition.innerTrain());
        double[][] xVal = matrix(partition.validation());
        boolean[] yInner = positives(partition.innerTrain());
        boolean[] yVal = positives(partition.validation());
        RegularisationSearch.Choice choice;
        try {
            choice = RegularisationSearch.choose(xInner, yInner, xVal, yVal, RegularisationSearch.defaultGrid());
        } catch (IllegalArgumentException | NullPointerException e) {
            String why = "cell " + cell.id() + ": radiomics-lr: cannot choose C on the validation split ("
                    + e.getMessage() + ")";
            return Outcome.only(row(cell, partition, ResultRow.INSUFFICIENT_DATA, why, Map.of(), t0));
        }
        double[] valScores = LogisticBaseline.fit(xInner, yInner, choice.c()).predictPositive(xVal);
        LogisticBaseline model =
                LogisticBaseline.fit(matrix(partition.train()), positives(partition.train()), choice.c());
        double[] scores = model.predictPositive(matrix(partition.test()));
        int[] testLabels = labels(partition.test());
        CellEvaluation ev = CellEvaluation.of(
                cell,
                partition.test(),
                testLabels,
                scores,
                new CalibrationFit(labels(partition.validation()), valScores, 0),
                Seeds.derive(config.seed(), "bootstrap", cell.id(), ResultRow.RADIOMICS_LR),
                config.bootstrap());
        ResultRow row = row(cell, partition, ResultRow.OK, "", ev, t0);
        List<String> searched = new ArrayList<>(ids(partition.innerTrain()));
        searched.addAll(ids(partition.validation()));
        return new Outcome(
                List.of(row),
                relabel(ev.predictions()),
                ids(partition.train()),
                searched,
                ids(partition.test()),
                modelJson(cell, model, choice));
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
            long t0) {
        return ResultRow.of(
                partition.rowCell(cell),
                status,
                message,
                null,
                null,
                null,
                metrics,
                rounded(t0),
                ResultRow.RADIOMICS_LR);
    }

    private ResultRow row(
            CellId cell, CellPartition partition, String status, String message, CellEvaluation ev, long t0) {
        return ResultRow.of(
                partition.rowCell(cell),
                status,
                message,
                null,
                ev.threshold(),
                ev.thresholdRule(),
                ev.metrics(),
                rounded(t0),
                ResultRow.RADIOMICS_LR);
    }

    private static double rounded(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }

    /** The CNN-shaped prediction rows of the evaluation, as the baseline's. */
    private static List<PredictionRow> relabel(List<PredictionRow> rows) {
        List<PredictionRow> out = new ArrayList<>();
        for (PredictionRow p : rows) {
            out.add(new PredictionRow(
                    p.cellId(),
                    p.sequence(),
                    p.comparison(),
                    p.repeat(),
                    p.sampleId(),
                    p.patientKey(),
                    p.lesionId(),
                    p.diagnosis(),
                    p.label(),
                    p.score(),
                    p.predicted(),
                    p.cropPath(),
                    p.calibrated(),
                    ResultRow.RADIOMICS_LR));
        }
        return out;
    }

    private double[][] matrix(List<CellPartition.Case> cases) {
        double[][] x = new double[cases.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = features(cases.get(i).sample());
        }
        return x;
    }

    /** The lesion's feature vector (cached for the run: a lesion is in many cells). */
    double[] features(DatasetSample s) {
        return features.computeIfAbsent(s.sampleId(), id -> extract(s));
    }

    private double[] extract(DatasetSample s) {
        Path maskFile = datasetDir.resolve(s.maskPath());
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
        // the crop as CropLoader reads it, at the dataset's size (the mask's), back on the 16-bit scale
        float[] crop = CropLoader.read(datasetDir.resolve(s.cropPath()), mask.width());
        double[] values = new double[crop.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = crop[i] * 65535.0;
        }
        try {
            return extractor
                    .extract(RoiImage.of2d(mask.width(), mask.height(), values, mask.inside()))
                    .values();
        } catch (IllegalArgumentException e) {
            throw HemametException.dataState(maskFile + ": " + e.getMessage());
        }
    }

    private Map<String, Object> modelJson(CellId cell, LogisticBaseline model, RegularisationSearch.Choice choice) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", ResultRow.RADIOMICS_LR);
        m.put("cell_id", cell.id());
        m.put("bins", config.radiomics().bins());
        m.put("discretisation", extractor.discretisation().describe());
        m.put(
                "features",
                RadiomicsExtractor.features().stream()
                        .map(IbsiFeature::ibsiCode)
                        .toList());
        m.put(
                "feature_columns",
                RadiomicsExtractor.features().stream().map(IbsiFeature::column).toList());
        m.put("c", choice.c());
        m.put("validation_auc", Double.isNaN(choice.auc()) ? null : choice.auc());
        m.put(
                "c_grid",
                choice.points().stream().map(p -> List.of(p.c(), p.auc())).toList());
        m.put("standardiser_mean", model.standardiser().mean());
        m.put("standardiser_sd", model.standardiser().sd());
        m.put("weights", model.weights());
        m.put("intercept", model.intercept());
        return m;
    }

    private void write(CellId cell, Outcome out) {
        Map<String, Object> model = out.model();
        AtomicFiles.writeDirectory(cellDir(runDir, cell.id()), true, dir -> {
            RunFiles.writeResults(dir, out.rows());
            RunFiles.writePredictions(dir, out.predictions());
            if (model != null) {
                Files.writeString(dir.resolve(MODEL_FILE), Json.mapper().writeValueAsString(model) + "\n");
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
