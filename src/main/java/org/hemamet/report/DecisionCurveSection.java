package org.hemamet.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.contract.DecisionCurveRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.report.ReportModel.ComparisonGroup;
import org.hemamet.report.StudyRun.Cell;
import org.jfree.chart.JFreeChart;

/**
 * Clinical utility: the run's decision curves (decision_curves.csv; Vickers &amp; Elkin 2006), one figure per
 * sequence with a panel per comparison (the CNN with its pointwise band, each baseline, treat all, treat
 * none), and the CNN's net benefit at the summary's thresholds.
 */
final class DecisionCurveSection {
    /** The figures' thresholds end here: beyond, few readers would wait for more certainty to work up. */
    static final double MAX_THRESHOLD = 0.6;

    private DecisionCurveSection() {}

    static void write(ReportModel m, Html h, Figures figures) {
        List<DecisionCurveRow> rows = m.run().decisionCurves();
        if (rows.isEmpty()) {
            Fmt.notAvailable(
                    h,
                    "Decision curves: not available (decision_curves.csv is absent: a run of an older version;"
                            + " resuming it with 'hemamet study' adds it without retraining).");
            return;
        }
        h.el("p", DecisionCurveRow.METHODS + " " + CAPTION, "class", "note");
        Map<String, List<DecisionCurveRow>> byCell = new LinkedHashMap<>();
        rows.forEach(
                r -> byCell.computeIfAbsent(r.cellId(), k -> new ArrayList<>()).add(r));
        FigureSections.sequenceGrids(
                m,
                h,
                figures,
                "decision",
                "decision curves",
                s -> "Net benefit against the threshold probability of metastasis, " + s
                        + " cells' test lesions, one panel per comparison; shaded: the CNN's pointwise 95 % band.",
                comp -> panel(comp, byCell),
                360,
                380);
        table(h, "decision-curve-table", DecisionCurveRow.shown(rows, ResultRow.CNN), false);
        advantageTable(h, rows);
    }

    /** What the figures show. */
    static final String CAPTION = "Figures: one per sequence, one panel per comparison (its first repeat; every"
            + " repeat is in decision_curves.csv), thresholds up to 60 %: the CNN (shaded: its band), each baseline"
            + " on the same test lesions, treat all (dashed) and treat none (0). A model is useful at a threshold"
            + " where its curve lies above both; the table gives the CNN's net benefit and its difference from"
            + " treating all (Δ all) at 10, 20 and 30 %.";

