package org.hemamet.report;

import java.util.List;
import java.util.Objects;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.report.StudyRun.Cell;

/** The results table beside the paper's numbers, the further metrics and the calibration table. */
final class ResultsSection {
    private static final List<Metric> MAIN_METRICS =
            List.of(Metric.ACCURACY, Metric.SENSITIVITY, Metric.SPECIFICITY, Metric.AUC);
    private static final List<Metric> MORE_METRICS =
            List.of(Metric.PPV, Metric.NPV, Metric.F1, Metric.BALANCED_ACCURACY, Metric.MCC, Metric.BRIER);
    private static final List<Metric> CALIBRATION = List.of(
            Metric.BRIER,
            Metric.CALIBRATION_SLOPE,
            Metric.CALIBRATION_INTERCEPT,
            Metric.CALIBRATED_BRIER,
            Metric.CALIBRATED_SLOPE);

    /** What the highlighted row means: a rule on validation numbers only (nothing chosen on the test set). */
    static final String HIGHLIGHT_RULE = "Highlighted (★): per sequence, the cell whose chosen search trial had the "
            + "highest AUC on the inner validation split of its training part; chosen before and without any "
            + "test-set number, so the highlight is not a selection on the test set.";

    /** What the rows of the results table stand on. */
    static final String MAIN_CAPTION = "Each row stands on its own cell's test set: all test lesions of the "
            + "comparison with an image of that sequence (lesions without that image, or dropped by the balancing, "
            + "are not in it; \"Test lesions\" gives the number of test patients), so rows of different sequences "
            + "stand on different lesions. \"Sequences compared on the lesions imaged in all of them\" compares "
            + "them on the same lesions; the DeLong tests pair on the lesions both sequences have.";

    private ResultsSection() {}

    static void write(ReportModel m, Html h, Figures figures) {
        h.el(
                "p",
                "Point estimates with 95 % confidence intervals: " + intervalMethods(m)
                        + " Positive class = the metastasis group of the comparison. " + HIGHLIGHT_RULE + " "
                        + "Shaded italic columns are the published study's values, not this run's.",
                "class",
                "note");
        h.el("p", MAIN_CAPTION, "class", "note");
        mainTable(m, h);
        String zeroWidth = ResultRow.zeroWidthAucNote(
                        m.cells().stream().map(Cell::result).toList())
                .strip();
        if (!zeroWidth.isEmpty()) {
            h.el("p", zeroWidth, "class", "note");
        }
        paperSource(m, h);
        moreMetrics(m, h);
        calibrationTable(m, h);
    }

    /** The interval methods of the table, by the CI level the cells record. */
    static String intervalMethods(ReportModel m) {
        long patient = m.cells().stream()
                .filter(c -> ResultRow.CI_PATIENT.equals(c.result().ciLevel()))
                .count();
        List<ResultRow> rows = m.cells().stream().map(c -> c.result()).toList();
        String lesionAuc = ResultRow.aucIntervalWords(rows, ResultRow.CI_LESION);
        if (patient == 0) {
            return "Wilson score intervals for accuracy, sensitivity and specificity; " + lesionAuc + " for the AUC.";
        }
        return "in the " + patient + " of " + m.cells().size() + " cells where a test patient has several lesions"
                + " (ci_level patient), Wilson intervals at the effective sample size of the patients' design effect"
                + " for accuracy, sensitivity and specificity (Korn & Graubard 1998) and "
                + ResultRow.aucIntervalWords(rows, ResultRow.CI_PATIENT) + " for the AUC"
                + (patient == m.cells().size() ? "." : "; elsewhere Wilson score intervals and " + lesionAuc + ".");
    }

    private static void mainTable(ReportModel m, Html h) {
        h.open("div", "class", "tw").tableHead("id", "results-table");
        h.el("th", "Sequence", "rowspan", "2").el("th", "Comparison", "rowspan", "2");
        if (m.repeats()) {
            h.el("th", "Repeat", "class", "num", "rowspan", "2");
        }
        h.el("th", "Test lesions", "rowspan", "2");
        h.el("th", "Train hem / pos", "class", "num", "rowspan", "2")
                .el("th", "Test hem / pos", "class", "num", "rowspan", "2");
        h.el("th", "This run — estimate (95 % CI)", "colspan", "4", "class", "group");
        h.el("th", "Published study (paper)", "colspan", "4", "class", "group paper");
        h.close("tr").open("tr");
        for (Metric metric : MAIN_METRICS) {
            h.el("th", Fmt.metricName(metric), "class", "num");
        }
        for (Metric metric : MAIN_METRICS) {
            h.el("th", Fmt.metricName(metric), "class", "num paper");
        }
        h.body();
        for (Cell c : m.cells()) {
            mainRow(m, h, c);
        }
        h.endTable().close("div");
    }

