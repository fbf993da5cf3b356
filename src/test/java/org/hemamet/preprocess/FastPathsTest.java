package org.hemamet.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The speed-ups in preprocess give exactly the results of the straightforward code they replaced. */
class FastPathsTest {
    @Test
    void heapPercentilesEqualSelectionOnRandomTiedAndTinyArrays() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] ps = {0, 0.5, 1, 2.5, 50, 97.5, 99, 99.5, 100};
        for (int trial = 0; trial < 400; trial++) {
            int n = trial < 40 ? 1 + trial : 1 + rnd.nextInt(70_000);
            float[] a = new float[n];
            int levels = trial % 3 == 0 ? 5 : 1 << 20; // many ties, or almost none
            for (int i = 0; i < n; i++) {
                a[i] = (float) (rnd.nextInt(levels) * 0.37 - 100);
            }
            for (double p : ps) {
                float[] copy = a.clone();
                double expected = ScaleIntensityPercentile.percentile(a.clone(), p);
                assertThat(ScaleIntensityPercentile.fastPercentile(copy, p))
                        .as("n=%d p=%s", n, p)
                        .isEqualTo(expected);
                assertThat(copy).isEqualTo(a); // input untouched
            }
        }
        // hand-computed: 0..199, p = 0.5 -> pos 0.995 -> 0.995; p = 99.5 -> pos 198.005 -> 198.005
        float[] r = new float[200];
        for (int i = 0; i < 200; i++) {
            r[(i * 7) % 200] = i;
        }
        assertThat(ScaleIntensityPercentile.fastPercentile(r, 0.5))
                .isCloseTo(0.995, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ScaleIntensityPercentile.fastPercentile(r, 99.5))
                .isCloseTo(198.005, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void png16QuantisationEqualsMathRound() {
        SplittableRandom rnd = new SplittableRandom(5);
        float[] v = new float[1 << 16];
        for (int i = 0; i < v.length; i++) {
            // exact half steps, their float neighbours, and random values
            float half = (i % 65535 + 0.5f) / 65535f;
            v[i] = switch (i % 4) {
                case 0 -> half;
                case 1 -> Math.nextDown(half);
                case 2 -> Math.nextUp(half);
                default -> (float) rnd.nextDouble();
            };
        }
        v[0] = 0.49999997f / 65535f;
        FloatImage img = new FloatImage(256, 256, v);
        byte[] png = SavePng16.encode(img);
        FloatImage back = LoadImage.decodeGrayPng(java.nio.file.Path.of("x.png"), png);
        for (int i = 0; i < v.length; i++) {
            assertThat((int) back.pixels()[i]).as("v=%s", v[i]).isEqualTo(Math.round(v[i] * 65535f));
        }
    }
}
