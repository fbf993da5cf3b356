package org.hemamet.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.hemamet.baseline.BaselineComparison;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunProvenance;
import org.hemamet.study.StudyConfig;

/**
 * The "Methods" and "Limitations" paragraphs in journal prose, generated from the run: every number and
 * protocol statement is read from study.json, provenance.json, the model bundle, results.csv and the dataset
 * (ReportProseTest checks that the statements follow the config). Nothing here is written by hand per run.
 */
final class Prose {
    /** Calibration slopes outside this range are called miscalibrated (Van Calster et al., J Clin Epidemiol 2016). */
    static final double SLOPE_LOW = 0.8;

    static final double SLOPE_HIGH = 1.25;

    /** Test parts with fewer lesions are called small in the limitations. */
    static final int SMALL_TEST = 200;

    private Prose() {}

    // ------------------------------------------------------------------------------------ methods

    /** The methods paragraph, sentence by sentence. */
    static List<String> methods(ReportModel m) {
        List<String> s = new ArrayList<>();
        StudyConfig cfg = m.run().study();
        cohort(m, s);
        preprocessing(m, s);
        if (cfg != null) {
            design(cfg, s);
            model(m, cfg, s);
            training(m, cfg, s);
            evaluation(m, cfg, s);
        } else {
            s.add("The study configuration (study.json) was not available, so the protocol is not described here.");
        }
        software(m.run().provenance(), s);
        return s;
    }

    private static void cohort(ReportModel m, List<String> s) {
        var d = m.dataset();
        if (d == null) {
            return;
        }
        String perSeq = d.bySequence().entrySet().stream()
                .map(e -> e.getKey() + " "
                        + e.getValue().values().stream().mapToInt(i -> i).sum())
                .collect(Collectors.joining(", "));
        s.add(String.format(
                Locale.ROOT,
                "The dataset comprised %d patients with %d lesions and %d lesion crops (%s).",
                d.patients(),
                d.lesions(),
                d.crops(),
                perSeq));
        if (m.exclusions() != null && m.exclusions().total() != null) {
            s.add(m.exclusions().total() + " items were excluded at ingest, each with its reason (see Data flow).");
        }
        s.add("Patients were identified only by keyed-hash pseudonyms (HMAC-SHA-256) assigned at ingest; no name,"
                + " identifier or date reached the analysis.");
    }

    private static void preprocessing(ReportModel m, List<String> s) {
        if (m.exclusions() == null) {
            return;
        }
        JsonNode p = m.exclusions().ingestReport().path("params");
        if (p.isMissingNode()) {
            s.add("Regions of interest drawn in VGG Image Annotator (VIA) were cropped at ingest; the crop"
                    + " parameters are not recorded in this run's ingest-report.json.");
            return;
        }
        s.add(String.format(
                Locale.ROOT,
                "Regions of interest drawn in VGG Image Annotator (VIA) were cropped with a margin of %s of the"
                        + " region's size (%s) and resized to %d × %d pixels (%s); intensities were normalised %s.",
                pct(p.path("margin").asDouble()),
                p.path("aspect").asText("").startsWith("keep")
                        ? "square window, aspect ratio kept"
                        : "the region's rectangle stretched to a square",
                p.path("size").asInt(),
                p.path("size").asInt(),
                p.path("resize").asText("resampling not recorded"),
                p.path("normalisation").asText("as recorded in ingest-report.json")));
    }

    private static void design(StudyConfig cfg, List<String> s) {
        s.add(String.format(
                Locale.ROOT,
                "%s (%s) %s studied on its own for %s (%s), one model per sequence and comparison.",
                cfg.sequences().size() == 1
                        ? "One sequence"
                        : "Each of " + cfg.sequences().size() + " sequences",
                cfg.sequences().stream().map(Enum::name).collect(Collectors.joining(", ")),
                "was",
                plural(cfg.comparisons().size(), "comparison"),
                String.join(", ", cfg.comparisons())));
        if (cfg.folds() >= 2) {
            s.add(String.format(
                    Locale.ROOT,
                    "Performance was estimated by %d-fold cross-validation, stratified by diagnosis and grouped by"
                            + " patient, so that no patient contributed to both the training and the test part.",
                    cfg.folds()));
        } else {
            s.add(String.format(
                    Locale.ROOT,
                    "Patients were split at random into a training part (%s) and a test part (%s), stratified by"
                            + " class and grouped by patient so that no patient contributed to both, with patients of"
                            + " one and of several lesions spread over both parts in proportion%s.",
                    pct(1 - cfg.testFraction()),
                    pct(cfg.testFraction()),
                    cfg.repeats() > 1
                            ? "; the split was repeated " + cfg.repeats() + " times with different seeds"
                            : ""));
        }
        s.add("Class balance: " + cfg.balancingStatement() + ".");
    }

