package org.hemamet.radiomics;

import java.util.Objects;

/**
 * Intensities and a region-of-interest mask on one grid of {@code width × height × depth} voxels, x
 * fastest, then y, then z (NIfTI order; a 2-D crop has depth 1 and is row-major). The mask plays the
 * role of both IBSI ROI masks (intensity and morphological): no re-segmentation is applied. References:
 * Zwanenburg et al., Radiology 2020;295:328-338; IBSI 1 reference manual, arXiv:1612.07003, section 2.
 *
 * @param width  voxels along x
 * @param height voxels along y
 * @param depth  slices along z (1 for a 2-D image)
 * @param values intensities, {@code width × height × depth} of them
 * @param mask   true inside the ROI; at least one voxel
 */
public record RoiImage(int width, int height, int depth, double[] values, boolean[] mask) {
    public RoiImage {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(mask, "mask");
        long n = (long) width * height * depth;
        if (width <= 0 || height <= 0 || depth <= 0) {
            throw new IllegalArgumentException("grid must be positive, got " + width + "x" + height + "x" + depth);
        }
        if (values.length != n || mask.length != n) {
            throw new IllegalArgumentException("a " + width + "x" + height + "x" + depth + " grid needs " + n
                    + " values and mask entries, got " + values.length + " and " + mask.length);
        }
        int inside = 0;
        for (int i = 0; i < n; i++) {
            if (mask[i]) {
                inside++;
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException("intensity at voxel " + i + " is " + values[i]);
                }
            }
        }
        if (inside == 0) {
            throw new IllegalArgumentException("the mask is empty");
        }
    }

    /** A 2-D image, row-major ({@code values[y * width + x]}). */
    public static RoiImage of2d(int width, int height, double[] values, boolean[] mask) {
        return new RoiImage(width, height, 1, values, mask);
    }

    /** A 2-D image from single-precision pixels (e.g. a crop), row-major. */
    public static RoiImage of2d(int width, int height, float[] pixels, boolean[] mask) {
        double[] v = new double[pixels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = pixels[i];
        }
        return new RoiImage(width, height, 1, v, mask);
    }

    /** The intensities inside the mask, in voxel order. */
    public double[] maskedValues() {
        int n = 0;
        for (boolean m : mask) {
            n += m ? 1 : 0;
        }
        double[] out = new double[n];
        int k = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                out[k++] = values[i];
            }
        }
        return out;
    }

    /** Voxels per slice. */
    int sliceSize() {
        return width * height;
    }
}
