package org.hemamet.radiomics;

/**
 * A discretised ROI: grey levels {@code 1..count} inside the mask, 0 outside, on the grid of the
 * {@link RoiImage} it came from (x fastest, then y, then z). IBSI 1 reference manual (arXiv:1612.07003)
 * section 2.7; Zwanenburg et al., Radiology 2020;295:328-338.
 *
 * @param width  voxels along x
 * @param height voxels along y
 * @param depth  slices along z
 * @param levels grey level per voxel, 0 outside the mask
 * @param count  the number of grey levels N_g (the texture matrices are N_g × N_g)
 */
public record GreyLevels(int width, int height, int depth, int[] levels, int count) {
    public GreyLevels {
        if (levels.length != (long) width * height * depth) {
            throw new IllegalArgumentException("a " + width + "x" + height + "x" + depth + " grid needs "
                    + (long) width * height * depth + " levels, got " + levels.length);
        }
        if (count < 1) {
            throw new IllegalArgumentException("the number of grey levels must be at least 1, got " + count);
        }
        for (int i = 0; i < levels.length; i++) {
            if (levels[i] < 0 || levels[i] > count) {
                throw new IllegalArgumentException(
                        "grey level " + levels[i] + " at voxel " + i + " is outside 0.." + count);
            }
        }
    }

    /** The level at (x, y, z), 0 outside the mask. */
    int at(int x, int y, int z) {
        return levels[(z * height + y) * width + x];
    }
}
