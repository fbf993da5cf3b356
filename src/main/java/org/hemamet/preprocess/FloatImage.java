package org.hemamet.preprocess;

import java.util.Objects;

/**
 * A single-channel 2-D image of floats in row-major order ({@code pixels[y * width + x]}): the one
 * array type passed between DICOM/PNG reading, the transforms, ingest, the model and the heat maps.
 */
public record FloatImage(int width, int height, float[] pixels) {
    public FloatImage {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0 || pixels.length != (long) width * height) {
            throw new IllegalArgumentException("image " + width + "x" + height + " needs " + (long) width * height
                    + " pixels, got " + pixels.length);
        }
    }

    public float get(int x, int y) {
        return pixels[y * width + x];
    }

    public static FloatImage zeros(int width, int height) {
        return new FloatImage(width, height, new float[width * height]);
    }
}