    private static List<JFreeChart> panel(ComparisonGroup comp, Map<String, List<DecisionCurveRow>> byCell) {
        Cell cell = comp.cells().stream().filter(Cell::ok).findFirst().orElse(null);
        List<DecisionCurveRow> rows = cell == null ? List.of() : byCell.getOrDefault(cell.id(), List.of());
        List<DecisionCurveRow> cnn = DecisionCurveRow.shown(rows, ResultRow.CNN);
        if (cnn.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        List<double[][]> curves = new ArrayList<>();
        names.add("CNN (" + cnn.get(0).probability() + ")");
        curves.add(arrays(cnn, true));
        rows.stream()
                .map(DecisionCurveRow::model)
                .distinct()
                .filter(model -> !ResultRow.CNN.equals(model))
                .forEach(model -> {
                    names.add(model);
                    curves.add(arrays(DecisionCurveRow.shown(rows, model), false));
                });
        double[][] all = {
            cnn.stream().mapToDouble(DecisionCurveRow::threshold).toArray(),
            cnn.stream().mapToDouble(DecisionCurveRow::treatAll).toArray()
        };
        return List.of(Charts.decisionCurve(Fmt.comparisonLabel(comp.comparison()), names, curves, all, MAX_THRESHOLD));
    }

    /** One model's curve ({@code rows}: one probability kind, in threshold order) with its band and treat all. */
    static JFreeChart chart(String title, List<DecisionCurveRow> rows) {
        double[][] all = {
            rows.stream().mapToDouble(DecisionCurveRow::threshold).toArray(),
            rows.stream().mapToDouble(DecisionCurveRow::treatAll).toArray()
        };
        return Charts.decisionCurve(
                title,
                List.of(rows.get(0).model() + " (" + rows.get(0).probability() + ")"),
                List.<double[][]>of(arrays(rows, true)),
                all,
                MAX_THRESHOLD);
    }

    private static double[][] arrays(List<DecisionCurveRow> rows, boolean band) {
        double[] t = rows.stream().mapToDouble(DecisionCurveRow::threshold).toArray();
        double[] nb = rows.stream().mapToDouble(DecisionCurveRow::netBenefit).toArray();
        if (!band) {
            return new double[][] {t, nb};
        }
        return new double[][] {
            t,
            nb,
            rows.stream().mapToDouble(DecisionCurveRow::netBenefitLo).toArray(),
            rows.stream().mapToDouble(DecisionCurveRow::netBenefitHi).toArray()
        };
    }

    /** The CNN's net benefit minus each baseline's, per cell, at the summary's thresholds (paired CIs). */
    private static void advantageTable(Html h, List<DecisionCurveRow> rows) {
        List<DecisionCurveRow> baselines = DecisionCurveRow.againstCnn(rows);
        if (baselines.isEmpty()) {
            return;
        }
        h.el("p", DecisionCurveRow.ADVANTAGE_CAPTION, "class", "note");
        Map<String, List<DecisionCurveRow>> byCurve = new LinkedHashMap<>();
        baselines.forEach(r -> byCurve.computeIfAbsent(r.cellId() + "\u0000" + r.model(), k -> new ArrayList<>())
                .add(r));
        List<String> head = new ArrayList<>(List.of("Sequence", "Comparison", "Repeat", "Baseline", "Probabilities"));
        for (double t : DecisionCurveRow.SUMMARY_THRESHOLDS) {
            head.add("CNN − baseline at " + DecisionCurveRow.percent(t));
        }
        h.tableWithHeader("decision-curve-baselines", head, c -> c.equals("Repeat") || c.startsWith("CNN − "));
        for (List<DecisionCurveRow> curve : byCurve.values()) {
            DecisionCurveRow f = curve.get(0);
            h.open("tr")
                    .el("td", f.sequence())
                    .el("td", Fmt.comparisonLabel(f.comparison()))
                    .el("td", Integer.toString(f.repeat()), "class", "num")
                    .el("td", f.model())
                    .el("td", f.probabilityWords());
            for (double t : DecisionCurveRow.SUMMARY_THRESHOLDS) {
                DecisionCurveRow at = DecisionCurveRow.at(curve, t);
                ciCell(
                        h,
                        at == null ? null : new double[] {at.cnnAdvantage(), at.cnnAdvantageLo(), at.cnnAdvantageHi()});
            }
            h.close("tr");
        }
        h.endTable();
    }

    /** A table cell with the estimate and, on its own line, the 95 % CI (as the results table's). */
    private static void ciCell(Html h, double[] estimate) {
        if (estimate == null) {
            h.el("td", "–", "class", "num");
            return;
        }
        h.open("td", "class", "num").text(DecisionCurveRow.number(estimate[0]));
        if (!Double.isNaN(estimate[1])) {
            h.text(" ")
                    .el(
                            "span",
                            "(" + DecisionCurveRow.number(estimate[1]) + "–" + DecisionCurveRow.number(estimate[2])
                                    + ")",
                            "class",
                            "ci");
        }
        h.close("td");
    }

    /**
     * The table of {@code shown} curves (one per cell and model, {@link DecisionCurveRow#shown}) at the summary's
     * thresholds: net benefit and its difference from treating all, each with its CI on a line of its own; cells
     * named by sequence, comparison and repeat, or ({@code byCellId}) by cell id.
     */
    static void table(Html h, String id, List<DecisionCurveRow> shown, boolean byCellId) {
        Map<String, List<DecisionCurveRow>> byCurve = new LinkedHashMap<>();
        shown.forEach(r -> byCurve.computeIfAbsent(r.cellId() + "\u0000" + r.model(), k -> new ArrayList<>())
                .add(r));
        List<String> head = new ArrayList<>(byCellId ? List.of("Cell") : List.of("Sequence", "Comparison", "Repeat"));
        head.addAll(List.of("Prevalence", "Probabilities"));
        for (double t : DecisionCurveRow.SUMMARY_THRESHOLDS) {
            head.add("NB at " + DecisionCurveRow.percent(t));
            head.add("Δ all at " + DecisionCurveRow.percent(t));
        }
        h.tableWithHeader(
                id,
                head,
                c -> !List.of("Cell", "Sequence", "Comparison", "Probabilities").contains(c));
        for (List<DecisionCurveRow> curve : byCurve.values()) {
            DecisionCurveRow f = curve.get(0);
            h.open("tr");
            if (byCellId) {
                h.el("td", f.cellId());
            } else {
                h.el("td", f.sequence())
                        .el("td", Fmt.comparisonLabel(f.comparison()))
                        .el("td", Integer.toString(f.repeat()), "class", "num");
            }
            h.el("td", Fmt.fixed(f.prevalence(), 3), "class", "num").el("td", f.probabilityWords());
            for (double t : DecisionCurveRow.SUMMARY_THRESHOLDS) {
                DecisionCurveRow at = DecisionCurveRow.at(curve, t);
                ciCell(h, at == null ? null : new double[] {at.netBenefit(), at.netBenefitLo(), at.netBenefitHi()});
                ciCell(h, at == null ? null : new double[] {at.versusAll(), at.versusAllLo(), at.versusAllHi()});
            }
            h.close("tr");
        }
        h.endTable();
    }
}
