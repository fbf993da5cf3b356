package org.hemamet.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The speed-ups in preprocess give exactly the results of the straightforward code they replaced. */
class FastPathsTest {
    @Test
    void radixPercentilesEqualSelectionOnRandomTiedCloseAndTinyArrays() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[][] pairs = {{0, 100}, {0.5, 99.5}, {1, 99}, {2.5, 97.5}, {50, 50.5}, {0, 0.5}, {99.5, 100}};
        for (int trial = 0; trial < 100; trial++) { // 40 tiny, then each kind 15 times
            int n = trial < 40 ? 1 + trial : 1 + rnd.nextInt(70_000);
            float[] a = new float[n];
            int kind = trial % 4;
            for (int i = 0; i < n; i++) {
                a[i] = switch (kind) {
                    case 0 -> (float) (rnd.nextInt(5) * 0.37 - 100); // many ties
                    case 1 -> (float) (rnd.nextInt(1 << 20) * 0.37 - 100); // almost none, both signs
                    case 2 -> 1000f + rnd.nextInt(1 << 12) * Math.ulp(1000f); // all in one or two top-16-bit buckets
                    default -> (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-30, 30))); // every scale, +-0
                };
            }
            if (kind == 3 && n > 2) {
                a[0] = -0.0f;
                a[1] = 0.0f;
            }
            for (double[] pq : pairs) {
                float[] copy = a.clone();
                double[] got = new ScaleIntensityPercentile(pq[0], pq[1]).range(new FloatImage(n, 1, copy));
                assertThat(got[0])
                        .as("n=%d p=%s", n, pq[0])
                        .isEqualTo(ScaleIntensityPercentile.percentile(a.clone(), pq[0]) + 0.0);
                assertThat(got[1])
                        .as("n=%d p=%s", n, pq[1])
                        .isEqualTo(ScaleIntensityPercentile.percentile(a.clone(), pq[1]) + 0.0);
                assertThat(copy).isEqualTo(a); // input untouched
            }
        }
        // hand-computed: 0..199, p = 0.5 -> pos 0.995 -> 0.995; p = 99.5 -> pos 198.005 -> 198.005
        float[] r = new float[200];
        for (int i = 0; i < 200; i++) {
            r[(i * 7) % 200] = i;
        }
        double[] range = new ScaleIntensityPercentile(0.5, 99.5).range(new FloatImage(200, 1, r));
        assertThat(range[0]).isCloseTo(0.995, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(range[1]).isCloseTo(198.005, org.assertj.core.data.Offset.offset(1e-9));
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
