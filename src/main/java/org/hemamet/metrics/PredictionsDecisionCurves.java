package org.hemamet.metrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemamet.core.HemametException;

/**
 * The decision curves of a {@link PredictionsTable}'s models ({@code hemamet evaluate --decision-curve}): each
 * model's {@link DecisionCurve} (net benefit, Vickers &amp; Elkin 2006, calling positive every case whose score
 * is {@code >=} the threshold) at thresholds 0.01 to 0.99, with pointwise percentile-bootstrap intervals over
 * the file's clusters (whole patients when it has a cluster column, else cases), treat-all, and the difference
 * from treat-all. The scores must be probabilities of the positive class: {@link #of} refuses a file with a
 * score outside [0, 1]. A model with one class only has no curve (a note says why).
 *
 * @param csv           the file the rows are written to (named in the text and JSON)
 * @param clusterColumn the cluster column used, or "" (each case its own cluster)
 * @param seed          bootstrap seed (every model's)
 * @param resamples     bootstrap resamples
 * @param level         confidence level
 * @param models        per model, in file order
 */
public record PredictionsDecisionCurves(
        Path csv, String clusterColumn, long seed, int resamples, double level, List<ModelCurve> models) {

    /**
     * One model's curve; {@code curve} is null (and {@code note} says why) when the model has one class only.
     *
     * @param clusters the distinct clusters of its cases (the bootstrap's units)
     */
    public record ModelCurve(String name, int cases, int positives, int clusters, DecisionCurve curve, String note) {}

    /** The thresholds the text and JSON show (the CSV has all of {@link DecisionCurve#defaultThresholds()}). */
    public static final double[] SHOWN = {0.10, 0.20, 0.30};

    private static final double LEVEL = 0.95;

    /**
     * The curves of every model of {@code table}; invalid input (exit 2) naming the file and the first line
     * whose score is not a probability.
     */
    public static PredictionsDecisionCurves of(PredictionsTable table, Path csv, long seed, int resamples) {
        checkProbabilities(table);
        double[] thresholds = DecisionCurve.defaultThresholds();
        List<ModelCurve> out = new ArrayList<>();
        for (PredictionsTable.Model m : table.models()) {
            String[] clusters = m.clusterIds() != null ? m.clusterIds() : eachCaseItsOwn(m.labels().length);
            int positives = Labels.countPositives(m.labels());
            int negatives = m.labels().length - positives;
            int nClusters = (int) Arrays.stream(clusters).distinct().count();
            DecisionCurve curve =
                    DecisionCurve.of(m.labels(), m.scores(), clusters, thresholds, resamples, seed, LEVEL);
            String note = curve != null
                    ? ""
                    : "only one class present (" + positives + " positives, " + negatives
                            + " negatives): no decision curve, no rows in " + csv;
            out.add(new ModelCurve(m.name(), m.labels().length, positives, nClusters, curve, note));
        }
        return new PredictionsDecisionCurves(csv, table.clusterColumn(), seed, resamples, LEVEL, List.copyOf(out));
    }

    /** Refuses (exit 2) a table with a score outside [0, 1], naming the file and the first such line. */
    static void checkProbabilities(PredictionsTable table) {
        table.firstOutsideUnitInterval().ifPresent(o -> {
            throw HemametException.invalidInput(table.file()
                    + ": --decision-curve needs probabilities in [0, 1] (score = P(positive)); " + o.describe());
        });
    }

    private static String[] eachCaseItsOwn(int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = Integer.toString(i);
        }
        return ids;
    }

    /** The CSV's rows: every model with a curve, at every threshold. */
    public List<NetBenefitRow> rows() {
        List<NetBenefitRow> rows = new ArrayList<>();
        for (ModelCurve m : models) {
            DecisionCurve c = m.curve();
            if (c == null) {
                continue;
            }
            for (int g = 0; g < c.thresholds().length; g++) {
                rows.add(new NetBenefitRow(
                        m.name(),
                        c.thresholds()[g],
                        c.netBenefit()[g],
                        c.lower()[g],
                        c.upper()[g],
                        c.treatAll()[g],
                        c.versusAll()[g],
                        c.versusAllLower()[g],
                        c.versusAllUpper()[g],
                        c.prevalence(),
                        c.cases(),
                        m.clusters(),
                        c.resamples()));
            }
        }
        return rows;
    }

    /** How the intervals were made, in words. */
    private String intervals() {
        return String.format(
                Locale.ROOT,
                "%d%% CIs pointwise: percentile bootstrap over %s, %d resamples, seed %d",
                Math.round(level * 100),
                clusterColumn.isEmpty() ? "cases" : "whole patients of column '" + clusterColumn + "'",
                resamples,
                seed);
    }

    /** The text block {@code evaluate} appends: each model at {@link #SHOWN}, and where the CSV went. */
    public String toText() {
        StringBuilder sb = new StringBuilder("\n");
        sb.append("decision curves: net benefit (Vickers & Elkin 2006) of calling positive every case with score >="
                        + " threshold t, TP/N - FP/N * t/(1 - t), against treating all; ")
                .append(intervals())
                .append("\n");
        sb.append("  every threshold 0.01-0.99 of every model: ").append(csv).append("\n");
        for (ModelCurve m : models) {
            sb.append(String.format(
                    Locale.ROOT,
                    "  model %s: %d cases (%d positive)%s%s%n",
                    m.name(),
                    m.cases(),
                    m.positives(),
                    clusterColumn.isEmpty() ? "" : " in " + m.clusters() + " patients",
                    m.curve() == null
                            ? ""
                            : ", prevalence "
                                    + PredictionsEvaluation.num(m.curve().prevalence())));
            if (m.curve() == null) {
                sb.append("    note: ").append(m.note()).append("\n");
                continue;
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "    %-9s %-11s %-20s %-9s %-16s %s%n",
                    "threshold",
                    "net benefit",
                    "95% CI",
                    "treat all",
                    "minus treat all",
                    "95% CI"));
            DecisionCurve c = m.curve();
            for (double t : SHOWN) {
                int g = c.indexOf(t);
                sb.append(String.format(
                        Locale.ROOT,
                        "    %-9s %-11s %-20s %-9s %-16s %s%n",
                        PredictionsEvaluation.num(t),
                        PredictionsEvaluation.num(c.netBenefit()[g]),
                        interval(c.lower()[g], c.upper()[g]),
                        PredictionsEvaluation.num(c.treatAll()[g]),
                        PredictionsEvaluation.num(c.versusAll()[g]),
                        interval(c.versusAllLower()[g], c.versusAllUpper()[g])));
            }
        }
        return sb.toString();
    }

    private static String interval(double lo, double hi) {
        return "[" + PredictionsEvaluation.num(lo) + ", " + PredictionsEvaluation.num(hi) + "]";
    }

    /** The JSON block (full precision, non-finite numbers as null): each model at {@link #SHOWN}. */
    public Map<String, Object> toJsonTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", csv.toString());
        root.put("method", "net benefit (Vickers & Elkin 2006), positive at score >= threshold");
        root.put("ci_method", DecisionCurve.METHOD);
        root.put("level", level);
        root.put("seed", seed);
        root.put("bootstrap_resamples", resamples);
        root.put("cluster_column", clusterColumn);
        List<Object> ms = new ArrayList<>();
        for (ModelCurve m : models) {
            DecisionCurve c = m.curve();
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("name", m.name());
            mm.put("n", m.cases());
            mm.put("positives", m.positives());
            mm.put("n_clusters", m.clusters());
            mm.put("prevalence", m.cases() == 0 ? null : m.positives() / (double) m.cases());
            mm.put("rows_in_file", c == null ? 0 : c.thresholds().length);
            mm.put("note", m.note());
            List<Object> at = new ArrayList<>();
            for (double t : c == null ? new double[0] : SHOWN) {
                int g = c.indexOf(t);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("threshold", t);
                p.put("net_benefit", json(c.netBenefit()[g]));
                p.put("net_benefit_lower", json(c.lower()[g]));
                p.put("net_benefit_upper", json(c.upper()[g]));
                p.put("treat_all", json(c.treatAll()[g]));
                p.put("versus_all", json(c.versusAll()[g]));
                p.put("versus_all_lower", json(c.versusAllLower()[g]));
                p.put("versus_all_upper", json(c.versusAllUpper()[g]));
                at.add(p);
            }
            mm.put("at", at);
            ms.add(mm);
        }
        root.put("models", ms);
        return root;
    }

    private static Object json(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
