package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    // 3x3: 0 1 2 / 3 4 5 / 6 7 8
    static final float[] IMG = {0, 1, 2, 3, 4, 5, 6, 7, 8};

    @Test
    void randFlipMirrorsColumnsWhenDrawnAndCopiesOtherwise() {
        float[] out = new float[9];
        new RandFlip(1).apply(IMG, out, 3, new SplittableRandom(1));
        assertThat(out).containsExactly(2, 1, 0, 5, 4, 3, 8, 7, 6);
        new RandFlip(0).apply(IMG, out, 3, new SplittableRandom(1));
        assertThat(out).containsExactly(IMG);
    }

    @Test
    void rotationByNinetyDegreesPermutesPixelsAndZeroIsIdentity() {
        float[] out = new float[9];
        RandRotate.rotate(IMG, out, 3, Math.PI / 2);
        // counter-clockwise: the right column becomes the top row
        assertThat(out).containsExactly(new float[] {2, 5, 8, 1, 4, 7, 0, 3, 6}, within(1e-5f));
        new RandRotate(0).apply(IMG, out, 3, new SplittableRandom(1));
        assertThat(out).containsExactly(IMG);
    }

    @Test
    void intensityJitterStaysInTheUnitRangeAndIsSeeded() {
        float[] a = {0f, 0.5f, 1f};
        float[] b = a.clone();
        new RandIntensityJitter(0.5).apply(a, new SplittableRandom(9));
        new RandIntensityJitter(0.5).apply(b, new SplittableRandom(9));
        assertThat(a).containsExactly(b);
        for (float v : a) {
            assertThat(v).isBetween(0f, 1f);
        }
        assertThat(a[1]).isNotEqualTo(0.5f);
    }

    @Test
    void noneCopiesAndIsTheDefault() {
        float[] out = new float[9];
        Augmentation.none().apply(IMG, out, new float[9], 3, new SplittableRandom(1));
        assertThat(out).containsExactly(IMG);
        assertThat(Augmentation.none().isNone()).isTrue();
        assertThat(Augmentation.standard()).isEqualTo(new Augmentation(true, 10, 0.1));
    }
}
