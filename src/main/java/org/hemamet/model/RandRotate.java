package org.hemamet.model;

import java.util.SplittableRandom;

/**
 * Rotates a square row-major image about its centre by an angle drawn uniformly from
 * [-maxDegrees, maxDegrees], with bilinear interpolation and border padding (values outside the image
 * repeat the nearest edge pixel), like MONAI {@code RandRotate(mode="bilinear", padding_mode="border")}.
 */
public final class RandRotate {
    private final double maxDegrees;

    public RandRotate(double maxDegrees) {
        if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
            throw new IllegalArgumentException("maxDegrees must be in [0, 180], got " + maxDegrees);
        }
        this.maxDegrees = maxDegrees;
    }

    public void apply(float[] src, float[] dst, int size, SplittableRandom rng) {
        if (maxDegrees == 0) {
            System.arraycopy(src, 0, dst, 0, size * size);
            return;
        }
        double theta = Math.toRadians((rng.nextDouble() * 2 - 1) * maxDegrees);
        rotate(src, dst, size, theta);
    }

    /** Rotation by {@code theta} radians (counter-clockwise in image display coordinates). */
    static void rotate(float[] src, float[] dst, int size, double theta) {
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        double centre = (size - 1) / 2.0;
        int last = size - 1;
        for (int y = 0; y < size; y++) {
            double dy = y - centre;
            for (int x = 0; x < size; x++) {
                double dx = x - centre;
                // inverse mapping: where does output pixel (x, y) come from
                double sx = c * dx - s * dy + centre;
                double sy = s * dx + c * dy + centre;
                sx = Math.min(Math.max(sx, 0), last);
                sy = Math.min(Math.max(sy, 0), last);
                int x0 = (int) sx;
                int y0 = (int) sy;
                int x1 = Math.min(x0 + 1, last);
                int y1 = Math.min(y0 + 1, last);
                double fx = sx - x0;
                double fy = sy - y0;
                double top = src[y0 * size + x0] * (1 - fx) + src[y0 * size + x1] * fx;
                double bottom = src[y1 * size + x0] * (1 - fx) + src[y1 * size + x1] * fx;
                dst[y * size + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
    }
}
