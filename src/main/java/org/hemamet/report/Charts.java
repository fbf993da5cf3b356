package org.hemamet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import java.util.Locale;
import org.hemamet.contract.CellResult.Confusion;
import org.hemamet.contract.HistoryRow;
import org.hemamet.metrics.ReliabilityCurve;
import org.hemamet.metrics.RocBand;
import org.hemamet.metrics.RocCurve;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** JFreeChart builders for the report's figures, in one consistent, print-friendly style. */
final class Charts {
    /** Okabe–Ito colour-blind-safe palette. */
    static final Color[] PALETTE = {
        new Color(0x0072B2),
        new Color(0xD55E00),
        new Color(0x009E73),
        new Color(0xCC79A7),
        new Color(0xE69F00),
        new Color(0x56B4E9),
        new Color(0xF0E442),
        Color.BLACK
    };

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final Color GRID = new Color(0xE2E8F0);

    private Charts() {}

    /** One ROC curve per series, with the chance diagonal. */
    static JFreeChart roc(String title, List<String> names, List<RocCurve> rocs) {
        return roc(title, names, rocs, java.util.Collections.nCopies(rocs.size(), null));
    }

    /**
     * One ROC curve per series with, where {@code bands.get(i)} is not null, its pointwise confidence band
     * shaded in the series' colour; and the chance diagonal.
     */
    static JFreeChart roc(String title, List<String> names, List<RocCurve> rocs, List<RocBand> bands) {
        JFreeChart chart = roc0(title, names, rocs);
        XYPlot plot = chart.getXYPlot();
        YIntervalSeriesCollection shaded = new YIntervalSeriesCollection();
        DeviationRenderer dr = new DeviationRenderer(false, false);
        for (int i = 0; i < bands.size(); i++) {
            RocBand b = bands.get(i);
            if (b == null) {
                continue;
            }
            YIntervalSeries s = new YIntervalSeries(names.get(i) + " band", false, true);
            for (int g = 0; g < b.fpr().length; g++) {
                s.add(b.fpr()[g], b.tpr()[g], b.lower()[g], b.upper()[g]);
            }
            int k = shaded.getSeriesCount();
            shaded.addSeries(s);
            Color c = PALETTE[i % PALETTE.length];
            dr.setSeriesFillPaint(k, c);
            dr.setSeriesPaint(k, c);
            dr.setSeriesVisibleInLegend(k, false);
        }
        if (shaded.getSeriesCount() > 0) {
            dr.setAlpha(0.18f);
            plot.setDataset(1, shaded);
            plot.setRenderer(1, dr);
        }
        return chart;
    }

