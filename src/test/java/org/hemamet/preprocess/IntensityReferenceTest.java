package org.hemamet.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hemamet.annotation.BoundingBox;
import org.hemamet.annotation.RoiShape;
import org.junit.jupiter.api.Test;

/**
 * The intensity references of {@link LesionCropper}: per crop a uniformly bright and a uniformly dark lesion
 * come out alike; per slice and per reference region they keep their brightness relative to the image.
 */
class IntensityReferenceTest {
    static final int N = 100;

    /** Background 0, "marrow" 1000 on the left half, a bright (1000) and a dark (400) lesion on the right. */
    static FloatImage image() {
        float[] px = new float[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                float v = x < 50 ? 1000 : 100;
                if (y >= 10 && y < 30 && x >= 60 && x < 80) {
                    v = 1000;
                }
                if (y >= 60 && y < 80 && x >= 60 && x < 80) {
                    v = 400;
                }
                px[y * N + x] = v;
            }
        }
        return new FloatImage(N, N, px);
    }

    static final BoundingBox BRIGHT = new BoundingBox(60, 10, 20, 20);
    static final BoundingBox DARK = new BoundingBox(60, 60, 20, 20);

    static float centre(LesionCropper.Crop c) {
        int s = c.image().width();
        return c.image().pixels()[(s / 2) * s + s / 2];
    }

    static LesionCropper cropper(IntensityReference r) {
        return new LesionCropper(new LesionCropper.Params(32, 0.1, true, 0.5, 99.5, r));
    }

    @Test
    void perCropABrightAndADarkLesionComeOutAlike() {
        LesionCropper c = cropper(IntensityReference.CROP);
        assertThat(centre(c.crop(image(), BRIGHT))).isEqualTo(1f);
        assertThat(centre(c.crop(image(), DARK))).isEqualTo(1f);
    }

    @Test
    void perSliceTheLesionsKeepTheirBrightnessRelativeToTheImage() {
        LesionCropper c = cropper(IntensityReference.SLICE);
        LesionCropper.Crop bright = c.crop(image(), BRIGHT);
        LesionCropper.Crop dark = c.crop(image(), DARK);
        assertThat(bright.low()).isEqualTo(dark.low()).isEqualTo(100);
        assertThat(bright.high()).isEqualTo(dark.high()).isEqualTo(1000);
        assertThat(centre(bright)).isEqualTo(1f);
        assertThat(centre(dark)).isCloseTo(300f / 900f, within(1e-5f));
    }

    @Test
    void perReferenceRegionItsMedianMapsToTheFixedLevel() {
        FloatImage img = image();
        double median = LesionCropper.referenceMedian(img, new RoiShape.Rect(10, 40, 20, 20), 1, 1);
        assertThat(median).isEqualTo(1000);
        LesionCropper c = cropper(IntensityReference.REFERENCE);
        assertThat(centre(c.crop(img, BRIGHT, median))).isCloseTo((float) LesionCropper.REFERENCE_LEVEL, within(1e-6f));
        assertThat(centre(c.crop(img, DARK, median)))
                .isCloseTo((float) (0.4 * LesionCropper.REFERENCE_LEVEL), within(1e-6f));
        assertThatThrownBy(() -> c.crop(img, DARK)).hasMessageContaining("reference");
        assertThatThrownBy(() -> c.crop(img, DARK, 0)).hasMessageContaining("median");
    }

    @Test
    void aReferenceDrawnOnAnExportIsScaledToTheSourceGrid() {
        // drawn on a half-size export: (5, 20, 10, 10) covers source pixels 10..29 x 40..59
        assertThat(LesionCropper.referenceMedian(image(), new RoiShape.Rect(5, 20, 10, 10), 2, 2))
                .isEqualTo(1000);
        assertThat(LesionCropper.referenceMedian(image(), new RoiShape.Rect(30, 30, 10, 5), 2, 2))
                .isEqualTo(400);
    }

    @Test
    void theKeyNamesTheReferenceOnlyWhenItIsNotPerCrop() {
        LesionCropper.Params crop = LesionCropper.Params.DEFAULT.withIntensity(IntensityReference.CROP);
        assertThat(crop.key()).isEqualTo("size=256;margin=0.1;aspect=keep;percentiles=0.5-99.5;resize=area/linear;v1");
        assertThat(crop.withIntensity(IntensityReference.SLICE).key())
                .isEqualTo(
                        "size=256;margin=0.1;aspect=keep;percentiles=0.5-99.5;intensity=slice;resize=area/linear;v1");
        assertThat(IntensityReference.parse("Reference")).isEqualTo(IntensityReference.REFERENCE);
        assertThatThrownBy(() -> IntensityReference.parse("series")).hasMessageContaining("crop, slice or reference");
    }
}
