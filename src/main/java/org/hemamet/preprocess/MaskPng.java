package org.hemamet.preprocess;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * A binary mask as an 8-bit grayscale PNG: 255 inside, 0 outside. Written by a minimal deterministic
 * encoder (IHDR, one IDAT with filter "None" on every row at zlib level 6, IEND; no timestamps), so the
 * same mask always gives the same bytes; read back with ImageIO (inside = value ≥ 128).
 */
public final class MaskPng {
    private MaskPng() {}

    /** Encodes a row-major {@code width × height} mask. */
    public static byte[] encode(boolean[] mask, int width, int height) {
        if (width <= 0 || height <= 0 || mask.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " mask needs " + (long) width * height
                    + " entries, got " + mask.length);
        }
        int stride = 1 + width;
        byte[] raw = new byte[stride * height];
        for (int y = 0; y < height; y++) {
            raw[y * stride] = 0; // filter None
            for (int x = 0; x < width; x++) {
                raw[y * stride + 1 + x] = mask[y * width + x] ? (byte) 255 : 0;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SavePng16.SIGNATURE);
        byte[] ihdr = new byte[13];
        SavePng16.putInt(ihdr, 0, width);
        SavePng16.putInt(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // grayscale
        SavePng16.chunk(out, "IHDR", ihdr);
        SavePng16.chunk(out, "IDAT", deflate(raw));
        SavePng16.chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** Decodes a mask PNG (any grayscale PNG: inside where the first band is ≥ 128 of 255). */
    public static Mask decode(byte[] png) {
        BufferedImage img = readPng(png);
        if (img == null) {
            throw new IllegalArgumentException("not a PNG mask");
        }
        Raster r = img.getRaster();
        int max = (1 << img.getColorModel().getComponentSize(0)) - 1;
        boolean[] m = new boolean[img.getWidth() * img.getHeight()];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                m[y * img.getWidth() + x] = r.getSample(x, y, 0) * 2 > max;
            }
        }
        return new Mask(img.getWidth(), img.getHeight(), m);
    }

    /**
     * Reads with the JDK's PNG reader itself: ImageIO.read would first ask every installed plug-in, and
     * PixelMed's JPEG-lossless one prints a line to stderr for each image it declines.
     */
    private static BufferedImage readPng(byte[] png) {
        javax.imageio.ImageReader reader =
                ImageIO.getImageReadersByFormatName("png").next();
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            reader.setInput(in);
            return reader.read(0);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable mask PNG: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * A decoded mask.
     *
     * @param width  columns
     * @param height rows
     * @param inside row-major, true inside
     */
    public record Mask(int width, int height, boolean[] inside) {}

    private static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(6);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 4 + 64);
            byte[] buf = new byte[1 << 16];
            while (!d.finished()) {
                z.write(buf, 0, d.deflate(buf));
            }
            return z.toByteArray();
        } finally {
            d.end();
        }
    }
}
