package org.hemamet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DecisionCurve} against a case-by-case base-R net benefit (scripts/golden/decision_curve.R). */
class DecisionCurveTest {
    private static final double[] GRID = DecisionCurve.defaultThresholds();

    @Test
    void netBenefitAndTreatAllEqualTheRScript() {
        List<String> lines = Golden.lines("expected_decision_curve.csv");
        assertThat(lines).hasSize(1 + 7 * 2 * 99);
        int checked = 0;
        for (String name : Golden.fixtureNames()) {
            Golden.Fixture f = Golden.fixture(name);
            for (String column : List.of("score_a", "score_b")) {
                double[] p = column.equals("score_a") ? f.a() : f.b();
                DecisionCurve curve = DecisionCurve.of(f.labels(), p, ids(p.length), GRID, 0, 1, 0.95);
                for (String line : lines) {
                    String[] x = line.split(",");
                    if (!x[0].equals(name) || !x[1].equals(column)) {
                        continue;
                    }
                    int g = curve.indexOf(Double.parseDouble(x[2]));
                    assertThat(g).as(line).isGreaterThanOrEqualTo(0);
                    assertThat(curve.netBenefit()[g]).as(line).isCloseTo(Double.parseDouble(x[6]), within(1e-12));
                    assertThat(curve.treatAll()[g]).as(line).isCloseTo(Double.parseDouble(x[7]), within(1e-12));
                    assertThat(curve.versusAll()[g])
                            .as(line)
                            .isCloseTo(Double.parseDouble(x[6]) - Double.parseDouble(x[7]), within(1e-12));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(7 * 2 * 99);
    }

    @Test
    void aCaseAtTheThresholdIsActedOn() {
        int[] y = {1, 0, 1, 0};
        double[] p = {0.2, 0.2, 0.1, 0.05};
        // at 0.2: TP 1, FP 1 of 4 -> 1/4 - 1/4 * 0.25
        assertThat(DecisionCurve.netBenefit(y, p, 0.2)).isCloseTo(0.25 - 0.0625, within(1e-15));
        assertThat(DecisionCurve.netBenefit(y, p, 0.21)).isZero();
    }

    @Test
    void actingOnEveryoneIsTreatAllAndAPerfectModelGainsThePrevalence() {
        int[] y = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
        double[] all = new double[y.length];
        java.util.Arrays.fill(all, 1.0);
        DecisionCurve everyone = DecisionCurve.of(y, all, ids(y.length), GRID, 200, 3, 0.95);
        double[] perfect = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
        DecisionCurve ideal = DecisionCurve.of(y, perfect, ids(y.length), GRID, 200, 3, 0.95);
        for (int g = 0; g < GRID.length; g++) {
            assertThat(everyone.netBenefit()[g]).isCloseTo(everyone.treatAll()[g], within(1e-15));
            assertThat(everyone.versusAll()[g]).isCloseTo(0, within(1e-15));
            assertThat(everyone.versusAllLower()[g]).isCloseTo(0, within(1e-15));
            assertThat(everyone.versusAllUpper()[g]).isCloseTo(0, within(1e-15));
            assertThat(ideal.netBenefit()[g]).isCloseTo(0.3, within(1e-15));
        }
        assertThat(everyone.prevalence()).isEqualTo(0.3);
        assertThat(everyone.treatAll()[everyone.indexOf(0.3)]).isCloseTo(0, within(1e-15));
    }

    @Test
    void intervalsCoverThePointAndWidenWhenLesionsClusterInPatients() {
        SplittableRandom rng = new SplittableRandom(11);
        int patients = 30;
        int perPatient = 4;
        int[] y = new int[patients * perPatient];
        double[] p = new double[y.length];
        String[] byPatient = new String[y.length];
        for (int i = 0; i < patients; i++) {
            int label = i % 2;
            double risk = Math.min(0.99, Math.max(0.01, (label == 1 ? 0.65 : 0.35) + 0.3 * (rng.nextDouble() - 0.5)));
            for (int k = 0; k < perPatient; k++) {
                int c = i * perPatient + k;
                y[c] = label;
                p[c] = risk; // the lesions of a patient are alike: strongly clustered
                byPatient[c] = "p" + i;
            }
        }
        DecisionCurve clustered = DecisionCurve.of(y, p, byPatient, GRID, 1000, 5, 0.95);
        DecisionCurve independent = DecisionCurve.of(y, p, ids(y.length), GRID, 1000, 5, 0.95);
        int g = clustered.indexOf(0.3);
        assertThat(clustered.netBenefit()[g]).isEqualTo(independent.netBenefit()[g]);
        assertThat(clustered.lower()[g]).isLessThanOrEqualTo(clustered.netBenefit()[g]);
        assertThat(clustered.upper()[g]).isGreaterThanOrEqualTo(clustered.netBenefit()[g]);
        double wide = clustered.upper()[g] - clustered.lower()[g];
        double narrow = independent.upper()[g] - independent.lower()[g];
        assertThat(wide).isGreaterThan(1.5 * narrow); // design effect ~ perPatient: width ratio ~ 2
        DecisionCurve again = DecisionCurve.of(y, p, byPatient, GRID, 1000, 5, 0.95);
        assertThat(again.lower()).containsExactly(clustered.lower());
        assertThat(again.versusAllUpper()).containsExactly(clustered.versusAllUpper());
    }

    @Test
    void theDifferenceOfTwoModelsIsPairedOnTheSameResampledPatients() {
        Golden.Fixture f = Golden.fixture("moderate");
        String[] patients = new String[f.labels().length];
        for (int i = 0; i < patients.length; i++) {
            patients[i] = "p" + (i / 2); // two cases a patient
        }
        DecisionCurve.Difference d = DecisionCurve.difference(f.labels(), f.a(), f.b(), patients, GRID, 500, 9, 0.95);
        DecisionCurve a = DecisionCurve.of(f.labels(), f.a(), patients, GRID, 0, 1, 0.95);
        DecisionCurve b = DecisionCurve.of(f.labels(), f.b(), patients, GRID, 0, 1, 0.95);
        for (int g = 0; g < GRID.length; g++) {
            assertThat(d.difference()[g]).isCloseTo(a.netBenefit()[g] - b.netBenefit()[g], within(1e-15));
        }
        int g = d.thresholds().length / 4;
        assertThat(d.lower()[g]).isLessThan(d.upper()[g]);
        // a model against itself: every paired resample gives 0 (unpaired resamples would not)
        DecisionCurve.Difference self =
                DecisionCurve.difference(f.labels(), f.a(), f.a(), patients, GRID, 200, 9, 0.95);
        for (int k = 0; k < GRID.length; k++) {
            assertThat(self.difference()[k]).isZero();
            assertThat(self.lower()[k]).isZero();
            assertThat(self.upper()[k]).isZero();
        }
        // a model nearly the same as another: the paired interval is far narrower than either model's own
        double[] nudged = f.a().clone();
        nudged[0] = Math.min(1, nudged[0] + 0.3);
        DecisionCurve.Difference near =
                DecisionCurve.difference(f.labels(), nudged, f.a(), patients, GRID, 500, 9, 0.95);
        DecisionCurve own = DecisionCurve.of(f.labels(), f.a(), patients, GRID, 500, 9, 0.95);
        int h = own.indexOf(0.5);
        assertThat(near.upper()[h] - near.lower()[h]).isLessThan((own.upper()[h] - own.lower()[h]) / 3);
        assertThat(DecisionCurve.difference(
                        new int[] {1, 1}, new double[] {0.2, 0.3}, new double[] {0.1, 0.5}, ids(2), GRID, 10, 1, 0.95))
                .isNull();
    }

    @Test
    void noCurveWithoutBothClassesOrWithScoresThatAreNotProbabilities() {
        assertThat(DecisionCurve.of(new int[] {1, 1}, new double[] {0.2, 0.9}, ids(2), GRID, 10, 1, 0.95))
                .isNull();
        assertThat(DecisionCurve.of(new int[] {1, 0}, new double[] {1.5, 0.1}, ids(2), GRID, 10, 1, 0.95))
                .isNull();
        assertThatThrownBy(() -> DecisionCurve.of(
                        new int[] {1, 0}, new double[] {0.5, 0.1}, ids(2), new double[] {0.2, 0.1}, 10, 1, 0.95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> DecisionCurve.netBenefit(new int[] {1, 0}, new double[] {0.5, 0.1}, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String[] ids(int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = "c" + i;
        }
        return out;
    }
}
