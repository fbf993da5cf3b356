package org.hemamet.study;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.hemamet.core.HemametException;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.ResizeTo;

/**
 * Loads dataset crops (16-bit grayscale PNG) as network input: value / 65535, resized to the
 * network's input size with the same area-averaging filter ingest uses. Each crop is read once and
 * cached for the run.
 */
public final class CropLoader {
    private final Path datasetDir;
    private final int size;
    private final ConcurrentHashMap<String, float[]> cache = new ConcurrentHashMap<>();

    public CropLoader(Path datasetDir, int size) {
        this.datasetDir = datasetDir;
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** The dataset directory the crop paths are relative to. */
    public Path datasetDir() {
        return datasetDir;
    }

    /** The crop at {@code relativePath} (relative to the dataset dir) as a row-major float array in [0, 1]. */
    public float[] load(String relativePath) {
        return cache.computeIfAbsent(relativePath, p -> read(datasetDir.resolve(p), size));
    }

    /** Reads a grayscale PNG as [0, 1] floats (16-bit: / 65535; 8-bit: / 255) and resizes it to {@code size}. */
    public static float[] read(Path file, int size) {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": cannot read crop: " + org.hemamet.core.IoErrors.what(e), e);
        }
        return decode(bytes, size, file);
    }

    /**
     * The network input from a crop's PNG bytes (as ingest writes them), by exactly the conversion
     * {@link #read} applies to a dataset crop: predict feeds new lesions through it.
     */
    public static float[] decode(byte[] png, int size) {
        return decode(png, size, Path.of("encoded-crop.png"));
    }

    private static float[] decode(byte[] bytes, int size, Path file) {
        int w;
        int h;
        float[] f;
        // grayscale 8/16-bit non-interlaced PNG (every ingest crop): hemamet's decoder, same samples as ImageIO
        if (bytes.length > 28
                && (bytes[0] & 0xFF) == 137
                && bytes[1] == 'P'
                && bytes[25] == 0
                && bytes[28] == 0
                && (bytes[24] == 8 || bytes[24] == 16)) {
            FloatImage raw = org.hemamet.preprocess.LoadImage.load(file, bytes);
            w = raw.width();
            h = raw.height();
            double max = (1 << bytes[24]) - 1;
            f = raw.pixels();
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) ((int) f[i] / max);
            }
        } else {
            BufferedImage img;
            // the PNG reader itself: ImageIO.read would probe every installed plug-in (PixelMed's prints to stdout)
            var readers = ImageIO.getImageReadersByFormatName("png");
            if (!readers.hasNext()) {
                throw HemametException.invalidInput(file + ": no PNG reader available");
            }
            javax.imageio.ImageReader reader = readers.next();
            try (var in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
                reader.setInput(in);
                img = reader.read(0);
            } catch (IOException | RuntimeException e) {
                throw HemametException.invalidInput(file + ": not a readable PNG crop (" + e.getMessage() + ")", e);
            } finally {
                reader.dispose();
            }
            Raster r = img.getRaster();
            w = r.getWidth();
            h = r.getHeight();
            int bits = img.getColorModel().getComponentSize(0);
            double max = (1 << bits) - 1;
            int[] v = r.getSamples(0, 0, w, h, 0, (int[]) null);
            f = new float[w * h];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) (v[i] / max);
            }
        }
        FloatImage image = new FloatImage(w, h, f);
        if (w != size || h != size) {
            image = new ResizeTo(size, size).apply(image);
        }
        return image.pixels();
    }
}
