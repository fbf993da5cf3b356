package org.hemamet.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down adjustment of p-values for a family of tests: S. Holm, "A simple sequentially rejective
 * multiple test procedure", Scandinavian Journal of Statistics 6 (1979) 65-70. With the m p-values sorted
 * ascending, p(1) &lt;= ... &lt;= p(m), the adjusted value of the i-th is max over j &lt;= i of min(1, (m - j + 1)
 * p(j)); rejecting where it is at most alpha controls the family-wise error rate at alpha under any dependence
 * between the tests, and is never less powerful than Bonferroni. Equals R's {@code p.adjust(p, "holm")}
 * (checked by golden tests); NaN p-values (tests that could not be made) are left out of the family and stay NaN.
 */
public final class Holm {
    private Holm() {}

    /** The Holm-adjusted p-values, in the order of {@code p}. */
    public static double[] adjust(double[] p) {
        Integer[] order = java.util.stream.IntStream.range(0, p.length)
                .filter(i -> !Double.isNaN(p[i]))
                .boxed()
                .sorted(Comparator.comparingDouble(i -> p[i]))
                .toArray(Integer[]::new);
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        int m = order.length;
        double running = 0;
        for (int j = 0; j < m; j++) {
            running = Math.max(running, Math.min(1, (m - j) * p[order[j]]));
            out[order[j]] = running;
        }
        return out;
    }
}
