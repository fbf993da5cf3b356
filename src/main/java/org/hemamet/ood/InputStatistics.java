package org.hemamet.ood;

import java.util.Arrays;

/**
 * Statistics of the network's input itself, the out-of-distribution detector's depth 0 ({@code input}): what the
 * crop's intensities and texture are before any convolution sees them. The network's own features react weakly to
 * a smooth ramp, a flat patch or another contrast (its filters were trained to tell two lesion classes apart, not
 * to describe the image); these nine numbers do not depend on the network.
 *
 * <ul>
 *   <li>first-order intensity statistics of the input in [0, 1] (IBSI: Zwanenburg A, et al. The Image Biomarker
 *       Standardization Initiative. Radiology 2020;295:328–338): mean, standard deviation, and the 5th, 25th,
 *       50th, 75th and 95th percentiles (R type 7);</li>
 *   <li>gradient energy: the root mean square of the forward differences {@code sqrt(mean(dx² + dy²))};</li>
 *   <li>Laplacian energy: the mean absolute 4-neighbour Laplacian over interior pixels (noise and fine
 *       texture). Both are focus/texture measures of Pertuz S, Puig D, Garcia MA. Analysis of focus measure
 *       operators for shape-from-focus. Pattern Recognit 2013;46:1415–1432 (gradient energy, "GRA";
 *       Laplacian energy, "LAP").</li>
 * </ul>
 * The intensities are those the network receives (the crop scaled as the bundle's crop parameters say: per
 * slice in the demo), so a contrast unlike the training crops' shows up here.
 */
public final class InputStatistics {
    /** The number of statistics. */
    public static final int SIZE = 9;

    /** The statistics, in words (for ood.json's {@code features}). */
    public static final String DESCRIPTION = "input: mean, sd, 5/25/50/75/95th percentiles, gradient energy and"
            + " Laplacian energy of the network input (IBSI first order; Pertuz et al. 2013)";

    private static final double[] PERCENTILES = {0.05, 0.25, 0.5, 0.75, 0.95};

    private InputStatistics() {}

    /**
     * The statistics of one square input image (row-major, side {@code sqrt(image.length)}).
     *
     * @throws IllegalArgumentException when the image is not square or smaller than 3 x 3
     */
    public static float[] of(float[] image) {
        int side = (int) Math.round(Math.sqrt(image.length));
        if (side * side != image.length || side < 3) {
            throw new IllegalArgumentException("not a square image of at least 3 x 3: " + image.length + " pixels");
        }
        float[] out = new float[SIZE];
        double mean = 0;
        for (float v : image) {
            mean += v;
        }
        mean /= image.length;
        double ss = 0;
        for (float v : image) {
            ss += (v - mean) * (v - mean);
        }
        out[0] = (float) mean;
        out[1] = (float) Math.sqrt(ss / image.length);
        float[] sorted = image.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < PERCENTILES.length; k++) {
            out[2 + k] = (float) quantile(sorted, PERCENTILES[k]);
        }
        out[7] = (float) gradientEnergy(image, side);
        out[8] = (float) laplacianEnergy(image, side);
        return out;
    }

    /** R type 7 quantile of sorted values. */
    static double quantile(float[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double gradientEnergy(float[] x, int side) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < side; y++) {
            for (int c = 0; c < side; c++) {
                double dx = c + 1 < side ? x[y * side + c + 1] - x[y * side + c] : 0;
                double dy = y + 1 < side ? x[(y + 1) * side + c] - x[y * side + c] : 0;
                sum += dx * dx + dy * dy;
                n++;
            }
        }
        return Math.sqrt(sum / n);
    }

    private static double laplacianEnergy(float[] x, int side) {
        double sum = 0;
        int n = 0;
        for (int y = 1; y < side - 1; y++) {
            for (int c = 1; c < side - 1; c++) {
                int i = y * side + c;
                sum += Math.abs(4 * x[i] - x[i - 1] - x[i + 1] - x[i - side] - x[i + side]);
                n++;
            }
        }
        return sum / n;
    }
}
