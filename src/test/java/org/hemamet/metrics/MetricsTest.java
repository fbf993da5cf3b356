package org.hemamet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tiny hand-computed cases and the degenerate-input policy. */
class MetricsTest {
    private static final double DELTA = 1e-12;

    @Test
    void aucCountsTiesAsHalf() {
        // positives 0.8, 0.4; negatives 0.3, 0.4: pairs 1 + 1 + 1 + 0.5 = 3.5 of 4
        int[] y = {1, 0, 1, 0};
        double[] s = {0.8, 0.3, 0.4, 0.4};
        assertThat(Roc.auc(y, s)).isEqualTo(0.875);
        assertThat(Roc.auc(y, new double[] {0.1, 0.9, 0.2, 0.8})).isEqualTo(0.0);
        assertThat(Roc.auc(y, new double[] {0.5, 0.5, 0.5, 0.5})).isEqualTo(0.5);
        assertThat(Roc.auc(y, new double[] {-0.0, 0.0, 1, 0})).isEqualTo(0.75); // -0.0 ties 0.0
    }

    @Test
    void rocCurveHasOnePointPerDistinctScore() {
        int[] y = {1, 0, 1, 0};
        RocCurve roc = Roc.curve(y, new double[] {0.8, 0.3, 0.4, 0.4});
        assertThat(roc.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.8, 0.4, 0.3);
        assertThat(roc.tpr()).containsExactly(0, 0.5, 1, 1);
        assertThat(roc.fpr()).containsExactly(0, 0, 0.5, 1);
        assertThat(roc.trapezoidArea()).isEqualTo(0.875);
    }

    @Test
    void confusionMetricsByHand() {
        ConfusionCounts c = new ConfusionCounts(8, 2, 6, 4);
        assertThat(c.accuracy()).isEqualTo(0.7);
        assertThat(c.sensitivity()).isCloseTo(8 / 12.0, within(DELTA));
        assertThat(c.specificity()).isEqualTo(0.75);
        assertThat(c.ppv()).isEqualTo(0.8);
        assertThat(c.npv()).isCloseTo(0.6, within(DELTA));
        assertThat(c.f1()).isCloseTo(16.0 / 22, within(DELTA));
        assertThat(c.balancedAccuracy()).isCloseTo((8 / 12.0 + 0.75) / 2, within(DELTA));
        assertThat(c.mcc()).isCloseTo((48 - 8) / Math.sqrt(10.0 * 12 * 8 * 10), within(DELTA));
        assertThat(new ConfusionCounts(0, 0, 5, 5).mcc()).isEqualTo(0.0); // all predicted negative
        assertThat(new ConfusionCounts(0, 0, 5, 5).ppv()).isNaN();
    }

    @Test
    void thresholdIsInclusive() {
        ConfusionCounts c = ConfusionCounts.at(new int[] {1, 0, 1}, new double[] {0.5, 0.5, 0.49}, 0.5);
        assertThat(c).isEqualTo(new ConfusionCounts(1, 1, 0, 1));
    }

    @Test
    void wilsonByHand() {
        // 8/10 at 95%: centre (0.8 + z^2/20)/(1 + z^2/10), Wilson 1927
        double z = 1.959963984540054;
        double centre = (0.8 + z * z / 20) / (1 + z * z / 10);
        double half = z / (1 + z * z / 10) * Math.sqrt(0.8 * 0.2 / 10 + z * z / 400);
        Estimate e = Wilson.interval(8, 10, 0.95, "none");
        assertThat(e.lower()).isCloseTo(centre - half, within(DELTA));
        assertThat(e.upper()).isCloseTo(centre + half, within(DELTA));
        assertThat(Wilson.interval(0, 5, 0.95, "x").lower()).isEqualTo(0.0);
        assertThat(Wilson.interval(5, 5, 0.95, "x").upper()).isEqualTo(1.0);
        Estimate empty = Wilson.interval(0, 0, 0.95, "no predicted positives");
        assertThat(empty.value()).isNaN();
        assertThat(empty.note()).isEqualTo("no predicted positives");
    }

    @Test
    void delongPerfectSeparationHasZeroWidthAndIdenticalPairIsZ0() {
        int[] y = {1, 1, 0, 0};
        double[] s = {0.9, 0.8, 0.2, 0.1};
        Estimate e = DeLong.auc(y, s, 0.95);
        assertThat(e.value()).isEqualTo(1.0);
        assertThat(e.lower()).isEqualTo(1.0);
        assertThat(e.upper()).isEqualTo(1.0);
        DeLong.Comparison c = DeLong.pairedTest(y, s, s);
        assertThat(c.z()).isEqualTo(0.0);
        assertThat(c.pValue()).isEqualTo(1.0);
        assertThat(c.note()).contains("z set to 0");
    }

    @Test
    void oneClassGivesNaNWithReasonNeverAnException() {
        int[] y = {0, 0, 0};
        double[] s = {0.2, 0.7, 0.4};
        BinaryEvaluation ev = BinaryEvaluation.evaluate(y, s, ThresholdRule.FIXED_0_5, 7, 100);
        assertThat(ev.auc().value()).isNaN();
        assertThat(ev.auc().note()).isEqualTo("only one class present (0 positives, 3 negatives): AUC undefined");
        assertThat(ev.sensitivity().value()).isNaN();
        assertThat(ev.sensitivity().note()).isEqualTo("no positive cases");
        assertThat(ev.mcc().value()).isNaN();
        assertThat(ev.f1().note()).isEqualTo("only one class present (0 positives, 3 negatives)");
        assertThat(ev.specificity().value()).isCloseTo(2 / 3.0, within(DELTA));
        assertThat(ev.accuracy().value()).isCloseTo(2 / 3.0, within(DELTA));
        assertThat(ev.brier().value()).isCloseTo((0.04 + 0.49 + 0.16) / 3, within(DELTA));
        assertThat(ev.brier().lower()).isLessThanOrEqualTo(ev.brier().value());
        assertThat(DeLong.pairedTest(y, s, s).pValue()).isNaN();

        BinaryEvaluation youden = BinaryEvaluation.evaluate(y, s, new ThresholdRule.Youden(), 7, 10);
        assertThat(youden.threshold()).isNaN();
        assertThat(youden.accuracy().note())
                .isEqualTo(
                        "threshold rule 'youden' cannot be applied: only one class present (0 positives, 3 negatives)");
        assertThat(BinaryEvaluation.evaluate(new int[0], new double[0], ThresholdRule.FIXED_0_5, 1, 10)
                        .accuracy()
                        .note())
                .isEqualTo("no cases");
    }

