package org.hemamet.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemamet.core.HemametException;

/**
 * The evaluation of a {@link PredictionsTable}: each model's {@link BinaryEvaluation} (its AUC interval
 * Newcombe's, with DeLong's Wald interval, as pROC's {@code ci.auc}, and a stratified-bootstrap one beside it),
 * and DeLong comparisons of every pair of models: paired on the cases both scored when the file has a case
 * column (labels must agree), unpaired otherwise. When the file names each case's patient (a cluster column),
 * the intervals and paired comparisons are at the patient level: Newcombe's interval at the patients' design
 * effect, Obuchowski's clustered AUC variance (Obuchowski 1997) for the Wald interval and the paired tests, and
 * the cluster percentile bootstrap (see {@link BinaryEvaluation#evaluate(int[], double[], String[],
 * ThresholdRule, long, int, double)}).
 * Renders the plain-text table and the JSON document that {@code hemamet evaluate} prints.
 *
 * @param table       the predictions
 * @param rule        the threshold rule
 * @param seed        bootstrap seed
 * @param resamples   bootstrap resamples
 * @param models      per-model results, in file order
 * @param comparisons model pairs (i &lt; j in file order)
 */
public record PredictionsEvaluation(
        PredictionsTable table,
        ThresholdRule rule,
        long seed,
        int resamples,
        List<ModelResult> models,
        List<PairResult> comparisons) {

    /**
     * One model's evaluation; {@code calibration} is Cox's calibration slope and intercept of its scores
     * ({@link LogisticCalibration#cox}), null when the scores are not probabilities in [0, 1]; {@code
     * thresholdNote} says why the metrics at the threshold are not given ("" when they are).
     */
    public record ModelResult(
            String name,
            BinaryEvaluation evaluation,
            Estimate aucWald,
            Estimate aucBootstrap,
            LogisticCalibration calibration,
            String thresholdNote) {
        /** The metrics at the threshold hold: the rule was stated, or the scores are probabilities. */
        public boolean hasThreshold() {
            return thresholdNote.isEmpty();
        }
    }

    /**
     * Why a model whose scores are no probabilities (a reader's 1-5 rating, a logit, an ADC value) gets no
     * metrics at the default threshold: 0.5 means nothing on its scale (Pepe 2003, ch. 2: a threshold belongs to
     * the marker's scale). The AUC and its intervals do not depend on the scale.
     */
    public static final String NO_THRESHOLD = "the scores are not probabilities in [0, 1], so the default threshold"
            + " 0.5 means nothing on their scale; give --threshold (a number on the scores' scale, youden, or"
            + " sensitivity:X)";

    /** One comparison; {@code commonCases} is the number of paired cases (0 when unpaired). */
    public record PairResult(String modelA, String modelB, int commonCases, DeLong.Comparison test) {}

    /** Evaluates every model and compares every pair, at a threshold rule the user stated. */
    public static PredictionsEvaluation of(PredictionsTable table, ThresholdRule rule, long seed, int resamples) {
        return of(table, rule, true, seed, resamples);
    }

    /**
     * Evaluates every model and compares every pair; a rule not {@code stated} (the default 0.5) gives no metrics
     * at the threshold for a model whose scores are not probabilities ({@link #NO_THRESHOLD}).
     */
    public static PredictionsEvaluation of(
            PredictionsTable table, ThresholdRule rule, boolean stated, long seed, int resamples) {
        List<ModelResult> results = new ArrayList<>();
        for (PredictionsTable.Model m : table.models()) {
            BinaryEvaluation ev =
                    BinaryEvaluation.evaluate(m.labels(), m.scores(), m.clusterIds(), rule, seed, resamples, LEVEL);
            Estimate boot = aucBootstrap(m, ev);
            boolean probabilities = java.util.Arrays.stream(m.scores()).allMatch(v -> v >= 0 && v <= 1);
            results.add(new ModelResult(
                    m.name(),
                    ev,
                    aucWald(m, ev),
                    boot,
                    probabilities ? LogisticCalibration.cox(m.labels(), m.scores()) : null,
                    stated || probabilities ? "" : NO_THRESHOLD));
        }
        List<PairResult> pairs = new ArrayList<>();
        List<PredictionsTable.Model> ms = table.models();
        for (int i = 0; i < ms.size(); i++) {
            for (int j = i + 1; j < ms.size(); j++) {
                pairs.add(compare(table, ms.get(i), ms.get(j)));
            }
        }
        return new PredictionsEvaluation(table, rule, seed, resamples, List.copyOf(results), List.copyOf(pairs));
    }

    private static final double LEVEL = 0.95;

    /** DeLong's Wald interval of the AUC (pROC's {@code ci.auc}), Obuchowski's where patients cluster the cases. */
    private static Estimate aucWald(PredictionsTable.Model m, BinaryEvaluation ev) {
        return BinaryEvaluation.PATIENT.equals(ev.ciLevel())
                ? ClusteredAuc.auc(m.labels(), m.scores(), m.clusterIds(), ev.level())
                : DeLong.auc(m.labels(), m.scores(), ev.level());
    }

    /** The bootstrap AUC interval beside the analytic one: whole patients resampled when cases are clustered. */
    private static Estimate aucBootstrap(PredictionsTable.Model m, BinaryEvaluation ev) {
        if (!BinaryEvaluation.PATIENT.equals(ev.ciLevel())) {
            return Bootstrap.auc(m.labels(), m.scores(), resamples(ev), ev.seed(), ev.level());
        }
        if (ev.positives() == 0 || ev.negatives() == 0) {
            return Estimate.undefined(
                    Bootstrap.CLUSTER_PERCENTILE, ev.level(), DeLong.oneClass(ev.positives(), ev.negatives()));
        }
        return Bootstrap.clusterPercentile(
                m.labels(), m.scores(), m.clusterIds(), Roc::auc, resamples(ev), ev.seed(), ev.level());
    }

    private static int resamples(BinaryEvaluation ev) {
        return ev.bootstrapResamples();
    }

    private static PairResult compare(PredictionsTable table, PredictionsTable.Model a, PredictionsTable.Model b) {
        if (a.caseIds() != null) {
            Map<String, Integer> inB = new HashMap<>();
            for (int k = 0; k < b.caseIds().length; k++) {
                inB.put(b.caseIds()[k], k);
            }
            List<int[]> common = new ArrayList<>();
            for (int k = 0; k < a.caseIds().length; k++) {
                Integer kb = inB.get(a.caseIds()[k]);
                if (kb != null) {
                    if (a.labels()[k] != b.labels()[kb]) {
                        throw HemametException.invalidInput(table.file() + ": case '" + a.caseIds()[k]
                                + "' has different labels for models '" + a.name() + "' and '" + b.name() + "'");
                    }
                    common.add(new int[] {k, kb});
                }
            }
            if (!common.isEmpty()) {
                int[] labels = new int[common.size()];
                double[] sa = new double[common.size()];
                double[] sb = new double[common.size()];
                String[] clusters = a.clusterIds() == null ? null : new String[common.size()];
                for (int k = 0; k < labels.length; k++) {
                    labels[k] = a.labels()[common.get(k)[0]];
                    sa[k] = a.scores()[common.get(k)[0]];
                    sb[k] = b.scores()[common.get(k)[1]];
                    if (clusters != null) {
                        clusters[k] = sameCluster(table, a, b, common.get(k));
                    }
                }
                boolean clustered = clusters != null && Bootstrap.clusterMembers(clusters).length < labels.length;
                return new PairResult(
                        a.name(),
                        b.name(),
                        labels.length,
                        clustered
                                ? ClusteredAuc.pairedTest(labels, sa, sb, clusters, LEVEL)
                                : DeLong.pairedTest(labels, sa, sb));
            }
        }
        return new PairResult(
                a.name(), b.name(), 0, DeLong.unpairedTest(a.labels(), a.scores(), b.labels(), b.scores()));
    }

    private static String sameCluster(
            PredictionsTable table, PredictionsTable.Model a, PredictionsTable.Model b, int[] pair) {
        String ca = a.clusterIds()[pair[0]];
        String cb = b.clusterIds()[pair[1]];
        if (!ca.equals(cb)) {
            throw HemametException.invalidInput(table.file() + ": case '" + a.caseIds()[pair[0]] + "' has patient '"
                    + ca + "' for model '" + a.name() + "' and '" + cb + "' for model '" + b.name() + "'");
        }
        return ca;
    }

    /** The plain-text report (4 decimals; the JSON form has full precision). */
    public String toText() {
        return toText(null);
    }

    /**
     * The plain-text report, followed by the decision-curve block of {@code curves} (each model at 10, 20 and
     * 30 %, and where the CSV went) when it is not null.
     */
    public String toText(PredictionsDecisionCurves curves) {
        return report() + (curves == null ? "" : curves.toText());
    }

    private String report() {
        StringBuilder sb = new StringBuilder();
        BinaryEvaluation first = models.isEmpty() ? null : models.get(0).evaluation();
        double level = first == null ? 0.95 : first.level();
        sb.append("predictions: ").append(table.file()).append("\n");
        sb.append("positive label: '").append(table.positiveLabel()).append("'");
        if (!table.negativeLabel().isEmpty()) {
            sb.append(", negative label: '").append(table.negativeLabel()).append("'");
        }
        sb.append("\n");
        sb.append("threshold rule: ").append(ruleDescription()).append("\n");
        if (!(rule instanceof ThresholdRule.Fixed)) {
            sb.append("  note: ").append(CHOSEN_ON_THESE_CASES).append("\n");
        }
        sb.append(clusteringLine()).append("\n");
        sb.append(String.format(
                Locale.ROOT,
                "%d%% CIs%s: Wilson (proportions), Newcombe's score interval (AUC; DeLong's beside it), "
                        + "stratified percentile bootstrap (%d resamples, seed %d); the method column says each%n",
                Math.round(level * 100),
                table.clusterColumn().isEmpty() ? "" : " where every patient has one case",
                resamples,
                seed));
        for (ModelResult r : models) {
            BinaryEvaluation e = r.evaluation();
            ConfusionCounts c = e.counts();
            sb.append("\n");
            sb.append(String.format(
                    Locale.ROOT,
                    "model %s: %d cases (%d positive, %d negative)%s%n",
                    r.name(),
                    e.positives() + e.negatives(),
                    e.positives(),
                    e.negatives(),
                    BinaryEvaluation.PATIENT.equals(e.ciLevel()) ? " in " + e.clusters() + " patients" : ""));
            sb.append(
                    r.hasThreshold()
                            ? String.format(
                                    Locale.ROOT,
                                    "threshold %s: tp=%d fp=%d tn=%d fn=%d%n",
                                    num(e.threshold()),
                                    c.tp(),
                                    c.fp(),
                                    c.tn(),
                                    c.fn())
                            : "threshold: none (see the notes)\n");
            sb.append(String.format(Locale.ROOT, "  %-21s %-8s %-20s %s%n", "metric", "value", "95% CI", "method"));
            List<String> notes = new ArrayList<>();
            for (var m : metrics(r).entrySet()) {
                Estimate est = m.getValue();
                sb.append(String.format(
                        Locale.ROOT,
                        "  %-21s %-8s %-20s %s%n",
                        m.getKey(),
                        num(est.value()),
                        "[" + num(est.lower()) + ", " + num(est.upper()) + "]",
                        est.method()));
                if (est.hasNote()) {
                    notes.add(m.getKey() + ": " + est.note());
                }
            }
            String direction = directionNote(r);
            if (!direction.isEmpty()) {
                notes.add(direction);
            }
            for (String n : notes) {
                sb.append("  note: ").append(n).append("\n");
            }
        }
        if (!comparisons.isEmpty()) {
            sb.append("\nDeLong comparisons (two-sided):\n");
            for (PairResult p : comparisons) {
                DeLong.Comparison t = p.test();
                if (t.paired()) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "  %s vs %s: paired on %d cases: AUC %s vs %s, difference %s [%s, %s], z = %s, p = %s%n",
                            p.modelA(),
                            p.modelB(),
                            p.commonCases(),
                            num(t.aucA()),
                            num(t.aucB()),
                            num(t.difference()),
                            num(t.diffLower()),
                            num(t.diffUpper()),
                            num(t.statistic()),
                            pval(t.pValue())));
                } else {
                    sb.append(String.format(
                            Locale.ROOT,
                            "  %s vs %s: unpaired: AUC %s vs %s, difference %s, t = %s, df = %s, p = %s%n",
                            p.modelA(),
                            p.modelB(),
                            num(t.aucA()),
                            num(t.aucB()),
                            num(t.difference()),
                            num(t.statistic()),
                            num(t.df()),
                            pval(t.pValue())));
                }
                if (!t.note().isEmpty()) {
                    sb.append("    note: ").append(t.note()).append("\n");
                }
            }
        }
        return sb.toString();
    }

    /** How the cases were grouped for the intervals, in words. */
    String clusteringLine() {
        if (table.clusterColumn().isEmpty()) {
            return "clusters: none (each case counted as an independent unit; name the patient column with"
                    + " --cluster-by when a patient has several lesions)";
        }
        return "clusters: column '" + table.clusterColumn() + "': where a patient has several cases, intervals"
                + " weigh or resample whole patients (Newcombe at the patients' design effect and Obuchowski 1997 for"
                + " the AUC, Wilson at the design effect for the proportions, cluster bootstrap otherwise)";
    }

    /** The metrics in report order (AUC by Newcombe, by DeLong, by bootstrap, then the threshold metrics). */
    public static Map<String, Estimate> metrics(ModelResult r) {
        BinaryEvaluation e = r.evaluation();
        Map<String, Estimate> m = new LinkedHashMap<>();
        m.put("auc", e.auc());
        m.put("auc_delong", r.aucWald());
        m.put("auc_bootstrap", r.aucBootstrap());
        m.put("accuracy", atThreshold(r, e.accuracy()));
        m.put("sensitivity", atThreshold(r, e.sensitivity()));
        m.put("specificity", atThreshold(r, e.specificity()));
        m.put("ppv", atThreshold(r, e.ppv()));
        m.put("npv", atThreshold(r, e.npv()));
        m.put("f1", atThreshold(r, e.f1()));
        m.put("balanced_accuracy", atThreshold(r, e.balancedAccuracy()));
        m.put("mcc", atThreshold(r, e.mcc()));
        LogisticCalibration c = r.calibration();
        String notProbabilities = "scores are not probabilities in [0, 1]";
        m.put("brier", c == null ? Estimate.undefined(e.brier().method(), e.level(), notProbabilities) : e.brier());
        m.put(
                "calibration_slope",
                c == null
                        ? Estimate.undefined(LogisticCalibration.WALD, e.level(), notProbabilities)
                        : c.slopeEstimate());
        m.put(
                "calibration_intercept",
                c == null
                        ? Estimate.undefined(LogisticCalibration.WALD, e.level(), notProbabilities)
                        : c.interceptEstimate());
        return m;
    }

    /**
     * What a data-driven threshold rule (Youden, a fixed sensitivity) means for the metrics at it: chosen on the
     * cases it is then evaluated on, they are optimistic (Leeflang et al. 2008, Clin Chem 54:729; Ewald 2006).
     */
    static final String CHOSEN_ON_THESE_CASES = "the threshold was chosen on the cases it is evaluated on, so the"
            + " metrics at it are optimistic; choose it on other cases (a validation set) and give it as a number";

    /**
     * The threshold rule in words; a fixed threshold is on "the score" rather than on P(positive) when some model's
     * scores are not probabilities (a rating, a logit).
     */
    String ruleDescription() {
        boolean probabilities = models.stream().allMatch(r -> r.calibration() != null);
        return rule instanceof ThresholdRule.Fixed f && !probabilities
                ? "fixed threshold " + f.threshold() + " on the score"
                : rule.describe();
    }

    /** A metric at the threshold, or undefined with the reason when the model has none. */
    private static Estimate atThreshold(ModelResult r, Estimate e) {
        return r.hasThreshold() ? e : Estimate.undefined(e.method(), e.level(), r.thresholdNote());
    }

    /**
     * A note when a model's AUC is below 0.5 beyond chance (its confidence interval's upper bound under 0.5): its
     * scores rank the negative label's cases higher, as a score for the other label would (P(negative), or a
     * label column coded the other way round); else "". Nothing is changed: the user names the label.
     */
    String directionNote(ModelResult r) {
        Estimate auc = r.evaluation().auc();
        if (!(auc.upper() < 0.5)) {
            return "";
        }
        String neg = table.negativeLabel().isEmpty() ? "the other label" : "'" + table.negativeLabel() + "'";
        return String.format(
                Locale.ROOT,
                "AUC %s with its %d%% CI below 0.5: the scores rank %s cases above '%s' cases; if the score is the"
                        + " probability of %s, name that label with --positive (or give 1 - score)",
                num(auc.value()),
                Math.round(auc.level() * 100),
                neg,
                table.positiveLabel(),
                neg);
    }

    /** A JSON-ready tree (maps, lists, numbers; non-finite numbers as null, explained by the notes). */
    public Map<String, Object> toJsonTree() {
        return toJsonTree(null);
    }

    /** The JSON-ready tree, with {@code decision_curve} ({@code curves}' block) last when it is not null. */
    public Map<String, Object> toJsonTree(PredictionsDecisionCurves curves) {
        Map<String, Object> root = jsonTree();
        if (curves != null) {
            root.put("decision_curve", curves.toJsonTree());
        }
        return root;
    }

    private Map<String, Object> jsonTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", table.file().toString());
        root.put("positive_label", table.positiveLabel());
        root.put("negative_label", table.negativeLabel());
        root.put("threshold_rule", rule.id());
        root.put("threshold_rule_description", ruleDescription());
        root.put("threshold_rule_note", rule instanceof ThresholdRule.Fixed ? "" : CHOSEN_ON_THESE_CASES);
        root.put("seed", seed);
        root.put("bootstrap_resamples", resamples);
        root.put("cluster_column", table.clusterColumn());
        List<Object> ms = new ArrayList<>();
        for (ModelResult r : models) {
            BinaryEvaluation e = r.evaluation();
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("name", r.name());
            mm.put("positives", e.positives());
            mm.put("negatives", e.negatives());
            mm.put("threshold", r.hasThreshold() ? json(e.threshold()) : null);
            mm.put("ci_level", e.ciLevel());
            mm.put("n_clusters", e.clusters());
            mm.put(
                    "counts",
                    r.hasThreshold()
                            ? Map.of(
                                    "tp",
                                    e.counts().tp(),
                                    "fp",
                                    e.counts().fp(),
                                    "tn",
                                    e.counts().tn(),
                                    "fn",
                                    e.counts().fn())
                            : null);
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (var m : metrics(r).entrySet()) {
                Estimate est = m.getValue();
                Map<String, Object> em = new LinkedHashMap<>();
                em.put("value", json(est.value()));
                em.put("lower", json(est.lower()));
                em.put("upper", json(est.upper()));
                em.put("level", est.level());
                em.put("method", est.method());
                em.put("note", est.note());
                metrics.put(m.getKey(), em);
            }
            mm.put("metrics", metrics);
            mm.put("note", directionNote(r));
            ms.add(mm);
        }
        root.put("models", ms);
        List<Object> cs = new ArrayList<>();
        for (PairResult p : comparisons) {
            DeLong.Comparison t = p.test();
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("model_a", p.modelA());
            cm.put("model_b", p.modelB());
            cm.put("paired", t.paired());
            cm.put("n_common", p.commonCases());
            cm.put("auc_a", json(t.aucA()));
            cm.put("auc_b", json(t.aucB()));
            cm.put("variance_a", json(t.varianceA()));
            cm.put("variance_b", json(t.varianceB()));
            cm.put("covariance", json(t.covariance()));
            cm.put("difference", json(t.difference()));
            cm.put("difference_lower", json(t.diffLower()));
            cm.put("difference_upper", json(t.diffUpper()));
            cm.put("statistic", json(t.statistic()));
            cm.put("df", json(t.df()));
            cm.put("p_value", json(t.pValue()));
            cm.put("method", t.method());
            cm.put("note", t.note());
            cs.add(cm);
        }
        root.put("comparisons", cs);
        return root;
    }

    private static Object json(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String pval(double p) {
        if (Double.isNaN(p)) {
            return "NaN";
        }
        return p < 1e-4 ? String.format(Locale.ROOT, "%.3g", p) : String.format(Locale.ROOT, "%.4f", p);
    }
}