    private static void model(ReportModel m, StudyConfig cfg, List<String> s) {
        BundleMetadata meta = m.modelMetadata();
        BundleMetadata.Architecture a = meta == null ? null : meta.architecture();
        if (a != null && a.filters() != null) {
            s.add(String.format(
                    Locale.ROOT,
                    "The classifier was a convolutional neural network (%s) taking one %d × %d crop: %d blocks of 3 × 3"
                            + " convolution (%s filters), batch normalisation, ReLU and 2 × 2 max-pooling, a dense layer"
                            + " of %d units with ReLU, dropout and a two-class softmax output.",
                    a.name(),
                    a.inputSize(),
                    a.inputSize(),
                    a.filters().size(),
                    a.filters().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                    a.dense()));
        } else {
            s.add(String.format(
                    Locale.ROOT,
                    "The classifier was the paper's convolutional neural network (paper-cnn) taking one %d × %d crop.",
                    cfg.inputSize(),
                    cfg.inputSize()));
        }
        s.add(
                cfg.fusion().isEmpty()
                        ? "Weights were initialised Glorot-uniform from the study seed (biases zero); no pre-trained weights or"
                                + " ensembling were used."
                        : "Weights were initialised Glorot-uniform from the study seed (biases zero); no pre-trained weights"
                                + " were used. Besides one model per sequence: " + fusion(cfg) + " (see Fusion).");
    }

    /**
     * What the study's fusions did, from its config and the fusions' own constants (late: {@link
     * org.hemamet.study.LateFusion}; early: {@link org.hemamet.study.EarlyFusion}, its channel count
     * {@link org.hemamet.study.EarlyFusion#channels}).
     */
    static String fusion(StudyConfig cfg) {
        List<String> parts = new java.util.ArrayList<>();
        if (cfg.fuses(org.hemamet.study.LateFusion.NAME)) {
            parts.add("late fusion stacked the sequences' CNN probabilities by an L2 logistic regression fitted on the"
                    + " training part's out-of-fold scores only");
        }
        if (cfg.fuses(org.hemamet.study.EarlyFusion.NAME)) {
            int c = cfg.sequences().size();
            parts.add(String.format(
                    Locale.ROOT,
                    "early fusion trained one paper-cnn on %d input channels, a lesion's %d crops (%s, joined by"
                            + " patient and lesion; zeros where a sequence is missing) and one availability plane per"
                            + " sequence (ones where present, zeros where missing), with the search, calibration and"
                            + " evaluation of a sequence cell on the same patient split",
                    cfg.earlyFusionChannels(),
                    c,
                    cfg.sequences().stream().map(Enum::name).collect(Collectors.joining(", "))));
        }
        return String.join("; ", parts) + "; each fused cell was compared with the best single sequence (chosen by"
                + " its out-of-fold AUC on the training part) by a paired test on the same test lesions";
    }

    /** How a grid's trials that differ only in epochs were trained ({@code Search#sharesTrainings}), or "". */
    static String sharedTrainings(StudyConfig.Search q) {
        if (!q.sharesTrainings()) {
            return "";
        }
        return " (configurations that differed only in epochs shared one training of the most epochs, each shorter"
                + " one scored on that training's network after its own epochs, batch-norm statistics re-estimated"
                + " as at the end of any training: the network a training of that many epochs with the same seed"
                + " gives)";
    }

    private static void training(ReportModel m, StudyConfig cfg, List<String> s) {
        StudyConfig.Search q = cfg.search();
        String strategy =
                "grid".equals(q.strategy()) ? "a grid search" : "a random search of " + q.trials() + " configurations";
        s.add(String.format(
                Locale.ROOT,
                "Networks were trained with the Adam optimiser and cross-entropy loss%s. Hyper-parameters were chosen"
                        + " by %s over learning rates %s, batch sizes %s, %s epochs and dropout %s, by the AUC on an"
                        + " inner validation split of %s of the training part's patients%s; the chosen configuration"
                        + " was retrained on the whole training part and tested once.",
                cfg.augmentation()
                        ? " with random flips, small rotations and intensity jitter"
                        : " without augmentation",
                strategy,
                join(q.learningRates()),
                join(q.batchSizes()),
                join(q.epochs()),
                join(q.dropouts()),
                pct(q.validationFraction()),
                sharedTrainings(q)));
        String method = calibrationMethod(m);
        s.add(
                cfg.calibrationFolds() >= 2
                        ? String.format(
                                Locale.ROOT,
                                "Probabilities were calibrated by %s cross-fitted on out-of-fold scores of %d"
                                        + " patient-grouped folds of the training part%s.",
                                method,
                                cfg.calibrationFolds(),
                                prevalenceClause(m))
                        : "Probabilities were calibrated by " + method
                                + " on the chosen configuration's validation scores" + prevalenceClause(m) + ".");
    }

