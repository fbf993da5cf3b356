package org.hemamet.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hemamet.baseline.BaselineComparison;
import org.hemamet.baseline.LogisticBaseline;
import org.hemamet.baseline.Standardiser;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.contract.DecisionCurveRow;
import org.hemamet.contract.FusionBundle;
import org.hemamet.contract.FusionRow;
import org.hemamet.contract.Interval;
import org.hemamet.contract.OutOfFoldRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.core.Version;
import org.hemamet.metrics.BinaryEvaluation;
import org.hemamet.metrics.ClusteredAuc;
import org.hemamet.metrics.DeLong;
import org.hemamet.metrics.LogisticCalibration;
import org.hemamet.metrics.Roc;
import org.hemamet.metrics.ThresholdRule;

/**
 * Late fusion (stacking, D. H. Wolpert, "Stacked generalization", Neural Networks 5 (1992) 241-259): per
 * comparison and repeat, the per-sequence CNNs' P(positive) of a lesion combined by an L2 logistic regression
 * ({@link LogisticBaseline}, C = {@value #C}, on the standardised logits) fitted on the training part only, on
 * the out-of-fold scores of the calibration step's cross-fitting ({@link OutOfFoldScores}), and applied to
 * the per-sequence final models' test scores. The cells share one patient split per comparison and repeat,
 * so every sequence's training part and test part hold the same patients (asserted).
 *
 * <p>A lesion missing a sequence is predicted from the sequences it has: by a logistic model fitted on the
 * training lesions that have all of those sequences (one model per available-sequence pattern), when those
 * hold at least {@value #MIN_PER_CLASS} lesions of each class; else by the mean of its available logits
 * (sigmoid of the mean logit). A lesion of the test part with one sequence only thus gets that sequence's
 * score back (the mean of one logit) unless its one-sequence model could be fitted.
 *
 * <p>The fused row ({@code model} {@value #NAME_MODEL}, sequence the fused sequences joined by '+') is
 * evaluated as a cell (threshold 0.5, 95 % CIs at the patient level when a patient has several lesions) and
 * compared with the best single sequence, chosen by its out-of-fold AUC on the training part (never the test
 * part), by a paired test on the test lesions both scored (Obuchowski's clustered paired test, Biometrics 53
 * (1997) 567-578; DeLong's when every patient has one lesion).
 */
public final class LateFusion {
    /** The study file's name of late fusion ({@code fusion: [late]}). */
    public static final String NAME = "late";

    /** The model column of late fusion's rows. */
    public static final String NAME_MODEL = "fusion-late";

    /** The inverse regularisation strength of the stacking regression (fixed: nothing is tuned on the test part). */
    static final double C = 1.0;

    /** Training lesions of each class a pattern's model needs. */
    static final int MIN_PER_CLASS = 5;

    private LateFusion() {}

    /**
     * What fusion added to the run.
     *
     * @param rows        results.csv rows
     * @param predictions predictions.csv rows
     * @param comparisons fused vs best single sequence, per comparison and repeat
     */
    public record Result(List<ResultRow> rows, List<PredictionRow> predictions, List<FusionRow> comparisons) {
        static final Result NONE = new Result(List.of(), List.of(), List.of());

        /** The summary.md section, empty when nothing was fused. */
        public String markdown() {
            if (rows.isEmpty()) {
                return "";
            }
            StringBuilder sb = new StringBuilder("\n## Late fusion vs the best single sequence\n\n");
            sb.append("Per comparison and repeat: the sequences' CNN probabilities stacked by an L2 logistic"
                    + " regression (C = 1, standardised logits) fitted on the training part's out-of-fold scores"
                    + " only; a lesion missing a sequence is scored by the model of its available sequences when"
                    + " that pattern has >= " + MIN_PER_CLASS + " training lesions per class, else by its mean"
                    + " logit. Best single sequence: the highest out-of-fold AUC on the training part. p: paired"
                    + " test (Obuchowski, clustered by patient; DeLong with one lesion per patient) on the test"
                    + " lesions both scored; p (Holm): adjusted over this fusion's comparisons and repeats (Holm"
                    + " 1979).\n\n");
            sb.append(table(comparisons));
            sb.append(calibrationTable(rows));
            return sb.toString();
        }
    }

