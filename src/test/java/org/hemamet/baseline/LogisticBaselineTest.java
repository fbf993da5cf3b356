package org.hemamet.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The LIBLINEAR fit against an independent one in base R (scripts/golden/logistic_l2.R): the same
 * penalised objective solved by Newton's method, for C = 0.001 ... 100, and glm's unpenalised fit for a
 * very large C.
 */
class LogisticBaselineTest {
    static final GoldenData.Part TRAIN = GoldenData.part("train");
    static final GoldenData.Part TEST = GoldenData.part("test");

    @Test
    void agreesWithTheIndependentFitForEveryC() {
        Map<String, Map<String, Double>> expected = GoldenData.expected();
        for (String c : new String[] {"0.001", "0.01", "0.1", "1", "10", "100"}) {
            check(LogisticBaseline.fit(TRAIN.x(), TRAIN.y(), Double.parseDouble(c)), expected.get(c), 1e-7, c);
        }
    }

    @Test
    void aVeryLargeCApproachesGlmsMaximumLikelihoodFit() {
        check(
                LogisticBaseline.fit(TRAIN.x(), TRAIN.y(), 1e7),
                GoldenData.expected().get("glm"),
                1e-5,
                "glm");
    }

    private static void check(LogisticBaseline m, Map<String, Double> e, double tol, String c) {
        assertThat(m.intercept()).as("intercept, C=%s", c).isCloseTo(e.get("intercept"), offset(tol));
        for (int j = 0; j < 3; j++) {
            assertThat(m.weights()[j]).as("w%d, C=%s", j + 1, c).isCloseTo(e.get("w" + (j + 1)), offset(tol));
        }
        double[] p = m.predictPositive(TEST.x());
        for (int i = 0; i < p.length; i++) {
            assertThat(p[i]).as("P(test %d), C=%s", i, c).isCloseTo(e.get("p_test" + i), offset(tol));
        }
    }

    @Test
    void theFitIsDeterministicAndIndependentOfWhichClassComesFirst() {
        LogisticBaseline a = LogisticBaseline.fit(TRAIN.x(), TRAIN.y(), 1);
        assertThat(LogisticBaseline.fit(TRAIN.x(), TRAIN.y(), 1)).isEqualTo(a);
        // LIBLINEAR orders its labels by first appearance: move a positive row to the front
        assertThat(TRAIN.y()[0]).isFalse();
        int firstPositive = 0;
        while (!TRAIN.y()[firstPositive]) {
            firstPositive++;
        }
        double[][] x = TRAIN.x().clone();
        boolean[] y = TRAIN.y().clone();
        swap(x, y, 0, firstPositive);
        LogisticBaseline b = LogisticBaseline.fit(x, y, 1);
        assertThat(b.intercept()).isCloseTo(a.intercept(), offset(1e-9));
        for (int j = 0; j < 3; j++) {
            assertThat(b.weights()[j]).isCloseTo(a.weights()[j], offset(1e-9));
        }
    }

    private static void swap(double[][] x, boolean[] y, int i, int j) {
        double[] t = x[i];
        x[i] = x[j];
        x[j] = t;
        boolean u = y[i];
        y[i] = y[j];
        y[j] = u;
    }

    @Test
    void predictionsUseTheTrainingStatisticsOnly() {
        LogisticBaseline m = LogisticBaseline.fit(TRAIN.x(), TRAIN.y(), 1);
        assertThat(m.standardiser()).isEqualTo(Standardiser.fit(TRAIN.x()));
        double[] alone = m.predictPositive(TEST.x());
        // the same test rows scored beside wildly shifted ones: were the test batch's own mean/SD used,
        // the shared rows' probabilities would move
        double[][] shifted = new double[TEST.x().length * 2][];
        for (int i = 0; i < TEST.x().length; i++) {
            shifted[i] = TEST.x()[i];
            shifted[TEST.x().length + i] =
                    new double[] {TEST.x()[i][0] + 1000, TEST.x()[i][1] * 50, TEST.x()[i][2] - 300};
        }
        double[] together = m.predictPositive(shifted);
        for (int i = 0; i < alone.length; i++) {
            assertThat(together[i]).isEqualTo(alone[i]);
        }
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> LogisticBaseline.fit(TRAIN.x(), new boolean[TRAIN.x().length], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both classes");
        assertThatThrownBy(() -> LogisticBaseline.fit(TRAIN.x(), TRAIN.y(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("C must be positive");
        assertThatThrownBy(() -> LogisticBaseline.fit(TRAIN.x(), new boolean[3], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels");
    }
}
