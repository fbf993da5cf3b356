package org.hemamet.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hemamet.contract.CommonLesionRow;
import org.hemamet.contract.DeLongRow;
import org.hemamet.contract.DecisionCurveRow;
import org.hemamet.contract.Interval;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.metrics.ClusteredAuc;
import org.hemamet.metrics.DeLong;
import org.hemamet.metrics.Holm;
import org.hemamet.metrics.NewcombeAuc;

/**
 * Builds the run-level files from the cells' outcomes: {@code results.csv}, {@code predictions.csv},
 * {@code delong.csv} (DeLong et al. 1988 tests between sequences for the same comparison and repeat,
 * paired on the lesions tested on both sequences), {@code common_lesions.csv} (each sequence's AUC on the
 * test lesions all sequences of a comparison and repeat have), {@code decision_curves.csv} ({@link
 * DecisionCurves}) and {@code summary.md} (the paper-style table,
 * each row saying which lesions it stands on, and the table on the common lesions).
 */
public final class RunSummaries {
    /** results.csv columns (contracts.md C), in order: the properties of {@link ResultRow}. */
    public static final List<String> RESULT_COLUMNS = RunFiles.columns(ResultRow.class);

    /** predictions.csv columns: the properties of {@link PredictionRow}. */
    public static final List<String> PREDICTION_COLUMNS = RunFiles.columns(PredictionRow.class);

    private RunSummaries() {}

    public static void write(java.nio.file.Path runDir, StudyConfig config, List<CellRunner.CellOutcome> all) {
        // the per-sequence cells make the paper's tables; early-fused cells are rows of their own after the rest
        List<CellRunner.CellOutcome> outcomes = all.stream()
                .filter(o -> !o.cellId().startsWith(EarlyFusion.NAME_MODEL + "__"))
                .toList();
        List<CellRunner.CellOutcome> early = all.stream()
                .filter(o -> o.cellId().startsWith(EarlyFusion.NAME_MODEL + "__"))
                .toList();
        List<ResultRow> rows = new ArrayList<>();
        List<PredictionRow> preds = new ArrayList<>();
        for (CellRunner.CellOutcome o : outcomes) {
            rows.add(o.row());
            preds.addAll(o.predictions());
        }
        // the CNN's rows where they always were, the baselines' after them (BaselineSummary)
        List<ResultRow> allRows = new ArrayList<>(rows);
        allRows.addAll(BaselineSummary.rows(runDir, outcomes));
        List<PredictionRow> allPreds = new ArrayList<>(preds);
        allPreds.addAll(BaselineSummary.predictions(runDir, outcomes));
        LateFusion.Result fused = LateFusion.of(runDir, config, outcomes); // fused rows after them
        allRows.addAll(fused.rows());
        allPreds.addAll(fused.predictions());
        early.forEach(o -> {
            allRows.add(o.row());
            allPreds.addAll(o.predictions());
        });
        List<org.hemamet.contract.FusionRow> earlyVersus = EarlyFusion.versusBest(runDir, outcomes, early);
        List<org.hemamet.contract.FusionRow> versus = new ArrayList<>(fused.comparisons());
        versus.addAll(earlyVersus);
        RunFiles.writeResults(runDir, allRows);
        RunFiles.writePredictions(runDir, allPreds);
        if (!versus.isEmpty()) {
            RunFiles.writeFusion(runDir, versus);
        }
        List<DeLongRow> delong = delong(outcomes);
        RunFiles.writeDeLong(runDir, delong);
        List<CommonLesionRow> common = commonLesions(preds);
        RunFiles.writeCommonLesions(runDir, common);
        List<DecisionCurveRow> curves = DecisionCurves.of(runDir, config, allRows, allPreds);
        RunFiles.writeDecisionCurves(runDir, curves);
        AtomicFiles.writeString(
                runDir.resolve(RunFiles.SUMMARY),
                summary(config, rows, testPatients(preds), delong, common, FoldModelCalibration.slopes(runDir, rows))
                        + BaselineSummary.markdown(allRows, allPreds)
                        + fused.markdown()
                        + EarlyFusion.markdown(earlyVersus)
                        + DecisionCurves.markdown(curves));
    }

