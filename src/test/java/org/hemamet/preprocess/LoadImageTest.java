package org.hemamet.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadImageTest {
    @TempDir
    Path dir;

    @Test
    void aHugeImageIsRefusedFromItsHeaderBeforeDecoding() throws Exception {
        Path f = dir.resolve("huge.png");
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY), "png", f.toFile());
        byte[] b = Files.readAllBytes(f);
        java.nio.ByteBuffer.wrap(b).putInt(16, 20000).putInt(20, 20000); // IHDR width, height
        Files.write(f, b);
        assertThatThrownBy(() -> LoadImage.load(f))
                .hasMessage(
                        f + ": image of 20000x20000 pixels exceeds the limit of 8192x8192 (refused before decoding)");
    }

    @Test
    void aOnePixelImageIsNotAnMrImage() throws Exception {
        for (String format : new String[] {"png", "jpeg"}) {
            Path f = dir.resolve("tiny." + format);
            ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), format, f.toFile());
            assertThatThrownBy(() -> LoadImage.load(f))
                    .hasMessageContaining(": image of 1x1 pixels is smaller than 8x8");
        }
    }

    /** ImageIO's PNG writer picks filters adaptively per row (None/Sub/Up/Average/Paeth): all must decode. */
    @Test
    void fastGrayPngDecoderMatchesImageIoFor8And16Bit() throws Exception {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY}) {
            int max = type == BufferedImage.TYPE_BYTE_GRAY ? 255 : 65535;
            BufferedImage img = new BufferedImage(97, 61, type);
            for (int y = 0; y < 61; y++) {
                for (int x = 0; x < 97; x++) {
                    int v = y < 20 ? rnd.nextInt(max + 1) : (x * 37 + y * 11) % (max + 1);
                    img.getRaster().setSample(x, y, 0, v);
                }
            }
            Path f = dir.resolve("g" + type + ".png");
            ImageIO.write(img, "png", f.toFile());
            assertThat(LoadImage.decodeGrayPng(f, Files.readAllBytes(f))).isNotNull();
            FloatImage got = LoadImage.load(f);
            assertThat(LoadImage.size(f)).containsExactly(97, 61);
            for (int y = 0; y < 61; y++) {
                for (int x = 0; x < 97; x++) {
                    assertThat(got.get(x, y)).isEqualTo((float) img.getRaster().getSample(x, y, 0));
                }
            }
        }
    }

    @Test
    void colourPngAndJpegGoThroughImageIo() throws Exception {
        BufferedImage rgb = new BufferedImage(12, 9, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 1, 0x00FF00);
        Path png = dir.resolve("c.png");
        ImageIO.write(rgb, "png", png.toFile());
        assertThat((double) LoadImage.load(png).get(1, 1))
                .isCloseTo(0.587 * 255, org.assertj.core.api.Assertions.within(1e-3));
        Path jpg = dir.resolve("c.jpg");
        ImageIO.write(rgb, "jpeg", jpg.toFile());
        assertThat(LoadImage.size(jpg)).containsExactly(12, 9);
        assertThat(LoadImage.load(jpg).width()).isEqualTo(12);
        Path txt = dir.resolve("x.png");
        Files.writeString(txt, "hello");
        assertThatThrownBy(() -> LoadImage.load(txt))
                .hasMessage(txt + ": not a PNG/JPEG image (nor a DICOM file: no DICM at byte 128)");
    }
}
