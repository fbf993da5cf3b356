package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hemamet.baseline.LogisticBaseline;
import org.junit.jupiter.api.Test;

/** Late fusion's combination rule, without networks (fast). */
class LateFusionTest {
    static LateFusion.Lesion lesion(int i, int label, double... logits) {
        return new LateFusion.Lesion("p" + i + "/L1", "p" + i, "L1", label == 1 ? "lung" : "hemangioma", label, logits);
    }

    /** Training lesions where T1 and T2 each carry half of the signal (independent noise). */
    static List<LateFusion.Lesion> training(int n, long seed, boolean t2Missing) {
        Random r = new Random(seed);
        List<LateFusion.Lesion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int y = i % 2;
            double t1 = (y - 0.5) * 1.5 + r.nextGaussian();
            double t2 = t2Missing && i % 3 == 0 ? Double.NaN : (y - 0.5) * 1.5 + r.nextGaussian();
            out.add(lesion(i, y, t1, t2));
        }
        return out;
    }

    @Test
    void aLesionWithBothSequencesIsScoredByTheLogisticModelFittedOnTheTrainingLesionsWithBoth() {
        List<LateFusion.Lesion> train = training(60, 1, true);
        LateFusion.Lesion both = lesion(1000, 1, 0.4, 0.9);
        double p = LateFusion.predict(train, List.of(both))[0];
        List<double[]> x = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (LateFusion.Lesion l : train) {
            if (!Double.isNaN(l.logits()[1])) {
                x.add(l.logits());
                y.add(l.label() == 1);
            }
        }
        boolean[] pos = new boolean[y.size()];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = y.get(i);
        }
        LogisticBaseline independent = LogisticBaseline.fit(x.toArray(double[][]::new), pos, LateFusion.C);
        assertThat(p).isCloseTo(independent.predictPositive(new double[][] {{0.4, 0.9}})[0], within(1e-12));
        assertThat(x.size())
                .as("the T2-less training lesions are left out of the two-sequence model")
                .isLessThan(60);
    }

    @Test
    void aLesionMissingASequenceGetsItsPatternsModelOrElseItsMeanLogit() {
        List<LateFusion.Lesion> train = training(60, 2, false);
        LateFusion.Lesion onlyT1 = lesion(1001, 0, -0.7, Double.NaN);
        double withModel = LateFusion.predict(train, List.of(onlyT1))[0];
        LogisticBaseline t1Only = LateFusion.fit(train, 0b01);
        assertThat(withModel).isCloseTo(t1Only.predictPositive(new double[][] {{-0.7}})[0], within(1e-12));

        // too few training lesions of a class for the pattern: the mean of the available logits
        List<LateFusion.Lesion> small = training(8, 3, false);
        assertThat(LateFusion.fit(small, 0b01)).isNull();
        LateFusion.Lesion t2Only = lesion(1002, 1, Double.NaN, 1.2);
        assertThat(LateFusion.predict(small, List.of(t2Only))[0]).isCloseTo(1 / (1 + Math.exp(-1.2)), within(1e-12));
        LateFusion.Lesion bothSmall = lesion(1003, 1, 0.2, 1.0);
        assertThat(LateFusion.predict(small, List.of(bothSmall))[0]).isCloseTo(1 / (1 + Math.exp(-0.6)), within(1e-12));
    }

    @Test
    void fusingTwoHalfInformativeSequencesBeatsEitherOneOnTheirOwn() {
        List<LateFusion.Lesion> train = training(200, 4, false);
        List<LateFusion.Lesion> test = training(400, 5, false);
        double[] fused = LateFusion.predict(train, test);
        int[] y = test.stream().mapToInt(LateFusion.Lesion::label).toArray();
        double[] t1 = test.stream().mapToDouble(l -> l.logits()[0]).toArray();
        double aucFused = org.hemamet.metrics.Roc.auc(y, fused);
        assertThat(aucFused).isGreaterThan(org.hemamet.metrics.Roc.auc(y, t1) + 0.03);
    }
}