    /** Test patients per cell id: the distinct patients of the cell's test predictions. */
    static Map<String, Integer> testPatients(List<PredictionRow> preds) {
        Map<String, java.util.Set<String>> by = new TreeMap<>();
        for (PredictionRow p : preds) {
            by.computeIfAbsent(p.cellId(), k -> new java.util.TreeSet<>()).add(p.patientKey());
        }
        Map<String, Integer> out = new TreeMap<>();
        by.forEach((cell, patients) -> out.put(cell, patients.size()));
        return out;
    }

    /**
     * Per comparison and repeat with at least two evaluated sequences: the test lesions every one of them has
     * (the intersection of the cells' test lesions, by patient and lesion), and each sequence's AUC on exactly
     * those with its 95 % CI as the main table's AUCs: Newcombe's score interval (Stat Med 2006, {@link
     * NewcombeAuc}), at the patients' design effect (Obuchowski's clustered variance over DeLong's) when some
     * patient has several common lesions. Sequences are then
     * compared on the same lesions, which the main table's per-cell test sets are not. {@code predictions}
     * are those of the ok cells (predictions.csv).
     */
    static List<CommonLesionRow> commonLesions(List<PredictionRow> predictions) {
        Map<String, Map<String, Map<String, PredictionRow>>> groups = new TreeMap<>();
        for (PredictionRow p : predictions) {
            groups.computeIfAbsent(p.comparison() + "\u0000" + p.repeat(), k -> new TreeMap<>(SEQUENCE_ORDER))
                    .computeIfAbsent(p.sequence(), k -> new TreeMap<>())
                    .put(p.lesionKey(), p);
        }
        List<CommonLesionRow> out = new ArrayList<>();
        for (var g : groups.entrySet()) {
            if (g.getValue().size() >= 2) {
                String[] key = g.getKey().split("\u0000");
                out.addAll(commonRows(key[0], Integer.parseInt(key[1]), g.getValue()));
            }
        }
        return out;
    }

    /** T1, T2, STIR, T1C (the paper's order); other names after them, alphabetically. */
    private static final java.util.Comparator<String> SEQUENCE_ORDER =
            java.util.Comparator.comparingInt(RunSummaries::sequenceRank).thenComparing(s -> s);

