package org.hemamet.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.hemamet.annotation.BoundingBox;
import org.junit.jupiter.api.Test;

class TransformsTest {
    static final double DELTA = 1e-6;

    static FloatImage ramp(int w, int h) {
        float[] p = new float[w * h];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        return new FloatImage(w, h, p);
    }

    @Test
    void resizeShrinksByExactAreaAveraging() {
        FloatImage out = new ResizeTo(2, 2).apply(ramp(4, 4));
        // block means: (0+1+4+5)/4 = 2.5, (2+3+6+7)/4 = 4.5, 10.5, 12.5
        assertThat(out.pixels()).containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
        // non-integer factor 3 -> 2: output 0 covers source [0,1.5): (1*v0 + 0.5*v1)/1.5
        FloatImage row = new ResizeTo(2, 1).apply(new FloatImage(3, 1, new float[] {3, 6, 9}));
        assertThat((double) row.get(0, 0)).isCloseTo((3 + 0.5 * 6) / 1.5, within(DELTA));
        assertThat((double) row.get(1, 0)).isCloseTo((0.5 * 6 + 9) / 1.5, within(DELTA));
    }

    @Test
    void resizeAntiAliasesAnAlternatingPattern() {
        float[] p = new float[16 * 16];
        for (int i = 0; i < p.length; i++) {
            p[i] = ((i % 16) + (i / 16)) % 2 == 0 ? 0 : 100; // checkerboard at Nyquist
        }
        FloatImage out = new ResizeTo(4, 4).apply(new FloatImage(16, 16, p));
        for (float v : out.pixels()) {
            assertThat((double) v).isCloseTo(50, within(DELTA)); // nearest-neighbour would give 0 or 100
        }
    }

    @Test
    void resizeEnlargesLinearlyBetweenPixelCentres() {
        FloatImage out = new ResizeTo(4, 1).apply(new FloatImage(2, 1, new float[] {0, 8}));
        // centres at 0.25*... : source coordinate c = (o+0.5)/2 - 0.5 = -0.25, 0.25, 0.75, 1.25
        assertThat(out.pixels()).containsExactly(0f, 2f, 6f, 8f);
    }

    @Test
    void percentileMatchesNumpyLinear() {
        float[] a = {5, 1, 4, 2, 3};
        assertThat(ScaleIntensityPercentile.percentile(a.clone(), 50)).isEqualTo(3.0);
        assertThat(ScaleIntensityPercentile.percentile(a.clone(), 0)).isEqualTo(1.0);
        assertThat(ScaleIntensityPercentile.percentile(a.clone(), 100)).isEqualTo(5.0);
        // numpy.percentile([1,2,3,4,5], 10) = 1.4 ; 99.5 -> 4.98
        assertThat(ScaleIntensityPercentile.percentile(a.clone(), 10)).isCloseTo(1.4, within(DELTA));
        assertThat(ScaleIntensityPercentile.percentile(a.clone(), 99.5)).isCloseTo(4.98, within(DELTA));
        float[] big = new float[1001];
        for (int i = 0; i < big.length; i++) {
            big[i] = (i * 7919) % 1001; // a permutation of 0..1000
        }
        assertThat(ScaleIntensityPercentile.percentile(big, 0.5)).isCloseTo(5.0, within(DELTA));
    }

    @Test
    void scaleClipsOutsideThePercentileRange() {
        float[] p = new float[201];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        ScaleIntensityPercentile.Result r = new ScaleIntensityPercentile(0.5, 99.5).apply(new FloatImage(201, 1, p));
        assertThat(r.low()).isCloseTo(1.0, within(DELTA));
        assertThat(r.high()).isCloseTo(199.0, within(DELTA));
        assertThat(r.image().pixels()[0]).isEqualTo(0f);
        assertThat(r.image().pixels()[200]).isEqualTo(1f);
        assertThat((double) r.image().pixels()[100]).isCloseTo(0.5, within(DELTA));
        ScaleIntensityPercentile.Result flat =
                new ScaleIntensityPercentile(0.5, 99.5).apply(new FloatImage(2, 2, new float[] {7, 7, 7, 7}));
        assertThat(flat.image().pixels()).containsOnly(0f);
    }

    @Test
    void cropWindowAddsMarginAndSquares() {
        BoundingBox roi = new BoundingBox(100, 50, 40, 20);
        assertThat(CropToRoi.window(roi, 0.0, false)).isEqualTo(roi);
        assertThat(CropToRoi.window(roi, 0.25, false)).isEqualTo(new BoundingBox(90, 45, 60, 30));
        assertThat(CropToRoi.window(roi, 0.0, true)).isEqualTo(new BoundingBox(100, 40, 40, 40));
    }

    @Test
    void cropRepeatsEdgePixelsOutsideTheImage() {
        FloatImage img = ramp(3, 3); // 0..8
        FloatImage c = new CropToRoi(new BoundingBox(-1, -1, 2, 2)).apply(img);
        assertThat(c.pixels()).containsExactly(0f, 0f, 0f, 0f);
        FloatImage d = new CropToRoi(new BoundingBox(1, 1, 3, 2)).apply(img);
        assertThat(d.pixels()).containsExactly(4f, 5f, 5f, 7f, 8f, 8f);
    }

    @Test
    void lumaOfRgbUsesBt601Weights() {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        rgb.setRGB(1, 0, 0x0000FF);
        FloatImage f = ToLuminance.apply(rgb);
        assertThat((double) f.get(0, 0)).isCloseTo(0.299 * 255, within(1e-3));
        assertThat((double) f.get(1, 0)).isCloseTo(0.114 * 255, within(1e-3));
        BufferedImage g16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        short[] d = ((DataBufferUShort) g16.getRaster().getDataBuffer()).getData();
        d[0] = (short) 65535;
        d[1] = 1234;
        assertThat(ToLuminance.apply(g16).pixels()).containsExactly(65535f, 1234f);
    }

    @Test
    void png16RoundTripsExactlyThroughImageIo() throws Exception {
        float[] p = new float[300 * 7];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i * 37 % 65536) / 65535f;
        }
        p[0] = -0.5f;
        p[1] = 1.5f;
        byte[] png = SavePng16.encode(new FloatImage(300, 7, p));
        assertThat(SavePng16.encode(new FloatImage(300, 7, p.clone()))).isEqualTo(png);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(back.getType()).isEqualTo(BufferedImage.TYPE_USHORT_GRAY);
        short[] d = ((DataBufferUShort) back.getRaster().getDataBuffer()).getData();
        assertThat(d[0] & 0xFFFF).isEqualTo(0);
        assertThat(d[1] & 0xFFFF).isEqualTo(65535);
        for (int i = 2; i < p.length; i++) {
            assertThat(d[i] & 0xFFFF).isEqualTo(i * 37 % 65536);
        }
    }

    @Test
    void lesionCropperGivesSizedImageInUnitRange() {
        FloatImage img = ramp(64, 64);
        LesionCropper.Crop c =
                new LesionCropper(LesionCropper.Params.DEFAULT).crop(img, new BoundingBox(10, 20, 30, 10));
        assertThat(c.image().width()).isEqualTo(256);
        assertThat(c.image().height()).isEqualTo(256);
        assertThat(c.window()).isEqualTo(new BoundingBox(7, 7, 36, 36));
        for (float v : c.image().pixels()) {
            assertThat(v).isBetween(0f, 1f);
        }
        assertThat(c.high()).isGreaterThan(c.low());
    }
}