    /** ", then moved ... (refs)" or "": which prevalence the run's calibrated probabilities assume. */
    private static String prevalenceClause(ReportModel m) {
        String words = ResultRow.calibratedPrevalenceWords(
                m.cells().stream().map(c -> c.result()).toList());
        return words.isEmpty() ? "" : ", " + words;
    }

    /**
     * The calibration method the run's cells record, in words: temperature scaling in runs of this version,
     * Platt scaling in runs of older ones (whose cells may record none).
     */
    static String calibrationMethod(ReportModel m) {
        var methods = new java.util.TreeSet<String>();
        for (var c : m.cells()) {
            if (c.calibration() != null && c.calibration().method() != null) {
                methods.add(c.calibration().method());
            }
        }
        List<String> words = methods.stream()
                .map(x -> org.hemamet.contract.Calibration.TEMPERATURE.equals(x)
                        ? "temperature scaling (Guo et al. 2017)"
                        : "Platt scaling (Platt 1999)")
                .distinct()
                .toList();
        return words.isEmpty() ? "Platt scaling (Platt 1999)" : String.join(" or ", words);
    }

    private static void evaluation(ReportModel m, StudyConfig cfg, List<String> s) {
        List<ResultRow> rows = m.cells().stream().map(c -> c.result()).toList();
        long patients = rows.stream()
                .filter(r -> ResultRow.CI_PATIENT.equals(r.ciLevel()))
                .count();
        String lesionAuc = ResultRow.aucIntervalWords(rows, ResultRow.CI_LESION);
        if (patients > 0) {
            s.add(String.format(
                    Locale.ROOT,
                    "On the test part we report accuracy, sensitivity, specificity, PPV, NPV, the AUC, F1, MCC, balanced"
                            + " accuracy and the Brier score with 95 %% CIs at the patient level where a test patient has"
                            + " several lesions: Wilson intervals at the effective sample size of the patients' design"
                            + " effect for the proportions (Rao & Scott 1992, Korn & Graubard 1998), %s for the AUC,"
                            + " and the percentile bootstrap over whole patients for the others (%d resamples)%s."
                            + " Sequences were compared with the DeLong test (Obuchowski's covariance for clustered"
                            + " lesions).",
                    ResultRow.aucIntervalWords(rows, ResultRow.CI_PATIENT),
                    cfg.bootstrap(),
                    patients == rows.size()
                            ? ""
                            : "; elsewhere Wilson, " + lesionAuc + " and the stratified bootstrap"));
        } else {
            s.add(String.format(
                    Locale.ROOT,
                    "On the test part we report accuracy, sensitivity, specificity, PPV, NPV (Wilson 95 %% CIs), the"
                            + " AUC (%s, 95 %%), and F1, MCC, balanced accuracy and the Brier score (stratified"
                            + " percentile bootstrap, %d resamples, resampling lesions); sequences were compared with"
                            + " the DeLong test.",
                    lesionAuc,
                    cfg.bootstrap()));
        }
        if (m.run().delong().stream().anyMatch(d -> d.pHolm() != null)) {
            s.add("Every p-value is also given adjusted by Holm's step-down method (Holm 1979) within its family of"
                    + " tests, which controls the family-wise error rate: the pairwise sequence comparisons within each"
                    + " comparison and repeat, each baseline's tests against the CNN over the cells, and each fusion's"
                    + " tests against the best single sequence over its comparisons.");
        }
        if (m.run().decisionCurves().stream().anyMatch(r -> ResultRow.CNN.equals(r.model()))) {
            s.add(decisionCurveSentence(m));
        }
        if (!cfg.baselines().isEmpty()) {
            s.add(String.format(
                    Locale.ROOT,
                    "As a baseline, %s (IBSI radiomics features, %d grey levels, L2 logistic regression) was trained"
                            + " and tested on the same partitions.",
                    String.join(", ", cfg.baselines()),
                    cfg.radiomics().bins()));
        }
    }

