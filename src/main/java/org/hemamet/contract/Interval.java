package org.hemamet.contract;

/**
 * A metric's value and 95 % confidence limits as results.csv holds them ({@code <m>}, {@code <m>_lo},
 * {@code <m>_hi}); each null when the cell has none (not trained, or a column of a newer version).
 *
 * @param value the point estimate (NaN when undefined)
 * @param lo    lower limit
 * @param hi    upper limit
 */
public record Interval(Double value, Double lo, Double hi) {
    /** No value: a cell that was not evaluated. */
    public static final Interval NONE = new Interval(null, null, null);

    /** The value as a number, NaN when absent. */
    public double number() {
        return value == null ? Double.NaN : value;
    }

    /** The lower limit as a number, NaN when absent. */
    public double lower() {
        return lo == null ? Double.NaN : lo;
    }

    /** The upper limit as a number, NaN when absent. */
    public double upper() {
        return hi == null ? Double.NaN : hi;
    }
}
