package org.hemamet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RocBandTest {
    /** n patients with 1-3 lesions each; a patient's lesions share the class and a patient effect. */
    private static Object[] cohort(int patients, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        java.util.List<Integer> labels = new java.util.ArrayList<>();
        java.util.List<Double> scores = new java.util.ArrayList<>();
        java.util.List<String> clusters = new java.util.ArrayList<>();
        for (int p = 0; p < patients; p++) {
            int label = p % 2;
            double effect = r.nextGaussian() * 0.5;
            for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
                labels.add(label);
                scores.add(1 / (1 + Math.exp(-(1.2 * label - 0.6 + effect + 0.6 * r.nextGaussian()))));
                clusters.add("p" + p);
            }
        }
        return new Object[] {
            labels.stream().mapToInt(Integer::intValue).toArray(),
            scores.stream().mapToDouble(Double::doubleValue).toArray(),
            clusters.toArray(String[]::new)
        };
    }

    private static RocBand band(int patients, int resamples) {
        Object[] c = cohort(patients, 11);
        return RocBand.of((int[]) c[0], (double[]) c[1], (String[]) c[2], 50, resamples, 3, 0.95);
    }

    @Test
    void bandContainsTheCurveAndIsMonotoneInFalsePositiveRate() {
        RocBand b = band(40, 400);
        assertThat(b.fpr()).hasSize(51).startsWith(0.0).endsWith(1.0);
        for (int g = 0; g < b.fpr().length; g++) {
            assertThat(b.lower()[g]).isLessThanOrEqualTo(b.tpr()[g]);
            assertThat(b.tpr()[g]).isLessThanOrEqualTo(b.upper()[g]);
            assertThat(b.lower()[g]).isBetween(0.0, 1.0);
            assertThat(b.upper()[g]).isBetween(0.0, 1.0);
            if (g > 0) {
                assertThat(b.tpr()[g]).isGreaterThanOrEqualTo(b.tpr()[g - 1]);
            }
        }
        assertThat(b.tpr()[b.tpr().length - 1]).isEqualTo(1.0);
        // in the middle of the curve the band has width: the data are not separable
        assertThat(b.upper()[15] - b.lower()[15]).isGreaterThan(0.05);
    }

    @Test
    void sensitivityAtIsTheBestTruePositiveRateAtOrBelowEachFalsePositiveRate() {
        int[] labels = {1, 1, 0, 1, 0, 0};
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
        // by hand: thresholds 0.9 (0,1/3), 0.8 (0,2/3), 0.7 (1/3,2/3), 0.6 (1/3,1), ...
        double[] s = RocBand.sensitivityAt(Roc.curve(labels, scores), new double[] {0, 0.2, 1.0 / 3, 0.5, 1});
        assertThat(s).containsExactly(2.0 / 3, 2.0 / 3, 1.0, 1.0, 1.0);
    }

    @Test
    void sensitivityAtEqualsTheDefinitionOnTiedScoresAndOnAnUnorderedCurve() {
        SplittableRandom r = new SplittableRandom(5);
        double[] grid = new double[101];
        for (int g = 0; g < grid.length; g++) {
            grid[g] = g / 100.0;
        }
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + r.nextInt(80);
            int[] labels = r.ints(n, 0, 2).toArray();
            labels[0] = 0;
            labels[1] = 1;
            double[] scores = r.ints(n, 0, 7).asDoubleStream().toArray(); // many ties
            RocCurve roc = Roc.curve(labels, scores);
            assertThat(RocBand.sensitivityAt(roc, grid)).containsExactly(byDefinition(roc, grid));
        }
        RocCurve unordered = new RocCurve(new double[] {0.5, 0, 1}, new double[] {0.9, 0.4, 1}, new double[3]);
        assertThat(RocBand.sensitivityAt(unordered, new double[] {0, 0.5, 1}))
                .containsExactly(byDefinition(unordered, new double[] {0, 0.5, 1}))
                .containsExactly(0.4, 0.9, 1.0);
    }

    /** The highest sensitivity of a curve point at or below each false-positive rate, point by point. */
    private static double[] byDefinition(RocCurve roc, double[] grid) {
        double[] out = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            for (int k = 0; k < roc.fpr().length; k++) {
                if (roc.fpr()[k] <= grid[g] + 1e-12) {
                    out[g] = Math.max(out[g], roc.tpr()[k]);
                }
            }
        }
        return out;
    }

    @Test
    void moreDataGiveANarrowerBandAndTheSameSeedTheSameBand() {
        RocBand small = band(30, 300);
        RocBand large = band(300, 300);
        assertThat(meanWidth(large)).isLessThan(meanWidth(small));
        assertThat(band(30, 300)).usingRecursiveComparison().isEqualTo(small);
    }

    @Test
    void oneClassGivesNoBand() {
        assertThat(RocBand.of(new int[] {1, 1}, new double[] {0.2, 0.4}, new String[] {"a", "b"}, 10, 10, 1, 0.95))
                .isNull();
    }

    private static double meanWidth(RocBand b) {
        double s = 0;
        for (int g = 0; g < b.fpr().length; g++) {
            s += b.upper()[g] - b.lower()[g];
        }
        return s / b.fpr().length;
    }
}