    private static void mainRow(ReportModel m, Html h, Cell c) {
        ResultRow r = c.result();
        boolean best = m.best().contains(r.cellId());
        h.open("tr", "class", best ? "best" : c.ok() ? null : "failed", "data-cell", r.cellId());
        h.el("td", r.sequence() + (best ? " ★" : ""));
        h.el("td", Fmt.comparisonLabel(r.comparison()), "class", "nw");
        if (m.repeats()) {
            h.el("td", Integer.toString(r.repeat()), "class", "num");
        }
        h.el("td", c.ok() ? lesionSet(r.sequence(), m.testPatients().get(r.cellId())) : "", "class", "set");
        h.el("td", Fmt.count(r.nTrainNeg()) + " / " + Fmt.count(r.nTrainPos()), "class", "num");
        h.el("td", Fmt.count(r.nTestNeg()) + " / " + Fmt.count(r.nTestPos()), "class", "num");
        if (c.ok()) {
            for (Metric metric : MAIN_METRICS) {
                Fmt.metricCell(h, r, metric);
            }
        } else {
            h.open("td", "colspan", "4")
                    .open("span", "class", "badge b-bad")
                    .text(r.status())
                    .close("span")
                    .text(" " + c.message())
                    .close("td");
        }
        var entry = m.paper().entry(r.sequence(), r.comparison());
        for (Metric metric : MAIN_METRICS) {
            h.el(
                    "td",
                    entry.map(e -> Fmt.metric(metric, e.metric(metric.column())))
                            .orElse(""),
                    "class",
                    "num paper");
        }
        h.close("tr").newline();
    }

    /** Which lesions a row stands on: "all test lesions with a T1 image, 9 patients". */
    static String lesionSet(String sequence, Integer patients) {
        return "all test lesions with a " + sequence + " image"
                + (patients == null ? "" : ", " + patients + (patients == 1 ? " patient" : " patients"));
    }

    private static void paperSource(ReportModel m, Html h) {
        h.el(
                "p",
                m.paper().source() == null
                        ? "Paper values: not yet transcribed (\u2014). The published numbers for T1 hemangioma vs myeloma "
                                + "and for T2, STIR and contrast-enhanced T1 hemangioma vs all metastases are to be filled from "
                                + "the publication into paper-results.json."
                        : "Paper values from: " + m.paper().source(),
                "class",
                "note");
    }

    private static void moreMetrics(ReportModel m, Html h) {
        h.el("h3", "More metrics and the selected hyper-parameters");
        String resamples =
                m.run().study() != null ? m.run().study().bootstrap() + " resamples" : "resamples: see study.json";
        h.el(
                "p",
                "PPV and NPV: Wilson intervals (at the patients' design effect where a patient has several lesions); "
                        + "F1, balanced accuracy, MCC and Brier score: stratified percentile bootstrap (" + resamples
                        + ", whole patients where a patient has several lesions). Threshold: the operating point and"
                        + " the rule that chose it.",
                "class",
                "note");
        h.open("div", "class", "tw")
                .tableHead("id", "more-metrics")
                .el("th", "Sequence")
                .el("th", "Comparison");
        for (Metric metric : MORE_METRICS) {
            h.el("th", metric == Metric.BALANCED_ACCURACY ? "Bal. accuracy" : Fmt.metricName(metric), "class", "num");
        }
        for (String p : List.of("LR", "Batch", "Epochs", "Dropout", "Threshold")) {
            h.el("th", p, "class", "num");
        }
        h.el("th", "Rule").el("th", "Train s", "class", "num");
        h.body();
        for (Cell c : m.cells()) {
            ResultRow r = c.result();
            h.open("tr", "data-cell", r.cellId())
                    .el("td", r.sequence() + m.repeatTag(c))
                    .el("td", Fmt.comparisonLabel(r.comparison()), "class", "nw");
            for (Metric metric : MORE_METRICS) {
                if (c.ok()) {
                    Fmt.metricCell(h, r, metric);
                } else {
                    h.el("td", "", "class", "num");
                }
            }
            for (Object p : new Object[] {r.learningRate(), r.batchSize(), r.epochs(), r.dropout(), r.threshold()}) {
                h.el("td", Fmt.asWritten(p), "class", "num");
            }
            h.el("td", Objects.toString(r.thresholdRule(), ""), "class", "rule")
                    .el("td", Fmt.fixed(Fmt.number(r.trainSeconds()), 1), "class", "num");
            h.close("tr");
        }
        h.endTable().close("div");
    }

