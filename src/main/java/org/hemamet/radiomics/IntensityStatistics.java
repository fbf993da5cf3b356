package org.hemamet.radiomics;

import java.util.Arrays;
import java.util.List;

/**
 * The 18 intensity-based statistical features of IBSI 1 ({@link IntensityFeature}; family UHIW,
 * reference manual arXiv:1612.07003 section 3.3; Zwanenburg et al., Radiology 2020;295:328-338) over all
 * voxels of the mask, as the manual recommends (aggregation DHQ4: the whole ROI, not per slice).
 *
 * <p>Variance, skewness and kurtosis are the population moments (no bias correction, as IBSI states);
 * kurtosis is the excess kurtosis. Percentiles interpolate linearly between order statistics (R's type 7,
 * NumPy's default): P_q = x_(h) with h = (N - 1) q / 100 on the sorted values, 0-based. IBSI does not fix
 * the percentile definition; this one gives the digital phantom's 90th percentile of 4 (others give 4.2).
 * Skewness and kurtosis are NaN for a constant ROI, the coefficient of variation when the mean is 0 and
 * the quartile coefficient of dispersion when P25 + P75 = 0.
 */
public final class IntensityStatistics {
    private IntensityStatistics() {}

    /** The features in {@link IntensityFeature} order. */
    public static FeatureVector compute(RoiImage image) {
        double[] x = image.maskedValues();
        Arrays.sort(x);
        double n = x.length;
        double mean = mean(x);
        double m2 = centralMoment(x, mean, 2);
        double m3 = centralMoment(x, mean, 3);
        double m4 = centralMoment(x, mean, 4);
        double median = percentile(x, 50);
        double p10 = percentile(x, 10);
        double p25 = percentile(x, 25);
        double p75 = percentile(x, 75);
        double p90 = percentile(x, 90);
        double energy = 0;
        for (double v : x) {
            energy += v * v;
        }
        double[] values = new double[IntensityFeature.values().length];
        values[IntensityFeature.MEAN.ordinal()] = mean;
        values[IntensityFeature.VARIANCE.ordinal()] = m2;
        values[IntensityFeature.SKEWNESS.ordinal()] = m2 == 0 ? Double.NaN : m3 / Math.pow(m2, 1.5);
        values[IntensityFeature.KURTOSIS.ordinal()] = m2 == 0 ? Double.NaN : m4 / (m2 * m2) - 3;
        values[IntensityFeature.MEDIAN.ordinal()] = median;
        values[IntensityFeature.MINIMUM.ordinal()] = x[0];
        values[IntensityFeature.PERCENTILE_10.ordinal()] = p10;
        values[IntensityFeature.PERCENTILE_90.ordinal()] = p90;
        values[IntensityFeature.MAXIMUM.ordinal()] = x[x.length - 1];
        values[IntensityFeature.INTERQUARTILE_RANGE.ordinal()] = p75 - p25;
        values[IntensityFeature.RANGE.ordinal()] = x[x.length - 1] - x[0];
        values[IntensityFeature.MEAN_ABSOLUTE_DEVIATION.ordinal()] = meanAbsoluteDeviation(x, mean);
        values[IntensityFeature.ROBUST_MEAN_ABSOLUTE_DEVIATION.ordinal()] = robustMeanAbsoluteDeviation(x, p10, p90);
        values[IntensityFeature.MEDIAN_ABSOLUTE_DEVIATION.ordinal()] = meanAbsoluteDeviation(x, median);
        values[IntensityFeature.COEFFICIENT_OF_VARIATION.ordinal()] = mean == 0 ? Double.NaN : Math.sqrt(m2) / mean;
        values[IntensityFeature.QUARTILE_COEFFICIENT_OF_DISPERSION.ordinal()] =
                p75 + p25 == 0 ? Double.NaN : (p75 - p25) / (p75 + p25);
        values[IntensityFeature.ENERGY.ordinal()] = energy;
        values[IntensityFeature.ROOT_MEAN_SQUARE.ordinal()] = Math.sqrt(energy / n);
        return new FeatureVector(List.of(IntensityFeature.values()), values);
    }

    /**
     * The {@code q}-th percentile of ascending {@code sorted} values, linear between order statistics
     * (R type 7): x_(floor h) + (h - floor h)(x_(floor h + 1) - x_(floor h)), h = (N - 1) q / 100.
     */
    static double percentile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q / 100.0;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double centralMoment(double[] x, double mean, int order) {
        double s = 0;
        for (double v : x) {
            s += Math.pow(v - mean, order);
        }
        return s / x.length;
    }

    private static double meanAbsoluteDeviation(double[] x, double centre) {
        double s = 0;
        for (double v : x) {
            s += Math.abs(v - centre);
        }
        return s / x.length;
    }

    /** Mean absolute deviation from their own mean of the values with P10 ≤ x ≤ P90. */
    private static double robustMeanAbsoluteDeviation(double[] sorted, double p10, double p90) {
        double[] inner = Arrays.stream(sorted).filter(v -> v >= p10 && v <= p90).toArray();
        return meanAbsoluteDeviation(inner, mean(inner));
    }
}
