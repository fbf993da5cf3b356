package org.hemamet.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hemamet.contract.OodStatistics;
import org.junit.jupiter.api.Test;

class FeatureDistributionTest {
    /** A fixed 6 x 3 case; expected values from scikit-learn's ledoit_wolf formulas run in numpy. */
    static final double[][] X = {
        {1.0, 2.0, 0.5}, {2.0, 1.0, 1.5}, {0.0, 0.5, 2.0}, {3.0, 2.5, 1.0}, {1.5, 0.0, 0.0}, {2.5, 3.0, 2.5}
    };

    @Test
    void ledoitWolfMatchesTheReferenceFormulas() {
        LedoitWolf.Estimate e = LedoitWolf.fit(X);
        assertThat(e.shrinkage()).isCloseTo(0.8675461474185299, within(1e-12));
        assertThat(e.covariance()[0][0]).isCloseTo(0.9581647615001628, within(1e-12));
        assertThat(e.covariance()[0][1]).isCloseTo(0.08830256838764675, within(1e-12));
        assertThat(e.covariance()[1][0]).isEqualTo(e.covariance()[0][1]);
        assertThat(e.covariance()[2][2]).isCloseTo(0.9259711167754999, within(1e-12));
        assertThat(e.mean()[0]).isCloseTo(10.0 / 6, within(1e-12));
    }

    @Test
    void mahalanobisDistanceMatchesTheReference() {
        LedoitWolf.Estimate e = LedoitWolf.fit(X);
        OodStatistics.Layer s = new OodStatistics.Layer(
                "test", e.shrinkage(), e.mean(), FeatureDistribution.inverse(e.covariance()), 1.0, 1.0);
        assertThat(FeatureDistribution.of(s).distance(X[0])).isCloseTo(1.1984835760821533, within(1e-6));
        assertThat(FeatureDistribution.of(s).distance(e.mean())).isZero();
    }

    @Test
    void flagsShiftedFeaturesAndFewDrawsOfTheTrainingDistribution() {
        SplittableRandom r = new SplittableRandom(7);
        int p = 32;
        double[][] train = gaussian(r, 300, p, 0);
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < train.length; i++) {
            patients.add("p" + i / 3); // 3 crops per patient
        }
        OodStatistics.Layer s = FeatureDistribution.fit("test", train, patients);
        // out-of-fold distances are larger than in-sample ones: the threshold is the honest one
        assertThat(s.threshold()).isGreaterThan(s.inSampleQuantile());
        FeatureDistribution d = FeatureDistribution.of(s);
        double[][] fresh = gaussian(r, 1000, p, 0);
        long flagged = java.util.Arrays.stream(fresh)
                .filter(f -> d.outOfDistribution(d.distance(f)))
                .count();
        assertThat(flagged).as("fresh in-distribution draws flagged").isLessThanOrEqualTo(50);
        double[][] shifted = gaussian(r, 100, p, 3);
        long shiftedFlagged = java.util.Arrays.stream(shifted)
                .filter(f -> d.outOfDistribution(d.distance(f)))
                .count();
        assertThat(shiftedFlagged).as("shifted draws flagged").isEqualTo(100);
    }

    @Test
    void featuresThatNeverVaryStillGiveAnInvertibleCovariance() {
        double[][] x = new double[20][4];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = i % 5; // the other three are dead units: always 0
        }
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            patients.add("p" + i);
        }
        FeatureDistribution d = FeatureDistribution.of(FeatureDistribution.fit("test", x, patients));
        assertThat(d.distance(new double[] {2, 0, 0, 0})).isFinite().isLessThan(d.threshold());
        assertThat(d.outOfDistribution(d.distance(new double[] {2, 1, 0, 0}))).isTrue();
    }

    @Test
    void classConditionalDistanceIsToTheClosestClassAndFlagsTheSpaceBetweenTheClasses() {
        SplittableRandom r = new SplittableRandom(11);
        int p = 8;
        double[][] a = gaussian(r, 150, p, -4);
        double[][] b = gaussian(r, 150, p, 4);
        double[][] x = new double[300][];
        int[] labels = new int[300];
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            x[i] = i < 150 ? a[i] : b[i - 150];
            labels[i] = i < 150 ? 0 : 1;
            patients.add("p" + i / 2);
        }
        OodStatistics.Layer cc = FeatureDistribution.fit("cc", x, patients, labels, 0.99);
        OodStatistics.Layer one = FeatureDistribution.fit("one", x, patients, null, 0.99);
        assertThat(cc.classMeans()).hasNumberOfRows(2);
        assertThat(cc.classMeans()[0][0]).isCloseTo(-4, within(0.5));
        assertThat(one.classMeans()).isNull();
        FeatureDistribution dcc = FeatureDistribution.of(cc);
        FeatureDistribution d1 = FeatureDistribution.of(one);
        // the midpoint between the two classes: unlike any training crop, yet at the one Gaussian's mean
        double[] middle = new double[p];
        assertThat(d1.outOfDistribution(d1.distance(middle))).isFalse();
        assertThat(dcc.outOfDistribution(dcc.distance(middle))).isTrue();
        // a draw of either class is measured to its own class
        double[] fresh = gaussian(r, 1, p, 4)[0];
        assertThat(dcc.distance(fresh)).isLessThan(dcc.threshold());
        // the distance is the smallest over the class means with the tied precision
        OodStatistics.Layer onlyA = new OodStatistics.Layer(
                "a", cc.shrinkage(), cc.classMeans()[0], cc.precision(), cc.threshold(), cc.inSampleQuantile());
        OodStatistics.Layer onlyB = new OodStatistics.Layer(
                "b", cc.shrinkage(), cc.classMeans()[1], cc.precision(), cc.threshold(), cc.inSampleQuantile());
        assertThat(dcc.distance(fresh))
                .isEqualTo(Math.min(
                        FeatureDistribution.of(onlyA).distance(fresh),
                        FeatureDistribution.of(onlyB).distance(fresh)));
    }

    @Test
    void theDepthsShareTheFalseAlarmLevel() {
        assertThat(OodDetector.QUANTILE).isCloseTo(1 - 0.04 / 4, within(1e-12));
        assertThat(OodDetector.LAYERS).containsExactly("block1", "block2", "block3", "penultimate");
    }

    private static double[][] gaussian(SplittableRandom r, int n, int p, double shift) {
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i][j] = shift + (1 + j % 3) * gauss(r);
            }
        }
        return x;
    }

    private static double gauss(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
