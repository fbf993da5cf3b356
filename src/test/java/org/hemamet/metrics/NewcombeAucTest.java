package org.hemamet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link NewcombeAuc} against scripts/golden/newcombe_auc.R, which solves Newcombe's method-5 equation as a
 * quartic with R's polyroot (the AUC and DeLong's variance from pROC, Obuchowski's from the clustered golden
 * values).
 */
class NewcombeAucTest {
    private static final double TOL = 1e-9;

    @Test
    void equalsTheQuarticRootsForCountsAlone() {
        List<String[]> rows = golden("counts");
        assertThat(rows).hasSize(60);
        for (String[] f : rows) {
            Estimate e = NewcombeAuc.interval(
                    d(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]), d(f[6]), NewcombeAuc.METHOD, "");
            assertLimits(e, f);
        }
    }

    @Test
    void equalsTheQuarticRootsOnTheLesionFixtures() {
        List<String[]> rows = golden("lesion");
        assertThat(rows).hasSize(14);
        for (String[] f : rows) {
            Golden.Fixture x = Golden.fixture(f[1]);
            Estimate e = NewcombeAuc.auc(x.labels(), x.scores(f[2]), 0.95);
            assertThat(e.method()).isEqualTo(NewcombeAuc.METHOD);
            assertThat(e.value()).as(String.join(",", f)).isCloseTo(d(f[3]), within(1e-15));
            assertLimits(e, f);
        }
    }

    @Test
    void equalsTheQuarticRootsAtTheClusteredDesignEffect() {
        List<String[]> rows = golden("clustered");
        assertThat(rows).hasSize(10);
        assertThat(rows).anySatisfy(f -> assertThat(d(f[7])).isGreaterThan(1.3));
        assertThat(rows).anySatisfy(f -> assertThat(d(f[7])).isEqualTo(1.0));
        for (String[] f : rows) {
            ClusteredAucTest.Clustered c = ClusteredAucTest.fixture(f[1]);
            double[] scores = f[2].equals("a") ? c.a() : c.b();
            Estimate e = NewcombeAuc.auc(c.labels(), scores, c.clusters(), 0.95);
            assertThat(e.method()).isEqualTo(NewcombeAuc.CLUSTERED_METHOD);
            double deff = NewcombeAuc.designEffect(
                    ClusteredAuc.variance(c.labels(), scores, c.clusters()), DeLong.variance(c.labels(), scores));
            assertThat(deff).as(String.join(",", f)).isCloseTo(d(f[7]), within(1e-9));
            assertLimits(e, f);
        }
    }

    @Test
    void perfectSeparationIsNotTheEmptyInterval() {
        // 43 metastases all above 51 hemangiomas: DeLong (and pROC) say 1.000 (1.000-1.000)
        int[] labels = new int[94];
        double[] scores = new double[94];
        for (int i = 0; i < 94; i++) {
            labels[i] = i < 43 ? 1 : 0;
            scores[i] = labels[i] == 1 ? 0.6 + i * 1e-3 : 0.4 - i * 1e-3;
        }
        Estimate delong = DeLong.auc(labels, scores, 0.95);
        assertThat(delong.lower()).isEqualTo(1.0);
        Estimate e = NewcombeAuc.auc(labels, scores, 0.95);
        assertThat(e.value()).isEqualTo(1.0);
        assertThat(e.upper()).isEqualTo(1.0);
        assertThat(e.lower()).isBetween(0.95, 0.97);
    }

    @Test
    void clusteringWidensTheInterval() {
        // the one_class_clusters fixture: design effect about 1.38 (patients hold one class each)
        ClusteredAucTest.Clustered c = ClusteredAucTest.fixture("one_class_clusters");
        Estimate lesion = NewcombeAuc.auc(c.labels(), c.a(), 0.95);
        Estimate patient = NewcombeAuc.auc(c.labels(), c.a(), c.clusters(), 0.95);
        assertThat(patient.value()).isEqualTo(lesion.value());
        assertThat(patient.upper() - patient.lower()).isGreaterThan(1.1 * (lesion.upper() - lesion.lower()));
    }

    @Test
    void oneClassIsUndefinedAndTooFewPatientsFallsBackWithANote() {
        Estimate none = NewcombeAuc.auc(new int[] {1, 1}, new double[] {0.2, 0.3}, 0.95);
        assertThat(none.isDefined()).isFalse();
        assertThat(none.note()).contains("0 negatives");
        int[] labels = {1, 0, 1, 0};
        double[] scores = {0.9, 0.1, 0.8, 0.2};
        Estimate one = NewcombeAuc.auc(labels, scores, new String[] {"p1", "p1", "p1", "p1"}, 0.95);
        assertThat(one.value()).isEqualTo(1.0);
        assertThat(one.lower()).isEqualTo(NewcombeAuc.auc(labels, scores, 0.95).lower());
        assertThat(one.note()).contains("1 patients").contains("lesion counts");
    }

    @Test
    void levelNarrowsTheInterval() {
        Estimate e95 = NewcombeAuc.interval(0.9, 20, 30, 0.95, NewcombeAuc.METHOD, "");
        Estimate e90 = NewcombeAuc.interval(0.9, 20, 30, 0.90, NewcombeAuc.METHOD, "");
        assertThat(e90.lower()).isGreaterThan(e95.lower());
        assertThat(e90.upper()).isLessThan(e95.upper());
    }

    private static void assertLimits(Estimate e, String[] f) {
        String row = String.join(",", f);
        assertThat(e.lower()).as(row + " lower").isCloseTo(d(f[8]), within(TOL));
        assertThat(e.upper()).as(row + " upper").isCloseTo(d(f[9]), within(TOL));
    }

    private static List<String[]> golden(String source) {
        return Golden.lines("expected_newcombe.csv").stream()
                .skip(1)
                .map(l -> l.split(","))
                .filter(f -> f[0].equals(source))
                .toList();
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
