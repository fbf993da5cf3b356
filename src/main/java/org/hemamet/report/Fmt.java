package org.hemamet.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hemamet.contract.Interval;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.ResultRow.Metric;
import org.hemamet.core.Json;

/** How the report writes numbers, metric names, comparisons and small recurring pieces of markup. */
final class Fmt {
    private static final Set<Metric> PROPORTIONS = EnumSet.of(
            Metric.ACCURACY, Metric.SENSITIVITY, Metric.SPECIFICITY, Metric.PPV, Metric.NPV, Metric.BALANCED_ACCURACY);
    private static final Map<Metric, String> METRIC_NAMES = new EnumMap<>(Map.of(
            Metric.ACCURACY, "Accuracy",
            Metric.SENSITIVITY, "Sensitivity",
            Metric.SPECIFICITY, "Specificity",
            Metric.AUC, "AUC",
            Metric.PPV, "PPV",
            Metric.NPV, "NPV",
            Metric.F1, "F1",
            Metric.BALANCED_ACCURACY, "Balanced accuracy",
            Metric.MCC, "MCC",
            Metric.BRIER, "Brier score"));

    private Fmt() {}

    static String metricName(Metric metric) {
        return METRIC_NAMES.get(metric);
    }

    /** A metric value: proportions in percent with one decimal, other metrics with three; NaN as "—". */
    static String metric(Metric metric, double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return PROPORTIONS.contains(metric) ? String.format(Locale.ROOT, "%.1f %%", 100 * v) : fixed(v, 3);
    }

    /** {@link #metric} without the percent sign (for interval bounds). */
    static String bare(Metric metric, double v) {
        return PROPORTIONS.contains(metric) ? String.format(Locale.ROOT, "%.1f", 100 * v) : fixed(v, 3);
    }

    /**
     * {@code v} with {@code digits} decimals, a negative number with a minus sign ("−0.065", U+2212), so that in
     * "(−0.643–0.513)" the en dash is the only dash and reads as the range; a value that rounds to zero has no
     * sign; NaN as "—".
     */
    static String fixed(double v, int digits) {
        if (Double.isNaN(v)) {
            return "—";
        }
        String s = String.format(Locale.ROOT, "%." + digits + "f", v);
        if (!s.startsWith("-")) {
            return s;
        }
        return s.chars().anyMatch(c -> c >= '1' && c <= '9') ? "−" + s.substring(1) : s.substring(1);
    }

    static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "—";
        }
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** A count column of results.csv, "—" when empty. */
    static String count(Integer n) {
        return n == null ? "—" : Integer.toString(n);
    }

    /** A number as results.csv and search.csv hold it ({@code Double.toString}), "" when empty. */
    static String asWritten(Object v) {
        return org.hemamet.core.Csv.format(v);
    }

    /** A nullable number, NaN when empty. */
    static double number(Double v) {
        return v == null ? Double.NaN : v;
    }

    /** The estimate and its 95 % CI in one line, e.g. "0.910 (0.710–1.000)". */
    static String withCi(ResultRow r, Metric m) {
        Interval i = r.metric(m);
        if (Double.isNaN(i.number())) {
            return "—";
        }
        String s = metric(m, i.number());
        if (!Double.isNaN(i.lower()) && !Double.isNaN(i.upper())) {
            s += " (" + bare(m, i.lower()) + "–" + bare(m, i.upper()) + ")";
        }
        return s;
    }

    /** A table cell with the estimate and, on its own line, the 95 % CI. */
    static void metricCell(Html h, ResultRow r, Metric m) {
        Interval i = r.metric(m);
        double v = i.number();
        h.open("td", "class", "num").text(metric(m, v));
        if (!Double.isNaN(v) && !Double.isNaN(i.lower()) && !Double.isNaN(i.upper())) {
            h.text(" ").el("span", "(" + bare(m, i.lower()) + "–" + bare(m, i.upper()) + ")", "class", "ci");
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