    /** Calibration of the test probabilities, raw and recalibrated (only for runs that recorded it). */
    private static void calibrationTable(ReportModel m, Html h) {
        if (m.cells().stream()
                .noneMatch(c -> c.ok() && !Double.isNaN(Fmt.number(c.result().calibratedBrier())))) {
            return;
        }
        h.el("h3", "Calibration of the predicted probabilities (test set)");
        List<Cell> ok = m.cells().stream().filter(Cell::ok).toList();
        long excluding =
                ok.stream().filter(ResultsSection::calibratedSlopeCiExcludesOne).count();
        long withCi = ok.stream()
                .filter(c -> !Double.isNaN(Fmt.number(c.result().calibratedSlopeLo())))
                .count();
        h.el(
                "p",
                "Calibration slope and intercept: logistic regression of the outcome on logit(P) (Cox 1958), Wald "
                        + "95 % CIs; slope 1 and intercept 0 mean calibrated, a slope below 1 means over-confident "
                        + "probabilities, above 1 under-confident; — where the test set is perfectly separated (no finite "
                        + "slope). Calibrated: " + methodInWords(ok)
                        + "; never fitted on the test set; calibrated probabilities "
                        + ResultRow.calibratedPrevalenceWords(
                                m.cells().stream().map(c -> c.result()).toList())
                        + ". The bundle carries the calibration; hemamet predict moves its probabilities to the training"
                        + " part's prevalence before balancing unless told another. At these test-set sizes the slope"
                        + " estimate is "
                        + "itself noisy (see its CI): a cell is flagged (!) when the CI of its calibrated slope excludes 1 — "
                        + excluding + " of " + withCi
                        + " cells with a CI. Brier score CIs: percentile bootstrap. A ranking "
                        + "metric (AUC) does not change under this monotone recalibration.",
                "class",
                "note");
        h.open("div", "class", "tw")
                .tableHead("id", "calibration-table")
                .el("th", "Sequence")
                .el("th", "Comparison");
        for (String name :
                List.of("Brier (raw)", "Slope (raw)", "Intercept (raw)", "Brier (calibrated)", "Slope (calibrated)")) {
            h.el("th", name, "class", "num");
        }
        h.el("th", "CI excludes 1");
        h.body();
        for (Cell c : m.cells()) {
            ResultRow r = c.result();
            if (!c.ok()) {
                continue;
            }
            h.open("tr", "data-cell", r.cellId())
                    .el("td", r.sequence() + m.repeatTag(c))
                    .el("td", Fmt.comparisonLabel(r.comparison()), "class", "nw");
            for (Metric metric : CALIBRATION) {
                Fmt.metricCell(h, r, metric);
            }
            h.el("td", calibratedSlopeCiExcludesOne(c) ? "!" : "", "class", "flag");
            h.close("tr");
        }
        h.endTable().close("div");
    }

    /** Whether the 95 % CI of the cell's calibrated slope lies wholly above or below 1. */
    static boolean calibratedSlopeCiExcludesOne(Cell c) {
        double lo = Fmt.number(c.result().calibratedSlopeLo());
        double hi = Fmt.number(c.result().calibratedSlopeHi());
        return !Double.isNaN(lo) && !Double.isNaN(hi) && (lo > 1 || hi < 1);
    }

    /** The cells' calibration method and what it was fitted on, in words (runs of older versions: Platt). */
    private static String methodInWords(List<Cell> ok) {
        var methods = new java.util.TreeSet<String>();
        var fitted = new java.util.TreeSet<String>();
        for (Cell c : ok) {
            org.hemamet.contract.Calibration cal = c.calibration();
            if (cal != null) {
                methods.add(cal.method() + " (" + cal.reference() + ")");
                fitted.add(
                        cal.folds() != null && cal.folds() >= 2
                                ? "cross-fitted on the training part's out-of-fold scores (" + cal.folds() + " folds)"
                                : "fitted on the inner validation split of the training part");
            }
        }
        if (methods.isEmpty()) {
            return "Platt scaling (Platt 1999) fitted on the inner validation split of the training part";
        }
        return String.join(", ", methods) + ", " + String.join(" or ", fitted);
    }
}
