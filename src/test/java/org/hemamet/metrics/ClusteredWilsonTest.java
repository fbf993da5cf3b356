package org.hemamet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusteredWilson} against R's survey package (scripts/golden/clustered_wilson.R): the cluster variance of
 * svymean, the effective size of svyciprop(method = "beta"), the truncated design effect and Wilson at it.
 */
class ClusteredWilsonTest {
    private static final double TOL = 1e-9;

    @Test
    void equalsTheSurveyPackageOnTheClusteredFixtures() {
        List<String> rows = Golden.lines("clustered/expected_wilson.csv");
        assertThat(rows).hasSizeGreaterThan(40);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            ClusteredAucTest.Clustered d = ClusteredAucTest.fixture(f[0]);
            double t = Double.parseDouble(f[1]);
            Estimate e = quantity(f[2], d, t);
            assertThat(e.method()).isEqualTo(ClusteredWilson.METHOD);
            assertThat(e.value()).as(row).isCloseTo(Double.parseDouble(f[6]), within(1e-15));
            assertThat(e.lower()).as(row + " lower").isCloseTo(Double.parseDouble(f[9]), within(TOL));
            assertThat(e.upper()).as(row + " upper").isCloseTo(Double.parseDouble(f[10]), within(TOL));
        }
    }

    @Test
    void equalsTheSurveyPackageAtTheBoundaries() {
        List<String> rows = Golden.lines("clustered/expected_wilson_counts.csv");
        assertThat(rows).hasSize(8);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            long[][] xn = counts(f[0]);
            Estimate e = ClusteredWilson.interval(xn[0], xn[1], 0.95, "none");
            assertThat(e.value()).as(row).isCloseTo(Double.parseDouble(f[1]), within(1e-15));
            assertThat(e.lower()).as(row + " lower").isCloseTo(Double.parseDouble(f[3]), within(TOL));
            assertThat(e.upper()).as(row + " upper").isCloseTo(Double.parseDouble(f[4]), within(TOL));
        }
    }

    @Test
    void allRightIsNotTheEmptyInterval() {
        // 43 of 43 lesions of 20 patients: the percentile bootstrap would say (1.000-1.000)
        long[][] xn = counts("2/2 1/1 3/3 1/1 2/2 4/4 1/1 2/2 1/1 3/3 2/2 1/1 5/5 2/2 1/1 3/3 2/2 1/1 2/2 4/4");
        Estimate e = ClusteredWilson.interval(xn[0], xn[1], 0.95, "none");
        assertThat(e.value()).isEqualTo(1.0);
        assertThat(e.upper()).isEqualTo(1.0);
        assertThat(e.lower()).isBetween(0.90, 0.92);
        // no narrower than Wilson on the 43 lesions as if independent
        assertThat(e.lower()).isLessThan(Wilson.interval(43, 43, 0.95, "").lower());
    }

    @Test
    void aDesignEffectBelowOneDoesNotNarrowTheInterval() {
        long[] x = {1, 1, 1, 1, 1, 1, 1, 1};
        long[] n = {2, 2, 2, 2, 2, 2, 2, 2};
        Estimate clustered = ClusteredWilson.interval(x, n, 0.95, "");
        Estimate independent = Wilson.interval(8, 16, 0.95, "");
        assertThat(clustered.upper() - clustered.lower())
                .isGreaterThanOrEqualTo(independent.upper() - independent.lower());
    }

    @Test
    void alikeLesionsOfAPatientWidenTheInterval() {
        long[] x = {4, 0, 5, 0, 3, 1, 0, 2, 0, 3};
        long[] n = {4, 3, 5, 2, 3, 1, 4, 2, 1, 3};
        Estimate clustered = ClusteredWilson.interval(x, n, 0.95, "");
        Estimate independent = Wilson.interval(18, 28, 0.95, "");
        assertThat(clustered.value()).isEqualTo(independent.value());
        assertThat(clustered.upper() - clustered.lower())
                .isGreaterThan(1.5 * (independent.upper() - independent.lower()));
    }

    @Test
    void onePatientIsTheLesionWilsonIntervalWithANote() {
        Estimate e = ClusteredWilson.interval(new long[] {3}, new long[] {5}, 0.95, "");
        Estimate w = Wilson.interval(3, 5, 0.95, "");
        assertThat(e.lower()).isEqualTo(w.lower());
        assertThat(e.upper()).isEqualTo(w.upper());
        assertThat(e.note()).contains("one patient");
    }

    @Test
    void noTrialIsUndefinedWithTheReason() {
        Estimate e = ClusteredWilson.interval(
                new boolean[2], new boolean[2], new String[] {"a", "b"}, 0.95, "no positive cases");
        assertThat(e.isDefined()).isFalse();
        assertThat(e.note()).isEqualTo("no positive cases");
        assertThatThrownBy(() -> ClusteredWilson.interval(new long[] {3}, new long[] {2}, 0.95, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusteredWilson.interval(
                        new boolean[] {false}, new boolean[] {true}, new String[] {"a"}, 0.95, ""))
                .hasMessageContaining("success but not a trial");
    }

    @Test
    void tQuantilesAreRs() {
        // qt(0.975, df) in R 4.2.2
        Map<Double, Double> qt = Map.of(1.0, 12.706204736174694, 4.0, 2.7764451051977934, 42.0, 2.0180817028184443);
        qt.forEach((df, q) -> assertThat(ClusteredWilson.tQuantile(0.975, df)).isCloseTo(q, within(1e-10)));
    }

    @Test
    void theClusteredEvaluationUsesItForTheProportions() {
        ClusteredAucTest.Clustered d = ClusteredAucTest.fixture("mixed_clusters");
        BinaryEvaluation e =
                BinaryEvaluation.evaluate(d.labels(), d.a(), d.clusters(), ThresholdRule.FIXED_0_5, 3, 50, 0.95);
        assertThat(e.ciLevel()).isEqualTo(BinaryEvaluation.PATIENT);
        Estimate[] p = {e.accuracy(), e.sensitivity(), e.specificity(), e.ppv(), e.npv()};
        String[] names = {"accuracy", "sensitivity", "specificity", "ppv", "npv"};
        for (int k = 0; k < p.length; k++) {
            assertThat(p[k]).as(names[k]).isEqualTo(quantity(names[k], d, 0.5));
        }
        assertThat(e.f1().method()).isEqualTo(Bootstrap.CLUSTER_PERCENTILE);
    }

    /** The quantity's interval at threshold t, computed as BinaryEvaluation's clustered path does. */
    private static Estimate quantity(String name, ClusteredAucTest.Clustered d, double t) {
        int n = d.labels().length;
        boolean[] trial = new boolean[n];
        boolean[] success = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean pos = d.labels()[i] == 1;
            boolean pred = d.a()[i] >= t;
            switch (name) {
                case "accuracy" -> {
                    trial[i] = true;
                    success[i] = pos == pred;
                }
                case "sensitivity" -> {
                    trial[i] = pos;
                    success[i] = pos && pred;
                }
                case "specificity" -> {
                    trial[i] = !pos;
                    success[i] = !pos && !pred;
                }
                case "ppv" -> {
                    trial[i] = pred;
                    success[i] = pred && pos;
                }
                case "npv" -> {
                    trial[i] = !pred;
                    success[i] = !pred && !pos;
                }
                default -> throw new IllegalArgumentException(name);
            }
        }
        return ClusteredWilson.interval(trial, success, d.clusters(), 0.95, "empty");
    }

    /** "x/n x/n ..." as {successes, trials}. */
    private static long[][] counts(String s) {
        String[] parts = s.split(" ");
        long[][] out = new long[2][parts.length];
        for (int c = 0; c < parts.length; c++) {
            String[] xn = parts[c].split("/");
            out[0][c] = Long.parseLong(xn[0]);
            out[1][c] = Long.parseLong(xn[1]);
        }
        return out;
    }
}
