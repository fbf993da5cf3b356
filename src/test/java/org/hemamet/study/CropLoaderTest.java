package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.SavePng16;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CropLoader reads crops as the JDK PNG reader's samples / (2^bits - 1), without probing ImageIO plug-ins. */
class CropLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void sixteenAndEightBitCropsMatchImageIoSamplesAndPrintNothing() throws Exception {
        float[] px = new float[64 * 48];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) ((i * 37 % 1000) / 999.0);
        }
        Path p16 = tmp.resolve("a.png");
        Files.write(p16, SavePng16.encode(new FloatImage(64, 48, px)));
        BufferedImage g8 = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < px.length; i++) {
            g8.getRaster().setSample(i % 64, i / 64, 0, i * 13 % 256);
        }
        Path p8 = tmp.resolve("b.png");
        ImageIO.write(g8, "png", p8.toFile());
        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        float[] a;
        float[] b;
        try {
            System.setOut(new PrintStream(captured, true));
            a = CropLoader.read(p16, 64);
            b = CropLoader.read(p8, 64);
        } finally {
            System.setOut(old);
        }
        assertThat(captured.toString()).isEmpty();
        assertThat(a).isEqualTo(viaImageIo(p16, 65535.0, 64));
        assertThat(b).isEqualTo(viaImageIo(p8, 255.0, 64));
    }

    private static float[] viaImageIo(Path f, double max, int size) throws Exception {
        var r = ImageIO.getImageReadersByFormatName("png").next();
        try (var in = ImageIO.createImageInputStream(f.toFile())) {
            r.setInput(in);
            BufferedImage img = r.read(0);
            int w = img.getWidth();
            int h = img.getHeight();
            int[] v = img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
            float[] out = new float[w * h];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (v[i] / max);
            }
            return new org.hemamet.preprocess.ResizeTo(size, size)
                    .apply(new FloatImage(w, h, out))
                    .pixels();
        }
    }
}