    /**
     * The fused probabilities' calibration on the test part, per fused row: nothing is fitted for it (the stacking
     * model's probability is moved by the prior odds, {@link #moved}); Brier score with its patient-level bootstrap
     * CI and Cox's slope with its Wald CI, of the moved probability and (slope) of the stacking model's own.
     */
    static String calibrationTable(List<ResultRow> rows) {
        List<ResultRow> calibrated = rows.stream()
                .filter(r -> r.calibratedBrier() != null && !r.calibratedBrier().isNaN())
                .toList();
        if (calibrated.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\nCalibration of the fused probability on the test part: nothing is"
                + " fitted for it; the stacking model's probability (fitted on balanced training lesions) is moved by"
                + " the prior odds to the fused sequences' training parts' prevalence before balancing (Saerens et al."
                + " 2002; results.csv calibrated_prevalence). Brier score (95 % CI, patient-level bootstrap) and Cox"
                + " calibration slope (95 % Wald CI; 1 = calibrated, < 1 over-confident, > 1 under-confident).\n\n");
        sb.append("| Comparison | r | Prevalence | Brier (moved) | Cox slope (moved) | Cox slope (stacking) |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (ResultRow r : calibrated) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.3f | %s | %s | %s |%n",
                    r.comparison(),
                    r.repeat(),
                    r.calibratedPrevalence(),
                    withCi(r.metric(Metric.CALIBRATED_BRIER)),
                    withCi(r.metric(Metric.CALIBRATED_SLOPE)),
                    withCi(r.metric(Metric.CALIBRATION_SLOPE))));
        }
        return sb.toString();
    }

    private static String withCi(Interval i) {
        return Double.isFinite(i.number()) ? DecisionCurveRow.withCi(i.number(), i.lower(), i.upper()) : "–";
    }

    /**
     * The summary.md table of fused cells against the best single sequence (late and early fusion): one row
     * per comparison and repeat.
     */
    static String table(List<FusionRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Comparison | r | Sequences | n test | Fused AUC | Best single (training) | n common |"
                + " Fused AUC (common) | Single AUC (common) | p (paired) | p (Holm) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (FusionRow v : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %s | %d | %.3f (%.3f–%.3f) | %s (OOF AUC %.3f) | %d | %.3f | %.3f | %s | %s |%n",
                    v.comparison(),
                    v.repeat(),
                    v.sequences(),
                    v.nTest(),
                    v.auc(),
                    v.aucLo(),
                    v.aucHi(),
                    v.bestSequence(),
                    v.bestSequenceOofAuc(),
                    v.nCommon(),
                    v.aucFused(),
                    v.aucSingle(),
                    BaselineComparison.pValue(v.pValue()),
                    v.pHolm() == null ? "–" : BaselineComparison.pValue(v.pHolm())));
        }
        return sb.toString();
    }

    /** One lesion: its label, patient and logit per fused sequence (NaN when it lacks the sequence). */
    record Lesion(String key, String patient, String lesionId, String diagnosis, int label, double[] logits) {
        int pattern() {
            int p = 0;
            for (int j = 0; j < logits.length; j++) {
                p |= Double.isNaN(logits[j]) ? 0 : 1 << j;
            }
            return p;
        }
    }

    /** Late fusion of a run's cells, when the study asks for it (else {@link Result#NONE}). */
    public static Result of(Path runDir, StudyConfig config, List<CellRunner.CellOutcome> outcomes) {
        if (!config.fuses(NAME)) {
            return Result.NONE;
        }
        Map<String, List<CellRunner.CellOutcome>> groups = new LinkedHashMap<>();
        for (CellRunner.CellOutcome o : outcomes) {
            if (ResultRow.OK.equals(o.status()) && ResultRow.CNN.equals(o.row().model())) {
                groups.computeIfAbsent(o.row().comparison() + "\u0000" + o.row().repeat(), k -> new ArrayList<>())
                        .add(o);
            }
        }
        List<ResultRow> rows = new ArrayList<>();
        List<PredictionRow> predictions = new ArrayList<>();
        List<FusionRow> versus = new ArrayList<>();
        for (List<CellRunner.CellOutcome> cells : groups.values()) {
            if (cells.size() < 2) {
                continue;
            }
            Fused f = fuse(runDir, cells, config);
            if (f != null) {
                rows.add(f.row());
                predictions.addAll(f.predictions());
                versus.add(f.versus());
            }
        }
        return new Result(rows, predictions, FusionRow.holm(versus));
    }

    private record Fused(ResultRow row, List<PredictionRow> predictions, FusionRow versus) {}

    /** One comparison and repeat: its cells (>= 2 sequences) fused; null when some cell kept no OOF scores. */
    static Fused fuse(Path runDir, List<CellRunner.CellOutcome> cells, StudyConfig config) {
        long t0 = System.nanoTime();
        List<String> sequences = cells.stream().map(c -> c.row().sequence()).toList();
        Map<String, Lesion> train = new LinkedHashMap<>();
        Map<String, Lesion> test = new LinkedHashMap<>();
        double[] oofAuc = new double[cells.size()];
        for (int j = 0; j < cells.size(); j++) {
            List<OutOfFoldRow> oof = OutOfFoldScores.read(runDir, cells.get(j).cellId());
            if (oof == null) {
                return null;
            }
            int[] y = new int[oof.size()];
            double[] s = new double[oof.size()];
            for (int i = 0; i < oof.size(); i++) {
                OutOfFoldRow r = oof.get(i);
                y[i] = r.label();
                s[i] = r.score();
                lesion(train, r.lesionKey(), r.patientKey(), r.lesionId(), "", r.label(), cells.size())
                                .logits()[j] =
                        LogisticCalibration.logit(r.score());
            }
            oofAuc[j] = Roc.auc(y, s);
            for (PredictionRow p : cells.get(j).predictions()) {
                lesion(test, p.lesionKey(), p.patientKey(), p.lesionId(), p.diagnosis(), p.label(), cells.size())
                                .logits()[j] =
                        LogisticCalibration.logit(p.score());
            }
        }
        PatientSplit.assertDisjoint(patients(train), patients(test));
        List<Lesion> tested = new ArrayList<>(test.values());
        double[] fused = predict(new ArrayList<>(train.values()), tested);
        int best = argmax(oofAuc);
        ResultRow first = cells.get(0).row();
        String cellId = NAME_MODEL + "__" + first.comparison() + "__r" + first.repeat();
        String seqName = String.join("+", sequences);
        int[] labels = tested.stream().mapToInt(Lesion::label).toArray();
        String[] patients = tested.stream().map(Lesion::patient).toArray(String[]::new);
        BinaryEvaluation ev = BinaryEvaluation.evaluate(
                labels,
                fused,
                patients,
                new ThresholdRule.Fixed(0.5),
                Seeds.derive(config.seed(), "bootstrap", cellId),
                config.bootstrap(),
                0.95);
        int trainPos = (int) train.values().stream().filter(l -> l.label() == 1).count();
        int testPos = (int) tested.stream().filter(l -> l.label() == 1).count();
        double development = DevelopmentPrevalences.valueOfCells(
                runDir, cells.stream().map(CellRunner.CellOutcome::cellId).toList());
        double[] calibrated = moved(fused, trainPos / (double) train.size(), development);
        Map<Metric, Interval> metrics = CellEvaluation.metrics(ev);
        CellEvaluation.putCalibrationMetrics(
                metrics,
                labels,
                fused,
                calibrated,
                patients,
                Seeds.derive(config.seed(), "bootstrap", cellId),
                config.bootstrap(),
                ev.level());
        ResultRow row = ResultRow.of(
                        new ResultRow.Cell(
                                cellId,
                                seqName,
                                first.comparison(),
                                first.repeat(),
                                train.size() - trainPos,
                                trainPos,
                                tested.size() - testPos,
                                testPos,
                                0,
                                0,
                                0,
                                Boolean.TRUE.equals(first.testBalanced())),
                        ResultRow.OK,
                        "",
                        null,
                        ev.threshold(),
                        ev.rule().describe(),
                        metrics,
                        Math.round((System.nanoTime() - t0) / 1e7) / 100.0,
                        NAME_MODEL)
                .withCiLevel(
                        ev.ciLevel(),
                        ClusteredAuc.clusterCount(patients),
                        ev.auc().method())
                .withCalibratedPrevalence(calibrated == null ? null : development);
        List<PredictionRow> preds = new ArrayList<>();
        for (int i = 0; i < tested.size(); i++) {
            Lesion l = tested.get(i);
            preds.add(new PredictionRow(
                    cellId,
                    seqName,
                    first.comparison(),
                    first.repeat(),
                    l.patient() + "_" + l.lesionId() + "_" + NAME_MODEL,
                    l.patient(),
                    l.lesionId(),
                    l.diagnosis(),
                    l.label(),
                    fused[i],
                    fused[i] >= ev.threshold() ? 1 : 0,
                    "",
                    calibrated == null ? null : calibrated[i],
                    NAME_MODEL));
        }
        return new Fused(row, preds, versusBest(row, tested, fused, best, sequences.get(best), oofAuc[best]));
    }

    /**
     * The fused probabilities moved by the prior odds from {@code stacking}, the prevalence of the balanced training
     * lesions the stacking models are fitted on, to {@code development}, the fused sequences' training parts'
     * before balancing ({@link DevelopmentPrevalences#valueOfCells}), as a cell's calibrated probabilities are
     * (Saerens et al. 2002); nothing is fitted. Null when either is unknown.
     */
    static double[] moved(double[] fused, double stacking, double development) {
        if (!(stacking > 0 && stacking < 1 && development > 0 && development < 1)) {
            return null;
        }
        double[] out = new double[fused.length];
        for (int i = 0; i < fused.length; i++) {
            out[i] = LogisticCalibration.movedByPriorOdds(fused[i], stacking, development);
        }
        return out;
    }

    /** A fused cell's per-sequence cells, in its sequence order ({@code <SEQ>__<comparison>__r<repeat>}). */
    public static List<String> memberCells(ResultRow fused) {
        return java.util.Arrays.stream(fused.sequence().split("\\+"))
                .map(s -> s + "__" + fused.comparison() + "__r" + fused.repeat())
                .toList();
    }

    /**
     * A run's late-fused cell as one model (contracts.md D2): its per-sequence cells' models as members, the
     * stacking models refitted from their out-of-fold scores ({@link #stackingModels}; every pattern with
     * {@value FusionBundle#FALLBACK}, the study's rule, the all-sequence one with {@value FusionBundle#REFUSE}),
     * the threshold and AUC of its results.csv row. What {@code export --fusion late} writes and what
     * {@code validate --run} applies.
     *
     * @param fused       the fused cell's results.csv row
     * @param memberMetas its members' bundle metadata, in {@link #memberCells} order
     * @param memberDir   where a member's bundle lies, from its sequence and cell
     * @param missing     {@value FusionBundle#FALLBACK} or {@value FusionBundle#REFUSE}
     * @param exported    the export's facts, or null (not exported)
     * @return the model, or null when some cell kept no out-of-fold scores
     */
    public static FusionBundle fusedModel(
            Path runDir,
            ResultRow fused,
            List<BundleMetadata> memberMetas,
            java.util.function.BinaryOperator<String> memberDir,
            String missing,
            BundleMetadata.Exported exported) {
        List<String> sequences = List.of(fused.sequence().split("\\+"));
        List<String> cellIds = memberCells(fused);
        List<FusionBundle.PatternModel> models =
                stackingModels(runDir, cellIds, sequences, FusionBundle.FALLBACK.equals(missing));
        if (models == null) {
            return null;
        }
        List<FusionBundle.Member> members = new ArrayList<>();
        for (int j = 0; j < sequences.size(); j++) {
            members.add(new FusionBundle.Member(
                    sequences.get(j),
                    memberDir.apply(sequences.get(j), cellIds.get(j)),
                    cellIds.get(j),
                    memberMetas.get(j).paramsSha256()));
        }
        BundleMetadata first = memberMetas.get(0);
        return new FusionBundle(
                FusionBundle.FORMAT_VERSION,
                Version.hemamet(),
                FusionBundle.LATE,
                fused.cellId(),
                fused.comparison(),
                first.classes(),
                first.positiveClass(),
                sequences,
                members,
                missing,
                models,
                fused.threshold(),
                fused.thresholdRule(),
                new BundleMetadata.Metric(fused.auc(), fused.aucLo(), fused.aucHi()),
                first.dataset(),
                exported,
                stackingPrevalence(fused),
                nanToNull(DevelopmentPrevalences.valueOfCells(runDir, cellIds)));
    }

    /** The share of positives among the fused row's training lesions (the stacking set); null when unknown. */
    private static Double stackingPrevalence(ResultRow fused) {
        if (fused.nTrainPos() == null || fused.nTrainNeg() == null || fused.nTrainPos() + fused.nTrainNeg() == 0) {
            return null;
        }
        return fused.nTrainPos() / (double) (fused.nTrainPos() + fused.nTrainNeg());
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /**
     * The stacking models of one fused cell as a fused bundle keeps them: fitted exactly as {@link #fuse}
     * fits them (on the {@code cellIds}' out-of-fold scores of the training part, {@link #fit}), one per
     * pattern of available sequences ({@code allPatterns}; else the all-sequence pattern only), a pattern
     * without enough training lesions of a class recorded as the mean-logit fallback.
     *
     * @param runDir    the run
     * @param cellIds   the per-sequence cells, in the fused cell's sequence order
     * @param sequences their sequences
     * @return the models, or null when some cell kept no out-of-fold scores
     */
    public static List<FusionBundle.PatternModel> stackingModels(
            Path runDir, List<String> cellIds, List<String> sequences, boolean allPatterns) {
        Map<String, Lesion> train = new LinkedHashMap<>();
        for (int j = 0; j < cellIds.size(); j++) {
            List<OutOfFoldRow> oof = OutOfFoldScores.read(runDir, cellIds.get(j));
            if (oof == null) {
                return null;
            }
            for (OutOfFoldRow r : oof) {
                lesion(train, r.lesionKey(), r.patientKey(), r.lesionId(), "", r.label(), cellIds.size())
                                .logits()[j] =
                        LogisticCalibration.logit(r.score());
            }
        }
        List<Lesion> lesions = new ArrayList<>(train.values());
        int full = (1 << cellIds.size()) - 1;
        List<FusionBundle.PatternModel> out = new ArrayList<>();
        for (int pattern = allPatterns ? 1 : full; pattern <= full; pattern++) {
            List<String> seqs = new ArrayList<>();
            for (int j = 0; j < sequences.size(); j++) {
                if ((pattern & (1 << j)) != 0) {
                    seqs.add(sequences.get(j));
                }
            }
            int p = pattern;
            int n = (int) lesions.stream().filter(l -> (l.pattern() & p) == p).count();
            LogisticBaseline m = fit(lesions, pattern);
            out.add(
                    m == null
                            ? new FusionBundle.PatternModel(
                                    seqs, FusionBundle.PatternModel.MEAN_LOGIT, null, null, null, null, null, 0)
                            : new FusionBundle.PatternModel(
                                    seqs,
                                    FusionBundle.PatternModel.LOGISTIC,
                                    m.standardiser().mean(),
                                    m.standardiser().sd(),
                                    m.weights(),
                                    m.intercept(),
                                    m.c(),
                                    n));
        }
        return out;
    }

    /**
     * A stored stacking model applied to a lesion's logits of the model's sequences (in its order): the same
     * arithmetic as {@link #predict}.
     */
    public static double apply(FusionBundle.PatternModel m, double[] logits) {
        if (FusionBundle.PatternModel.MEAN_LOGIT.equals(m.method())) {
            return sigmoid(meanLogit(logits));
        }
        LogisticBaseline b =
                new LogisticBaseline(new Standardiser(m.mean(), m.sd()), m.weights(), m.intercept(), m.c());
        return b.predictPositive(new double[][] {logits})[0];
    }

    /** The fused scores against the single sequence's on the test lesions that have it. */
    static FusionRow versusBest(
            ResultRow row, List<Lesion> tested, double[] fused, int best, String sequence, double oofAuc) {
        List<Integer> common = new ArrayList<>();
        for (int i = 0; i < tested.size(); i++) {
            if (!Double.isNaN(tested.get(i).logits()[best])) {
                common.add(i);
            }
        }
        int[] y = new int[common.size()];
        double[] a = new double[common.size()];
        double[] b = new double[common.size()];
        String[] c = new String[common.size()];
        for (int k = 0; k < common.size(); k++) {
            Lesion l = tested.get(common.get(k));
            y[k] = l.label();
            a[k] = fused[common.get(k)];
            b[k] = sigmoid(l.logits()[best]);
            c[k] = l.patient();
        }
        DeLong.Comparison t = ClusteredAuc.pairedTest(y, a, b, c, 0.95);
        return new FusionRow(
                row.comparison(),
                row.repeat(),
                row.cellId(),
                row.model(),
                row.sequence(),
                tested.size(),
                row.auc(),
                row.aucLo(),
                row.aucHi(),
                sequence,
                oofAuc,
                common.size(),
                t.aucA(),
                t.aucB(),
                t.difference(),
                t.diffLower(),
                t.diffUpper(),
                t.pValue(),
                t.method(),
                null);
    }

    /**
     * P(positive) of each test lesion: the logistic model of its available-sequence pattern (fitted on the
     * training lesions having those sequences, when each class has >= {@value #MIN_PER_CLASS}), else the
     * sigmoid of its mean available logit.
     */
    static double[] predict(List<Lesion> train, List<Lesion> test) {
        Map<Integer, LogisticBaseline> models = new HashMap<>();
        double[] out = new double[test.size()];
        for (int i = 0; i < test.size(); i++) {
            Lesion l = test.get(i);
            int pattern = l.pattern();
            LogisticBaseline m = models.computeIfAbsent(pattern, p -> fit(train, p));
            out[i] = m == null
                    ? sigmoid(meanLogit(l.logits()))
                    : m.predictPositive(new double[][] {select(l.logits(), pattern)})[0];
        }
        return out;
    }

    /** The pattern's model, or null when its training lesions hold too few of a class. */
    static LogisticBaseline fit(List<Lesion> train, int pattern) {
        if (pattern == 0) {
            return null;
        }
        List<double[]> x = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        int pos = 0;
        for (Lesion l : train) {
            if ((l.pattern() & pattern) == pattern) {
                x.add(select(l.logits(), pattern));
                y.add(l.label() == 1);
                pos += l.label();
            }
        }
        if (pos < MIN_PER_CLASS || x.size() - pos < MIN_PER_CLASS) {
            return null;
        }
        boolean[] positive = new boolean[y.size()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = y.get(i);
        }
        return LogisticBaseline.fit(x.toArray(double[][]::new), positive, C);
    }

    static double[] select(double[] logits, int pattern) {
        double[] v = new double[Integer.bitCount(pattern)];
        int k = 0;
        for (int j = 0; j < logits.length; j++) {
            if ((pattern & (1 << j)) != 0) {
                v[k++] = logits[j];
            }
        }
        return v;
    }

    static double meanLogit(double[] logits) {
        double s = 0;
        int n = 0;
        for (double v : logits) {
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return s / n;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static Lesion lesion(
            Map<String, Lesion> m, String key, String patient, String lesionId, String diagnosis, int label, int n) {
        return m.computeIfAbsent(key, k -> {
            double[] logits = new double[n];
            java.util.Arrays.fill(logits, Double.NaN);
            return new Lesion(k, patient, lesionId, diagnosis, label, logits);
        });
    }

    private static Set<String> patients(Map<String, Lesion> lesions) {
        Set<String> s = new TreeSet<>();
        lesions.values().forEach(l -> s.add(l.patient()));
        return s;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
