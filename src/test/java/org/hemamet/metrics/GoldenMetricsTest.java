package org.hemamet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every metric against R's pROC 1.18 / prop.test and scikit-learn 1.2 on the golden fixtures (ties, tiny
 * n, perfect and inverted separation, heavy imbalance, a single positive), to 1e-9.
 */
class GoldenMetricsTest {
    private static final double TOL = 1e-9;
    private static final Map<String, Map<String, String>> PROC = Golden.expected("expected_proc.csv");
    private static final Map<String, Map<String, String>> SKLEARN = Golden.expected("expected_sklearn.csv");

    static Stream<String> fixtures() {
        return Golden.fixtureNames().stream();
    }

    @Test
    void everyFixtureHasExpectedValuesFromBothOracles() {
        assertThat(PROC.keySet()).containsAll(Golden.fixtureNames());
        assertThat(SKLEARN.keySet()).containsExactlyInAnyOrderElementsOf(Golden.fixtureNames());
        assertThat(PROC.get("moderate"))
                .containsKeys(
                        "auc_a",
                        "delong_lo_a",
                        "delong_var_a",
                        "paired_z",
                        "paired_p",
                        "youden_threshold_a",
                        "accuracy_lo",
                        "ppv_hi");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aucAndDelongMatchProc(String name) {
        Golden.Fixture f = Golden.fixture(name);
        Map<String, String> e = PROC.get(name);
        for (String s : List.of("a", "b")) {
            double[] scores = f.scores(s);
            assertThat(Roc.auc(f.labels(), scores))
                    .as(name + " auc_" + s)
                    .isCloseTo(Golden.value(e.get("auc_" + s)), within(TOL));
            Estimate ci = DeLong.auc(f.labels(), scores, 0.95);
            assertThat(ci.value()).isCloseTo(Golden.value(e.get("auc_" + s)), within(TOL));
            assertClose(ci.lower(), Golden.value(e.get("delong_lo_" + s)), name + " delong_lo_" + s);
            assertClose(ci.upper(), Golden.value(e.get("delong_hi_" + s)), name + " delong_hi_" + s);
            assertThat(ci.method()).isEqualTo("delong");
            if (e.containsKey("delong_var_" + s)) {
                assertThat(DeLong.variance(f.labels(), scores))
                        .as(name + " var_" + s)
                        .isCloseTo(Golden.value(e.get("delong_var_" + s)), within(TOL));
            } else {
                assertThat(ci.note()).contains("at least 2 positives and 2 negatives");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void pairedDelongMatchesRocTest(String name) {
        Golden.Fixture f = Golden.fixture(name);
        Map<String, String> e = PROC.get(name);
        DeLong.Comparison c = DeLong.pairedTest(f.labels(), f.a(), f.b());
        assertThat(c.paired()).isTrue();
        assertThat(c.aucA()).isCloseTo(Golden.value(e.get("auc_a")), within(TOL));
        assertThat(c.aucB()).isCloseTo(Golden.value(e.get("auc_b")), within(TOL));
        if (!e.containsKey("paired_z")) {
            assertThat(c.pValue()).isNaN();
            assertThat(c.note()).isNotEmpty();
            return;
        }
        assertClose(c.z(), Golden.value(e.get("paired_z")), name + " z");
        assertClose(c.pValue(), Golden.value(e.get("paired_p")), name + " p");
        assertClose(c.diffLower(), Golden.value(e.get("paired_diff_lo")), name + " diff lo");
        assertClose(c.diffUpper(), Golden.value(e.get("paired_diff_hi")), name + " diff hi");
        assertThat(c.varianceA() + c.varianceB() - 2 * c.covariance()).isGreaterThanOrEqualTo(-1e-15);
    }

    @Test
    void unpairedDelongMatchesRocTest() {
        int checked = 0;
        for (var entry : PROC.entrySet()) {
            if (!entry.getKey().contains("|")) {
                continue;
            }
            String[] ab = entry.getKey().split("\\|");
            String[] a = ab[0].split(":");
            String[] b = ab[1].split(":");
            Golden.Fixture fa = Golden.fixture(a[0]);
            Golden.Fixture fb = Golden.fixture(b[0]);
            DeLong.Comparison c = DeLong.unpairedTest(fa.labels(), fa.scores(a[1]), fb.labels(), fb.scores(b[1]));
            Map<String, String> e = entry.getValue();
            assertThat(c.paired()).isFalse();
            assertClose(c.statistic(), Golden.value(e.get("unpaired_t")), entry.getKey() + " t");
            assertClose(c.df(), Golden.value(e.get("unpaired_df")), entry.getKey() + " df");
            assertClose(c.pValue(), Golden.value(e.get("unpaired_p")), entry.getKey() + " p");
            checked++;
        }
        assertThat(checked).isEqualTo(5);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void wilsonIntervalsMatchPropTest(String name) {
        Golden.Fixture f = Golden.fixture(name);
        Map<String, String> e = PROC.get(name);
        BinaryEvaluation ev = BinaryEvaluation.evaluate(f.labels(), f.a(), ThresholdRule.FIXED_0_5, 1, 0);
        Map<String, Estimate> byName = Map.of(
                "accuracy",
                ev.accuracy(),
                "sensitivity",
                ev.sensitivity(),
                "specificity",
                ev.specificity(),
                "ppv",
                ev.ppv(),
                "npv",
                ev.npv());
        for (var m : byName.entrySet()) {
            Estimate est = m.getValue();
            assertThat(est.method()).isEqualTo("wilson");
            if (!e.containsKey(m.getKey() + "_lo")) {
                assertThat(est.value()).as(name + " " + m.getKey()).isNaN();
                assertThat(est.note()).startsWith("no case predicted");
                continue;
            }
            assertClose(est.lower(), Golden.value(e.get(m.getKey() + "_lo")), name + " " + m.getKey() + " lo");
            assertClose(est.upper(), Golden.value(e.get(m.getKey() + "_hi")), name + " " + m.getKey() + " hi");
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void youdenMatchesProcCoordsBest(String name) {
        Golden.Fixture f = Golden.fixture(name);
        Map<String, String> e = PROC.get(name);
        for (String s : List.of("a", "b")) {
            if (!e.containsKey("youden_threshold_" + s)) {
                continue; // pROC reports several tied optima; tie policy tested by hand in ThresholdRuleTest
            }
            double t = new ThresholdRule.Youden().choose(f.labels(), f.scores(s));
            assertClose(t, Golden.value(e.get("youden_threshold_" + s)), name + " youden " + s);
            ConfusionCounts c = ConfusionCounts.at(f.labels(), f.scores(s), t);
            assertClose(c.sensitivity(), Golden.value(e.get("youden_sensitivity_" + s)), name + " sens " + s);
            assertClose(c.specificity(), Golden.value(e.get("youden_specificity_" + s)), name + " spec " + s);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void countsAndThresholdMetricsMatchSklearn(String name) {
        Golden.Fixture f = Golden.fixture(name);
        Map<String, String> e = SKLEARN.get(name);
        BinaryEvaluation ev = BinaryEvaluation.evaluate(f.labels(), f.a(), ThresholdRule.FIXED_0_5, 1, 50);
        ConfusionCounts c = ev.counts();
        assertThat(new long[] {c.tp(), c.fp(), c.tn(), c.fn()})
                .containsExactly(
                        (long) Golden.value(e.get("tp")), (long) Golden.value(e.get("fp")),
                        (long) Golden.value(e.get("tn")), (long) Golden.value(e.get("fn")));
        assertThat(ev.threshold()).isEqualTo(0.5);
        assertClose(ev.accuracy().value(), Golden.value(e.get("accuracy")), name + " accuracy");
        assertClose(ev.balancedAccuracy().value(), Golden.value(e.get("balanced_accuracy")), name + " bacc");
        assertClose(ev.f1().value(), Golden.value(e.get("f1")), name + " f1");
        assertClose(ev.mcc().value(), Golden.value(e.get("mcc")), name + " mcc");
        assertClose(ev.brier().value(), Golden.value(e.get("brier_a")), name + " brier");
        assertClose(ev.auc().value(), Golden.value(e.get("auc_a")), name + " auc");
        assertClose(BinaryEvaluation.brier(f.labels(), f.b()), Golden.value(e.get("brier_b")), name + " brier b");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void rocCurveMatchesSklearnRocCurve(String name) {
        Golden.Fixture f = Golden.fixture(name);
        Map<String, String> e = SKLEARN.get(name);
        for (String s : List.of("a", "b")) {
            RocCurve roc = Roc.curve(f.labels(), f.scores(s));
            assertThat(roc.fpr())
                    .as(name + " fpr " + s)
                    .containsExactly(Golden.values(e.get("roc_fpr_" + s)), within(TOL));
            assertThat(roc.tpr())
                    .as(name + " tpr " + s)
                    .containsExactly(Golden.values(e.get("roc_tpr_" + s)), within(TOL));
            double[] thr = roc.thresholds();
            assertThat(thr[0]).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(Arrays.copyOfRange(thr, 1, thr.length))
                    .as(name + " thresholds " + s)
                    .containsExactly(Golden.values(e.get("roc_thresholds_" + s)), within(TOL));
            assertThat(roc.trapezoidArea()).isCloseTo(Golden.value(e.get("auc_" + s)), within(TOL));
        }
    }

    @Test
    void distributionFunctionsMatchR() {
        List<String> rows = Golden.lines("expected_distributions.csv");
        List<String> failures = new ArrayList<>();
        for (String line : rows.subList(1, rows.size())) {
            String[] f = line.split(",");
            double x = Double.parseDouble(f[1]);
            double param = Double.parseDouble(f[2]);
            double expected = Golden.value(f[3]);
            double actual =
                    switch (f[0]) {
                        case "pnorm" -> Distributions.normalCdf(x);
                        case "qnorm" -> Distributions.normalQuantile(x);
                        case "pt" -> Distributions.studentTCdf(x, param);
                        default -> throw new IllegalStateException(f[0]);
                    };
            // relative 1e-12 for pnorm/qnorm, 1e-10 for pt (log-gamma cancellation at df in the thousands):
            // far tighter than the 1e-9 absolute the p-values need
            double rel = f[0].equals("pt") ? 1e-10 : 1e-12;
            double tol = rel * Math.max(Math.abs(expected), f[0].equals("qnorm") ? 1 : Double.MIN_NORMAL);
            if (!(Math.abs(actual - expected) <= tol)) {
                failures.add(line + " -> " + actual);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(rows.size()).isGreaterThan(80);
    }

    private static void assertClose(double actual, double expected, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else if (Double.isInfinite(expected)) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else {
            assertThat(actual).as(what).isCloseTo(expected, within(TOL));
        }
    }
}
