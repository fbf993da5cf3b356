package org.hemamet.metrics;

/**
 * A point estimate with its two-sided confidence interval.
 *
 * @param value  the point estimate (NaN when undefined; {@link #note} then says why)
 * @param lower  lower confidence limit (NaN when it cannot be computed)
 * @param upper  upper confidence limit
 * @param level  the confidence level, e.g. 0.95
 * @param method how the interval was made: {@value #WILSON}, {@value NewcombeAuc#METHOD}, {@value #DELONG},
 *               {@value #BOOTSTRAP_PERCENTILE} or {@value #NONE}; with patient clusters also
 *               {@value ClusteredWilson#METHOD}, {@value Bootstrap#CLUSTER_PERCENTILE}, {@value
 *               NewcombeAuc#CLUSTERED_METHOD} and {@value ClusteredAuc#METHOD}
 * @param note   empty when all is well; otherwise one line saying why the value or the interval is NaN
 *               (degenerate input, e.g. "no positive cases") or what to know about it
 */
public record Estimate(double value, double lower, double upper, double level, String method, String note) {
    public static final String WILSON = "wilson";
    public static final String DELONG = "delong";
    public static final String BOOTSTRAP_PERCENTILE = "bootstrap-percentile";
    public static final String NONE = "none";

    public Estimate {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("Estimate method must be named");
        }
        note = note == null ? "" : note;
    }

    /** An undefined estimate: value and interval NaN, {@code reason} in the note. */
    public static Estimate undefined(String method, double level, String reason) {
        return new Estimate(Double.NaN, Double.NaN, Double.NaN, level, method, reason);
    }

    /** True when the point value is a number. */
    public boolean isDefined() {
        return !Double.isNaN(value);
    }

    /** True when the note is non-empty. */
    public boolean hasNote() {
        return !note.isEmpty();
    }
}