    /** The methods' sentence on the decision curves, naming the probabilities the run's curves used. */
    static String decisionCurveSentence(ReportModel m) {
        boolean calibrated = m.run().decisionCurves().stream()
                .anyMatch(r -> ResultRow.CNN.equals(r.model())
                        && org.hemamet.contract.DecisionCurveRow.CALIBRATED.equals(r.probability()));
        boolean fusedMoved = m.run().decisionCurves().stream()
                .anyMatch(r -> org.hemamet.study.LateFusion.NAME_MODEL.equals(r.model())
                        && org.hemamet.contract.DecisionCurveRow.CALIBRATED.equals(r.probability()));
        return "Clinical utility was assessed with decision curves (Vickers & Elkin 2006): the net benefit of working"
                + " up as a metastasis every test lesion whose probability reaches a threshold, from 1 % to 99 %,"
                + " against working up all lesions and none, with pointwise 95 % CIs by the percentile bootstrap over"
                + " patients"
                + (calibrated
                        ? "; the probabilities were the calibrated ones, moved from the balanced training prevalence"
                                + " to the training part's prevalence before balancing (Saerens et al. 2002)"
                                + (fusedMoved
                                        ? ", and late fusion's stacking probabilities, fitted on the balanced training"
                                                + " part, were moved the same way"
                                        : "")
                                + ", so that no test-set information entered them."
                        : "; the probabilities were the models' raw ones (the run recorded no calibration).");
    }

    private static void software(RunProvenance p, List<String> s) {
        if (p == null) {
            return;
        }
        s.add(String.format(
                Locale.ROOT,
                "Analyses ran in hemamet %s (Java %s, DJL %s, PyTorch %s) on %s with %s, root seed %s.",
                p.hemametVersion(),
                p.javaVersion(),
                p.djlVersion(),
                p.pytorchVersion(),
                p.cpu() == null ? "a CPU" : p.cpu(),
                plural(p.pytorchIntraOpThreads() != null ? p.pytorchIntraOpThreads() : p.threads(), "thread"),
                p.seed() == null ? "not recorded" : p.seed().toString()));
    }

    // -------------------------------------------------------------------------------- limitations

    /** The limitations paragraph, sentence by sentence, each from a fact of the run. */
    static List<String> limitations(ReportModel m) {
        List<String> s = new ArrayList<>();
        StudyConfig cfg = m.run().study();
        if (synthetic(m)) {
            s.add("The cohort is synthetic (generated by hemamet synth): the results describe the method on simulated"
                    + " images and say nothing about clinical performance.");
        }
        if (cfg != null && cfg.partitions() == 1 && cfg.folds() == 0) {
            s.add("Each estimate comes from a single random split of the patients; no repeated splits or"
                    + " cross-validation show how much it varies with the split.");
        }
        smallestTest(m, s);
        lossySources(m, s);
        if (cfg != null && cfg.balanceTest()) {
            s.add("The test part was balanced by downsampling (balance_test), so accuracy, PPV and NPV stand at an"
                    + " artificial prevalence of 0.5, not at the clinical one.");
        }
        calibration(m, s);
        belowBaseline(m, s);
        if (m.about() == null || !m.about().has("external_validation")) {
            s.add("All data came from one source and were split internally; there was no external test set.");
        }
        if (m.about() != null && m.about().has("limitations")) {
            s.add(m.about().limitations().strip());
        }
        return s;
    }

    /** How many crops came from lossy-compressed pixels (ingest-report.json source_formats), when any did. */
    private static void lossySources(ReportModel m, List<String> s) {
        if (m.exclusions() == null) {
            return;
        }
        var report = m.exclusions().ingestReport();
        int lossy = report.path("source_formats").path("n_lossy").asInt(0);
        if (lossy > 0) {
            s.add(String.format(
                    Locale.ROOT,
                    "%d of the %d crops were cut from lossy-compressed images (JPEG exports, or DICOM images that went"
                            + " through lossy compression), whose fine texture is partly the codec's; the models were"
                            + " not checked without them.",
                    lossy,
                    report.path("n_samples").asInt()));
        }
    }

    private static void smallestTest(ReportModel m, List<String> s) {
        m.cells().stream()
                .filter(c ->
                        c.ok() && c.result().nTestNeg() != null && c.result().nTestPos() != null)
                .min(java.util.Comparator.comparingInt(
                        c -> c.result().nTestNeg() + c.result().nTestPos()))
                .ifPresent(c -> s.add(String.format(
                        Locale.ROOT,
                        "The smallest test part (%s, %s) held %d lesions (%d positive)%s.",
                        c.result().sequence(),
                        c.result().comparison(),
                        c.result().nTestNeg() + c.result().nTestPos(),
                        c.result().nTestPos(),
                        c.result().nTestNeg() + c.result().nTestPos() < SMALL_TEST
                                ? ", so its confidence intervals are wide"
                                : "")));
    }

