package org.hemamet.study;

import java.util.Locale;
import org.hemamet.metrics.Estimate;
import org.hemamet.metrics.RepeatInterval;

/**
 * Mean and 95 % confidence interval of a metric across repeated random splits, by Student's t
 * distribution over the repeats' values ({@link RepeatInterval}: repeated hold-out; the interval ignores
 * the overlap between training sets and is therefore optimistic, cf. Nadeau &amp; Bengio 2003).
 */
final class RepeatStats {
    private RepeatStats() {}

    /** Mean and t-interval of the values that are numbers; "NaN" when there are none. */
    static String meanCi(double[] values) {
        Estimate e = RepeatInterval.mean95(values);
        if (!e.isDefined()) {
            return "NaN";
        }
        if (Double.isNaN(e.lower())) {
            return String.format(Locale.ROOT, "%.3f", e.value());
        }
        return String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", e.value(), e.lower(), e.upper());
    }

    /** Two-sided 95 % quantile of Student's t with {@code df} degrees of freedom (table up to 30, then normal). */
    static double tQuantile975(int df) {
        return RepeatInterval.tQuantile975(df);
    }
}
