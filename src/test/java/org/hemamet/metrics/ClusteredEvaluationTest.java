package org.hemamet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link BinaryEvaluation} with patient clusters: unchanged with one case each, patient-level otherwise. */
class ClusteredEvaluationTest {

    /** 60 cases; patients of 1-3 lesions whose scores share a patient effect. */
    private static final int N = 60;

    private static int[] labels() {
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = (i / 3) % 2;
        }
        return y;
    }

    private static double[] scores(int[] y) {
        SplittableRandom rng = new SplittableRandom(11);
        double[] s = new double[N];
        double patientEffect = 0;
        for (int i = 0; i < N; i++) {
            if (i % 3 == 0) {
                patientEffect = rng.nextGaussian();
            }
            s[i] = 1 / (1 + Math.exp(-(2 * (y[i] - 0.5) + patientEffect + 0.3 * rng.nextGaussian())));
        }
        return s;
    }

    /** Patients of three lesions each (cases 3k, 3k+1, 3k+2): labels agree within a patient. */
    private static String[] threePerPatient() {
        String[] c = new String[N];
        for (int i = 0; i < N; i++) {
            c[i] = "P" + (i / 3);
        }
        return c;
    }

    private static String[] onePerPatient() {
        String[] c = new String[N];
        for (int i = 0; i < N; i++) {
            c[i] = "P" + i;
        }
        return c;
    }

    private static Estimate[] all(BinaryEvaluation e) {
        return new Estimate[] {
            e.accuracy(),
            e.sensitivity(),
            e.specificity(),
            e.ppv(),
            e.npv(),
            e.f1(),
            e.balancedAccuracy(),
            e.mcc(),
            e.brier(),
            e.auc()
        };
    }

    @Test
    void onePatientPerCaseIsTheLesionEvaluationBitForBit() {
        int[] y = labels();
        double[] s = scores(y);
        BinaryEvaluation lesion = BinaryEvaluation.evaluate(y, s, ThresholdRule.FIXED_0_5, 5, 200, 0.95);
        BinaryEvaluation same = BinaryEvaluation.evaluate(y, s, onePerPatient(), ThresholdRule.FIXED_0_5, 5, 200, 0.95);
        BinaryEvaluation none = BinaryEvaluation.evaluate(y, s, null, ThresholdRule.FIXED_0_5, 5, 200, 0.95);
        assertThat(all(same)).containsExactly(all(lesion)); // Estimate equality: Double.compare, i.e. bit for bit
        assertThat(all(none)).containsExactly(all(lesion));
        assertThat(same.ciLevel()).isEqualTo(BinaryEvaluation.LESION);
        assertThat(same.clusters()).isEqualTo(N);
        assertThat(same.auc().method()).isEqualTo(NewcombeAuc.METHOD);
        assertThat(same.accuracy().method()).isEqualTo(Estimate.WILSON);
        assertThat(same.f1().method()).isEqualTo(Estimate.BOOTSTRAP_PERCENTILE);
        assertThat(BinaryEvaluation.brierEstimate(y, s, onePerPatient(), 5, 200, 0.95))
                .isEqualTo(BinaryEvaluation.brierEstimate(y, s, 5, 200, 0.95));
    }

    @Test
    void severalLesionsPerPatientGivePatientLevelIntervalsAroundTheSamePoints() {
        int[] y = labels();
        double[] s = scores(y);
        String[] patients = threePerPatient();
        BinaryEvaluation lesion = BinaryEvaluation.evaluate(y, s, ThresholdRule.FIXED_0_5, 5, 500, 0.95);
        BinaryEvaluation patient = BinaryEvaluation.evaluate(y, s, patients, ThresholdRule.FIXED_0_5, 5, 500, 0.95);
        assertThat(patient.ciLevel()).isEqualTo(BinaryEvaluation.PATIENT);
        assertThat(patient.clusters()).isEqualTo(N / 3);
        assertThat(patient.counts()).isEqualTo(lesion.counts());
        assertThat(patient.auc()).isEqualTo(NewcombeAuc.auc(y, s, patients, 0.95));
        assertThat(patient.auc().method()).isEqualTo(NewcombeAuc.CLUSTERED_METHOD);
        Estimate[] p = all(patient);
        Estimate[] l = all(lesion);
        for (int k = 0; k < 9; k++) {
            // accuracy, sensitivity, specificity, PPV, NPV: design-effect Wilson; F1, balanced accuracy, MCC, Brier:
            // the cluster bootstrap
            assertThat(p[k].method())
                    .as("metric %d", k)
                    .isEqualTo(k < 5 ? ClusteredWilson.METHOD : Bootstrap.CLUSTER_PERCENTILE);
            assertThat(p[k].value()).as("metric %d", k).isEqualTo(l[k].value());
            assertThat(p[k].lower()).as("metric %d", k).isLessThanOrEqualTo(p[k].value());
            assertThat(p[k].upper()).as("metric %d", k).isGreaterThanOrEqualTo(p[k].value());
        }
        // the same statistic, resampled by patient, through the public bootstrap
        Estimate f1 = Bootstrap.clusterPercentile(
                y, s, patients, (a, b) -> ConfusionCounts.count(a, b, 0.5).f1(), 500, 5, 0.95);
        assertThat(patient.f1().lower()).isEqualTo(f1.lower());
        assertThat(patient.f1().upper()).isEqualTo(f1.upper());
        // three alike lesions per patient: the patient-level intervals are wider than the lesion-level ones
        assertThat(width(patient.auc())).isGreaterThan(width(lesion.auc()));
        assertThat(width(patient.accuracy())).isGreaterThan(width(lesion.accuracy()));
    }

    @Test
    void deterministicForASeed() {
        int[] y = labels();
        double[] s = scores(y);
        BinaryEvaluation a = BinaryEvaluation.evaluate(y, s, threePerPatient(), ThresholdRule.FIXED_0_5, 9, 100, 0.95);
        BinaryEvaluation b = BinaryEvaluation.evaluate(y, s, threePerPatient(), ThresholdRule.FIXED_0_5, 9, 100, 0.95);
        assertThat(all(a)).containsExactly(all(b));
    }

    @Test
    void oneClassIsUndefinedWithTheClusteredMethod() {
        int[] y = new int[6];
        double[] s = {0.1, 0.2, 0.3, 0.6, 0.7, 0.8};
        String[] c = {"a", "a", "b", "b", "c", "c"};
        BinaryEvaluation e = BinaryEvaluation.evaluate(y, s, c, ThresholdRule.FIXED_0_5, 1, 50, 0.95);
        assertThat(e.ciLevel()).isEqualTo(BinaryEvaluation.PATIENT);
        assertThat(e.sensitivity().isDefined()).isFalse();
        assertThat(e.sensitivity().method()).isEqualTo(ClusteredWilson.METHOD);
        assertThat(e.f1().method()).isEqualTo(Bootstrap.CLUSTER_PERCENTILE);
        assertThat(e.sensitivity().note()).contains("no positive cases");
        assertThat(e.auc().isDefined()).isFalse();
        assertThat(e.specificity().value()).isEqualTo(0.5);
    }

    @Test
    void rejectsAClusterArrayOfTheWrongLength() {
        assertThatThrownBy(() -> BinaryEvaluation.evaluate(
                        new int[] {0, 1},
                        new double[] {0.2, 0.8},
                        new String[] {"a"},
                        ThresholdRule.FIXED_0_5,
                        1,
                        0,
                        0.95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 ids for 2 cases");
    }

    private static double width(Estimate e) {
        return e.upper() - e.lower();
    }
}