    private static void calibration(ReportModel m, List<String> s) {
        List<String> off = new ArrayList<>();
        int n = 0;
        for (var c : m.cells()) {
            Double slope = c.result().calibratedSlope() != null
                    ? c.result().calibratedSlope()
                    : c.result().calibrationSlope();
            if (!c.ok() || slope == null || slope.isNaN()) {
                continue;
            }
            n++;
            if (slope < SLOPE_LOW || slope > SLOPE_HIGH) {
                off.add(c.result().sequence() + " " + c.result().comparison()
                        + String.format(Locale.ROOT, " %.2f", slope));
            }
        }
        if (!off.isEmpty()) {
            s.add(String.format(
                    Locale.ROOT,
                    "The calibration slope on the test part lay outside %.2f–%.2f in %d of %d cells (%s): a slope"
                            + " below 1 means predictions too extreme (overfitting), above 1 too moderate.",
                    SLOPE_LOW,
                    SLOPE_HIGH,
                    off.size(),
                    n,
                    String.join("; ", off)));
        }
    }

    /**
     * The CNN cells a baseline beat on AUC, each with the baselines that did, and how many of those differences
     * are significant before and after Holm's adjustment (the adjustment the baselines table gives; Holm 1979).
     */
    private static void belowBaseline(ReportModel m, List<String> s) {
        var pairs = BaselinesSection.pairs(m.run().dir());
        Map<String, List<String>> below = new LinkedHashMap<>();
        int count = 0;
        int sig = 0;
        int sigHolm = 0;
        for (var p : pairs) {
            Double cnn = p.cnnRow().auc();
            Double base = p.row().auc();
            if (cnn != null && base != null && base > cnn) {
                count++;
                below.computeIfAbsent(
                                p.cnnRow().sequence() + " " + p.cnnRow().comparison() + repeatTag(m, p),
                                k -> new ArrayList<>())
                        .add(p.model());
                sig += p.p() < 0.05 ? 1 : 0;
                sigHolm += p.pHolm() < 0.05 ? 1 : 0;
            }
        }
        if (count > 0) {
            List<String> cells = new ArrayList<>();
            below.forEach((cell, models) -> cells.add(cell + ": " + String.join(", ", models)));
            s.add(String.format(
                    Locale.ROOT,
                    "A baseline's AUC was above the CNN's in %d of %d CNN–baseline comparisons (%s); the difference"
                            + " was significant at p < 0.05 in %d, and in %d after Holm's adjustment within each"
                            + " baseline's tests.",
                    count,
                    pairs.size(),
                    String.join("; ", cells),
                    sig,
                    sigHolm));
        }
    }

    /** " · r&lt;repeat&gt;" when the run has repeats, else "" (as {@link ReportModel#repeatTag}). */
    private static String repeatTag(ReportModel m, BaselineComparison.Pair p) {
        return m.repeats() ? " · r" + p.cnnRow().repeat() : "";
    }

    /**
     * Whether the cohort is synthetic: the about file says so, the ingest report records it, or the dataset
     * lies beside a {@code synth/ground-truth/parameters.json} written by {@code hemamet synth} (the demo's
     * layout).
     */
    static boolean synthetic(ReportModel m) {
        if (m.about() != null && m.about().synthetic()) {
            return true;
        }
        if (m.exclusions() != null
                && m.exclusions().ingestReport().path("synthetic").asBoolean(false)) {
            return true;
        }
        if (m.datasetDir() == null) {
            return false;
        }
        Path parent = m.datasetDir().toAbsolutePath().normalize().getParent();
        Path params = parent == null ? null : parent.resolve("synth/ground-truth/parameters.json");
        if (params == null || !Files.isRegularFile(params)) {
            return false;
        }
        try {
            JsonNode n = org.hemamet.core.Json.mapper().readTree(params.toFile());
            return "hemamet synth".equals(n.path("generator").asText());
        } catch (java.io.IOException e) {
            return false; // not the generator's file: no claim either way
        }
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * f);
    }

    private static String join(List<?> values) {
        List<String> v = values.stream().map(Prose::num).toList();
        return v.size() == 1 ? v.get(0) : "{" + String.join(", ", v) + "}";
    }

    private static String num(Object o) {
        if (o instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e6 ? String.valueOf(d.longValue()) : stripZeros(d);
        }
        return String.valueOf(o);
    }

    private static String stripZeros(double d) {
        return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    /** For tests: the paragraphs as one text each. */
    static Map<String, String> paragraphs(ReportModel m) {
        return Map.of("methods", String.join(" ", methods(m)), "limitations", String.join(" ", limitations(m)));
    }
}
