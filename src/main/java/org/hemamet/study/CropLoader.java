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

    /** The crop at {@code relativePath} (relative to the dataset dir) as a row-major float array in [0, 1]. */
    public float[] load(String relativePath) {
        return cache.computeIfAbsent(relativePath, p -> read(datasetDir.resolve(p), size));
    }

    /** Reads a grayscale PNG as [0, 1] floats (16-bit: / 65535; 8-bit: / 255) and resizes it to {@code size}. */
    public static float[] read(Path file, int size) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": cannot read crop: " + e.getMessage(), e);
        }
        return toInput(img, size, file.toString());
    }

    /**
     * The network input from a crop's PNG bytes (as ingest writes them), by exactly the conversion
     * {@link #read} applies to a dataset crop: predict feeds new lesions through it.
     */
    public static float[] decode(byte[] png, int size) {
        BufferedImage img;
        try {
            img = ImageIO.read(new java.io.ByteArrayInputStream(png));
        } catch (IOException e) {
            throw HemametException.internal("cannot decode an encoded crop: " + e.getMessage(), e);
        }
        return toInput(img, size, "encoded crop");
    }

    private static float[] toInput(BufferedImage img, int size, String where) {
        if (img == null) {
            throw HemametException.invalidInput(where + ": not a readable PNG crop");
        }
        Raster r = img.getRaster();
        int w = r.getWidth();
        int h = r.getHeight();
        int bits = img.getColorModel().getComponentSize(0);
        double max = (1 << bits) - 1;
        int[] v = r.getSamples(0, 0, w, h, 0, (int[]) null);
        float[] f = new float[w * h];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (v[i] / max);
        }
        FloatImage image = new FloatImage(w, h, f);
        if (w != size || h != size) {
            image = new ResizeTo(size, size).apply(image);
        }
        return image.pixels();
    }
}
