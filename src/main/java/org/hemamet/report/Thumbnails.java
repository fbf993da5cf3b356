package org.hemamet.report;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Makes small 8-bit display thumbnails of the 16-bit crop PNGs: intensities are windowed to the crop's own
 * 0.5th–99.5th percentile (crops are already normalised per crop, this only maps them for display).
 */
final class Thumbnails {
    private Thumbnails() {}

    /** PNG bytes of a {@code size}×{@code size} grayscale thumbnail, or empty when the crop is absent or not a PNG. */
    static Optional<byte[]> of(Path crop, int size) {
        if (crop == null || !Files.isRegularFile(crop)) {
            return Optional.empty();
        }
        try {
            BufferedImage src = readPng(crop);
            if (src == null) {
                return Optional.empty();
            }
            Raster r = src.getRaster();
            int w = src.getWidth();
            int h = src.getHeight();
            int[] v = new int[w * h];
            boolean gray = r.getNumBands() <= 2;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    v[y * w + x] = gray ? r.getSample(x, y, 0) : luminance(src.getRGB(x, y));
                }
            }
            int[] sorted = v.clone();
            java.util.Arrays.sort(sorted);
            double lo = sorted[(int) Math.floor(0.005 * (sorted.length - 1))];
            double hi = sorted[(int) Math.ceil(0.995 * (sorted.length - 1))];
            if (hi <= lo) {
                hi = lo + 1;
            }
            BufferedImage g8 = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            for (int i = 0; i < v.length; i++) {
                int b = (int) Math.round(255 * Math.max(0, Math.min(1, (v[i] - lo) / (hi - lo))));
                g8.getRaster().setSample(i % w, i / w, 0, b);
            }
            return Optional.of(
                    scaledPng(g8, size, BufferedImage.TYPE_BYTE_GRAY, RenderingHints.VALUE_INTERPOLATION_BICUBIC));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code src} drawn at {@code size}×{@code size} into an image of {@code type}, as PNG bytes. */
    static byte[] scaledPng(BufferedImage src, int size, int type, Object interpolation) throws IOException {
        return scaledPng(src, size, size, type, interpolation);
    }

    /** {@code src} drawn at {@code width}×{@code height} into an image of {@code type}, as PNG bytes. */
    static byte[] scaledPng(BufferedImage src, int width, int height, int type, Object interpolation)
            throws IOException {
        BufferedImage out = new BufferedImage(width, height, type);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
        g.drawImage(src, 0, 0, width, height, null);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(out, "png", bytes);
        return bytes.toByteArray();
    }

    /**
     * Reads with the PNG reader itself (ImageIO.read would ask every installed plug-in first); null when
     * the file is not a readable PNG.
     */
    static BufferedImage readPng(Path file) throws IOException {
        var readers = ImageIO.getImageReadersByFormatName("png");
        if (!readers.hasNext()) {
            return ImageIO.read(file.toFile());
        }
        javax.imageio.ImageReader r = readers.next();
        try (var in = ImageIO.createImageInputStream(file.toFile())) {
            r.setInput(in);
            return r.read(0);
        } catch (javax.imageio.IIOException e) {
            return null;
        } finally {
            r.dispose();
        }
    }

    private static int luminance(int rgb) {
        return (int) Math.round(0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255));
    }
}
