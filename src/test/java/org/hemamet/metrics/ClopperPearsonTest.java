package org.hemamet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Clopper–Pearson intervals and reliability bins against R's binom.test (scripts/golden/clopper_pearson.R). */
class ClopperPearsonTest {
    private static final double TOL = 1e-9;

    @Test
    void equalsBinomTestOfR() {
        List<String> rows = Golden.lines("expected_clopper_pearson.csv");
        assertThat(rows).hasSizeGreaterThan(30);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            long x = Long.parseLong(f[0]);
            long n = Long.parseLong(f[1]);
            Estimate e = ClopperPearson.interval(x, n, Double.parseDouble(f[2]), "none");
            assertThat(e.value()).as(row).isCloseTo((double) x / n, within(1e-15));
            assertThat(e.lower()).as(row + " lower").isCloseTo(Double.parseDouble(f[3]), within(TOL));
            assertThat(e.upper()).as(row + " upper").isCloseTo(Double.parseDouble(f[4]), within(TOL));
            assertThat(e.method()).isEqualTo(ClopperPearson.METHOD);
        }
    }

    @Test
    void noTrialsIsUndefinedWithTheReason() {
        Estimate e = ClopperPearson.interval(0, 0, 0.95, "empty bin");
        assertThat(e.isDefined()).isFalse();
        assertThat(e.note()).isEqualTo("empty bin");
    }

    @Test
    void reliabilityBinsEqualAnIndependentComputationInR() {
        List<String> rows = Golden.lines("expected_reliability.csv");
        String current = null;
        ReliabilityCurve curve = null;
        int next = 0;
        int checked = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            if (!f[0].equals(current)) {
                assertThat(curve == null || next == curve.bins().size()).isTrue();
                current = f[0];
                Golden.Fixture fx = Golden.fixture(current);
                curve = ReliabilityCurve.of(fx.labels(), fx.a(), 10, 0.95);
                next = 0;
            }
            ReliabilityCurve.Bin b = curve.bins().get(next++);
            assertThat(b.from()).as(row).isCloseTo(Integer.parseInt(f[1]) / 10.0, within(1e-12));
            assertThat(b.cases()).as(row).isEqualTo(Integer.parseInt(f[2]));
            assertThat(b.positives()).as(row).isEqualTo(Integer.parseInt(f[3]));
            assertThat(b.meanPredicted()).as(row).isCloseTo(Double.parseDouble(f[4]), within(TOL));
            assertThat(b.observed().lower()).as(row).isCloseTo(Double.parseDouble(f[5]), within(TOL));
            assertThat(b.observed().upper()).as(row).isCloseTo(Double.parseDouble(f[6]), within(TOL));
            checked++;
        }
        assertThat(checked).isGreaterThan(40);
    }
}
