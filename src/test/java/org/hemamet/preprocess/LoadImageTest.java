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

    /**
     * A JPEG that says it is stored rotated (EXIF orientation 6: shown turned 90° clockwise by browsers, so by
     * VIA) is refused, read or sized: its regions would be cropped from other pixels. Orientation 1 is upright.
     */
    @Test
    void aJpegStoredRotatedIsRefused() throws Exception {
        Path plain = dir.resolve("plain.jpg");
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY), "jpeg", plain.toFile());
        byte[] jpeg = Files.readAllBytes(plain);
        for (boolean little : new boolean[] {false, true}) {
            Path rotated = dir.resolve("rotated-" + little + ".jpg");
            Files.write(rotated, withOrientation(jpeg, 6, little));
            String refusal = rotated + ": a JPEG with EXIF orientation 6 (shown rotated or mirrored by browsers, so by"
                    + " VIA, but stored otherwise)";
            assertThatThrownBy(() -> LoadImage.load(rotated)).hasMessageStartingWith(refusal);
            assertThatThrownBy(() -> LoadImage.size(rotated)).hasMessageStartingWith(refusal);
        }
        Path upright = dir.resolve("upright.jpg");
        Files.write(upright, withOrientation(jpeg, 1, false));
        assertThat(LoadImage.size(upright)).containsExactly(40, 30);
        assertThat(LoadImage.load(upright).width()).isEqualTo(40);
        assertThat(LoadImage.exifOrientation(jpeg)).isEqualTo(1);
        // a JPEG cut after a few bytes: one line naming it, whatever the EXIF reader saw
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, java.util.Arrays.copyOf(jpeg, 10));
        assertThatThrownBy(() -> LoadImage.size(cut))
                .isInstanceOf(org.hemamet.core.HemametException.class)
                .hasMessageStartingWith(cut + ": ");
        assertThatThrownBy(() -> LoadImage.load(cut))
                .isInstanceOf(org.hemamet.core.HemametException.class)
                .hasMessageStartingWith(cut + ": ");
    }

    /** {@code jpeg} with an APP1 Exif segment after SOI holding one IFD0 entry: Orientation = {@code value}. */
    private static byte[] withOrientation(byte[] jpeg, int value, boolean little) {
        java.nio.ByteBuffer tiff = java.nio.ByteBuffer.allocate(26)
                .order(little ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        tiff.put((byte) (little ? 'I' : 'M'))
                .put((byte) (little ? 'I' : 'M'))
                .putShort((short) 42)
                .putInt(8);
        tiff.putShort((short) 1).putShort((short) 0x0112).putShort((short) 3).putInt(1);
        tiff.putShort((short) value).putShort((short) 0).putInt(0);
        byte[] exif = new byte[6 + 26];
        System.arraycopy("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, 26);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int length = exif.length + 2;
        out.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length}, 0, 4);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
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
