package org.hemamet.model;

import java.util.Arrays;

/** Helpers shared by the explanation maps ({@link GradCam}, {@link OcclusionSensitivity}). */
final class SaliencyMaps {
    private SaliencyMaps() {}

    static void checkTargetClass(int targetClass) {
        if (targetClass != 0 && targetClass != 1) {
            throw new IllegalArgumentException("targetClass must be 0 or 1, got " + targetClass);
        }
    }

    /** Bilinear resize of a square map (half-pixel centres, edge clamping, like align_corners=false). */
    static float[] upsampleBilinear(float[] src, int side, int size) {
        float[] dst = new float[size * size];
        double scale = (double) side / size;
        for (int y = 0; y < size; y++) {
            double sy = Math.min(Math.max((y + 0.5) * scale - 0.5, 0), side - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, side - 1);
            double fy = sy - y0;
            for (int x = 0; x < size; x++) {
                double sx = Math.min(Math.max((x + 0.5) * scale - 0.5, 0), side - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, side - 1);
                double fx = sx - x0;
                double top = src[y0 * side + x0] * (1 - fx) + src[y0 * side + x1] * fx;
                double bottom = src[y1 * side + x0] * (1 - fx) + src[y1 * side + x1] * fx;
                dst[y * size + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return dst;
    }

    /** Divides by the maximum (non-negative input); all zeros stay zeros. */
    static float[] normaliseToUnit(float[] map) {
        float max = 0;
        for (float v : map) {
            max = Math.max(max, v);
        }
        if (max > 0 && Float.isFinite(max)) {
            for (int i = 0; i < map.length; i++) {
                map[i] = Math.max(0f, map[i] / max);
            }
        } else {
            Arrays.fill(map, 0f);
        }
        return map;
    }
}
