package org.hemamet.report;

import java.util.List;
import java.util.Locale;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.metrics.Estimate;
import org.hemamet.metrics.RepeatInterval;
import org.hemamet.report.ReportModel.ComparisonGroup;
import org.hemamet.report.ReportModel.SequenceGroup;
import org.hemamet.report.StudyRun.Cell;
import org.hemamet.study.StudyConfig;

/**
 * Variation across repeated splits or folds: per sequence × comparison the mean of each metric with its
 * 95 % t-interval over the repeats ({@link RepeatInterval}), the standard deviation and the range.
 */
final class RobustnessSection {
    static final List<Metric> METRICS = List.of(Metric.AUC, Metric.SENSITIVITY, Metric.SPECIFICITY, Metric.ACCURACY);

    private RobustnessSection() {}

    static void write(ReportModel m, Html h, Figures figures) {
        StudyConfig c = m.run().study();
        boolean several = m.bySequence().stream()
                .flatMap(s -> s.comparisons().stream())
                .anyMatch(g -> g.cells().stream().filter(Cell::ok).count() > 1);
        if (!several) {
            h.el("p", singleSplit(c), "id", "robustness-single");
            return;
        }
        h.el(
                "p",
                design(c) + " Per sequence × comparison: mean over the repeats with its 95 % t-interval (Student; it "
                        + "ignores that the training sets overlap and is optimistic, Nadeau & Bengio 2003), the "
                        + "standard deviation and the range (min–max).",
                "class",
                "note");
        h.tableHead("id", "robustness-table");
        h.el("th", "Sequence").el("th", "Comparison").el("th", "Repeats", "class", "num");
        for (Metric metric : METRICS) {
            h.el("th", Fmt.metricName(metric) + ": mean (95 % CI) · SD · range", "class", "num");
        }
        h.body();
        for (SequenceGroup s : m.bySequence()) {
            for (ComparisonGroup g : s.comparisons()) {
                List<Cell> ok = g.cells().stream().filter(Cell::ok).toList();
                h.open("tr").el("td", s.sequence()).el("td", Fmt.comparisonLabel(g.comparison()));
                h.el("td", Integer.toString(ok.size()), "class", "num");
                for (Metric metric : METRICS) {
                    h.el("td", spread(ok, metric), "class", "num");
                }
                h.close("tr");
            }
        }
        h.endTable();
    }

    static String spread(List<Cell> cells, Metric metric) {
        double[] v = cells.stream()
                .mapToDouble(c -> c.result().metric(metric).number())
                .filter(d -> !Double.isNaN(d))
                .toArray();
        Estimate e = RepeatInterval.mean95(v);
        if (!e.isDefined()) {
            return "—";
        }
        String mean = Double.isNaN(e.lower())
                ? Fmt.fixed(e.value(), 3)
                : String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", e.value(), e.lower(), e.upper());
        double min = java.util.Arrays.stream(v).min().orElse(Double.NaN);
        double max = java.util.Arrays.stream(v).max().orElse(Double.NaN);
        return mean + " · " + Fmt.fixed(RepeatInterval.sd(v), 3) + " · " + Fmt.fixed(min, 3) + "–" + Fmt.fixed(max, 3);
    }

    private static String design(StudyConfig c) {
        if (c == null) {
            return "The run has several repeats per cell (study.json not readable: design unknown).";
        }
        String what = c.folds() >= 2
                ? c.folds() + "-fold cross-validation (each fold's patients the test part once)"
                : c.repeats() + " repeated random splits by patient (test fraction " + c.testFraction() + ")";
        return "The run has " + what + "; each repeat's split, initialisation, shuffling and search seeds are derived "
                + "from the one root seed " + c.seed() + " and the cell (sequence, comparison, repeat). Variation "
                + "across root seeds on the same split is not measured by this run (run it again with another "
                + "seed: hemamet study --seed).";
    }

    /** The sentence for a run with one split per cell: what it means and what to set to get more. */
    static String singleSplit(StudyConfig c) {
        String seed = c == null ? "" : " (root seed " + c.seed() + ")";
        return "This run has a single split per sequence × comparison" + seed + ", so the variation of the "
                + "results across splits, folds and seeds cannot be shown. To measure it, set repeats: N (N "
                + "repeated random splits by patient) or folds: k (k-fold cross-validation by patient) in the study "
                + "file, and rerun with other seeds (hemamet study --seed).";
    }
}