    @Test
    void badArgumentsNameTheValue() {
        assertThatThrownBy(() -> Roc.auc(new int[] {1, 2}, new double[] {0.1, 0.2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label at index 1 is 2, not 0 or 1");
        assertThatThrownBy(() -> Roc.auc(new int[] {1, 0}, new double[] {0.1, Double.NaN}))
                .hasMessage("score at index 1 is NaN");
        assertThatThrownBy(() -> Roc.auc(new int[] {1}, new double[] {0.1, 0.2}))
                .hasMessage("labels (1) and scores (2) differ in length");
    }

    @Test
    void thresholdRules() {
        int[] y = {1, 1, 1, 0, 0, 0};
        double[] s = {0.9, 0.7, 0.3, 0.6, 0.2, 0.1};
        // ROC points: >=0.9 (1/3,0), >=0.7 (2/3,0), >=0.6 (2/3,1/3), >=0.3 (1,1/3), ...
        // J: 1/3, 2/3, 1/3, 2/3 -> tie, the highest threshold wins: point ">= 0.7", midpoint (0.7+0.6)/2
        assertThat(new ThresholdRule.Youden().choose(y, s)).isCloseTo(0.65, within(DELTA));
        assertThat(new ThresholdRule.FixedSensitivity(1.0).choose(y, s)).isCloseTo(0.25, within(DELTA));
        assertThat(new ThresholdRule.FixedSensitivity(0.6).choose(y, s)).isCloseTo(0.65, within(DELTA));
        assertThat(ThresholdRule.parse("youden")).isEqualTo(new ThresholdRule.Youden());
        assertThat(ThresholdRule.parse("0.5")).isEqualTo(ThresholdRule.FIXED_0_5);
        assertThat(ThresholdRule.parse("sensitivity:0.9")).isEqualTo(new ThresholdRule.FixedSensitivity(0.9));
        assertThat(ThresholdRule.parse(ThresholdRule.FIXED_0_5.id())).isEqualTo(ThresholdRule.FIXED_0_5);
        assertThat(new ThresholdRule.FixedSensitivity(0.9).describe())
                .isEqualTo("highest threshold with sensitivity >= 0.9 on the evaluated cases");
        BinaryEvaluation ev = BinaryEvaluation.evaluate(y, s, new ThresholdRule.Youden(), 1, 0);
        assertThat(ev.threshold()).isCloseTo(0.65, within(DELTA));
        assertThat(ev.counts()).isEqualTo(new ConfusionCounts(2, 0, 3, 1));
        assertThat(ev.thresholdRule()).startsWith("maximum Youden index");
    }

    @Test
    void bootstrapIsSeedDeterminedAndPinned() {
        Golden.Fixture f = Golden.fixture("moderate");
        // the documented seed-determined values (SplittableRandom(42), 2000 stratified resamples, type-7 quantiles)
        Estimate auc = Bootstrap.auc(f.labels(), f.a(), 2000, 42L, 0.95);
        assertThat(auc.lower()).isEqualTo(0.6941666666666667);
        assertThat(auc.upper()).isEqualTo(0.9000208333333333);
        assertThat(auc.method()).isEqualTo("bootstrap-percentile");
        BinaryEvaluation ev = BinaryEvaluation.evaluate(f.labels(), f.a(), ThresholdRule.FIXED_0_5, 42L, 2000);
        assertThat(ev.f1().lower()).isEqualTo(0.5555555555555556);
        assertThat(ev.mcc().upper()).isCloseTo(0.6777714237004652, within(1e-15));
        assertThat(ev.brier().lower()).isCloseTo(0.14110435715357142, within(1e-15));
        assertThat(ev.balancedAccuracy().upper()).isCloseTo(0.8292708333333327, within(1e-15));
        // another seed gives another interval; the same seed the same one
        assertThat(Bootstrap.auc(f.labels(), f.a(), 2000, 43L, 0.95).lower()).isNotEqualTo(auc.lower());
        assertThat(Bootstrap.auc(f.labels(), f.a(), 2000, 42L, 0.95)).isEqualTo(auc);
    }

    @Test
    void bootstrapKeepsClassSizesAndQuantileIsType7() {
        int[] y = {1, 1, 0, 0, 0};
        double[] s = {0.9, 0.8, 0.1, 0.2, 0.3};
        double[][] reps = Bootstrap.stratifiedReplicates(y, s, 50, 3L, (l, sc) -> Labels.countPositives(l));
        assertThat(reps[0]).containsOnly(2.0);
        assertThat(Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.25)).isEqualTo(1.75); // R: quantile(1:4, .25)
        Estimate e = Bootstrap.percentile(0.5, new double[] {Double.NaN, 0.1, 0.9}, 0.5);
        assertThat(e.note()).isEqualTo("1 of 3 resamples gave an undefined statistic and were dropped");
        assertThat(e.lower()).isCloseTo(0.3, within(DELTA));
    }
}
