package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.hemamet.model.CnnTrainer;
import org.hemamet.model.GradCam;
import org.hemamet.model.HyperParams;
import org.hemamet.model.OcclusionSensitivity;
import org.hemamet.model.TrainedCnn;
import org.hemamet.model.TrainingData;
import org.hemamet.model.TrainingRequest;
import org.hemamet.study.EarlyFusion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Heat maps of an early-fused network (2 sequences, 4 input channels: two crops and two availability planes,
 * as {@link EarlyFusion#stack} builds them) trained on a tiny synthetic set whose class is in the first
 * sequence's crop only (a bright disc for the positive class, a dark one for the other, anywhere in the crop);
 * the second sequence's crop is a disc of one grey for both classes at another place, and every third lesion
 * lacks the second sequence (its channel masked). The one map lies on the disc of the informative channel,
 * the masked channel is a "not acquired" panel with no image, and an acquired panel is the map over that
 * sequence's crop.
 */
class FusedHeatMapsTest {
    static final int SIZE = 32;
    static final int RADIUS = 5;
    static final List<String> SEQUENCES = List.of("T1", "T2");

    /** A lesion: its crops (T2 null when masked), label and the informative disc's centre. */
    record Lesion(float[][] crops, int label, int cx, int cy) {
        float[] input() {
            return EarlyFusion.stack(Arrays.asList(crops), SIZE);
        }

        boolean near(int x, int y, int d) {
            return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= d * d;
        }
    }

    static TrainedCnn cnn;
    static List<Lesion> test;

    @BeforeAll
    static void train() {
        List<Lesion> train = lesions(96, 31);
        test = lesions(40, 32);
        float[][] images = train.stream().map(Lesion::input).toArray(float[][]::new);
        int[] labels = train.stream().mapToInt(Lesion::label).toArray();
        cnn = CnnTrainer.train(TrainingRequest.builder()
                .setTrainData(new TrainingData(images, labels, SIZE, EarlyFusion.channels(2), 2))
                .setHyperParams(new HyperParams(1e-3, 8, 10, 0.5))
                .setSeed(5)
                .build());
        double[] p = cnn.predictPositive(test.stream().map(Lesion::input).toArray(float[][]::new));
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += (p[i] >= 0.5 ? 1 : 0) == test.get(i).label() ? 1 : 0;
        }
        assertThat((double) right / p.length)
                .as("accuracy of the fused network")
                .isGreaterThanOrEqualTo(0.9);
    }

    @AfterAll
    static void close() {
        cnn.close();
    }

    @Test
    void theOneMapOfTheFusedNetworkLiesOnTheLesionOfTheInformativeChannel() {
        double inside = 0;
        double insideMasked = 0;
        int n = 0;
        int masked = 0;
        for (Lesion l : test) {
            if (l.label() != 1) {
                continue;
            }
            float[] map = HeatMaps.map(cnn, l.input(), HeatMaps.Method.GRADCAM, 1);
            // what the heat maps draw is Grad-CAM of the fused network on the lesion's channel stack
            assertThat(map).containsExactly(new GradCam(cnn).compute(l.input(), 1));
            double share = share(map, l);
            inside += share;
            n++;
            if (l.crops()[1] == null) {
                insideMasked += share;
                masked++;
            }
        }
        assertThat(masked).isPositive();
        System.out.printf(
                java.util.Locale.ROOT,
                "fused Grad-CAM mass on the T1 disc: %.3f (%d lesions), T2 masked %.3f (%d)%n",
                inside / n,
                n,
                insideMasked / masked,
                masked);
        // the disc dilated by 4 px covers ~0.25 of the crop: a map blind to it puts about that much inside
        assertThat(inside / n).as("mean Grad-CAM mass on the T1 disc").isGreaterThan(0.6);
        assertThat(insideMasked / masked)
                .as("mean Grad-CAM mass on the T1 disc, T2 masked")
                .isGreaterThan(0.6);
    }

    @Test
    void occlusionOfAFusedInputHidesTheSquareInEveryCropAndItsMapLiesOnTheLesion() {
        double inside = 0;
        int n = 0;
        for (Lesion l : test) {
            if (l.label() == 1) {
                inside += share(new OcclusionSensitivity(cnn, 8, 4).compute(l.input(), 1), l);
                n++;
            }
        }
        System.out.printf(
                java.util.Locale.ROOT, "fused occlusion mass on the T1 disc: %.3f (%d lesions)%n", inside / n, n);
        assertThat(inside / n).as("mean occlusion mass on the T1 disc").isGreaterThan(0.5);
    }

    @Test
    void eachAcquiredSequenceIsAPanelOfTheMapOverItsCropAndAMaskedOneReadsNotAcquired() {
        Lesion lacking =
                test.stream().filter(l -> l.crops()[1] == null).findFirst().orElseThrow();
        Lesion both =
                test.stream().filter(l -> l.crops()[1] != null).findFirst().orElseThrow();
        int d = HeatMaps.MIN_DISPLAY;
        int w = HeatMaps.panelWidth(d);
        for (Lesion l : List.of(lacking, both)) {
            float[] map = HeatMaps.map(cnn, l.input(), HeatMaps.Method.GRADCAM, 1);
            BufferedImage img = HeatMaps.panels(channels(l), map, SIZE, "Grad-CAM");
            assertThat(img.getWidth()).isEqualTo(2 * w + HeatMaps.PANEL_GAP);
            assertThat(img.getHeight()).isEqualTo(d);
            // the first panel is the map over the T1 crop, titled with its sequence
            assertThat(rgb(img.getSubimage(0, 0, w, d)))
                    .isEqualTo(rgb(HeatMaps.overlay(l.crops()[0], SIZE, map, SIZE, null, "T1  Grad-CAM")));
            BufferedImage second = img.getSubimage(w + HeatMaps.PANEL_GAP, 0, w, d);
            if (l == both) {
                assertThat(rgb(second)).isEqualTo(rgb(HeatMaps.overlay(l.crops()[1], SIZE, map, SIZE, null, "T2")));
            } else {
                // not drawn: the background and grey label text only, no crop, no map colour
                int background = HeatMaps.NOT_ACQUIRED_BACKGROUND.getRGB() & 0xFFFFFF;
                int plain = 0;
                for (int p : rgb(second)) {
                    Color c = new Color(p);
                    assertThat(c.getRed() == c.getGreen() && c.getGreen() == c.getBlue())
                            .as("a grey pixel")
                            .isTrue();
                    plain += (p & 0xFFFFFF) == background ? 1 : 0;
                }
                assertThat((double) plain / (w * d)).isGreaterThan(0.97);
                // ... and the label is there: some pixels are text
                assertThat(plain).isLessThan(w * d);
            }
        }
    }

    @Test
    void aChannelsLesionBoxIsOutlinedOnItsPanelAsOnASingleSequencesOverlay() {
        Lesion both =
                test.stream().filter(l -> l.crops()[1] != null).findFirst().orElseThrow();
        int d = HeatMaps.MIN_DISPLAY;
        int w = HeatMaps.panelWidth(d);
        float[] map = HeatMaps.map(cnn, both.input(), HeatMaps.Method.GRADCAM, 1);
        double[] box = {6, 8, 12, 10};
        List<HeatMaps.Channel> boxed = List.of(
                new HeatMaps.Channel(SEQUENCES.get(0), both.crops()[0], SIZE),
                new HeatMaps.Channel(SEQUENCES.get(1), both.crops()[1], SIZE, box));
        BufferedImage img = HeatMaps.panels(boxed, map, SIZE, "Grad-CAM");
        BufferedImage plain = HeatMaps.panels(channels(both), map, SIZE, "Grad-CAM");
        // the T2 panel is the single-sequence overlay with the box; the T1 panel has none
        assertThat(rgb(img.getSubimage(w + HeatMaps.PANEL_GAP, 0, w, d)))
                .isEqualTo(rgb(HeatMaps.overlay(both.crops()[1], SIZE, map, SIZE, box, "T2")))
                .isNotEqualTo(rgb(plain.getSubimage(w + HeatMaps.PANEL_GAP, 0, w, d)));
        assertThat(rgb(img.getSubimage(0, 0, w, d))).isEqualTo(rgb(plain.getSubimage(0, 0, w, d)));
        // the box's top edge starts with a dash of cyan at (6, 8) crop pixels
        double k = (double) d / SIZE;
        Color c = new Color(img.getRGB(w + HeatMaps.PANEL_GAP + (int) (6 * k) + 3, (int) (8 * k)));
        assertThat(c.getRed()).isLessThan(c.getGreen() / 2);
        assertThat(c.getBlue()).isGreaterThan(150);
    }

    // ------------------------------------------------------------------------------------------ fixture

    private static List<HeatMaps.Channel> channels(Lesion l) {
        List<HeatMaps.Channel> out = new ArrayList<>();
        for (int j = 0; j < SEQUENCES.size(); j++) {
            out.add(new HeatMaps.Channel(SEQUENCES.get(j), l.crops()[j], SIZE));
        }
        return out;
    }

    /** Share of the map's mass within the informative disc dilated by 4 px. */
    private static double share(float[] map, Lesion l) {
        boolean[] mask = new boolean[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                mask[y * SIZE + x] = l.near(x, y, RADIUS + 4);
            }
        }
        double s = HeatMaps.massInside(map, mask);
        return Double.isNaN(s) ? 0 : s;
    }

    private static List<Lesion> lesions(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int jitter = SIZE / 2 - RADIUS - 1;
        List<Lesion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            int cx = SIZE / 2 + r.nextInt(2 * jitter + 1) - jitter;
            int cy = SIZE / 2 + r.nextInt(2 * jitter + 1) - jitter;
            float[] t1 = disc(r, cx, cy, label == 1 ? 0.95f : 0.0f);
            float[] t2 = i % 3 == 0 ? null : disc(r, SIZE - 1 - cx, SIZE - 1 - cy, 0.7f);
            out.add(new Lesion(new float[][] {t1, t2}, label, cx, cy));
        }
        return out;
    }

    private static float[] disc(SplittableRandom r, int cx, int cy, float value) {
        float[] px = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean in = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= RADIUS * RADIUS;
                px[y * SIZE + x] = in ? value : (float) (0.3 + (r.nextDouble() - 0.5) * 0.1);
            }
        }
        return px;
    }

    private static int[] rgb(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
