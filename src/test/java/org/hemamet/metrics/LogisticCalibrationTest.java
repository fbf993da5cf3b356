package org.hemamet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Platt scaling and Cox's calibration slope against R's glm (to 1e-9) and scikit-learn 1.2's sigmoid
 * calibration (to 1e-4: it stops BFGS at gtol 1e-5) on the golden fixtures, plus hand-checked cases.
 */
class LogisticCalibrationTest {
    private static final Map<String, Map<String, String>> R = Golden.expected("expected_calibration.csv");
    private static final Map<String, Map<String, String>> SKLEARN = Golden.expected("expected_calibration_sklearn.csv");

    static Stream<String> fixtures() {
        return Golden.fixtureNames().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void plattMatchesGlmAndScikitLearn(String name) {
        Golden.Fixture f = Golden.fixture(name);
        for (String s : new String[] {"a", "b"}) {
            LogisticCalibration c = LogisticCalibration.platt(f.labels(), f.scores(s));
            Map<String, String> r = R.get(name);
            assertThat(c.slope())
                    .as(name + " slope " + s)
                    .isCloseTo(Golden.value(r.get("platt_slope_" + s)), within(1e-9));
            assertThat(c.intercept())
                    .as(name + " intercept " + s)
                    .isCloseTo(Golden.value(r.get("platt_intercept_" + s)), within(1e-9));
            Map<String, String> k = SKLEARN.get(name);
            assertThat(c.slope()).isCloseTo(Golden.value(k.get("platt_slope_" + s)), within(1e-4));
            assertThat(c.intercept()).isCloseTo(Golden.value(k.get("platt_intercept_" + s)), within(1e-4));
            assertThat(c.note()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void temperatureMatchesGlmWithoutInterceptOrKeepsTheIdentityWhenSeparatedAtOneHalf(String name) {
        Golden.Fixture f = Golden.fixture(name);
        for (String s : new String[] {"a", "b"}) {
            LogisticCalibration c = LogisticCalibration.temperature(f.labels(), f.scores(s));
            String slope = R.get(name).get("temperature_slope_" + s);
            assertThat(c.intercept()).as(name + " " + s).isZero();
            if (slope == null) { // R's script found the outcomes separated by the sign of logit(p)
                assertThat(c.slope()).as(name + " " + s).isEqualTo(1.0);
                assertThat(c.note()).isEqualTo(LogisticCalibration.SEPARATED_AT_HALF);
            } else {
                assertThat(c.slope()).as(name + " slope " + s).isCloseTo(Golden.value(slope), within(1e-9));
                assertThat(c.slopeSe())
                        .as(name + " se " + s)
                        .isCloseTo(Golden.value(R.get(name).get("temperature_slope_se_" + s)), within(1e-7));
                assertThat(c.note()).isEmpty();
                // the recalibration is sigmoid(slope * logit(p)): p = 0.5 stays 0.5
                assertThat(c.apply(0.5)).isEqualTo(0.5);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void coxSlopeMatchesGlmOrIsNotEstimableUnderSeparation(String name) {
        Golden.Fixture f = Golden.fixture(name);
        for (String s : new String[] {"a", "b"}) {
            LogisticCalibration c = LogisticCalibration.cox(f.labels(), f.scores(s));
            String slope = R.get(name).get("cox_slope_" + s);
            if (slope == null) { // R's script found (quasi-)separation
                assertThat(c.slope()).as(name + " " + s).isNaN();
                assertThat(c.intercept()).isNaN();
                assertThat(c.note()).contains("separate");
                assertThat(c.slopeEstimate().value()).isNaN();
                assertThat(c.slopeEstimate().note()).startsWith("the probabilities separate");
            } else {
                assertThat(c.slope()).as(name + " cox slope " + s).isCloseTo(Golden.value(slope), within(1e-9));
                assertThat(c.intercept())
                        .as(name + " cox intercept " + s)
                        .isCloseTo(Golden.value(R.get(name).get("cox_intercept_" + s)), within(1e-9));
                assertThat(c.slopeSe())
                        .as(name + " cox slope SE " + s)
                        .isCloseTo(
                                Golden.value(R.get(name).get("cox_slope_se_" + s)),
                                within(1e-7)); // R takes the SE from its last IRLS weights
                assertThat(c.interceptSe())
                        .isCloseTo(
                                Golden.value(R.get(name).get("cox_intercept_se_" + s)),
                                within(1e-7)); // R takes the SE from its last IRLS weights
                assertThat(c.slopeEstimate().lower())
                        .isCloseTo(c.slope() - 1.959963984540054 * c.slopeSe(), within(1e-12));
                assertThat(c.slopeEstimate().method()).isEqualTo("wald");
            }
        }
        assertThat(R.keySet()).containsAll(Golden.fixtureNames());
    }

    @Test
    void handCheckedCases() {
        // already calibrated probabilities: the outcome frequency at each level equals the probability
        // (0.2: 1 of 5 positive; 0.8: 4 of 5), so Cox's fit is slope 1, intercept 0 exactly
        int[] y = {1, 0, 0, 0, 0, 1, 1, 1, 1, 0};
        double[] p = {0.2, 0.2, 0.2, 0.2, 0.2, 0.8, 0.8, 0.8, 0.8, 0.8};
        LogisticCalibration cox = LogisticCalibration.cox(y, p);
        assertThat(cox.slope()).isCloseTo(1.0, within(1e-12));
        assertThat(cox.intercept()).isCloseTo(0.0, within(1e-12));
        assertThat(cox.apply(0.8)).isCloseTo(0.8, within(1e-12));
        assertThat(cox.n()).isEqualTo(10);
        assertThat(cox.positives()).isEqualTo(5);
        // over-confident: the same outcomes scored 0.01 / 0.99 give a slope below 1
        LogisticCalibration over =
                LogisticCalibration.cox(y, new double[] {0.01, 0.01, 0.01, 0.01, 0.01, 0.99, 0.99, 0.99, 0.99, 0.99});
        assertThat(over.slope()).isCloseTo(Math.log(4) / Math.log(99), within(1e-12));
        // a prevalence change moves only the intercept, by logit(0.2) - logit(0.5) = -log 4
        LogisticCalibration moved = cox.atPrevalence(0.5, 0.2);
        assertThat(moved.slope()).isEqualTo(cox.slope());
        assertThat(moved.intercept() - cox.intercept()).isCloseTo(-Math.log(4), within(1e-12));
        assertThat(moved.apply(0.5)).isCloseTo(0.2, within(1e-12));
        // equal scores: Platt fits the smoothed base rate, Cox has nothing to fit a slope on
        double[] flat = {0.3, 0.3, 0.3, 0.3};
        int[] y2 = {1, 0, 0, 1};
        LogisticCalibration pf = LogisticCalibration.platt(y2, flat);
        assertThat(pf.apply(0.3)).isCloseTo(0.5, within(1e-9));
        assertThat(LogisticCalibration.cox(y2, flat).note()).isEqualTo("all probabilities are equal");
        assertThat(LogisticCalibration.cox(new int[] {1, 1}, new double[] {0.2, 0.9})
                        .note())
                .isEqualTo("one class only");
        // a float32 softmax can say exactly 1: clipped, not infinite
        assertThat(LogisticCalibration.logit(1.0)).isCloseTo(Math.log((1 - 1e-7) / 1e-7), within(1e-9));
        assertThatThrownBy(() -> LogisticCalibration.platt(new int[] {1}, new double[] {1.5}))
                .hasMessage("scores must be probabilities in [0, 1], got 1.5");
        assertThatThrownBy(() -> cox.atPrevalence(0, 0.5)).hasMessageContaining("prevalences must be in (0, 1)");
    }

    @Test
    void movingByThePriorOddsIsTheInterceptShiftOfAtPrevalence() {
        assertThat(LogisticCalibration.movedByPriorOdds(0.3, 0.5, 0.5)).isCloseTo(0.3, within(1e-12));
        assertThat(LogisticCalibration.movedByPriorOdds(0.5, 0.5, 0.8)).isCloseTo(0.8, within(1e-12));
        LogisticCalibration identity = new LogisticCalibration(0, 1, 10, 5, "", 0, 0);
        assertThat(LogisticCalibration.movedByPriorOdds(0.37, 0.5, 0.2))
                .isCloseTo(identity.atPrevalence(0.5, 0.2).apply(0.37), within(1e-12));
        // odds ratio: the odds of the moved probability are the odds of p times (to/(1-to)) / (from/(1-from))
        double moved = LogisticCalibration.movedByPriorOdds(0.6, 0.3, 0.7);
        assertThat(moved / (1 - moved)).isCloseTo(1.5 * (0.7 / 0.3) / (0.3 / 0.7), within(1e-9));
    }
}
