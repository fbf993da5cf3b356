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
            int[] v = intensities(src);
            int[] window = orderStatistics(
                    v, (int) Math.floor(0.005 * (v.length - 1)), (int) Math.ceil(0.995 * (v.length - 1)));
            int lo = window[0];
            int hi = Math.max(window[1], lo + 1);
            BufferedImage g8 = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            g8.getRaster().setPixels(0, 0, src.getWidth(), src.getHeight(), windowed(v, lo, hi));
            return Optional.of(
                    scaledPng(g8, size, BufferedImage.TYPE_BYTE_GRAY, RenderingHints.VALUE_INTERPOLATION_BICUBIC));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The crop's intensities in row order: its gray samples, or the luminance of a colour image. */
    private static int[] intensities(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        Raster r = src.getRaster();
        if (r.getNumBands() <= 2) {
            return r.getSamples(0, 0, w, h, 0, new int[w * h]);
        }
        int[] v = src.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < v.length; i++) {
            v[i] = luminance(v[i]);
        }
        return v;
    }

    /** The {@code k}-th smallest of {@code v} (0-based), the value {@code sorted(v)[k]}. */
    static int orderStatistic(int[] v, int k) {
        return orderStatistics(v, k)[0];
    }

    /**
     * The values {@code sorted(v)[k]} of the ascending ranks {@code ks}, from one histogram when the values are
     * 8- or 16-bit samples, else from one sort.
     */
    static int[] orderStatistics(int[] v, int... ks) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        int[] out = new int[ks.length];
        if (min < 0 || max > 0xffff) {
            int[] sorted = v.clone();
            java.util.Arrays.sort(sorted);
            for (int i = 0; i < ks.length; i++) {
                out[i] = sorted[ks[i]];
            }
            return out;
        }
        int[] counts = new int[max + 1];
        for (int x : v) {
            counts[x]++;
        }
        int seen = 0;
        int i = 0;
        for (int value = 0; i < ks.length; value++) {
            seen += counts[value];
            while (i < ks.length && seen > ks[i]) {
                out[i++] = value;
            }
        }
        return out;
    }

    /** {@code v} windowed linearly from [lo, hi] to 0-255, clipped. */
    private static int[] windowed(int[] v, int lo, int hi) {
        int[] out = new int[v.length];
        double range = hi - (double) lo;
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) Math.round(255 * Math.max(0, Math.min(1, (v[i] - lo) / range)));
        }
        return out;
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
