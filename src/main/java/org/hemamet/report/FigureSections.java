package org.hemamet.report;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.metrics.Bootstrap;
import org.hemamet.metrics.ReliabilityCurve;
import org.hemamet.metrics.RocBand;
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
                        + "AUC with its 95 % interval (as in the results table). Dashed: chance. " + BAND_CAPTION,
                "class",
                "note");
        boolean any = sequenceGrids(
                m,
                h,
                figures,
                "roc",
                "ROC curves",
                s -> "Test-set ROC curves of the " + s + " cells, one panel per comparison; shaded: pointwise "
                        + "95 % band, patient bootstrap.",
                comp -> rocPanel(m, comp),
                360,
                380);
        if (!any) {
            Fmt.notAvailable(h, "ROC curves: not available (no predictions.csv and no roc in result.json).");
        }
    }

    private static List<JFreeChart> rocPanel(ReportModel m, ComparisonGroup comp) {
        List<String> names = new ArrayList<>();
        List<RocCurve> rocs = new ArrayList<>();
        List<RocBand> bands = new ArrayList<>();
        for (Cell c : comp.cells()) {
            if (c.roc() != null && c.ok()) {
                names.add("r" + c.result().repeat() + "  AUC " + Fmt.withCi(c.result(), Metric.AUC));
                rocs.add(c.roc());
                bands.add(band(m, c));
            }
        }
        return rocs.isEmpty()
                ? List.of()
                : List.of(Charts.roc(Fmt.comparisonLabel(comp.comparison()), names, rocs, bands));
    }

    /**
     * One grid figure per sequence ({@code id-SEQ}), its panels from each comparison in turn; true when any
     * sequence had a panel.
     */
    static boolean sequenceGrids(
            ReportModel m,
            Html h,
            Figures figures,
            String id,
            String title,
            java.util.function.Function<String, String> caption,
            java.util.function.Function<ComparisonGroup, List<JFreeChart>> panelsOf,
            int width,
            int height) {
        boolean any = false;
        for (SequenceGroup seq : m.bySequence()) {
            List<JFreeChart> panels = new ArrayList<>();
            for (ComparisonGroup comp : seq.comparisons()) {
                panels.addAll(panelsOf.apply(comp));
            }
            if (!panels.isEmpty()) {
                any = true;
                String s = seq.sequence();
                figures.add(
                        h, Figure.grid(id + "-" + s, s + " — " + title, caption.apply(s), panels, 3, width, height));
            }
        }
        return any;
    }

    /** What the shaded ROC bands are, with the references. */
    static final String BAND_CAPTION = "Shaded: pointwise 95 % confidence band of the sensitivity at each "
            + "1 − specificity (grid step 0.01; vertical averaging, Fawcett 2006, Macskassy & Provost 2004), by the "
            + "percentile bootstrap over patients (whole patients resampled, stratified by class; Efron & Tibshirani "
            + "1993, Davison & Hinkley 1997), as many resamples as the run's bootstrap setting. Pointwise, not "
            + "simultaneous: the band covers the true sensitivity at each 1 − specificity, not the whole curve at once.";

    /** What the reliability diagrams show, with the reference. */
    static final String RELIABILITY_CAPTION =
            "Reliability (calibration) curves of the test predictions: 10 equal-width "
                    + "bins of the predicted probability; per non-empty bin the observed fraction of positives against the "
                    + "mean predicted probability, with its 95 % Clopper–Pearson interval (Clopper & Pearson 1934; lesions "
                    + "of a bin taken as independent). Probability: the cell's calibrated probability (the run's method) where the run "
                    + "recorded it (predictions.csv calibrated, at the prevalence results.csv calibrated_prevalence "
                    + "records: the training part's before balancing in runs of this version), else the raw score. "
                    + "Dashed: perfect calibration. Under test-set balancing the observed fractions reflect the balanced "
                    + "prevalence, not the clinical one.";

    /** The cell's ROC band from its test predictions, patients as clusters; null without predictions. */
    static RocBand band(ReportModel m, Cell c) {
        List<PredictionRow> p = testPredictions(m, c);
        if (p.isEmpty()) {
            return null;
        }
        return RocBand.of(
                p.stream().mapToInt(PredictionRow::label).toArray(),
                p.stream().mapToDouble(PredictionRow::score).toArray(),
                p.stream().map(PredictionRow::patientKey).toArray(String[]::new),
                RocBand.DEFAULT_STEPS,
                resamples(m),
                seed(m),
                0.95);
    }

    private static List<PredictionRow> testPredictions(ReportModel m, Cell c) {
        return m.run().predictions().stream()
                .filter(p -> c.id().equals(p.cellId())
                        && p.fromCnn()
                        && (p.label() == 0 || p.label() == 1)
                        && !Double.isNaN(p.score()))
                .toList();
    }

    static int resamples(ReportModel m) {
        return m.run().study() != null && m.run().study().bootstrap() > 0
                ? m.run().study().bootstrap()
                : Bootstrap.DEFAULT_RESAMPLES;
    }

    static long seed(ReportModel m) {
        return m.run().study() == null ? 0 : m.run().study().seed();
    }

    /** One figure per sequence, one panel per comparison, one curve per repeat. */
    static void reliability(ReportModel m, Html h, Figures figures) {
        h.el("p", RELIABILITY_CAPTION, "class", "note");
        boolean any = sequenceGrids(
                m,
                h,
                figures,
                "reliability",
                "reliability curves",
                s -> "Observed against predicted probability of the " + s
                        + " cells' test lesions, one panel per comparison; bars: 95 % Clopper–Pearson.",
                comp -> reliabilityPanel(m, comp),
                360,
                380);
        if (!any) {
            Fmt.notAvailable(h, "Reliability curves: not available (no predictions.csv).");
        }
    }

    private static List<JFreeChart> reliabilityPanel(ReportModel m, ComparisonGroup comp) {
        List<String> names = new ArrayList<>();
        List<ReliabilityCurve> curves = new ArrayList<>();
        for (Cell c : comp.cells()) {
            List<PredictionRow> p = c.ok() ? testPredictions(m, c) : List.of();
            if (p.isEmpty()) {
                continue;
            }
            boolean calibrated = p.stream()
                    .allMatch(x -> x.calibrated() != null && !x.calibrated().isNaN());
            double[] prob = p.stream()
                    .mapToDouble(x -> Math.max(0, Math.min(1, calibrated ? x.calibrated() : x.score())))
                    .toArray();
            curves.add(ReliabilityCurve.of(
                    p.stream().mapToInt(PredictionRow::label).toArray(), prob, 10, 0.95));
            names.add("r" + c.result().repeat() + (calibrated ? " calibrated" : " raw score"));
        }
        return curves.isEmpty()
                ? List.of()
                : List.of(Charts.reliability(Fmt.comparisonLabel(comp.comparison()), names, curves));
    }

    /** One figure per sequence, one panel per cell. */
    static void confusion(ReportModel m, Html h, Figures figures) {
        h.el(
                "p",
                "Test set at the cell's threshold. Rows: histology; columns: prediction. Shading: fraction of "
                        + "the row (sensitivity / specificity).",
                "class",
                "note");
        boolean any = sequenceGrids(
                m,
                h,
                figures,
                "confusion",
                "confusion matrices",
                s -> "Confusion matrices of the " + s + " cells.",
                comp -> comp.cells().stream()
                        .filter(c -> c.confusion() != null && c.ok())
                        .map(c -> Charts.confusion(
                                Fmt.comparisonLabel(comp.comparison()) + m.repeatTag(c),
                                "hemangioma",
                                Fmt.positiveName(comp.comparison()),
                                c.confusion()))
                        .toList(),
                320,
                260);
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