    /**
     * A reliability diagram: observed fraction of positives against the mean predicted probability per
     * bin, with each bin's confidence interval as an error bar, and the diagonal of perfect calibration.
     */
    static JFreeChart reliability(String title, List<String> names, List<ReliabilityCurve> curves) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (int i = 0; i < curves.size(); i++) {
            YIntervalSeries s = new YIntervalSeries(names.get(i), false, true);
            for (ReliabilityCurve.Bin b : curves.get(i).bins()) {
                s.add(
                        b.meanPredicted(),
                        b.observed().value(),
                        b.observed().lower(),
                        b.observed().upper());
            }
            data.addSeries(s);
        }
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDefaultLinesVisible(true);
        r.setCapLength(5);
        for (int i = 0; i < curves.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(1.5f));
            r.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        }
        r.setErrorStroke(new BasicStroke(1f));
        XYPlot plot =
                new XYPlot(data, axis("Mean predicted probability", 0, 1), axis("Observed fraction positive", 0, 1), r);
        XYSeries diagonal = new XYSeries("perfect calibration", false, true);
        diagonal.add(0, 0);
        diagonal.add(1, 1);
        XYLineAndShapeRenderer d = new XYLineAndShapeRenderer(true, false);
        d.setSeriesPaint(0, new Color(0x94A3B8));
        d.setSeriesStroke(
                0, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        d.setSeriesVisibleInLegend(0, false);
        plot.setDataset(1, new XYSeriesCollection(diagonal));
        plot.setRenderer(1, d);
        return chart(title, plot, true);
    }

    /**
     * A decision-curve panel: net benefit against the threshold probability, one line per model (the first with
     * its pointwise band shaded), treat all (dashed) and treat none (net benefit 0), thresholds up to {@code
     * maxThreshold}.
     *
     * @param names  the models' legend names
     * @param curves per model {threshold, net benefit, lower, upper} arrays (rows of decision_curves.csv)
     * @param all    {threshold, treat all}
     */
    static JFreeChart decisionCurve(
            String title, List<String> names, List<double[][]> curves, double[][] all, double maxThreshold) {
        XYSeriesCollection lines = new XYSeriesCollection();
        double top = 0.05;
        for (int i = 0; i < curves.size(); i++) {
            XYSeries s = new XYSeries(names.get(i), false, true);
            for (int g = 0; g < curves.get(i)[0].length && curves.get(i)[0][g] <= maxThreshold + 1e-9; g++) {
                s.add(curves.get(i)[0][g], curves.get(i)[1][g]);
                top = Math.max(top, curves.get(i)[1][g]);
            }
            lines.addSeries(s);
        }
        XYSeries treatAll = new XYSeries("treat all", false, true);
        for (int g = 0; g < all[0].length && all[0][g] <= maxThreshold + 1e-9; g++) {
            treatAll.add(all[0][g], all[1][g]);
            top = Math.max(top, all[1][g]);
        }
        lines.addSeries(treatAll);
        XYSeries none = new XYSeries("treat none", false, true);
        none.add(0, 0);
        none.add(maxThreshold, 0);
        lines.addSeries(none);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < curves.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(i == 0 ? 2f : 1.4f));
        }
        r.setSeriesPaint(curves.size(), new Color(0x475569));
        r.setSeriesStroke(
                curves.size(),
                new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        r.setSeriesPaint(curves.size() + 1, new Color(0x94A3B8));
        r.setSeriesStroke(curves.size() + 1, new BasicStroke(1f));
        double hi = Math.ceil(top * 1.1 / 0.05) * 0.05;
        NumberAxis x = axis("Threshold probability of metastasis", 0, maxThreshold);
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.1));
        NumberAxis y = axis("Net benefit", -0.05, hi);
        y.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(hi > 0.5 ? 0.1 : 0.05));
        XYPlot plot = new XYPlot(lines, x, y, r);
        if (!curves.isEmpty() && curves.get(0).length >= 4) {
            YIntervalSeries band = new YIntervalSeries(names.get(0) + " band", false, true);
            double[][] c = curves.get(0);
            for (int g = 0; g < c[0].length && c[0][g] <= maxThreshold + 1e-9; g++) {
                band.add(c[0][g], c[1][g], c[2][g], c[3][g]);
            }
            YIntervalSeriesCollection shaded = new YIntervalSeriesCollection();
            shaded.addSeries(band);
            DeviationRenderer dr = new DeviationRenderer(false, false);
            dr.setSeriesFillPaint(0, PALETTE[0]);
            dr.setSeriesPaint(0, PALETTE[0]);
            dr.setSeriesVisibleInLegend(0, false);
            dr.setAlpha(0.18f);
            plot.setDataset(1, shaded);
            plot.setRenderer(1, dr);
        }
        return chart(title, plot, true);
    }

    private static JFreeChart roc0(String title, List<String> names, List<RocCurve> rocs) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int i = 0; i < rocs.size(); i++) {
            XYSeries s = new XYSeries(names.get(i), false, true);
            double[] fpr = rocs.get(i).fpr();
            double[] tpr = rocs.get(i).tpr();
            for (int k = 0; k < fpr.length; k++) {
                s.add(fpr[k], tpr[k]);
            }
            data.addSeries(s);
        }
        XYSeries chance = new XYSeries("chance", false, true);
        chance.add(0, 0);
        chance.add(1, 1);
        data.addSeries(chance);
        NumberAxis x = axis("1 − specificity (false-positive rate)", 0, 1);
        NumberAxis y = axis("Sensitivity (true-positive rate)", 0, 1);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < rocs.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        r.setSeriesPaint(rocs.size(), new Color(0x94A3B8));
        r.setSeriesStroke(
                rocs.size(),
                new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        r.setSeriesVisibleInLegend(rocs.size(), false);
        XYPlot plot = new XYPlot(data, x, y, r);
        return chart(title, plot, true);
    }

    /** A 2×2 confusion matrix (rows: truth, columns: prediction), cells shaded by row fraction. */
    static JFreeChart confusion(String title, String negative, String positive, Confusion c) {
        DefaultXYZDataset data = new DefaultXYZDataset();
        double negRow = c.tn() + c.fp();
        double posRow = c.fn() + c.tp();
        // x = predicted (0 neg, 1 pos); y = truth (0 pos at bottom, 1 neg at top)
        double[] xs = {0, 1, 0, 1};
        double[] ys = {1, 1, 0, 0};
        long[] n = {c.tn(), c.fp(), c.fn(), c.tp()};
        double[] frac = {frac(c.tn(), negRow), frac(c.fp(), negRow), frac(c.fn(), posRow), frac(c.tp(), posRow)};
        data.addSeries("confusion", new double[][] {xs, ys, frac});
        SymbolAxis x = new SymbolAxis("Predicted", new String[] {negative, positive});
        SymbolAxis y = new SymbolAxis("True", new String[] {positive, negative});
        for (SymbolAxis a : List.of(x, y)) {
            a.setGridBandsVisible(false);
            a.setLabelFont(LABEL);
            a.setTickLabelFont(TICK);
        }
        XYBlockRenderer r = new XYBlockRenderer();
        r.setPaintScale(new BluesScale());
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlinePaint(Color.WHITE);
        String[] tags = {"TN", "FP", "FN", "TP"};
        for (int i = 0; i < 4; i++) {
            String text = String.format(
                    Locale.ROOT,
                    "%s %d (%s)",
                    tags[i],
                    n[i],
                    Double.isNaN(frac[i]) ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * frac[i]));
            XYTextAnnotation a = new XYTextAnnotation(text, xs[i], ys[i]);
            a.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            a.setPaint(frac[i] > 0.55 ? Color.WHITE : new Color(0x1E293B));
            plot.addAnnotation(a);
        }
        return chart(title, plot, false);
    }

    /** Loss and accuracy per epoch, training and (when present) validation. */
    static JFreeChart training(String title, List<HistoryRow> history) {
        NumberAxis epoch = new NumberAxis("Epoch");
        epoch.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        style(epoch);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epoch);
        plot.setGap(12);
        plot.add(curvePlot("Loss", history, true), 1);
        plot.add(curvePlot("Accuracy", history, false), 1);
        return chart(title, plot, true);
    }

    private static XYPlot curvePlot(String label, List<HistoryRow> history, boolean loss) {
        XYSeries train = new XYSeries(loss ? "training loss" : "training accuracy");
        XYSeries val = new XYSeries(loss ? "validation loss" : "validation accuracy");
        for (HistoryRow e : history) {
            double t = loss ? e.trainLoss() : e.trainAccuracy();
            double v = Fmt.number(loss ? e.valLoss() : e.valAccuracy());
            if (!Double.isNaN(t)) {
                train.add(e.epoch(), t);
            }
            if (!Double.isNaN(v)) {
                val.add(e.epoch(), v);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection(train);
        if (val.getItemCount() > 0) {
            data.addSeries(val);
        }
        NumberAxis y = new NumberAxis(label);
        style(y);
        y.setAutoRangeIncludesZero(loss);
        if (!loss) {
            y.setRange(0, 1.02);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, history.size() <= 40);
        r.setSeriesPaint(0, PALETTE[0]);
        r.setSeriesPaint(1, PALETTE[1]);
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesStroke(1, new BasicStroke(2f));
        r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        r.setSeriesShape(1, new java.awt.geom.Rectangle2D.Double(-2.5, -2.5, 5, 5));
        XYPlot p = new XYPlot(data, null, y, r);
        plotStyle(p);
        return p;
    }

    private static double frac(long n, double total) {
        return total > 0 ? n / total : Double.NaN;
    }

    private static NumberAxis axis(String label, double lo, double hi) {
        NumberAxis a = new NumberAxis(label);
        a.setRange(lo, hi);
        a.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.2));
        style(a);
        return a;
    }

    private static void style(NumberAxis a) {
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICK);
        a.setAxisLinePaint(new Color(0x94A3B8));
        a.setTickMarkPaint(new Color(0x94A3B8));
    }

    private static void plotStyle(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(GRID);
        p.setRangeGridlinePaint(GRID);
        p.setDomainGridlineStroke(new BasicStroke(1f));
        p.setRangeGridlineStroke(new BasicStroke(1f));
        p.setOutlinePaint(new Color(0xCBD5E1));
        p.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot, boolean legend) {
        if (plot instanceof XYPlot xy
                && !(plot instanceof CombinedDomainXYPlot)
                && !(xy.getRenderer() instanceof XYBlockRenderer)) {
            plotStyle(xy);
        }
        JFreeChart c = new JFreeChart(null, TITLE, plot, legend);
        c.setTitle(new TextTitle(title, TITLE));
        c.setBackgroundPaint(Color.WHITE);
        c.setPadding(new RectangleInsets(6, 6, 6, 10));
        c.setAntiAlias(true);
        c.setTextAntiAlias(true);
        LegendTitle l = c.getLegend();
        if (l != null) {
            l.setItemFont(TICK);
            l.setFrame(BlockBorder.NONE);
            l.setPosition(RectangleEdge.BOTTOM);
            l.setBackgroundPaint(Color.WHITE);
        }
        return c;
    }

    /** White to a saturated blue over [0, 1]. */
    private static final class BluesScale implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double v) {
            double t = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
            Color lo = new Color(0xF1F5F9);
            Color hi = new Color(0x1D4E89);
            return new Color(
                    (int) Math.round(lo.getRed() + t * (hi.getRed() - lo.getRed())),
                    (int) Math.round(lo.getGreen() + t * (hi.getGreen() - lo.getGreen())),
                    (int) Math.round(lo.getBlue() + t * (hi.getBlue() - lo.getBlue())));
        }
    }
}
