package org.hemamet.model;

import java.util.SplittableRandom;

/**
 * Random contrast and brightness: {@code x' = clamp(x * (1 + a) + b, 0, 1)} with {@code a} and
 * {@code b} drawn uniformly from [-amount, amount] once per image (MONAI's {@code RandScaleIntensity}
 * followed by {@code RandShiftIntensity}, clamped to the model's input range).
 */
public final class RandIntensityJitter {
    private final double amount;

    public RandIntensityJitter(double amount) {
        if (!(amount >= 0 && amount < 1)) {
            throw new IllegalArgumentException("amount must be in [0, 1), got " + amount);
        }
        this.amount = amount;
    }

    /** In place. */
    public void apply(float[] image, SplittableRandom rng) {
        if (amount == 0) {
            return;
        }
        float scale = (float) (1 + (rng.nextDouble() * 2 - 1) * amount);
        float shift = (float) ((rng.nextDouble() * 2 - 1) * amount);
        for (int i = 0; i < image.length; i++) {
            float v = image[i] * scale + shift;
            image[i] = v < 0 ? 0 : (v > 1 ? 1 : v);
        }
    }
}