    private static int sequenceRank(String s) {
        try {
            return org.hemamet.cohort.Sequence.parse(s).ordinal();
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static List<CommonLesionRow> commonRows(
            String comparison, int repeat, Map<String, Map<String, PredictionRow>> bySequence) {
        java.util.Set<String> common = null;
        for (Map<String, PredictionRow> m : bySequence.values()) {
            if (common == null) {
                common = new java.util.TreeSet<>(m.keySet());
            } else {
                common.retainAll(m.keySet());
            }
        }
        List<String> lesions = List.copyOf(common);
        String sequences = String.join("+", bySequence.keySet());
        List<CommonLesionRow> out = new ArrayList<>();
        for (var e : bySequence.entrySet()) {
            int[] labels = new int[lesions.size()];
            double[] scores = new double[lesions.size()];
            String[] patients = new String[lesions.size()];
            for (int k = 0; k < lesions.size(); k++) {
                PredictionRow p = e.getValue().get(lesions.get(k));
                labels[k] = p.label();
                scores[k] = p.score();
                patients[k] = p.patientKey();
            }
            int pos = java.util.Arrays.stream(labels).sum();
            int nPatients = ClusteredAuc.clusterCount(patients);
            boolean clustered = nPatients < lesions.size();
            org.hemamet.metrics.Estimate auc = lesions.isEmpty()
                    ? org.hemamet.metrics.Estimate.undefined(NewcombeAuc.METHOD, 0.95, "no lesions")
                    : clustered
                            ? NewcombeAuc.auc(labels, scores, patients, 0.95)
                            : NewcombeAuc.auc(labels, scores, 0.95);
            out.add(new CommonLesionRow(
                    comparison,
                    repeat,
                    sequences,
                    e.getKey(),
                    lesions.size() - pos,
                    pos,
                    nPatients,
                    auc.value(),
                    auc.lower(),
                    auc.upper(),
                    clustered ? "patient" : "lesion",
                    auc.method()));
        }
        return out;
    }

    static List<DeLongRow> delong(List<CellRunner.CellOutcome> outcomes) {
        // comparison/repeat -> sequence -> (lesionKey -> prediction)
        Map<String, Map<String, Map<String, PredictionRow>>> groups = new TreeMap<>();
        for (CellRunner.CellOutcome o : outcomes) {
            if (!ResultRow.OK.equals(o.status())) {
                continue;
            }
            String key = o.row().comparison() + "\u0000" + o.row().repeat();
            Map<String, PredictionRow> byLesion = new TreeMap<>();
            for (PredictionRow p : o.predictions()) {
                byLesion.put(p.lesionKey(), p);
            }
            groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(o.row().sequence(), byLesion);
        }
        List<DeLongRow> out = new ArrayList<>();
        for (var g : groups.entrySet()) {
            String[] parts = g.getKey().split("\u0000");
            List<String> seqs = new ArrayList<>(g.getValue().keySet());
            List<DeLongRow> family = new ArrayList<>();
            for (int i = 0; i < seqs.size(); i++) {
                for (int j = i + 1; j < seqs.size(); j++) {
                    family.add(test(parts[0], Integer.parseInt(parts[1]), seqs.get(i), seqs.get(j), g.getValue()));
                }
            }
            out.addAll(holm(family));
        }
        return out;
    }

    /** The rows of one family (a comparison and repeat) with their Holm-adjusted p-values ({@link Holm}). */
    private static List<DeLongRow> holm(List<DeLongRow> family) {
        double[] adjusted =
                Holm.adjust(family.stream().mapToDouble(DeLongRow::pValue).toArray());
        List<DeLongRow> out = new ArrayList<>();
        for (int k = 0; k < family.size(); k++) {
            out.add(family.get(k).withPHolm(adjusted[k]));
        }
        return out;
    }

    /**
     * DeLong test of sequences a and b: paired on their common lesions when each class has 2 of them;
     * with Obuchowski's clustered (co)variances ({@link ClusteredAuc#pairedTest}, patients as clusters)
     * when some patient has several common lesions.
     */
    private static DeLongRow test(
            String comparison,
            int repeat,
            String seqA,
            String seqB,
            Map<String, Map<String, PredictionRow>> bySequence) {
        Map<String, PredictionRow> a = bySequence.get(seqA);
        Map<String, PredictionRow> b = bySequence.get(seqB);
        List<String> common = new ArrayList<>(a.keySet());
        common.retainAll(b.keySet());
        int[] labels = new int[common.size()];
        double[] sa = new double[common.size()];
        double[] sb = new double[common.size()];
        String[] patients = new String[common.size()];
        int pos = 0;
        for (int k = 0; k < common.size(); k++) {
            labels[k] = a.get(common.get(k)).label();
            pos += labels[k];
            sa[k] = a.get(common.get(k)).score();
            sb[k] = b.get(common.get(k)).score();
            patients[k] = a.get(common.get(k)).patientKey();
        }
        boolean paired = pos >= 2 && common.size() - pos >= 2;
        boolean clustered = ClusteredAuc.clusterCount(patients) < patients.length;
        DeLong.Comparison t = !paired
                ? DeLong.unpairedTest(labels(a), scores(a), labels(b), scores(b))
                : clustered
                        ? ClusteredAuc.pairedTest(labels, sa, sb, patients, 0.95)
                        : DeLong.pairedTest(labels, sa, sb);
        return new DeLongRow(
                comparison,
                repeat,
                seqA,
                seqB,
                common.size(),
                t.aucA(),
                t.aucB(),
                t.z(),
                t.pValue(),
                paired,
                t.method(),
                null);
    }

    private static int[] labels(Map<String, PredictionRow> m) {
        return m.values().stream().mapToInt(PredictionRow::label).toArray();
    }

    private static double[] scores(Map<String, PredictionRow> m) {
        return m.values().stream().mapToDouble(PredictionRow::score).toArray();
    }

    /**
     * Which level the CIs are at: a line for the cells whose test patients have several lesions (their
     * CIs are at the patients' design effect), empty when there are none.
     */
    static String ciLevelLine(List<ResultRow> rows) {
        List<ResultRow> clustered = rows.stream()
                .filter(r -> ResultRow.CI_PATIENT.equals(r.ciLevel()))
                .toList();
        if (clustered.isEmpty()) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "CI level: patient in %d of %d cells (some test patient has several lesions: Wilson intervals at the "
                        + "effective sample size of the patients' design effect for the proportions, Rao & Scott 1992 "
                        + "and Korn & Graubard 1998; %s for the AUC; paired "
                        + "comparisons with Obuchowski's covariance); `ci_level` and `n_test_patients` in results.csv "
                        + "say which per cell.%n%n",
                clustered.size(),
                rows.size(),
                ResultRow.aucIntervalWords(rows, ResultRow.CI_PATIENT));
    }

    static String summary(
            StudyConfig config,
            List<ResultRow> rows,
            Map<String, Integer> testPatients,
            List<DeLongRow> delong,
            List<CommonLesionRow> common,
            double[] foldModelSlopes) {
        StringBuilder sb = new StringBuilder();
        sb.append("# hemamet study: hemangioma vs metastases, per sequence\n\n");
        String split = config.folds() > 0
                ? String.format(
                        Locale.ROOT, "%d-fold cross-validation (patient-level, stratified; r = fold)", config.folds())
                : String.format(
                        Locale.ROOT,
                        "test fraction %.2f (patient-level, stratified), %d repeat(s)",
                        config.testFraction(),
                        config.repeats());
        sb.append(String.format(
                Locale.ROOT,
                "Profile `%s`, seed %d, input %dx%d, balancing %s, %s; hyper-parameters "
                        + "chosen on an inner validation split (%.2f of the training patients), final model retrained on "
                        + "the whole training part.%n%n",
                config.profile(),
                config.seed(),
                config.inputSize(),
                config.inputSize(),
                config.balancing().id(),
                split,
                config.search().validationFraction()));
        sb.append(
                rows.stream().anyMatch(r -> ResultRow.CI_PATIENT.equals(r.ciLevel()))
                        ? "95 % CIs: Wilson score for accuracy, sensitivity and specificity, "
                                + ResultRow.aucIntervalWords(rows, ResultRow.CI_LESION) + " for AUC; in the cells at "
                                + "the patient level (below), both at the patients' design effect. "
                        : "95 % CIs: Wilson score for accuracy, sensitivity and specificity; "
                                + ResultRow.aucIntervalWords(rows, ResultRow.CI_LESION) + " for AUC. ");
        sb.append("Positive class = metastasis group; threshold 0.5 on its probability.\n\n");
        sb.append(ciLevelLine(rows));
        sb.append(MAIN_CAPTION).append("\n\n");
        sb.append("| Sequence | Comparison | Test lesions | n train (hem/met) | n test (hem/met) | Accuracy | "
                + "Sensitivity | Specificity | AUC |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (ResultRow r : rows) {
            sb.append(cellLine(config, r, testPatients.get(r.cellId())));
        }
        sb.append(droppedSentence(config, rows));
        sb.append(ResultRow.zeroWidthAucNote(rows));
        sb.append(calibrationParagraph(config, rows, foldModelSlopes));
        if (config.partitions() > 1) {
            sb.append(acrossPartitions(config, rows));
        }
        sb.append(commonTable(config, common));
        if (!delong.isEmpty()) {
            sb.append("\n## Sequences compared (DeLong test of AUCs; paired on lesions tested on both)\n\n");
            sb.append(DELONG_CAPTION).append("\n\n");
            sb.append("| Comparison | A | B | n | AUC A | AUC B | p | p (Holm) |\n|---|---|---|---|---|---|---|---|\n");
            for (DeLongRow d : delong) {
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %.3f | %.3f | %s | %s |%n",
                        d.comparison(),
                        d.sequenceA(),
                        d.sequenceB(),
                        d.nCommon(),
                        d.aucA(),
                        d.aucB(),
                        p(d.pValue()) + (d.paired() ? "" : " (unpaired)"),
                        d.pHolm() == null ? "–" : p(d.pHolm())));
            }
        }
        return sb.toString();
    }

    /**
     * What the calibrated probabilities are and how they do on the test sets: the method, what it is fitted
     * on, the median and range of the Cox calibration slope (raw and calibrated), and the cells whose
     * calibrated slope's 95 % Wald CI excludes 1 (miscalibrated beyond the noise of their test set).
     */
    static String calibrationParagraph(StudyConfig config, List<ResultRow> rows) {
        return calibrationParagraph(config, rows, new double[0]);
    }

    /**
     * As {@link #calibrationParagraph(StudyConfig, List)}, with the fold models' own test-set Cox slopes under
     * the fitted calibration ({@link FoldModelCalibration}), sorted, which say why the final models' differ.
     */
    static String calibrationParagraph(StudyConfig config, List<ResultRow> rows, double[] foldModelSlopes) {
        List<ResultRow> ok = rows.stream()
                .filter(r -> r.calibratedSlope() != null && Double.isFinite(r.calibratedSlope()))
                .toList();
        if (ok.isEmpty()) {
            return "";
        }
        String fitted = config.calibrationFolds() >= 2
                ? "cross-fitted on the training part's out-of-fold scores (" + config.calibrationFolds()
                        + " patient-grouped folds; cells/<id>/calibration_fit.csv) and applied to the final model"
                : "fitted on the inner validation split's scores of the chosen search trial";
        List<String> flagged = ok.stream()
                .filter(r -> r.calibratedSlopeLo() != null
                        && r.calibratedSlopeHi() != null
                        && (r.calibratedSlopeLo() > 1 || r.calibratedSlopeHi() < 1))
                .map(r -> String.format(
                        Locale.ROOT,
                        "%s %s %.2f (%.2f–%.2f)",
                        r.sequence(),
                        r.comparison(),
                        r.calibratedSlope(),
                        r.calibratedSlopeLo(),
                        r.calibratedSlopeHi()))
                .toList();
        double[] cal =
                ok.stream().mapToDouble(ResultRow::calibratedSlope).sorted().toArray();
        double[] raw = ok.stream()
                .map(ResultRow::calibrationSlope)
                .filter(v -> v != null && Double.isFinite(v))
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        return String.format(
                Locale.ROOT,
                "%nCalibration: %s (%s), %s, %s; never fitted on the test set. Cox calibration slope on the test sets "
                        + "(1 = calibrated, < 1 over-confident, > 1 under-confident), median (range) over %d cells: "
                        + "raw %s, calibrated %s; each cell's 95 %% Wald CI is in results.csv "
                        + "(calibration_slope_lo/hi, calibrated_slope_lo/hi): at these test-set sizes the slope "
                        + "estimate itself is noisy. Cells whose calibrated-slope CI excludes 1: %s.%s%n",
                CellEvaluation.METHOD,
                org.hemamet.contract.Calibration.reference(CellEvaluation.METHOD),
                fitted,
                ResultRow.calibratedPrevalenceWords(rows),
                ok.size(),
                medianRange(raw),
                medianRange(cal),
                flagged.isEmpty() ? "none" : String.join("; ", flagged),
                foldModelSentence(foldModelSlopes));
    }

    /** What the fold models' own test-set slopes under the fitted calibration say, or "" without them. */
    private static String foldModelSentence(double[] sorted) {
        if (sorted.length == 0) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                " The fold models the calibration was fitted on, scored on the test sets and recalibrated the same"
                        + " way (cells/<id>/calibration_fit.csv, pooled over the folds): Cox slope %s over %d cells."
                        + " Where theirs is near 1 and the final models' above it, the temperature fits the models it"
                        + " was fitted on and the final model, retrained on the whole training part, is less"
                        + " over-confident than its fold models (more calibration_folds narrow the gap); where theirs is"
                        + " off too, the test part differs from the held-out folds.",
                medianRange(sorted),
                sorted.length);
    }

    private static String medianRange(double[] sorted) {
        if (sorted.length == 0) {
            return "n/a";
        }
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", median, sorted[0], sorted[n - 1]);
    }

    /** One sentence under the table: which part was balanced and how many lesions were dropped from each. */
    static String droppedSentence(StudyConfig config, List<ResultRow> rows) {
        int train = 0;
        int test = 0;
        for (ResultRow r : rows) {
            train += r.nDroppedTrain() == null ? 0 : r.nDroppedTrain();
            test += r.nDroppedTest() == null ? 0 : r.nDroppedTest();
        }
        return String.format(
                Locale.ROOT,
                "%nBalancing: %s. Over all cells the balancing dropped %d training lesions and %d test lesions"
                        + " (results.csv n_dropped_train, n_dropped_test; split.csv dropped_from).%n",
                config.balancingStatement(),
                train,
                test);
    }

    /** What the main table's rows stand on (summary.md; the report says the same). */
    public static final String MAIN_CAPTION = "Each row stands on its own cell's test set: all test lesions of "
            + "the comparison with an image of that sequence (a lesion without that image, or one the balancing "
            + "dropped, is not in it), so rows of different sequences stand on different lesions. The table "
            + "\"On the lesions imaged in all sequences\" compares the sequences on the same lesions.";

    /** What the DeLong rows stand on. */
    public static final String DELONG_CAPTION = "Each row is paired on the lesions both sequences were tested on "
            + "(n = the pairwise intersection of the two cells' test lesions), not on the main table's per-cell test "
            + "sets; unpaired when either class has fewer than 2 common lesions. p: two-sided, unadjusted; p (Holm): "
            + "adjusted for the family of pairwise tests of the same comparison and repeat (Holm 1979), which "
            + "controls the chance of any false finding among them.";

    /** The AUC of each sequence on the lesions all sequences of a comparison and repeat have. */
    private static String commonTable(StudyConfig config, List<CommonLesionRow> common) {
        if (common.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("\n## On the lesions imaged in all sequences (AUC, 95 % CI)\n\n");
        sb.append("Per comparison and repeat: the test lesions every evaluated sequence has (the intersection of "
                + "the cells' test lesions); each sequence's AUC recomputed on exactly those. CI: "
                + CommonLesionRow.intervalWords(common)
                + ".\n\n");
        sb.append("| Comparison | Sequences | n common (hem/met) | patients | Sequence | AUC |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (CommonLesionRow c : common) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d/%d | %d | %s | %s |%n",
                    c.comparison() + (config.partitions() > 1 ? " (r" + c.repeat() + ")" : ""),
                    c.sequences(),
                    c.nCommonNeg(),
                    c.nCommonPos(),
                    c.nPatients(),
                    c.sequence(),
                    ci(new Interval(c.auc(), c.aucLo(), c.aucHi()))));
        }
        return sb.toString();
    }

    /** "all test lesions with a T1 image, N patients" (patients from the cell's test predictions). */
    static String lesionSet(ResultRow r, Integer patients) {
        return "all test lesions with a " + r.sequence() + " image"
                + (patients == null ? "" : ", " + patients + (patients == 1 ? " patient" : " patients"));
    }

    private static String cellLine(StudyConfig config, ResultRow r, Integer patients) {
        String cmp = r.comparison();
        if (config.partitions() > 1) {
            cmp += " (r" + r.repeat() + ")";
        }
        String set = r.ok() ? lesionSet(r, patients) : "";
        if (!r.ok()) {
            return String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s/%s | %s/%s | %s | | | |%n",
                    r.sequence(),
                    cmp,
                    set,
                    text(r.nTrainNeg()),
                    text(r.nTrainPos()),
                    text(r.nTestNeg()),
                    text(r.nTestPos()),
                    r.status());
        }
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s/%s | %s/%s | %s | %s | %s | %s |%n",
                r.sequence(),
                cmp,
                set,
                text(r.nTrainNeg()),
                text(r.nTrainPos()),
                text(r.nTestNeg()),
                text(r.nTestPos()),
                ci(r.metric(Metric.ACCURACY)),
                ci(r.metric(Metric.SENSITIVITY)),
                ci(r.metric(Metric.SPECIFICITY)),
                ci(r.metric(Metric.AUC)));
    }

    private static String acrossPartitions(StudyConfig config, List<ResultRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                config.folds() > 0
                        ? "\n## Across folds (mean, 95 % t-interval over folds)\n\n"
                        : "\n## Across repeats (mean, 95 % t-interval over repeats)\n\n");
        sb.append("| Sequence | Comparison | parts | Accuracy | AUC |\n|---|---|---|---|---|\n");
        Map<String, List<ResultRow>> by = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (r.ok()) {
                by.computeIfAbsent(r.sequence() + "|" + r.comparison(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        for (var e : by.entrySet()) {
            String[] k = e.getKey().split("\\|");
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %s | %s |%n",
                    k[0],
                    k[1],
                    e.getValue().size(),
                    RepeatStats.meanCi(values(e.getValue(), Metric.ACCURACY)),
                    RepeatStats.meanCi(values(e.getValue(), Metric.AUC))));
        }
        return sb.toString();
    }

    private static double[] values(List<ResultRow> rows, Metric m) {
        return rows.stream().mapToDouble(r -> r.metric(m).number()).toArray();
    }

    private static String text(Integer v) {
        return v == null ? "" : v.toString();
    }

    static String ci(Interval i) {
        double v = i.number();
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", v, i.lower(), i.upper());
    }

    static String p(double p) {
        return Double.isNaN(p) ? "NaN" : p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
