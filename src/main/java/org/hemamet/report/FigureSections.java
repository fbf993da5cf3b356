package org.hemamet.report;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.metrics.RocCurve;
import org.hemamet.report.ReportModel.ComparisonGroup;
import org.hemamet.report.ReportModel.SequenceGroup;
import org.hemamet.report.StudyRun.Cell;
import org.jfree.chart.JFreeChart;

/** The sections made of figures: ROC curves, confusion matrices, training curves. */
final class FigureSections {
    private FigureSections() {}

    /** One figure per sequence, one panel per comparison, one curve per repeat. */
    static void roc(ReportModel m, Html h, Figures figures) {
        h.el(
                "p",
                "Test-set ROC curves, one figure per sequence and one panel per comparison; the legend gives the "
                        + "AUC with its 95 % DeLong interval. Dashed: chance.",
                "class",
                "note");
        boolean any = false;
        for (SequenceGroup seq : m.bySequence()) {
            List<JFreeChart> panels = new ArrayList<>();
            for (ComparisonGroup comp : seq.comparisons()) {
                List<String> names = new ArrayList<>();
                List<RocCurve> rocs = new ArrayList<>();
                for (Cell c : comp.cells()) {
                    if (c.roc() != null && c.ok()) {
                        names.add("r" + c.result().repeat() + "  AUC " + Fmt.withCi(c.result(), Metric.AUC));
                        rocs.add(c.roc());
                    }
                }
                if (!rocs.isEmpty()) {
                    panels.add(Charts.roc(Fmt.comparisonLabel(comp.comparison()), names, rocs));
                }
            }
            if (!panels.isEmpty()) {
                any = true;
                String s = seq.sequence();
                figures.add(
                        h,
                        Figure.grid(
                                "roc-" + s,
                                s + " — ROC curves",
                                "Test-set ROC curves of the " + s + " cells, one panel per comparison.",
                                panels,
                                3,
                                360,
                                380));
            }
        }
        if (!any) {
            Fmt.notAvailable(h, "ROC curves: not available (no predictions.csv and no roc in result.json).");
        }
    }

    /** One figure per sequence, one panel per cell. */
    static void confusion(ReportModel m, Html h, Figures figures) {
        h.el(
                "p",
                "Test set at the cell's threshold. Rows: histology; columns: prediction. Shading: fraction of "
                        + "the row (sensitivity / specificity).",
                "class",
                "note");
        boolean any = false;
        for (SequenceGroup seq : m.bySequence()) {
            List<JFreeChart> panels = new ArrayList<>();
            for (ComparisonGroup comp : seq.comparisons()) {
                for (Cell c : comp.cells()) {
                    if (c.confusion() != null && c.ok()) {
                        panels.add(Charts.confusion(
                                Fmt.comparisonLabel(comp.comparison()) + m.repeatTag(c),
                                "hemangioma",
                                Fmt.positiveName(comp.comparison()),
                                c.confusion()));
                    }
                }
            }
            if (!panels.isEmpty()) {
                any = true;
                String s = seq.sequence();
                figures.add(
                        h,
                        Figure.grid(
                                "confusion-" + s,
                                s + " — confusion matrices",
                                "Confusion matrices of the " + s + " cells.",
                                panels,
                                3,
                                320,
                                260));
            }
        }
        if (!any) {
            Fmt.notAvailable(h, "Confusion matrices: not available.");
        }
    }

    /** One figure per cell with a history. */
    static void training(ReportModel m, Html h, Figures figures) {
        h.el(
                "p",
                "Loss and accuracy per epoch of the final training of each cell (validation curves where the run "
                        + "kept a validation part).",
                "class",
                "note");
        h.open("div", "class", "grid");
        boolean any = false;
        for (Cell c : m.cells()) {
            if (!c.history().isEmpty()) {
                any = true;
                String title = c.result().sequence() + " · "
                        + Fmt.comparisonLabel(c.result().comparison()) + m.repeatTag(c);
                figures.add(
                        h,
                        new Figure(
                                "training-" + c.id(),
                                title,
                                "",
                                380,
                                340,
                                g -> Charts.training(title, c.history())
                                        .draw(g, new Rectangle2D.Double(0, 0, 380, 340))));
            }
        }
        h.close("div");
        if (!any) {
            Fmt.notAvailable(h, "history.csv: not available for any cell.");
        }
    }
}
