package org.hemamet.model;

import java.util.SplittableRandom;

/** Mirrors a square row-major image left-right with a given probability (MONAI {@code RandFlip}, spatial axis 1). */
public final class RandFlip {
    private final double probability;

    public RandFlip(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        this.probability = probability;
    }

    /** Writes the (possibly flipped) {@code src} to {@code dst}; {@code src} and {@code dst} may not alias. */
    public void apply(float[] src, float[] dst, int size, SplittableRandom rng) {
        if (probability > 0 && rng.nextDouble() < probability) {
            for (int y = 0; y < size; y++) {
                int row = y * size;
                for (int x = 0; x < size; x++) {
                    dst[row + x] = src[row + size - 1 - x];
                }
            }
        } else {
            System.arraycopy(src, 0, dst, 0, size * size);
        }
    }
}
