package org.hemamet.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/**
 * The crop storage: {@link SavePng16} at its level ({@link SavePng16#DEFLATE_LEVEL}) is a standard 16-bit
 * grayscale PNG whose decoded values (the JDK's own PNG reader) are round(v × 65535), clipped, and equal to the
 * level-6 file's, the encoder before the ingest-speed work, and to the stored (uncompressed) file's: the
 * compression ({@link CropCompression}) changes the bytes, not the pixels.
 */
class SavePng16Test {
    @Test
    void cropLevelDecodesToTheLevel6PixelsAndTheRoundedValues() throws IOException {
        assertThat(SavePng16.DEFLATE_LEVEL).isEqualTo(1);
        SplittableRandom rnd = new SplittableRandom(3);
        int w = 256;
        int h = 256;
        float[] v = new float[w * h];
        for (int i = 0; i < v.length; i++) {
            // a smooth ramp with noise, plus clipped and extreme values
            v[i] = (float) (((i % w) + (i / w)) / 512.0 + rnd.nextGaussian() * 0.02);
        }
        v[0] = -0.5f;
        v[1] = 1.5f;
        v[2] = 0f;
        v[3] = 1f;
        v[4] = 0.5f / 65535f;
        FloatImage img = new FloatImage(w, h, v);
        byte[] now = SavePng16.encode(img);
        byte[] level6 = SavePng16.encode(img, 6);
        assertThat(now).isNotEqualTo(level6); // other bytes ...
        int[] a = decode(now);
        assertThat(a).isEqualTo(decode(level6)); // ... same pixels
        for (int i = 0; i < v.length; i++) {
            int want = v[i] <= 0 ? 0 : v[i] >= 1 ? 65535 : Math.round(v[i] * 65535f);
            assertThat(a[i]).as("pixel %d", i).isEqualTo(want);
        }
        assertThat(SavePng16.encode(img)).as("deterministic").isEqualTo(now);
        assertThat(SavePng16.encode(img, CropCompression.FAST)).isEqualTo(now);
        assertThat(SavePng16.encode(img, CropCompression.SMALL)).isEqualTo(level6);
        byte[] stored = SavePng16.encode(img, CropCompression.NONE);
        assertThat(decode(stored)).as("stored: same pixels").isEqualTo(a);
        // stored blocks: the rows uncompressed (1 + 2 x 256 bytes each) plus the framing only
        assertThat(stored.length).isBetween((1 + 2 * w) * h, (1 + 2 * w) * h + 100);
        assertThat(SavePng16.encode(img, CropCompression.NONE))
                .as("deterministic")
                .isEqualTo(stored);
    }

    @Test
    void storedPngOfAnyShapeIsReadByTheJdkAndByZlib() throws Exception {
        SplittableRandom rnd = new SplittableRandom(5);
        // one row, several stored blocks (> 65535 bytes of rows), a block boundary inside a row
        for (int[] wh : new int[][] {{1, 1}, {300, 7}, {256, 256}, {1000, 70}}) {
            float[] v = new float[wh[0] * wh[1]];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextDouble(-0.1, 1.1);
            }
            FloatImage img = new FloatImage(wh[0], wh[1], v);
            byte[] stored = SavePng16.encode(img, CropCompression.NONE);
            assertThat(decode(stored)).as("%dx%d", wh[0], wh[1]).isEqualTo(decode(SavePng16.encode(img)));
            // the IDAT is a valid zlib stream (Adler-32 checked by the inflater)
            byte[] idat = java.util.Arrays.copyOfRange(stored, 8 + 25 + 8, stored.length - 12 - 4);
            java.util.zip.Inflater inf = new java.util.zip.Inflater();
            inf.setInput(idat);
            byte[] raw = new byte[(1 + 2 * wh[0]) * wh[1]];
            assertThat(inf.inflate(raw)).isEqualTo(raw.length);
            assertThat(inf.finished()).isTrue();
            inf.end();
        }
    }

    @Test
    void compressionWordsParse() {
        assertThat(CropCompression.parse("None")).isEqualTo(CropCompression.NONE);
        assertThat(CropCompression.parse("fast")).isEqualTo(CropCompression.FAST);
        assertThat(CropCompression.parse("small")).isEqualTo(CropCompression.SMALL);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CropCompression.parse("zip"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fast, small or none");
    }

    /** The 16-bit samples as the JDK's PNG reader decodes them (checks the header says 16-bit grayscale). */
    private static int[] decode(byte[] png) throws IOException {
        ImageReader r = ImageIO.getImageReadersByFormatName("png").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            r.setInput(in);
            java.awt.image.BufferedImage im = r.read(0);
            assertThat(im.getType()).isEqualTo(java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
            return im.getRaster().getSamples(0, 0, im.getWidth(), im.getHeight(), 0, (int[]) null);
        } finally {
            r.dispose();
        }
    }
}
