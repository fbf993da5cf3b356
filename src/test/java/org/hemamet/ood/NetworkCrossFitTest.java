package org.hemamet.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.OodStatistics;
import org.hemamet.metrics.Bootstrap;
import org.junit.jupiter.api.Test;

/**
 * A network's features of the crops it was trained on lie tighter around their class means than a new crop's.
 * Simulated: two classes of 8 features per depth, a trained-on crop at half the spread of a new one. Thresholds
 * from the final network's own crops then flag many new in-distribution crops; thresholds from cross-fitted
 * networks (each fold's crops new to the network that scores them) flag about the level.
 */
class NetworkCrossFitTest {
    private static final int P = 8;
    private static final int FOLDS = 5;
    private static final double SEEN = 0.5;
    private static final double NEW = 1.0;

    @Test
    void thresholdsComeFromTheCrossFittedNetworksAndFlagNewCropsAtAboutTheLevel() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 400;
        int[] labels = new int[n];
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            patients.add("p" + i / 2);
        }
        // the final network saw every training crop
        float[][][] finalFeatures = crops(r, labels, SEEN);
        NetworkCrossFit networks = new NetworkCrossFit();
        for (int f = 0; f < FOLDS; f++) {
            int[] fitLabels = new int[n - n / FOLDS];
            Arrays.setAll(fitLabels, i -> i % 2);
            int[] heldLabels = new int[n / FOLDS];
            Arrays.setAll(heldLabels, i -> i % 2);
            networks.addFold(crops(r, fitLabels, SEEN), fitLabels, crops(r, heldLabels, NEW));
        }
        assertThat(networks.folds()).isEqualTo(FOLDS);
        assertThat(networks.size()).isEqualTo(n);

        OodStatistics crossFitted = OodDetector.fit(finalFeatures, labels, patients, networks);
        OodStatistics finalOnly = OodDetector.fit(finalFeatures, labels, patients);
        assertThat(crossFitted.networkFolds()).isEqualTo(FOLDS);
        assertThat(crossFitted.thresholdRule()).contains("cross-fitted networks (5 folds by patient");
        for (int l = 0; l < OodDetector.LAYERS.size(); l++) {
            OodStatistics.Layer layer = crossFitted.layers().get(l);
            double[] d = networks.distances(l);
            Arrays.sort(d);
            assertThat(layer.threshold()).isCloseTo(Bootstrap.quantile(d, OodDetector.QUANTILE), within(1e-12));
            // the final network's threshold is kept beside it, as a study without calibration folds sets it
            assertThat(layer.finalNetworkThreshold())
                    .isCloseTo(finalOnly.layers().get(l).threshold(), within(1e-12))
                    .isLessThan(layer.threshold());
        }

        float[][][] fresh = crops(r, alternating(2000), NEW);
        double biased = flaggedFraction(OodDetector.of(finalOnly), fresh);
        double honest = flaggedFraction(OodDetector.of(crossFitted), fresh);
        assertThat(biased).as("new crops flagged, final network's thresholds").isGreaterThan(0.5);
        assertThat(honest)
                .as("new crops flagged, cross-fitted networks' thresholds")
                .isLessThanOrEqualTo(OodDetector.ALPHA + 0.02);
    }

    @Test
    void withoutCrossFittedNetworksTheFileKeepsItsEarlierForm() {
        SplittableRandom r = new SplittableRandom(3);
        int[] labels = alternating(60);
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            patients.add("p" + i / 2);
        }
        OodStatistics s = OodDetector.fit(crops(r, labels, SEEN), labels, patients, new NetworkCrossFit());
        assertThat(s.networkFolds()).isNull();
        assertThat(s.layers())
                .allSatisfy(l -> assertThat(l.finalNetworkThreshold()).isNull());
        assertThat(BundleFiles.oodJson(s)).doesNotContain("network_folds").doesNotContain("final_network");
    }

    private static int[] alternating(int n) {
        int[] labels = new int[n];
        Arrays.setAll(labels, i -> i % 2);
        return labels;
    }

    private static double flaggedFraction(OodDetector detector, float[][][] crops) {
        return Arrays.stream(crops).filter(c -> detector.score(c).flagged()).count() / (double) crops.length;
    }

    /** Per crop, per depth: the class mean (class 0 at 0, class 1 at 3 in every feature) plus spread x N(0, 1). */
    private static float[][][] crops(SplittableRandom r, int[] labels, double spread) {
        float[][][] x = new float[labels.length][OodDetector.LAYERS.size()][P];
        for (int i = 0; i < labels.length; i++) {
            for (float[] depth : x[i]) {
                for (int j = 0; j < P; j++) {
                    depth[j] = (float) (3.0 * labels[i] + spread * gaussian(r));
                }
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
