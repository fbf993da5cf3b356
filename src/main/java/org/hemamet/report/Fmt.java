package org.hemamet.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hemamet.core.Json;
import org.hemamet.report.StudyRun.CellResult;

/** How the report writes numbers, metric names, comparisons and small recurring pieces of markup. */
final class Fmt {
    private static final Set<String> PROPORTIONS =
            Set.of("accuracy", "sensitivity", "specificity", "ppv", "npv", "balanced_accuracy");
    private static final Map<String, String> METRIC_NAMES = Map.ofEntries(
            Map.entry("accuracy", "Accuracy"),
            Map.entry("sensitivity", "Sensitivity"),
            Map.entry("specificity", "Specificity"),
            Map.entry("auc", "AUC"),
            Map.entry("ppv", "PPV"),
            Map.entry("npv", "NPV"),
            Map.entry("f1", "F1"),
            Map.entry("balanced_accuracy", "Balanced accuracy"),
            Map.entry("mcc", "MCC"),
            Map.entry("brier", "Brier score"));

    private Fmt() {}

    static String metricName(String metric) {
        return METRIC_NAMES.get(metric);
    }

    /** A metric value: proportions in percent with one decimal, other metrics with three; NaN as "—". */
    static String metric(String metric, double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return PROPORTIONS.contains(metric) ? String.format(Locale.ROOT, "%.1f %%", 100 * v) : fixed(v, 3);
    }

    /** {@link #metric} without the percent sign (for interval bounds). */
    static String bare(String metric, double v) {
        return PROPORTIONS.contains(metric) ? String.format(Locale.ROOT, "%.1f", 100 * v) : fixed(v, 3);
    }

    static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "—";
        }
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** A count column of results.csv, "—" when empty. */
    static String count(CellResult r, String column) {
        double v = r.number(column);
        return Double.isNaN(v) ? "—" : Long.toString(Math.round(v));
    }

    /** The estimate and its 95 % CI in one line, e.g. "0.910 (0.710–1.000)". */
    static String withCi(CellResult r, String m) {
        double v = r.number(m);
        if (Double.isNaN(v)) {
            return "—";
        }
        double lo = r.number(m + "_lo");
        double hi = r.number(m + "_hi");
        String s = metric(m, v);
        if (!Double.isNaN(lo) && !Double.isNaN(hi)) {
            s += " (" + bare(m, lo) + "–" + bare(m, hi) + ")";
        }
        return s;
    }

    /** A table cell with the estimate and, on its own line, the 95 % CI. */
    static void metricCell(Html h, CellResult r, String m) {
        double v = r.number(m);
        double lo = r.number(m + "_lo");
        double hi = r.number(m + "_hi");
        h.open("td", "class", "num").text(metric(m, v));
        if (!Double.isNaN(v) && !Double.isNaN(lo) && !Double.isNaN(hi)) {
            h.text(" ").el("span", "(" + bare(m, lo) + "–" + bare(m, hi) + ")", "class", "ci");
        }
        h.close("td");
    }

    /** "hemangioma-vs-rcc" → "Hemangioma vs RCC". */
    static String comparisonLabel(String comparison) {
        String t = comparison.replace("-vs-", " vs ").replace('-', ' ');
        t = t.replace("rcc", "RCC");
        return t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    /** The positive group of a comparison: "hemangioma-vs-rcc" → "RCC". */
    static String positiveName(String comparison) {
        int i = comparison.indexOf("-vs-");
        String p = i < 0 ? "positive" : comparison.substring(i + 4);
        return p.equals("rcc") ? "RCC" : p;
    }

    /** The note that says a part of the report has no data. */
    static void notAvailable(Html h, String text) {
        h.el("p", text, "class", "note not-available");
    }

    static String pretty(JsonNode n) {
        try {
            return Json.mapper().writeValueAsString(n);
        } catch (IOException e) {
            return n.toString();
        }
    }
}
