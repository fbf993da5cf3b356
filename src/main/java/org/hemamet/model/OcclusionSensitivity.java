package org.hemamet.model;

import java.util.Arrays;

/**
 * Occlusion sensitivity (Zeiler and Fergus, "Visualizing and Understanding Convolutional Networks",
 * ECCV 2014) of a {@link TrainedCnn}: a {@code patch x patch} square filled with the image's mean
 * slides with {@code stride} (the last row/column of positions is aligned with the border); each pixel
 * gets the mean drop in P(target class) over the positions that cover it; negative drops are set to 0
 * and the map is divided by its maximum (all zeros when no occlusion lowers the score). As MONAI's
 * {@code OcclusionSensitivity}, the network and the occluder go to the constructor, the image and the
 * class to {@link #compute}. Model-agnostic: it only calls {@link TrainedCnn#predictPositive}.
 *
 * <p>A network of C input channels (an early-fused one) is occluded at the same square in every channel,
 * each filled with its own channel's mean, so the map is one S x S map over the shared grid; a constant
 * channel (an availability plane, or the zeros of a missing sequence) is left as it was.
 */
public final class OcclusionSensitivity {
    private final TrainedCnn model;
    private final int patch;
    private final int stride;

    /**
     * @param patch side of the occluding square, in [1, S]
     * @param stride step between positions, &ge; 1
     */
    public OcclusionSensitivity(TrainedCnn model, int patch, int stride) {
        int size = model.inputSize();
        if (patch < 1 || patch > size) {
            throw new IllegalArgumentException("patch must be in [1, " + size + "], got " + patch);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        this.model = model;
        this.patch = patch;
        this.stride = stride;
    }

    /**
     * The map for class {@code targetClass} (0 = hemangioma, 1 = the positive group).
     *
     * @param image row-major S x S image in [0, 1] (channel-major C x S x S for C {@link TrainedCnn#channels()})
     * @return row-major S x S map in [0, 1]
     */
    public float[] compute(float[] image, int targetClass) {
        model.checkImage(image, 0);
        SaliencyMaps.checkTargetClass(targetClass);
        int[] starts = starts(model.inputSize(), patch, stride);
        double[] p = model.predictPositive(occluded(image, starts));
        return SaliencyMaps.normaliseToUnit(meanDrops(p, starts, targetClass));
    }

    /**
     * The image itself, then one copy per position (row by row) with the square filled, in each channel, with
     * that channel's mean.
     */
    private float[][] occluded(float[] image, int[] starts) {
        int size = model.inputSize();
        int plane = size * size;
        int channels = image.length / plane;
        float[] fill = new float[channels];
        for (int c = 0; c < channels; c++) {
            double mean = 0;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                mean += image[i];
            }
            fill[c] = (float) (mean / plane);
        }
        int k = starts.length;
        float[][] occluded = new float[k * k + 1][];
        occluded[0] = image;
        for (int iy = 0; iy < k; iy++) {
            for (int ix = 0; ix < k; ix++) {
                float[] copy = image.clone();
                for (int c = 0; c < channels; c++) {
                    for (int y = starts[iy]; y < starts[iy] + patch; y++) {
                        int row = c * plane + y * size;
                        Arrays.fill(copy, row + starts[ix], row + starts[ix] + patch, fill[c]);
                    }
                }
                occluded[1 + iy * k + ix] = copy;
            }
        }
        return occluded;
    }

    /** Per pixel, the mean drop in P(targetClass) over the positions covering it, negatives set to 0. */
    private float[] meanDrops(double[] p, int[] starts, int targetClass) {
        int size = model.inputSize();
        int k = starts.length;
        double[] sum = new double[size * size];
        int[] count = new int[size * size];
        for (int iy = 0; iy < k; iy++) {
            for (int ix = 0; ix < k; ix++) {
                double drop = (p[0] - p[1 + iy * k + ix]) * (targetClass == 1 ? 1 : -1);
                for (int y = starts[iy]; y < starts[iy] + patch; y++) {
                    for (int x = starts[ix]; x < starts[ix] + patch; x++) {
                        sum[y * size + x] += drop;
                        count[y * size + x]++;
                    }
                }
            }
        }
        float[] map = new float[size * size];
        for (int i = 0; i < map.length; i++) {
            map[i] = count[i] == 0 ? 0f : (float) Math.max(0, sum[i] / count[i]);
        }
        return map;
    }

    /** Positions 0, stride, 2 stride, ... and, when that misses it, the last one (size - patch). */
    static int[] starts(int size, int patch, int stride) {
        int last = size - patch;
        int n = last / stride + 1;
        boolean extra = (n - 1) * stride != last;
        int[] s = new int[n + (extra ? 1 : 0)];
        for (int i = 0; i < n; i++) {
            s[i] = i * stride;
        }
        if (extra) {
            s[n] = last;
        }
        return s;
    }
}
