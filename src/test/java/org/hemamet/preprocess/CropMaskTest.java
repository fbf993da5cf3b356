package org.hemamet.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hemamet.annotation.BoundingBox;
import org.hemamet.annotation.RoiShape;
import org.junit.jupiter.api.Test;

class CropMaskTest {
    static final LesionCropper.Params P64 = new LesionCropper.Params(64, 0.1, true, 0.5, 99.5);

    private static int count(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }

    @Test
    void aRectangleIsItsWholeBoxInsideTheMargin() {
        // box 100,100 40x40; window 96,96 48x48; crop pixel i has centre 96 + (i + 0.5) * 0.75
        BoundingBox roi = new BoundingBox(100, 100, 40, 40);
        boolean[] m = CropMask.of(new RoiShape.Rect(100, 100, 40, 40), 1, 1, roi, P64);
        assertThat(count(m)).isEqualTo(54 * 54); // columns and rows 5..58
        assertThat(m[5 * 64 + 5]).isTrue();
        assertThat(m[58 * 64 + 58]).isTrue();
        assertThat(m[4 * 64 + 5]).isFalse();
        assertThat(m[5 * 64 + 59]).isFalse();
    }

    @Test
    void withoutMarginOrResizeItIsTheShapesOwnRasterisation() {
        // margin 0, square window of side 30 = output size: one crop pixel per source pixel
        RoiShape ellipse = new RoiShape.Ellipse(50.3, 40.8, 14.2, 8.1, 0.4);
        BoundingBox roi = ellipse.bounds();
        BoundingBox window = CropToRoi.window(roi, 0, true);
        LesionCropper.Params p = new LesionCropper.Params(window.width(), 0, true, 0.5, 99.5);
        boolean[] crop = CropMask.of(ellipse, 1, 1, roi, p);
        boolean[] full = ellipse.mask(200, 200);
        for (int j = 0; j < window.height(); j++) {
            for (int i = 0; i < window.width(); i++) {
                assertThat(crop[j * window.width() + i])
                        .as("pixel %d,%d", i, j)
                        .isEqualTo(full[(window.y() + j) * 200 + window.x() + i]);
            }
        }
        assertThat(count(crop)).isPositive();
    }

    @Test
    void aRegionDrawnOnASmallerExportIsScaledToTheSourceGrid() {
        RoiShape half = new RoiShape.Polygon(new double[] {50, 70, 65, 48}, new double[] {50, 52, 70, 66});
        RoiShape full = new RoiShape.Polygon(new double[] {100, 140, 130, 96}, new double[] {100, 104, 140, 132});
        BoundingBox roi = half.bounds().scale(2, 2);
        assertThat(roi).isEqualTo(full.bounds());
        assertThat(CropMask.of(half, 2, 2, roi, P64)).isEqualTo(CropMask.of(full, 1, 1, roi, P64));
    }

    @Test
    void theMaskCoversTheLesionInTheCrop() {
        // a bright disk on a dark image, cropped as ingest crops it: the mask and the bright pixels agree
        double cx = 83.3;
        double cy = 71.7;
        double r = 17;
        float[] px = new float[200 * 150];
        for (int y = 0; y < 150; y++) {
            for (int x = 0; x < 200; x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                px[y * 200 + x] = dx * dx + dy * dy <= r * r ? 1000 : 100;
            }
        }
        RoiShape circle = new RoiShape.Circle(cx, cy, r);
        BoundingBox roi = circle.bounds();
        LesionCropper.Crop crop = new LesionCropper(P64).crop(new FloatImage(200, 150, px), roi);
        boolean[] mask = CropMask.of(circle, 1, 1, roi, P64);
        int both = 0;
        int either = 0;
        for (int k = 0; k < mask.length; k++) {
            boolean bright = crop.image().pixels()[k] > 0.5f;
            both += bright && mask[k] ? 1 : 0;
            either += bright || mask[k] ? 1 : 0;
        }
        assertThat((double) both / either).as("intersection over union").isGreaterThan(0.95);
        // the disk's area in crop pixels: pi r^2 / 0.75^2 (window 48 px of 64)
        double scale = CropToRoi.window(roi, 0.1, true).width() / 64.0;
        assertThat((double) count(mask)).isCloseTo(Math.PI * r * r / (scale * scale), withinPercent());
    }

    private static org.assertj.core.data.Percentage withinPercent() {
        return org.assertj.core.data.Percentage.withPercentage(3);
    }

    @Test
    void stretchedCropsMapEachAxisOnItsOwn() {
        // keepAspect false: a 40 x 20 box (margin 0) is stretched to 32 x 32, so the rect fills the crop
        BoundingBox roi = new BoundingBox(10, 10, 40, 20);
        LesionCropper.Params p = new LesionCropper.Params(32, 0, false, 0.5, 99.5);
        assertThat(count(CropMask.of(new RoiShape.Rect(10, 10, 40, 20), 1, 1, roi, p)))
                .isEqualTo(32 * 32);
    }

    @Test
    void pointsAndPolylinesHaveNoMask() {
        assertThatThrownBy(() -> CropMask.of(new RoiShape.Point(3, 3), 1, 1, new BoundingBox(0, 0, 5, 5), P64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no area");
    }

    @Test
    void maskPngRoundTripsAndIsDeterministic() {
        boolean[] m = CropMask.of(new RoiShape.Circle(20, 20, 9), 1, 1, new BoundingBox(11, 11, 18, 18), P64);
        byte[] png = MaskPng.encode(m, 64, 64);
        assertThat(MaskPng.encode(m, 64, 64)).isEqualTo(png);
        MaskPng.Mask back = MaskPng.decode(png);
        assertThat(back.width()).isEqualTo(64);
        assertThat(back.height()).isEqualTo(64);
        assertThat(back.inside()).isEqualTo(m);
        FloatImage asImage = LoadImage.load(java.nio.file.Path.of("mask.png"), png);
        assertThat(asImage.width()).isEqualTo(64);
    }
}
