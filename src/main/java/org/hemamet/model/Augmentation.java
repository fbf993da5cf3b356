package org.hemamet.model;

import java.util.SplittableRandom;

/**
 * On-the-fly training augmentation, applied per sample and per epoch in this order: {@link RandFlip}
 * (horizontal, p = 0.5), {@link RandRotate} (uniform in +-maxRotationDegrees), {@link RandIntensityJitter}.
 * Not part of the paper's method: off by default ({@link #none()}).
 *
 * @param flip whether to mirror left-right with probability 0.5
 * @param maxRotationDegrees maximum absolute rotation, 0 = none
 * @param intensityJitter contrast/brightness jitter amount, 0 = none
 */
public record Augmentation(boolean flip, double maxRotationDegrees, double intensityJitter) {

    public Augmentation {
        // validated by the transforms
        new RandRotate(maxRotationDegrees);
        new RandIntensityJitter(intensityJitter);
    }

    /** No augmentation (the paper's method). */
    public static Augmentation none() {
        return new Augmentation(false, 0, 0);
    }

    /** Horizontal flip, +-10 degree rotation, 10 % intensity jitter. */
    public static Augmentation standard() {
        return new Augmentation(true, 10, 0.1);
    }

    /** Whether this augmentation changes anything. */
    public boolean isNone() {
        return !flip && maxRotationDegrees == 0 && intensityJitter == 0;
    }

    /**
     * Writes an augmented copy of {@code src} to {@code dst} (length size*size, no aliasing), drawing
     * from {@code rng}. A no-op augmentation copies.
     */
    public void apply(float[] src, float[] dst, float[] scratch, int size, SplittableRandom rng) {
        if (isNone()) {
            System.arraycopy(src, 0, dst, 0, size * size);
            return;
        }
        new RandFlip(flip ? 0.5 : 0).apply(src, scratch, size, rng);
        new RandRotate(maxRotationDegrees).apply(scratch, dst, size, rng);
        new RandIntensityJitter(intensityJitter).apply(dst, rng);
    }
}
